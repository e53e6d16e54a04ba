"""Retention arithmetic and each lifecycle transition: seen, absent, archived, a document replaced."""

from __future__ import annotations

import datetime as dt

import pytest

from aggregator.lifecycle import (
    DocumentAnswer,
    EventKind,
    RetentionBasis,
    add_months,
    event_kind,
    reason_when_seen,
    retention_basis,
    retention_due_on,
    status_when_seen,
    when_absent,
    when_archived,
    when_document_fetched,
    when_seen,
)
from aggregator.models import ArchiveState, Fact, SiteStatus, StatusEvent


@pytest.mark.parametrize(
    ("published", "precision", "months", "due"),
    [
        (dt.date(2024, 8, 1), "month", 12, dt.date(2025, 8, 31)),  # "August 2024" may mean 31 August
        (dt.date(2024, 3, 14), "day", 12, dt.date(2025, 3, 14)),
        (dt.date(2019, 1, 1), "year", 12, dt.date(2020, 12, 31)),
        (dt.date(2024, 2, 1), "month", 12, dt.date(2025, 2, 28)),  # 29 February + 12 months
        (dt.date(2023, 3, 1), "season", 12, dt.date(2024, 5, 31)),  # "Spring 2023" may mean 31 May
        (dt.date(2023, 12, 1), "season", 12, dt.date(2025, 2, 28)),  # winter ends in February
        (None, None, 12, None),
        (dt.date(2024, 8, 1), "month", None, None),
    ],
)
def test_retention_due_on_counts_from_the_latest_possible_day(
    published: dt.date | None, precision: str | None, months: int | None, due: dt.date | None
) -> None:
    assert retention_due_on(published, precision, months) == due


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("due", "today", "status"),
    [
        (dt.date(2025, 8, 31), dt.date(2025, 8, 31), SiteStatus.LIVE),
        (dt.date(2025, 8, 31), dt.date(2025, 9, 1), SiteStatus.RETENTION_DUE),
        (None, dt.date(2030, 1, 1), SiteStatus.LIVE),  # no date given: never presumed overdue
    ],
)
def test_status_when_seen(due: dt.date | None, today: dt.date, status: SiteStatus) -> None:
    assert status_when_seen(due, today) == status


def test_reason_when_seen_names_the_end_of_retention() -> None:
    assert reason_when_seen(SiteStatus.LIVE, None) == "seen on the partnership's site"
    assert reason_when_seen(SiteStatus.RETENTION_DUE, dt.date(2025, 8, 31)) == (
        "seen on the partnership's site after its retention period ended 2025-08-31"
    )


def test_retention_counts_from_first_sight_when_the_page_gives_no_date() -> None:
    assert retention_due_on(None, None, 12, dt.date(2025, 3, 10)) == dt.date(2026, 3, 10)
    assert retention_due_on(dt.date(2024, 8, 1), "month", 12, dt.date(2025, 3, 10)) == dt.date(2025, 8, 31)
    assert retention_basis(None) is RetentionBasis.FIRST_SEEN
    assert retention_basis(dt.date(2024, 8, 1)) is RetentionBasis.PUBLICATION


AUGUST = dt.date(2025, 8, 31)


@pytest.mark.parametrize(
    ("current", "today", "change"),
    [
        (None, dt.date(2025, 8, 1), (None, "live", False)),
        (None, dt.date(2025, 9, 1), (None, "retention-due", False)),
        (SiteStatus.LIVE, dt.date(2025, 8, 31), None),
        (SiteStatus.LIVE, dt.date(2025, 9, 1), ("live", "retention-due", False)),  # the calendar: no update
        (SiteStatus.RETENTION_DUE, dt.date(2025, 9, 2), None),
        (SiteStatus.REMOVED, dt.date(2025, 9, 2), ("removed", "retention-due", True)),  # back on the site
        (SiteStatus.REMOVED, dt.date(2025, 8, 2), ("removed", "live", True)),
        (SiteStatus.NOT_SEEN, dt.date(2025, 8, 2), ("not-seen", "live", True)),  # first seen on its site
    ],
)
def test_when_seen(
    current: SiteStatus | None, today: dt.date, change: tuple[str | None, str, bool] | None
) -> None:
    found = when_seen(current, AUGUST, today, evidence="https://example.org/reviews")
    assert (found and (found.old, found.new, found.moves_updated)) == change
    if found is not None:
        assert found.fact is Fact.SITE and found.evidence == "https://example.org/reviews"
        assert found.reason.startswith("back on") == (current is SiteStatus.REMOVED)


GONE_DOCS = [DocumentAnswer("https://e.org/a.pdf", 404), DocumentAnswer("https://e.org/b.pdf", 410)]


@pytest.mark.parametrize(
    ("current", "absences", "documents", "removed"),
    [
        (SiteStatus.RETENTION_DUE, 2, GONE_DOCS, True),
        (SiteStatus.LIVE, 3, GONE_DOCS, True),
        (SiteStatus.LIVE, 2, [], True),  # it had no documents
        (SiteStatus.LIVE, 1, GONE_DOCS, False),  # one absence is not removal
        (SiteStatus.LIVE, 2, [*GONE_DOCS[:1], DocumentAnswer("https://e.org/c.pdf", 200)], False),
        (SiteStatus.LIVE, 2, [*GONE_DOCS[:1], DocumentAnswer("https://e.org/c.pdf", 503)], False),
        (
            SiteStatus.LIVE,
            2,
            [*GONE_DOCS[:1], DocumentAnswer("https://e.org/c.pdf", None)],
            False,
        ),  # unchecked
        (SiteStatus.REMOVED, 5, GONE_DOCS, False),  # removed already
        (SiteStatus.NOT_SEEN, 5, [], False),  # never on a page to go from
    ],
)
def test_when_absent_needs_absences_and_documents_gone(
    current: SiteStatus, absences: int, documents: list[DocumentAnswer], removed: bool
) -> None:
    change = when_absent(
        current, absences=absences, needed=2, missing_since=dt.date(2025, 8, 11), documents=documents
    )
    assert (change is not None) == removed
    if change is not None:
        assert (change.old, change.new, change.moves_updated) == (current, "removed", True)


def test_a_removal_says_why_and_gives_the_evidence() -> None:
    change = when_absent(
        SiteStatus.RETENTION_DUE,
        absences=2,
        needed=2,
        missing_since=dt.date(2025, 8, 11),
        documents=GONE_DOCS,
    )
    assert change is not None
    assert change.reason == (
        "missing from its page in 2 plausible harvests in a row since 2025-08-11 and all 2 of its documents "
        "answered 404/410"
    )
    assert change.evidence == "404 https://e.org/a.pdf; 410 https://e.org/b.pdf"
    bare = when_absent(
        SiteStatus.LIVE, absences=1, needed=1, missing_since=dt.date(2025, 8, 11), documents=[]
    )
    assert bare is not None and bare.reason.endswith(
        "in 1 plausible harvest since 2025-08-11 and it had no documents"
    )


def test_archived_once() -> None:
    change = when_archived(ArchiveState.NOT_ARCHIVED, why="matched", evidence="2024 - X - Zac <u>")
    assert change is not None and (change.fact, change.new, change.moves_updated) == (
        "archive",
        "archived",
        True,
    )
    assert when_archived(ArchiveState.ARCHIVED, why="matched", evidence="e") is None


def test_a_document_changes_only_when_its_bytes_differ_from_those_fetched_before() -> None:
    assert when_document_fetched(None, "b" * 64, title="Report", url="u") is None  # first fetch
    assert when_document_fetched("a" * 64, "a" * 64, title="Report", url="u") is None
    change = when_document_fetched("a" * 64, "b" * 64, title="Report", url="u")
    assert change is not None and change.fact is Fact.DOCUMENT and change.moves_updated
    assert change.reason == "'Report' was replaced under the same URL" and change.evidence == "u"


def _event(fact: Fact, old: str | None, new: str) -> StatusEvent:
    return StatusEvent(
        review_id=1, at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), fact=fact, old=old, new=new, reason=""
    )


@pytest.mark.parametrize(
    ("fact", "old", "new", "kind"),
    [
        (Fact.SITE, None, "live", EventKind.PUBLISHED),
        (Fact.SITE, None, "retention-due", EventKind.PUBLISHED),
        (Fact.SITE, "not-seen", "live", EventKind.PUBLISHED),
        (Fact.SITE, "live", "retention-due", EventKind.RETENTION_DUE),
        (Fact.SITE, "retention-due", "removed", EventKind.REMOVED),
        (Fact.SITE, "removed", "retention-due", EventKind.BACK),
        (Fact.SITE, None, "not-seen", None),
        (Fact.ARCHIVE, "not-archived", "archived", EventKind.ARCHIVED),
        (Fact.DOCUMENT, "a" * 64, "b" * 64, EventKind.DOCUMENT_CHANGED),
    ],
)
def test_event_kinds(fact: Fact, old: str | None, new: str, kind: EventKind | None) -> None:
    assert event_kind(_event(fact, old, new)) is kind


def test_a_withdrawal_removes_a_review_once() -> None:
    from aggregator.lifecycle import when_withdrawn

    change = when_withdrawn(SiteStatus.LIVE, reason="withdrawn by the partnership", evidence="DELETE")
    assert change is not None and (change.old, change.new) == (SiteStatus.LIVE, SiteStatus.REMOVED)
    assert when_withdrawn(SiteStatus.REMOVED, reason="again", evidence="DELETE") is None
