"""The review lifecycle as pure functions: each decides whether one of a review's facts changes, and says why.

Two facts per review (DESIGN.md): its site status (`live` → `retention-due` → `removed`, and back to `live`
or `retention-due` if it reappears; `not-seen` for a review known only from the NSPCC's lists) and whether
the NSPCC repository has archived it. A third kind of change is recorded the same way: a document whose bytes
changed under the same URL. Each function returns a `Change` (what the StatusEvent records: from, to, why,
evidence) or None; the store applies it. Nothing here reads the clock, the database or the network.

- Seeing a review on a plausible harvest is evidence that it is online; only the calendar moves it to
  retention-due (its partnership's retention period, counted from its publication or, when its page gives no
  date, from the day we first saw it).
- Removal needs more: absence from `needed` plausible harvests in a row, and every one of its documents
  answering 404 or 410 when checked since it went missing (or it had none). A failed, empty or implausible
  harvest is not an absence: the pipeline never calls `when_absent` for one.
- A change of where a review can be read (removed, back, archived) or of its content (a document's bytes)
  moves the feeds' `updated`; the calendar (retention-due) does not.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, assert_never

from aggregator.models import (
    ArchiveRecord,
    ArchiveState,
    DatePrecision,
    Fact,
    MatchOutcome,
    Review,
    SiteStatus,
    StatusEvent,
)

# The statuses a sighting can give: only a lack of sightings (with more evidence) removes a review.
SeenStatus = Literal[SiteStatus.LIVE, SiteStatus.RETENTION_DUE]
# What a document answers when it is gone for good, as opposed to failing for a while (5xx, timeouts).
GONE = frozenset({404, 410})


class RetentionBasis(StrEnum):
    """What a review's retention period is counted from."""

    PUBLICATION = "publication"  # the latest day its publication date can mean
    FIRST_SEEN = "first-seen"  # its page gives no date: the day we first saw it


@dataclass(frozen=True)
class Change:
    """One change of one fact of a review, as its StatusEvent records it (`old` None: a new review)."""

    fact: Fact
    old: str | None
    new: str
    reason: str
    evidence: str | None = None

    @property
    def moves_updated(self) -> bool:
        """Whether the review's feed entry is updated: where it can be read changed, or what it says."""
        return moves_updated(self.fact, self.old, self.new)


# ---------------------------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------------------------


def end_of_period(published_on: dt.date, precision: DatePrecision | None) -> dt.date:
    """The last day a date at `precision` could mean: "August 2024" may be 31 August 2024."""
    match precision:
        case DatePrecision.YEAR:
            return dt.date(published_on.year, 12, 31)
        case DatePrecision.MONTH:
            last = calendar.monthrange(published_on.year, published_on.month)[1]
            return dt.date(published_on.year, published_on.month, last)
        case DatePrecision.SEASON:  # "Winter 2023" runs from December 2023 to the end of February 2024
            return end_of_period(add_months(published_on, 2), DatePrecision.MONTH)
        case DatePrecision.DAY | None:
            return published_on
        case _:
            assert_never(precision)


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_basis(published_on: dt.date | None) -> RetentionBasis:
    return RetentionBasis.FIRST_SEEN if published_on is None else RetentionBasis.PUBLICATION


def retention_due_on(
    published_on: dt.date | None,
    precision: DatePrecision | None,
    retention_months: int | None,
    first_seen: dt.date | None = None,
) -> dt.date | None:
    """When the partnership's retention period ends: counted from the latest day the publication date could
    mean (so an imprecise date never makes a review overdue before it can be), else from `first_seen`."""
    if retention_months is None:
        return None
    basis = retention_basis(published_on)
    match basis:
        case RetentionBasis.PUBLICATION:
            assert published_on is not None
            return add_months(end_of_period(published_on, precision), retention_months)
        case RetentionBasis.FIRST_SEEN:
            return None if first_seen is None else add_months(first_seen, retention_months)
        case _:
            assert_never(basis)


# ---------------------------------------------------------------------------------------------------------
# Site status
# ---------------------------------------------------------------------------------------------------------


def status_when_seen(due_on: dt.date | None, today: dt.date) -> SeenStatus:
    """The site status of a review just seen online."""
    if due_on is not None and today > due_on:
        return SiteStatus.RETENTION_DUE
    return SiteStatus.LIVE


def reason_when_seen(status: SeenStatus, due_on: dt.date | None) -> str:
    """Why a review just seen online has `status`, for its StatusEvent."""
    match status:
        case SiteStatus.LIVE:
            return "seen on the partnership's site"
        case SiteStatus.RETENTION_DUE:
            return f"seen on the partnership's site after its retention period ended {due_on}"
        case _:
            assert_never(status)


def when_seen(
    current: SiteStatus | None, due_on: dt.date | None, today: dt.date, *, evidence: str
) -> Change | None:
    """A review (`current` None: a new one) was seen on its partnership's site `today`."""
    status = status_when_seen(due_on, today)
    if status == current:
        return None
    reason = reason_when_seen(status, due_on)
    if current is SiteStatus.REMOVED:
        reason = f"back on the partnership's site: {reason}"
    return Change(Fact.SITE, None if current is None else str(current), status, reason, evidence)


def when_catalogued(*, evidence: str) -> Change:
    """A review first known from the NSPCC repository's list: never seen on its partnership's site."""
    reason = "known from the NSPCC repository's list; not seen on the partnership's site"
    return Change(Fact.SITE, None, SiteStatus.NOT_SEEN, reason, evidence)


@dataclass(frozen=True)
class DocumentAnswer:
    """A document of a review gone from its page, and what it answered when checked since (None: not yet)."""

    url: str
    status: int | None


def when_absent(
    current: SiteStatus,
    *,
    absences: int,
    needed: int,
    missing_since: dt.date,
    documents: Sequence[DocumentAnswer],
) -> Change | None:
    """A review was missing from `absences` plausible harvests of its page in a row (the first on
    `missing_since`): removed once that is `needed` and every document answered 404/410 (or it had none)."""
    match current:
        case SiteStatus.LIVE | SiteStatus.RETENTION_DUE:
            pass
        case SiteStatus.REMOVED | SiteStatus.NOT_SEEN:
            return None  # gone already, or never seen on a page to go from
        case _:
            assert_never(current)
    if absences < needed or not all(d.status in GONE for d in documents):
        return None
    harvests = f"{absences} plausible harvest" + ("s in a row" if absences > 1 else "")
    if documents:
        answers = sorted({str(d.status) for d in documents})
        count = "its document" if len(documents) == 1 else f"all {len(documents)} of its documents"
        proof = f"{count} answered {'/'.join(answers)}"
    else:
        proof = "it had no documents"
    return Change(
        Fact.SITE,
        current,
        SiteStatus.REMOVED,
        f"missing from its page in {harvests} since {missing_since} and {proof}",
        "; ".join(f"{d.status} {d.url}" for d in documents) or None,
    )


def when_withdrawn(current: SiteStatus, *, reason: str, evidence: str) -> Change | None:
    """The partnership withdrew a pushed review: removed, unless it is removed already."""
    if current is SiteStatus.REMOVED:
        return None
    return Change(Fact.SITE, current, SiteStatus.REMOVED, reason, evidence)


# ---------------------------------------------------------------------------------------------------------
# Archive and documents
# ---------------------------------------------------------------------------------------------------------


def when_archived(current: ArchiveState, *, why: str, evidence: str) -> Change | None:
    """The NSPCC repository lists the review (matched, or catalogued from its entry)."""
    match current:
        case ArchiveState.NOT_ARCHIVED:
            return Change(Fact.ARCHIVE, current, ArchiveState.ARCHIVED, why, evidence)
        case ArchiveState.ARCHIVED:
            return None
        case _:
            assert_never(current)


def when_document_fetched(old_hash: str | None, new_hash: str, *, title: str, url: str) -> Change | None:
    """A document's bytes were fetched: a change of the review when they differ from the bytes fetched
    before under the same URL (the first fetch is no change)."""
    if old_hash is None or old_hash == new_hash:
        return None
    return Change(Fact.DOCUMENT, old_hash, new_hash, f"{title!r} was replaced under the same URL", url)


def on_site(status: SiteStatus) -> bool:
    """Whether a review with `status` is on its partnership's site: where readers are sent to read it."""
    match status:
        case SiteStatus.LIVE | SiteStatus.RETENTION_DUE:
            return True
        case SiteStatus.REMOVED | SiteStatus.NOT_SEEN:
            return False
        case _:
            assert_never(status)


def moves_updated(fact: Fact, old: str | None, new: str) -> bool:
    """Whether a change moves the review's `updated` (see the module's docstring): for the site status,
    when the review goes from its partnership's site or comes (back) to it, so readers are sent elsewhere."""
    match fact:
        case Fact.SITE:
            # A new review's `updated` is set when it is stored; the calendar keeps it on the site.
            return old is not None and on_site(SiteStatus(old)) != on_site(SiteStatus(new))
        case Fact.ARCHIVE | Fact.DOCUMENT:
            return True
        case _:
            assert_never(fact)


# ---------------------------------------------------------------------------------------------------------
# Events, as the lifecycle feed tells them
# ---------------------------------------------------------------------------------------------------------


class EventKind(StrEnum):
    """What a StatusEvent means to a researcher following reports before they vanish."""

    PUBLISHED = "published"  # first seen on the partnership's site
    RETENTION_DUE = "retention-due"
    REMOVED = "removed"
    BACK = "back"  # on the partnership's site again after its removal
    ARCHIVED = "archived"
    DOCUMENT_CHANGED = "document-changed"


def event_kind(event: StatusEvent) -> EventKind | None:
    """The kind of `event`, or None for one that is no news (a review catalogued from the NSPCC's list is
    told by its `archived` event)."""
    fact = event.fact
    match fact:
        case Fact.SITE:
            old = None if event.old is None else SiteStatus(event.old)
            new = SiteStatus(event.new)
            match new:
                case SiteStatus.REMOVED:
                    return EventKind.REMOVED
                case SiteStatus.NOT_SEEN:
                    return None
                case SiteStatus.LIVE | SiteStatus.RETENTION_DUE if old is SiteStatus.REMOVED:
                    return EventKind.BACK
                case SiteStatus.LIVE | SiteStatus.RETENTION_DUE if old in (None, SiteStatus.NOT_SEEN):
                    return EventKind.PUBLISHED
                case SiteStatus.RETENTION_DUE:
                    return EventKind.RETENTION_DUE
                case SiteStatus.LIVE:
                    return None  # a retention period that grew: no news
                case _:
                    assert_never(new)
        case Fact.ARCHIVE:
            return EventKind.ARCHIVED if ArchiveState(event.new) is ArchiveState.ARCHIVED else None
        case Fact.DOCUMENT:
            return EventKind.DOCUMENT_CHANGED
        case _:
            assert_never(fact)


# ---------------------------------------------------------------------------------------------------------
# The report `cspr lifecycle` prints
# ---------------------------------------------------------------------------------------------------------


class Section(StrEnum):
    DUE = "due"  # still on its partnership's site after its retention period
    REMOVED = "removed"
    ARCHIVED = "archived"  # a review seen on its partnership's site, matched to its NSPCC record
    UNMATCHED = "unmatched"  # an NSPCC entry matched to none of those (ambiguous, partial or new to us)


@dataclass(frozen=True)
class ReportRow:
    section: Section
    partnership: str  # the partnership's slug, or the name an unmatched NSPCC entry gives
    review: str  # the review's key, or the NSPCC entry's heading
    since: dt.date | None
    link: str | None  # where it can be read: its page, its NSPCC record
    reason: str


def report(reviews: Iterable[Review], records: Iterable[ArchiveRecord]) -> list[ReportRow]:
    """What is due, removed, archived and unmatched, each with why; reviews with their partnership and
    events loaded."""
    rows: list[ReportRow] = []
    for review in reviews:
        slug, key = review.partnership.slug, review.key
        match review.site_status:
            case SiteStatus.RETENTION_DUE:
                basis = retention_basis(review.published_on)
                counted = (
                    "publication" if basis is RetentionBasis.PUBLICATION else "first sight (no date given)"
                )
                reason = f"retention period ended, counted from {counted}; still on the partnership's site"
                rows.append(ReportRow(Section.DUE, slug, key, review.retention_due_on, review.url, reason))
            case SiteStatus.REMOVED:
                since = review.removed_at.date() if review.removed_at else None
                reason = _latest_reason(review, Fact.SITE)
                rows.append(ReportRow(Section.REMOVED, slug, key, since, review.nspcc_url, reason))
            case SiteStatus.LIVE | SiteStatus.NOT_SEEN:
                pass
            case _:
                assert_never(review.site_status)
        if review.archived_at is not None and review.site_status is not SiteStatus.NOT_SEEN:
            reason = _latest_reason(review, Fact.ARCHIVE)
            rows.append(
                ReportRow(Section.ARCHIVED, slug, key, review.archived_at.date(), review.nspcc_url, reason)
            )
    for record in records:
        if record.outcome is MatchOutcome.MATCHED:
            continue
        catalogued = f"; catalogued as {record.review.key}" if record.review is not None else ""
        rows.append(
            ReportRow(
                Section.UNMATCHED,
                record.partnership_name or "Anonymous",
                record.title,
                record.first_seen_at.date(),
                record.url,
                f"{record.outcome}: {record.reason}{catalogued}",
            )
        )
    order = list(Section)
    return sorted(
        rows, key=lambda r: (order.index(r.section), r.partnership, r.since or dt.date.min, r.review)
    )


def _latest_reason(review: Review, fact: Fact) -> str:
    return next((e.reason for e in reversed(review.events) if e.fact is fact), "")
