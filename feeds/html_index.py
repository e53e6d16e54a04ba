"""The HTML index: one page listing the feeds and every review, rendered from feeds/templates/index.html.

Links between the site's own files are relative ("feeds/all.atom"), so an exported copy works from any
folder or host; the feeds carry the absolute self links. The page needs no JavaScript and embeds its small
stylesheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from aggregator import PROJECT_URL
from aggregator.models import REVIEW_TYPE_LABELS, Document, Partnership, Review
from feeds.site import (
    COMBINED_FEED_PATH,
    Badge,
    Site,
    document_gone,
    document_notes,
    format_date,
    nspcc_url,
    on_partnership_site,
    partnership_feed_path,
    publication_text,
    retention_text,
    sort_reviews,
    state_badge,
)


@dataclass(frozen=True)
class DocumentView:
    title: str
    url: str
    notes: str  # "Report, PDF, 1.2 MB"


@dataclass(frozen=True)
class ReviewView:
    """What the template shows of a review, worded already so the template holds no logic."""

    anchor: str
    title: str
    url: str
    partnership_name: str
    type_label: str
    published: str
    case_reference: str | None
    pseudonyms: str | None
    summary: str | None
    documents: list[DocumentView]
    badges: list[Badge]  # where it stands on the partnership's site, then in the NSPCC repository
    retention: str | None  # "31 August 2025, 12 months from publication"
    nspcc_url: str
    archived: bool  # nspcc_url is its own record, not the repository's search
    on_partnership_site: bool
    learning_themes: list[str]  # as the NSPCC lists them
    recommendations: list[str]


@dataclass(frozen=True)
class PartnershipView:
    anchor: str
    name: str
    homepage: str | None  # None: known only from the NSPCC's lists
    feed_path: str
    reviews: list[ReviewView]
    checked: str  # "Last checked 22 November 2026" or "Not harvested yet"
    problems: list[str]  # one line per source whose latest harvest failed


def build_index(
    site: Site,
    partnerships: Sequence[Partnership],
    reviews: Sequence[Review],
    generated_at: dt.datetime | None = None,
) -> bytes:
    """The index page as UTF-8 HTML. `generated_at` goes in the footer only (the feeds never carry it)."""
    grouped: dict[str, list[ReviewView]] = {p.slug: [] for p in partnerships}
    anchors: set[str] = set()
    for review in sort_reviews(reviews):
        # Two keys can clean up to the same anchor ("a:b", "a/b"); ids on a page must be unique.
        anchor = base = _review_anchor(review.key)
        suffix = 1
        while anchor in anchors:
            suffix += 1
            anchor = f"{base}-{suffix}"
        anchors.add(anchor)
        slug = review.partnership.slug
        if slug not in grouped:
            raise ValueError(f"review {review.key!r} belongs to partnership {slug!r}, which was not given")
        grouped[slug].append(_review_view(site, review, anchor))
    groups = [
        PartnershipView(
            anchor=_partnership_anchor(p.slug),
            name=p.name,
            homepage=p.homepage or None,
            feed_path=partnership_feed_path(p.slug),
            reviews=grouped[p.slug],
            **_health(p),
        )
        for p in sorted(partnerships, key=lambda p: p.name.casefold())
    ]
    page = (
        _environment()
        .get_template("index.html")
        .render(
            site=site,
            combined_feed_path=COMBINED_FEED_PATH,
            partnerships=groups,
            review_count=len(reviews),
            generated_at=_footer_time(generated_at),
            project_url=PROJECT_URL,
        )
    )
    return page.encode("utf-8")


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("feeds", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _review_view(site: Site, review: Review, anchor: str) -> ReviewView:
    published = publication_text(review)
    return ReviewView(
        anchor=anchor,
        title=review.title,
        url=review.url,
        partnership_name=review.partnership.name,
        type_label=REVIEW_TYPE_LABELS[review.review_type],
        published=f"Published {published}" if published else "Date not given",
        case_reference=review.case_reference,
        pseudonyms=", ".join(review.pseudonyms) or None,
        summary=review.summary,
        documents=[_document_view(review, d) for d in review.documents],
        badges=[b for s in (review.site_status, review.archive_state) if (b := state_badge(review, s))],
        retention=retention_text(review),
        nspcc_url=nspcc_url(review, site),
        archived=review.archived_at is not None,
        on_partnership_site=on_partnership_site(review),
        learning_themes=list(review.learning_themes),
        recommendations=list(review.recommendations),
    )


def _health(partnership: Partnership) -> dict[str, Any]:
    """How current the partnership's reviews are: when its sources last answered, and what failed since."""
    sources = [s for s in partnership.sources if s.enabled]
    successes = [s.last_success_at for s in sources if s.last_success_at]
    # What went wrong, in the exception's words, is for operators (the log, `cspr sources`), not readers.
    problems = [
        f"{s.url} could not be checked"
        + (f" on {format_date(s.last_error_at.date())}" if s.last_error_at else "")
        + (f" ({s.consecutive_failures} attempts in a row)" if s.consecutive_failures > 1 else "")
        for s in sources
        if s.consecutive_failures
    ]
    checked = f"Last checked {format_date(max(successes).date())}" if successes else "Not harvested yet"
    if not partnership.homepage:  # made from the NSPCC's lists: no page of its own to check
        checked = "Not registered: its reviews are known from the NSPCC repository's lists"
    return {"checked": checked, "problems": problems}


def _document_view(review: Review, document: Document) -> DocumentView:
    notes = document_notes(document, gone=document_gone(review, document))
    return DocumentView(title=document.title, url=document.url, notes=notes)


def _partnership_anchor(slug: str) -> str:
    return f"partnership-{slug}"


def _review_anchor(key: str) -> str:
    # Keys may hold ":" or "/"; ids keep to letters, digits and hyphens so "#..." links never need escaping.
    cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in key.casefold())
    return "review-" + "-".join(part for part in cleaned.split("-") if part)


def _footer_time(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    utc = moment.astimezone(dt.UTC)
    return f"{format_date(utc.date())}, {utc:%H:%M} UTC"
