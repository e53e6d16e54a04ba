"""Tests for feeds/site.py's words for states: one table, with every state of both lifecycle facts in it."""

from __future__ import annotations

import datetime as dt

import pytest

from aggregator.models import ArchiveState, DocumentKind, Partnership, Review, SiteStatus
from feeds.site import (
    DOCUMENT_KIND_LABELS,
    STATE_WORDS,
    Badge,
    Site,
    State,
    nspcc_url,
    on_partnership_site,
    reading_url,
    state_badge,
    state_label,
)

AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _review(retention_months: int | None = 12, **fields: object) -> Review:
    review = Review(
        partnership_id=1, key="k", title="t", url="https://partnership.example/review", content_hash="",
        content_updated_at=AT, first_seen_at=AT, last_seen_at=AT, **fields,
    )  # fmt: skip
    review.partnership = Partnership(slug="p", name="P", homepage="", retention_months=retention_months)
    return review


@pytest.mark.parametrize("status", list(SiteStatus))
def test_every_site_status_has_a_label_a_category_and_a_badge(status: SiteStatus) -> None:
    words = STATE_WORDS[status]
    assert words.label and words.category and words.badge and words.badge_class


@pytest.mark.parametrize("state", list(ArchiveState))
def test_every_archive_state_has_a_label(state: ArchiveState) -> None:
    assert STATE_WORDS[state].label


@pytest.mark.parametrize("state", [*SiteStatus, *ArchiveState])
def test_every_state_is_worded_with_and_without_its_date(state: State) -> None:
    dated = {"retention_due_on": AT.date(), "removed_at": AT, "archived_at": AT}
    for review in (_review(**dated), _review(retention_months=None)):
        assert "{" not in state_label(review, state)
        badge = state_badge(review, state)
        assert badge is None or "{" not in badge.text


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_document_kind_has_a_label(kind: DocumentKind) -> None:
    assert DOCUMENT_KIND_LABELS[kind]


@pytest.mark.parametrize(
    ("state", "fields", "label", "badge"),
    [
        (SiteStatus.LIVE, {}, "On the partnership's site", Badge("Live on the partnership's site", "live")),
        (
            SiteStatus.RETENTION_DUE,
            {"retention_due_on": dt.date(2025, 3, 12)},
            "Past the partnership's 12-month retention period (since 12 March 2025)",
            Badge("Retention due 12 March 2025", "due"),
        ),
        (
            SiteStatus.RETENTION_DUE,
            {"retention_months": None},
            "Past the partnership's retention period",
            Badge("Retention due", "due"),
        ),
        (
            SiteStatus.REMOVED,
            {"removed_at": dt.datetime(2024, 9, 15, 7, tzinfo=dt.UTC)},
            "Removed from the partnership's site (on 15 September 2024)",
            Badge("Removed from the partnership's site", "removed"),
        ),
        (
            SiteStatus.REMOVED,
            {},
            "Removed from the partnership's site",
            Badge("Removed from the partnership's site", "removed"),
        ),
        (ArchiveState.NOT_ARCHIVED, {}, "Not yet in the NSPCC National case review repository", None),
        (
            ArchiveState.ARCHIVED,
            {"archived_at": dt.datetime(2024, 2, 1, 12, tzinfo=dt.UTC)},
            "Archived in the NSPCC repository on 1 February 2024",
            Badge("Archived in the NSPCC repository on 1 February 2024", "archived"),
        ),
    ],
)
def test_state_words(state: State, fields: dict[str, object], label: str, badge: Badge | None) -> None:
    review = _review(**fields)
    assert (state_label(review, state), state_badge(review, state)) == (label, badge)


@pytest.mark.parametrize(
    ("status", "nspcc", "on_site", "reading"),
    [
        (SiteStatus.LIVE, None, True, "https://partnership.example/review"),
        (SiteStatus.RETENTION_DUE, "https://nspcc.example/1", True, "https://partnership.example/review"),
        (SiteStatus.REMOVED, "https://nspcc.example/1", False, "https://nspcc.example/1"),
        (SiteStatus.REMOVED, None, False, Site.nspcc_repository_url),
    ],
)
def test_readers_follow_the_review_off_the_partnership_site(
    status: SiteStatus, nspcc: str | None, on_site: bool, reading: str
) -> None:
    site = Site(base_url="http://127.0.0.1:8000/", tag_authority="example.org,2026")
    review = _review(site_status=status, nspcc_url=nspcc)
    assert (on_partnership_site(review), reading_url(review, site)) == (on_site, reading)


def test_the_nspcc_record_is_linked_only_once_archived() -> None:
    site = Site(base_url="http://127.0.0.1:8000/", tag_authority="example.org,2026")
    record = "https://nspcc.example/1"
    assert nspcc_url(_review(nspcc_url=record), site) == site.nspcc_repository_url
    assert nspcc_url(_review(nspcc_url=record, archived_at=AT), site) == record
