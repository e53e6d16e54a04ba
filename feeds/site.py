"""What the Atom feeds and the HTML index share, so both say the same things the same way: the `Site` being
published, the paths of its files, the order of reviews and the wording of dates, documents and states.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from aggregator.models import DatePrecision, Document, DocumentKind, Review, SiteStatus
from aggregator.settings import Settings

INDEX_PATH = "index.html"
COMBINED_FEED_PATH = "feeds/all.atom"
ATOM_MEDIA_TYPE = "application/atom+xml"
PDF_MEDIA_TYPE = "application/pdf"


@dataclass(frozen=True)
class Site:
    """Where and under which names the feeds are published."""

    base_url: str  # absolute, ends with "/", e.g. "http://127.0.0.1:8000/"; ids/self links are built from it
    tag_authority: str  # e.g. "cspr-feed.github.io,2026": entry ids are f"tag:{tag_authority}:{review.key}"
    title: str = "Child Safeguarding Practice Reviews"
    nspcc_repository_url: str = "https://learning.nspcc.org.uk/case-reviews/national-case-review-repository"

    def __post_init__(self) -> None:
        # Every self link and scheme is base_url + a relative path: without the slash they would run together.
        if not self.base_url.endswith("/"):
            raise ValueError(f"Site.base_url must end with '/', got {self.base_url!r}")


def partnership_feed_path(slug: str) -> str:
    return f"feeds/partnerships/{slug}.atom"


# Month names spelt out here rather than with strftime("%B"), which follows the process locale.
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

DOCUMENT_KIND_LABELS: dict[str, str] = {
    DocumentKind.REPORT: "Report",
    DocumentKind.SUMMARY_OF_PROGRESS: "Summary of progress",
    DocumentKind.LEARNING_ON_A_PAGE: "Learning on a page",
    DocumentKind.AUDIT_FINDINGS: "Audit findings",
    DocumentKind.BRIEFING: "Briefing",
    DocumentKind.STATEMENT: "Statement",
    DocumentKind.OTHER: "Document",
}

# A site status's name in a word or three: the same for every review, so fit for a category label.
SITE_STATUS_NAMES: dict[str, str] = {
    SiteStatus.LIVE: "On the partnership's site",
    SiteStatus.RETENTION_DUE: "Past the partnership's retention period",
    SiteStatus.REMOVED: "Removed from the partnership's site",
}

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def sort_reviews(reviews: Iterable[Review]) -> list[Review]:
    """Newest publication first; undated reviews after dated ones; then latest first seen, then in the
    order the page lists them (the order they were stored in), then key.

    The last two make the order total, so two reviews published and first seen together never swap places
    between runs (which would change the bytes of a feed whose content did not change).
    """

    def order(review: Review) -> tuple[bool, int, float, int, str]:
        published = review.published_on.toordinal() if review.published_on else 0
        stored = review.id if review.id is not None else 0
        return (
            review.published_on is None,
            -published,
            -review.first_seen_at.timestamp(),
            stored,
            review.key,
        )

    return sorted(reviews, key=order)


def format_date(day: dt.date, precision: str | None = DatePrecision.DAY) -> str:
    """A date as people write it, only as precise as it is known: "12 August 2024", "August 2024", "2019"."""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def publication_text(review: Review) -> str | None:
    """When the review was published, at its precision; None when the partnership did not say."""
    if review.published_on is None:
        return None
    return format_date(review.published_on, review.published_precision)


def site_status_label(review: Review) -> str:
    """One line on where the review stands on its partnership's own website."""
    if review.site_status == SiteStatus.LIVE:
        return "On the partnership's site"
    if review.site_status == SiteStatus.RETENTION_DUE:
        months = review.partnership.retention_months
        period = f"{months}-month retention period" if months else "retention period"
        since = f" (since {format_date(review.retention_due_on)})" if review.retention_due_on else ""
        return f"Past the partnership's {period}{since}"
    if review.site_status == SiteStatus.REMOVED:
        when = f" (on {format_date(review.removed_at.date())})" if review.removed_at else ""
        return f"Removed from the partnership's site{when}"
    # A state added to the lifecycle later still shows, as its raw value, until it gets words here.
    return review.site_status


def archive_label(review: Review) -> str | None:
    """Whether the NSPCC repository holds the review; None until it does."""
    if review.archived_at is None:
        return None
    return f"Archived in the NSPCC repository on {format_date(review.archived_at.date())}"


def reading_url(review: Review, site: Site) -> str:
    """Where a reader finds the review now: the partnership's page until it is removed, then the NSPCC."""
    if review.site_status != SiteStatus.REMOVED:
        return review.url
    return review.nspcc_url or site.nspcc_repository_url


def nspcc_url(review: Review, site: Site) -> str:
    """The review's own NSPCC catalogue page once archived, else the repository's search page."""
    return review.nspcc_url if review.archived_at and review.nspcc_url else site.nspcc_repository_url


def document_kind_label(kind: str) -> str:
    return DOCUMENT_KIND_LABELS.get(kind, DOCUMENT_KIND_LABELS[DocumentKind.OTHER])


def document_notes(document: Document) -> str:
    """What a reader learns before opening a document: "Report, PDF, 1.2 MB"."""
    notes = [document_kind_label(document.kind)]
    if document.media_type == PDF_MEDIA_TYPE:
        notes.append("PDF")
    size = format_size(document.size)
    if size:
        notes.append(size)
    return ", ".join(notes)


def format_size(size: int | None) -> str | None:
    """A document's size for people ("1.2 MB"), or None when unknown."""
    if size is None:
        return None
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def site_of(settings: Settings) -> Site:
    """The site the settings describe: where it is served, its entry ids' authority, its title."""
    return Site(base_url=settings.public_url, tag_authority=settings.tag_authority, title=settings.site_title)
