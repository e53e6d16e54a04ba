"""What the Atom feeds and the HTML index share, so both say the same things the same way: the `Site` being
published, the paths of its files, the order of reviews and the wording of dates, documents and states.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import assert_never

from aggregator.lifecycle import (
    GONE,
    EventKind,
    RetentionBasis,
    event_kind,
    moves_updated,
    on_site,
    retention_basis,
)
from aggregator.models import (
    ArchiveState,
    DatePrecision,
    Document,
    DocumentKind,
    Partnership,
    Review,
    SiteStatus,
    StatusEvent,
)
from aggregator.settings import Settings

INDEX_PATH = "index.html"
COMBINED_FEED_PATH = "feeds/all.atom"
LIFECYCLE_FEED_PATH = "feeds/lifecycle.atom"
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

DOCUMENT_KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.REPORT: "Report",
    DocumentKind.SUMMARY_OF_PROGRESS: "Summary of progress",
    DocumentKind.LEARNING_ON_A_PAGE: "Learning on a page",
    DocumentKind.AUDIT_FINDINGS: "Audit findings",
    DocumentKind.BRIEFING: "Briefing",
    DocumentKind.STATEMENT: "Statement",
    DocumentKind.OTHER: "Document",
}

# ---------------------------------------------------------------------------------------------------------
# The words for each state of a review's two lifecycle facts
# ---------------------------------------------------------------------------------------------------------

State = SiteStatus | ArchiveState


@dataclass(frozen=True)
class StateWords:
    """How the feeds and the index word one state of a review.

    In the texts, `{date}` is the day the review came to the state and `{period}` its partnership's retention
    period ("12-month retention period"); a `_dated` text stands in for the plain one when that day is known.
    """

    label: str  # the feeds' line on it: a site status's "Status", an archive state's "NSPCC repository"
    label_dated: str | None = None
    category: str | None = None  # the feeds' category label, the same for every review; None: no category
    badge: str | None = None  # the index's badge; None: none
    badge_dated: str | None = None
    badge_class: str = ""  # its CSS class: the colour says "still there", "due to go", "gone", "archived"


STATE_WORDS: dict[State, StateWords] = {
    SiteStatus.LIVE: StateWords(
        label="On the partnership's site",
        category="On the partnership's site",
        badge="Live on the partnership's site",
        badge_class="live",
    ),
    SiteStatus.RETENTION_DUE: StateWords(
        label="Past the partnership's {period}",
        label_dated="Past the partnership's {period} (since {date})",
        category="Past the partnership's retention period",
        badge="Retention due",
        badge_dated="Retention due {date}",
        badge_class="due",
    ),
    SiteStatus.REMOVED: StateWords(
        label="Removed from the partnership's site",
        label_dated="Removed from the partnership's site (on {date})",
        category="Removed from the partnership's site",
        badge="Removed from the partnership's site",
        badge_class="removed",
    ),
    SiteStatus.NOT_SEEN: StateWords(
        label="Not seen on the partnership's site: known from the NSPCC repository's lists",
        category="Known from the NSPCC repository only",
        badge="Not seen on the partnership's site",
        badge_class="removed",
    ),
    ArchiveState.NOT_ARCHIVED: StateWords(label="Not yet in the NSPCC National case review repository"),
    ArchiveState.ARCHIVED: StateWords(
        label="Archived in the NSPCC repository",
        category="Archived in the NSPCC repository",
        label_dated="Archived in the NSPCC repository on {date}",
        badge="Archived in the NSPCC repository",
        badge_dated="Archived in the NSPCC repository on {date}",
        badge_class="archived",
    ),
}


# What the lifecycle feed calls each kind of event; the review's title follows.
EVENT_WORDS: dict[EventKind, str] = {
    EventKind.PUBLISHED: "Listed on the partnership's site",
    EventKind.RETENTION_DUE: "Past the partnership's retention period",
    EventKind.REMOVED: "Removed from the partnership's site",
    EventKind.BACK: "Back on the partnership's site",
    EventKind.ARCHIVED: "Archived in the NSPCC repository",
    EventKind.DOCUMENT_CHANGED: "Document replaced",
}


@dataclass(frozen=True)
class Badge:
    text: str
    css_class: str


def state_date(review: Review, state: State) -> dt.date | None:
    """The day the review came to `state`, when known."""
    match state:
        case SiteStatus.LIVE | SiteStatus.NOT_SEEN | ArchiveState.NOT_ARCHIVED:
            return None
        case SiteStatus.RETENTION_DUE:
            return review.retention_due_on
        case SiteStatus.REMOVED:
            return review.removed_at.date() if review.removed_at else None
        case ArchiveState.ARCHIVED:
            return review.archived_at.date() if review.archived_at else None
        case _:
            assert_never(state)


def state_label(review: Review, state: State) -> str:
    """One line on the review's `state`: "Past the partnership's 12-month retention period (since ...)"."""
    words = STATE_WORDS[state]
    return _worded(review, state, words.label, words.label_dated)


def state_badge(review: Review, state: State) -> Badge | None:
    """The index's badge for the review's `state`, short enough for a badge; None if it has none."""
    words = STATE_WORDS[state]
    if words.badge is None:
        return None
    return Badge(_worded(review, state, words.badge, words.badge_dated), words.badge_class)


def _worded(review: Review, state: State, text: str, dated: str | None) -> str:
    day = state_date(review, state)
    if dated is not None and day is not None:
        text = dated
    months = review.partnership.retention_months
    period = f"{months}-month retention period" if months else "retention period"
    return text.format(date=format_date(day) if day else "", period=period)


def retention_text(review: Review) -> str | None:
    """When the review's retention period ends and what it is counted from: "31 August 2025, 12 months from
    publication", or from when we first saw it if its page gives no date; None if unknown or irrelevant."""
    due, months = review.retention_due_on, review.partnership.retention_months
    if due is None or months is None or review.site_status is SiteStatus.NOT_SEEN:
        return None
    basis = retention_basis(review.published_on)
    match basis:
        case RetentionBasis.PUBLICATION:
            counted = "from publication"
        case RetentionBasis.FIRST_SEEN:
            counted = f"from when first seen here, {format_date(review.first_seen_at.date())} (no date given)"
        case _:
            assert_never(basis)
    return f"{format_date(due)}, {months} months {counted}"


def latest_change(review: Review) -> tuple[StatusEvent, EventKind] | None:
    """The latest event that moved the review's `updated` (removed, back, archived, a document replaced), so
    a feed entry can say why it was updated; None if its content alone did."""
    for event in reversed(review.events):
        moved = event.at == review.content_updated_at and moves_updated(event.fact, event.old, event.new)
        if moved and (kind := event_kind(event)) is not None:
            return event, kind
    return None


def on_partnership_site(review: Review) -> bool:
    """Whether readers are sent to the partnership's own page for the review (else to the NSPCC)."""
    return on_site(review.site_status)


def nspcc_record(review: Review) -> str | None:
    """The review's own page in the NSPCC repository, once archived there (and its link known)."""
    state = review.archive_state
    match state:
        case ArchiveState.ARCHIVED:
            return review.nspcc_url
        case ArchiveState.NOT_ARCHIVED:
            return None
        case _:
            assert_never(state)


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


SEASON_NAMES = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}


def format_date(day: dt.date, precision: DatePrecision | None = DatePrecision.DAY) -> str:
    """A date as people write it, only as precise as it is known: "12 August 2024", "August 2024", "2019"."""
    match precision:
        case DatePrecision.YEAR:
            return str(day.year)
        case DatePrecision.MONTH:
            return f"{_MONTHS[day.month - 1]} {day.year}"
        case DatePrecision.SEASON:
            return f"{SEASON_NAMES[day.month]} {day.year}"
        case DatePrecision.DAY | None:
            return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
        case _:
            assert_never(precision)


def publication_text(review: Review) -> str | None:
    """When the review was published, at its precision; None when the partnership did not say."""
    if review.published_on is None:
        return None
    return format_date(review.published_on, review.published_precision)


def reading_url(review: Review, site: Site) -> str:
    """Where a reader finds the review now: the partnership's page until it is removed, then the NSPCC."""
    if on_partnership_site(review):
        return review.url
    return review.nspcc_url or site.nspcc_repository_url


def nspcc_url(review: Review, site: Site) -> str:
    """The review's own NSPCC catalogue page once archived, else the repository's search page."""
    return nspcc_record(review) or site.nspcc_repository_url


def document_gone(review: Review, document: Document) -> bool:
    """A document of a review no longer on its partnership's site that answered 404/410 when last checked:
    no longer offered as an enclosure."""
    return not on_partnership_site(review) and document.last_check_status in GONE


def enclosures(review: Review) -> list[Document]:
    """The documents offered as enclosures: every one while the review is on its partnership's site; once
    it is not, those that did not answer 404 or 410."""
    return [d for d in review.documents if not document_gone(review, d)]


def document_notes(document: Document, *, gone: bool = False) -> str:
    """What a reader learns before opening a document: "Report, PDF, 1.2 MB", and whether it was replaced
    under the same link or, when `gone`, is no longer there."""
    notes = [DOCUMENT_KIND_LABELS[document.kind]]
    if document.media_type == PDF_MEDIA_TYPE:
        notes.append("PDF")
    size = format_size(document.size)
    if size:
        notes.append(size)
    if document.changed_at:
        notes.append(f"replaced {format_date(document.changed_at.date())}")
    if gone and document.last_checked_at:
        notes.append(
            f"no longer online: it answered {document.last_check_status} on "
            f"{format_date(document.last_checked_at.date())}"
        )
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


def homepage(partnership: Partnership, site: Site) -> str:
    """The partnership's website; for one known only from the NSPCC's lists, the repository."""
    return partnership.homepage or site.nspcc_repository_url


def site_of(settings: Settings) -> Site:
    """The site the settings describe: where it is served, its entry ids' authority, its title."""
    return Site(base_url=settings.public_url, tag_authority=settings.tag_authority, title=settings.site_title)
