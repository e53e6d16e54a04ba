"""The only module that speaks SQL: registry sync, idempotent review upserts, harvest runs, the lifecycle's
evidence (absences, document checks) and archive matching, reads.

Functions take keyword-only arguments and a Session; the caller owns the transaction. What a change means
is decided elsewhere, by pure functions (`lifecycle`, `archive`); this module finds the rows and applies it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, assert_never

from pydantic import ValidationError
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, func, select

from aggregator import archive, lifecycle, plausibility
from aggregator.archive import ArchiveEntry
from aggregator.documents import CHECK_EVERY, Check
from aggregator.lifecycle import Change
from aggregator.models import (
    ApiToken,
    ArchiveRecord,
    Document,
    Fact,
    HarvestOutcome,
    HarvestRun,
    MatchOutcome,
    Partnership,
    PartnershipKind,
    Registration,
    Review,
    ReviewIn,
    SiteStatus,
    Source,
    StatusEvent,
)
from aggregator.settings import PUSH_SOURCE, PartnershipConfig, RegisteredPartnership, Settings, field_errors

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def sync_registry(
    *, session: Session, settings: Settings, partnerships: Sequence[PartnershipConfig]
) -> dict[tuple[str, str], Source]:
    """Make Partnership and Source rows match the config, and the partnerships registered in the store (a
    file wins; see with_registered). Sources no longer configured, or whose partnership's file was removed,
    are disabled; their reviews stay, as the record of what was published."""
    partnerships = with_registered(session=session, partnerships=partnerships)
    existing = {p.slug: p for p in session.exec(select(Partnership))}
    configured = {config.slug for config in partnerships}
    for slug in existing.keys() - configured:
        for orphan in existing[slug].sources:
            orphan.enabled = False
            session.add(orphan)
    rows: dict[tuple[str, str], Source] = {}
    for config in partnerships:
        rows.update(_sync_partnership(session, settings, config, existing.get(config.slug)))
    session.flush()
    return rows


def _sync_partnership(
    session: Session, settings: Settings, config: PartnershipConfig, partnership: Partnership | None
) -> dict[tuple[str, str], Source]:
    """One partnership's rows made to match its config; its sources the config no longer gives are
    disabled (but never the push API's, which no file gives)."""
    rows: dict[tuple[str, str], Source] = {}
    partnership = partnership or Partnership(slug=config.slug, name=config.name, homepage="")
    for field in ("name", "short_name", "homepage", "nation", "region", "retention_months", "kind"):
        setattr(partnership, field, getattr(config, field))
    session.add(partnership)
    session.flush()
    known = {s.name: s for s in partnership.sources if s.name != PUSH_SOURCE}
    for source_config in config.sources:
        source = known.pop(source_config.name, None) or Source(
            partnership_id=_required(partnership.id),
            name=source_config.name,
            adapter="",
            url="",
            schedule="",
        )
        reads = (source_config.adapter, source_config.url, dict(source_config.options))
        if (source.adapter, source.url, source.options) != reads:
            source.etag = source.last_modified = None  # validators of another page, or another reading
        source.adapter, source.url, source.options = reads
        source.schedule = source_config.schedule or settings.default_schedule
        source.enabled = source_config.enabled
        session.add(source)
        rows[(config.slug, source_config.name)] = source
    for stale in known.values():
        stale.enabled = False
        session.add(stale)
    session.flush()
    return rows


def _required(value: int | None) -> int:
    if value is None:
        raise ValueError("row has not been flushed: it has no id yet")
    return value


# What the partnership published, as opposed to what normalise reads into it (type, reference, pseudonyms,
# document kinds): improving the normaliser must not move `updated` on every entry of every feed.
PUBLISHED: dict[str, Any] = {
    "title": True,
    "url": True,
    "summary": True,
    "published_on": True,
    "published_precision": True,
    "documents": {"__all__": {"url", "title"}},
}


def content_hash(entry: ReviewIn) -> str:
    """A fingerprint of what the partnership published; `updated` moves only when it changes."""
    content = entry.model_dump(mode="json", include=PUBLISHED)
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


class _StoredReviews:
    """A partnership's stored reviews, indexed by every way an entry can be the same review.

    An entry matches by the id its feed gives it (entry_id), then key, then case reference, then its child's
    names and year, then a document URL, so a review keeps its identity when retitled, re-keyed or moved (a
    review first keyed by its report's URL, whose date appears later and whose report then moves, is still
    the one review). A document URL identifies a review
    only when exactly one stored review and at most one entry of this harvest link to it (a shared strategy
    or national report identifies none), and never across two different case references. Each stored
    review is claimed by at most one entry per harvest. Loaded in a few queries per harvest, not one per
    entry.
    """

    def __init__(self, session: Session, partnership: Partnership, entries: Sequence[ReviewIn]) -> None:
        documents = selectinload(Review.documents)  # type: ignore[arg-type]
        query = select(Review).where(Review.partnership_id == partnership.id).options(documents)
        self.by_key: dict[str, Review] = {}
        self.by_reference: dict[str, Review] = {}
        self.by_entry_id: dict[str, Review] = {}
        self.by_child: dict[tuple[tuple[str, ...], int], Review] = {}
        linked: dict[str, list[Review]] = {}
        for review in session.exec(query):
            self.add(review)
            for document in review.documents:
                linked.setdefault(document.url, []).append(review)
        listed = Counter(d.url for entry in entries for d in entry.documents)
        self.by_document = {url: r[0] for url, r in linked.items() if len(r) == 1 and listed[url] <= 1}
        self.claimed: set[int] = set()  # id() of stored reviews an entry of this harvest has matched
        self.latest_ok_run = _latest_ok_runs(session, partnership)

    def add(self, review: Review) -> None:
        self.by_key[review.key] = review
        if review.case_reference:
            self.by_reference.setdefault(review.case_reference, review)
        if review.entry_id:
            self.by_entry_id.setdefault(review.entry_id, review)
        if (child := _child(review.pseudonyms, review.published_on)) is not None:
            self.by_child.setdefault(child, review)

    def find(self, entry: ReviewIn) -> Review | None:
        """The stored review this entry is, or None for a new one; claims what it returns."""
        found = self.by_entry_id.get(entry.entry_id) if entry.entry_id else None
        if found is None:
            found = self.by_key.get(entry.key)
        if found is None and entry.case_reference:
            found = self.by_reference.get(entry.case_reference)
        if found is None and (child := _child(entry.pseudonyms, entry.published_on)) is not None:
            found = self.by_child.get(child)
            found = found if found is not None and _same_reference(found, entry) else None
        if found is None:
            candidates = (self.by_document.get(d.url) for d in entry.documents)
            found = next((r for r in candidates if r and _same_reference(r, entry)), None)
        if found is not None and id(found) in self.claimed:
            return None
        if found is not None:
            self.claimed.add(id(found))
        return found

    def listed_elsewhere(self, review: Review, source: Source) -> bool:
        """Whether another source of the partnership still lists this review: its owner, if enabled and
        its latest successful harvest saw it. A review listed on two pages then keeps one listing, instead
        of the two overwriting each other (and moving `updated`) on every harvest."""
        if review.source_id in (None, source.id):
            return False
        enabled, latest = self.latest_ok_run.get(review.source_id, (False, None))
        return enabled and (latest is None or latest <= review.last_seen_at)


def _child(pseudonyms: Sequence[str], published_on: dt.date | None) -> tuple[tuple[str, ...], int] | None:
    """What names a review when its page gives no reference: its children's names and its year."""
    if not pseudonyms or published_on is None:
        return None
    return tuple(sorted(p.casefold() for p in pseudonyms)), published_on.year


def _same_reference(review: Review, entry: ReviewIn) -> bool:
    return not (
        review.case_reference and entry.case_reference and review.case_reference != entry.case_reference
    )


def _latest_ok_runs(session: Session, partnership: Partnership) -> dict[int, tuple[bool, dt.datetime | None]]:
    """Each source of the partnership: whether it is enabled, and when its latest successful harvest began."""
    latest = (
        select(HarvestRun.source_id, func.max(HarvestRun.started_at).label("started_at"))
        .where(HarvestRun.status == HarvestOutcome.OK)
        .group_by(col(HarvestRun.source_id))
        .subquery()
    )
    query = (
        select(Source.id, Source.enabled, latest.c.started_at)
        .outerjoin(latest, latest.c.source_id == Source.id)
        .where(Source.partnership_id == partnership.id)
    )
    result: dict[int, tuple[bool, dt.datetime | None]] = {}
    for source_id, enabled, started_at in session.exec(query):
        result[_required(source_id)] = (enabled, started_at)
    return result


def _apply_content(review: Review, entry: ReviewIn) -> None:
    for field in (
        "title",
        "url",
        "review_type",
        "case_reference",
        "published_on",
        "published_precision",
        "summary",
    ):
        setattr(review, field, getattr(entry, field))
    review.pseudonyms = list(entry.pseudonyms)
    review.themes = list(entry.themes)
    by_url = {d.url: d for d in review.documents}
    documents = []
    for position, doc in enumerate(entry.documents):
        # review_id is filled in by the relationship when the session flushes.
        row = by_url.get(doc.url) or Document(url=doc.url, title=doc.title)  # type: ignore[call-arg]
        # A media type the document was served with stays when the link gives none to guess from.
        row.sqlmodel_update(doc.model_dump(exclude={"media_type"} if doc.media_type is None else set()))
        row.position = position
        documents.append(row)
    review.documents = documents


def _read_differently(review: Review, entry: ReviewIn) -> bool:
    """Whether normalise now reads unchanged content differently (type, reference, names, kinds)."""
    stored = (review.review_type, review.case_reference, review.pseudonyms, review.themes)
    if stored != (entry.review_type, entry.case_reference, entry.pseudonyms, entry.themes):
        return True
    reading = [(d.kind, d.published_on, d.published_precision) for d in review.documents]
    if reading != [(d.kind, d.published_on, d.published_precision) for d in entry.documents]:
        return True
    # A document's media type from its link; one it was served with is kept where the link gives none.
    served = zip(review.documents, entry.documents, strict=True)
    return any(new.media_type is not None and old.media_type != new.media_type for old, new in served)


def _record_sighting(
    session: Session, review: Review, partnership: Partnership, source: Source, seen_at: dt.datetime
) -> None:
    """The review was seen on `source` at `seen_at`: move its site status as the lifecycle says."""
    review.last_seen_at = seen_at
    review.source_id = source.id
    _set_retention(review, partnership)
    current = None if review.id is None else review.site_status
    change = lifecycle.when_seen(current, review.retention_due_on, seen_at.date(), evidence=source.url)
    if change is not None:
        apply_change(session, review, change, at=seen_at)


def _set_retention(review: Review, partnership: Partnership) -> None:
    review.retention_due_on = lifecycle.retention_due_on(
        review.published_on,
        review.published_precision,
        partnership.retention_months,
        review.first_seen_at.date(),
    )


def apply_change(session: Session, review: Review, change: Change, *, at: dt.datetime) -> None:
    """Record `change` as a StatusEvent of `review` and make the review say it."""
    session.add(
        StatusEvent(  # type: ignore[call-arg]  # review_id comes from the relationship
            review=review,
            at=at,
            fact=change.fact,
            old=change.old,
            new=change.new,
            reason=change.reason,
            evidence=change.evidence,
        )
    )
    fact = change.fact
    match fact:
        case Fact.SITE:
            review.site_status = SiteStatus(change.new)
            review.removed_at = at if review.site_status is SiteStatus.REMOVED else None
        case Fact.ARCHIVE:
            review.archived_at = at
        case Fact.DOCUMENT:
            pass  # the document row says which changed, and when
        case _:
            assert_never(fact)
    if change.moves_updated:
        review.content_updated_at = at


def upsert_reviews(
    *,
    session: Session,
    partnership: Partnership,
    source: Source,
    entries: Sequence[ReviewIn],
    seen_at: dt.datetime,
) -> StoreResult:
    """Store what a plausible harvest saw. A second identical harvest changes no content and adds no row."""
    created = changed = unchanged = 0
    unique = _unique(entries)
    stored = _StoredReviews(session, partnership, unique)
    for entry in unique:
        digest = content_hash(entry)
        review = stored.find(entry)
        if review is not None and stored.listed_elsewhere(review, source):
            log.info("%s is listed on %s too; its own source keeps it", review.key, source.url)
            unchanged += 1
            continue
        if review is None and entry.key in stored.by_key:
            log.warning(
                "%s on %s matches a review another entry already claimed; skipped", entry.key, source.url
            )
            continue
        if review is None:
            review = new_review(session, partnership, source, entry, seen_at)
            stored.claimed.add(id(review))  # no later entry of this harvest is it, by names or documents
            created += 1
        elif review.content_hash != digest:
            _apply_content(review, entry)
            review.content_hash = digest
            review.content_updated_at = seen_at
            changed += 1
        else:
            if _read_differently(review, entry):  # a better reading of the same content: `updated` kept
                _apply_content(review, entry)
            unchanged += 1
        if entry.entry_id:  # kept from the first sighting on, so the feed's later edits find the review
            review.entry_id = entry.entry_id
        stored.add(review)
        _record_sighting(session, review, partnership, source, seen_at)
    session.flush()
    return StoreResult(created=created, changed=changed, unchanged=unchanged)


def new_review(
    session: Session, partnership: Partnership, source: Source, entry: ReviewIn, seen_at: dt.datetime
) -> Review:
    """A review first seen at `seen_at`, added to the session (its status is set by its first sighting)."""
    published_at = (
        dt.datetime.combine(entry.published_on, dt.time(), dt.UTC) if entry.published_on else seen_at
    )
    review = Review(
        partnership_id=_required(partnership.id),
        partnership=partnership,
        source_id=source.id,
        key=entry.key,
        title=entry.title,
        url=entry.url,
        content_hash=content_hash(entry),
        first_seen_at=seen_at,
        last_seen_at=seen_at,
        # A review's content is as old as its publication when we first see it; never newer than the
        # harvest that found it.
        content_updated_at=min(published_at, seen_at),
    )
    _apply_content(review, entry)
    session.add(review)
    return review


def confirm_listing(
    *, session: Session, partnership: Partnership, source: Source, seen_at: dt.datetime
) -> StoreResult:
    """The source's page has not changed since its latest successful harvest (HTTP 304): every review that
    harvest saw there is seen again, and its site status moves as the lifecycle says. Content is untouched."""
    latest = latest_ok_run(session=session, source=source)
    if latest is None:
        return StoreResult()
    listed = session.exec(
        select(Review).where(Review.source_id == source.id, col(Review.last_seen_at) >= latest)
    ).all()
    for review in listed:
        _record_sighting(session, review, partnership, source, seen_at)
    session.flush()
    return StoreResult(unchanged=len(listed))


def latest_ok_run(*, session: Session, source: Source, full: bool = False) -> dt.datetime | None:
    """When the source's latest successful harvest began; with `full`, the latest that read the page in
    full (not a 304)."""
    query = select(func.max(HarvestRun.started_at)).where(
        HarvestRun.source_id == source.id, HarvestRun.status == HarvestOutcome.OK
    )
    return session.exec(query.where(HarvestRun.http_status != 304) if full else query).one()


def _unique(entries: Sequence[ReviewIn]) -> list[ReviewIn]:
    """One entry per key; a page listing a review twice keeps the first listing."""
    seen: dict[str, ReviewIn] = {}
    for entry in entries:
        if entry.key in seen:
            log.warning("review %s listed twice on %s; keeping the first listing", entry.key, entry.url)
            continue
        seen[entry.key] = entry
    return list(seen.values())


def start_run(*, session: Session, source: Source, at: dt.datetime) -> HarvestRun:
    run = HarvestRun(source_id=_required(source.id), started_at=at, url=source.url)
    session.add(run)
    session.flush()
    return run


def finish_run(
    *,
    session: Session,
    run: HarvestRun,
    source: Source,
    at: dt.datetime,
    result: StoreResult | None = None,
    entries_found: int = 0,
    http_status: int | None = None,
    page_bytes: int | None = None,
    error: str | None = None,
    suspicious: bool = False,
    validators: tuple[str | None, str | None] | None = None,
) -> HarvestRun:
    """Close a run and update the source's health: last success, last error, consecutive failures, and
    (after a full read) the page's `validators`, its ETag and Last-Modified, for the next conditional GET.
    A `suspicious` run (its `error` says why the page was not believed) counts as a failure."""
    run.finished_at = at
    run.http_status = http_status
    run.entries_found = entries_found
    run.page_bytes = page_bytes
    if suspicious:
        run.status = HarvestOutcome.SUSPICIOUS
    else:
        run.status = HarvestOutcome.FAILED if error else HarvestOutcome.OK
    run.error = error
    if result is not None:
        run.created, run.changed, run.unchanged = result.created, result.changed, result.unchanged
    if error:
        source.last_error, source.last_error_at = error, at
        source.consecutive_failures += 1
    else:
        source.last_success_at = at
        source.consecutive_failures = 0
        if validators is not None:
            source.etag, source.last_modified = validators
    session.add_all([run, source])
    session.flush()
    return run


USUAL_RUNS = 5  # the plausible full reads a harvest is compared with


def usual_harvest(*, session: Session, source: Source) -> plausibility.Usual:
    """The page lengths and review counts of the source's latest plausible full reads (not 304s)."""
    query = (
        select(HarvestRun.page_bytes, HarvestRun.entries_found)
        .where(
            HarvestRun.source_id == source.id,
            HarvestRun.status == HarvestOutcome.OK,
            HarvestRun.http_status != 304,
        )
        .order_by(col(HarvestRun.started_at).desc())
        .limit(USUAL_RUNS)
    )
    runs = session.exec(query).all()
    return plausibility.Usual(
        lengths=[length for length, _ in runs if length is not None], counts=[count for _, count in runs]
    )


# ---------------------------------------------------------------------------------------------------------
# The lifecycle's evidence: reviews missing from their page, their documents, removal
# ---------------------------------------------------------------------------------------------------------


def missing_reviews(*, session: Session, source: Source, seen_at: dt.datetime) -> list[Review]:
    """Reviews the source's page listed before and not in the harvest that saw its listing at `seen_at`."""
    query = (
        select(Review)
        .where(
            Review.source_id == source.id,
            col(Review.site_status).in_([SiteStatus.LIVE, SiteStatus.RETENTION_DUE]),
            col(Review.last_seen_at) < seen_at,
        )
        .options(selectinload(Review.documents))  # type: ignore[arg-type]
    )
    return list(session.exec(query.order_by(col(Review.id))))


def documents_to_check(
    *, session: Session, source: Source, seen_at: dt.datetime, limit: int
) -> list[Document]:
    """At most `limit` documents of the source's reviews to check after the harvest at `seen_at`: those of
    reviews missing from the page first (the evidence their removal needs), then, least recently checked
    first, those of the reviews still listed that were not checked within CHECK_EVERY."""
    missing = [
        d for r in missing_reviews(session=session, source=source, seen_at=seen_at) for d in r.documents
    ]
    listed = (
        select(Document)
        .join(Review)
        .where(
            Review.source_id == source.id,
            col(Review.last_seen_at) >= seen_at,
            col(Document.last_checked_at).is_(None)
            | (col(Document.last_checked_at) <= seen_at - CHECK_EVERY),
        )
        .order_by(col(Document.last_checked_at).is_not(None), col(Document.last_checked_at), col(Document.id))
        .limit(limit)
    )
    return (missing + list(session.exec(listed)))[:limit]


def record_document_checks(*, session: Session, checks: Sequence[tuple[int, Check]], at: dt.datetime) -> int:
    """Store what each document (by id) answered; a document whose bytes differ from those fetched before is
    a change of its review. Returns how many changed."""
    changed = 0
    for document_id, check in checks:
        document = session.get_one(Document, document_id)
        document.last_checked_at, document.last_check_status = at, check.status
        if check.found:
            document.size = check.size if check.size is not None else document.size
            document.media_type = document.media_type or check.media_type  # the link's type, else as served
            if check.etag or check.last_modified or check.content_hash:
                document.etag, document.last_modified = check.etag, check.last_modified
        if check.content_hash is not None:
            change = lifecycle.when_document_fetched(
                document.content_hash, check.content_hash, title=document.title, url=document.url
            )
            document.content_hash = check.content_hash
            if change is not None and document.review is not None:
                apply_change(session, document.review, change, at=at)
                document.changed_at = at
                changed += 1
        session.add(document)
    session.flush()
    return changed


def remove_missing(*, session: Session, source: Source, seen_at: dt.datetime, needed: int) -> list[Review]:
    """Remove the reviews missing from the source's page that the lifecycle says are gone: missing from
    `needed` plausible harvests in a row (counted from the HarvestRuns: only `ok` runs count) and their
    documents answering 404/410 when checked since. Returns the reviews removed."""
    missing = missing_reviews(session=session, source=source, seen_at=seen_at)
    if not missing:
        return []
    since = min(r.last_seen_at for r in missing)
    query = select(HarvestRun.started_at).where(
        HarvestRun.source_id == source.id,
        HarvestRun.status == HarvestOutcome.OK,
        col(HarvestRun.started_at) > since,
    )
    starts = sorted(session.exec(query))
    removed = []
    for review in missing:
        absent = [start for start in starts if start > review.last_seen_at]
        if not absent:
            continue
        answers = [
            lifecycle.DocumentAnswer(
                d.url,
                d.last_check_status
                if d.last_checked_at and d.last_checked_at > review.last_seen_at
                else None,
            )
            for d in review.documents
        ]
        change = lifecycle.when_absent(
            review.site_status,
            absences=len(absent),
            needed=needed,
            missing_since=absent[0].date(),
            documents=answers,
        )
        if change is not None:
            apply_change(session, review, change, at=seen_at)
            removed.append(review)
    session.flush()
    return removed


# ---------------------------------------------------------------------------------------------------------
# Archive matching: a repository's entries
# ---------------------------------------------------------------------------------------------------------


def archive_entries(
    *, session: Session, source: Source, entries: Sequence[ArchiveEntry], seen_at: dt.datetime
) -> StoreResult:
    """Match each entry of a repository's list (archive.match_entry) and apply what it decides: a matched
    review is archived with the entry's link, themes and recommendations; an entry matching nothing is
    catalogued as a review of its own (its partnership created from the name if we have none); an ambiguous
    one is only recorded. Every entry's outcome and reason is kept as an ArchiveRecord. Idempotent: an entry
    read again (the next week, or on the other list) changes nothing, and a match once made is kept."""
    unique = list({entry.url: entry for entry in entries}.values())
    urls = [entry.url for entry in unique]
    records = {r.url: r for r in session.exec(select(ArchiveRecord).where(col(ArchiveRecord.url).in_(urls)))}
    held = {r.nspcc_url: r for r in session.exec(select(Review).where(col(Review.nspcc_url).in_(urls)))}
    kind = Partnership.kind == PartnershipKind.PARTNERSHIP
    partnerships = list(session.exec(select(Partnership).where(kind)))
    counted: Counter[str] = Counter()
    for entry in unique:
        partnership = archive.find_partnership(entry.partnership or archive.ANONYMOUS, partnerships)
        seen = [
            r for r in (partnership.reviews if partnership else []) if r.site_status != SiteStatus.NOT_SEEN
        ]
        match = archive.match_entry(entry, partnership, seen)
        earlier = held.get(entry.url)
        if earlier in seen and match.review is not earlier and entry.url in records:
            match = archive.Match(MatchOutcome.MATCHED, records[entry.url].reason, earlier)
        if partnership is None and match.outcome in (MatchOutcome.PARTIAL, MatchOutcome.UNMATCHED):
            partnership = _partnership_from(session, entry)
            partnerships.append(partnership)
        review, verb = _apply_match(session, source, entry, match, partnership, earlier, seen_at)
        counted[verb] += 1
        record = records.get(entry.url) or ArchiveRecord(  # type: ignore[call-arg]  # source_id set below
            url=entry.url, first_seen_at=seen_at
        )
        record.source_id, record.title, record.year = _required(source.id), entry.title, entry.year
        record.partnership_name, record.outcome, record.reason = (
            entry.partnership,
            match.outcome,
            match.reason,
        )
        record.review, record.last_seen_at = review, seen_at
        session.add(record)
    session.flush()
    return StoreResult(created=counted["created"], changed=counted["changed"], unchanged=counted["unchanged"])


def _apply_match(
    session: Session,
    source: Source,
    entry: ArchiveEntry,
    match: archive.Match,
    partnership: Partnership | None,
    earlier: Review | None,
    seen_at: dt.datetime,
) -> tuple[Review | None, str]:
    """Archive the matched review, or catalogue the entry as a review of its own; the review and whether
    it was "created", "changed" or "unchanged"."""
    outcome = match.outcome
    match outcome:
        case MatchOutcome.MATCHED:
            assert match.review is not None
            changed = _archive(session, match.review, entry, why=match.reason, at=seen_at)
            return match.review, "changed" if changed else "unchanged"
        case MatchOutcome.PARTIAL | MatchOutcome.UNMATCHED:
            assert partnership is not None, "a partnership is made for an entry that matches nothing"
            own = earlier if earlier is not None and earlier.site_status == SiteStatus.NOT_SEEN else None
            review, verb = _catalogue(session, partnership, source, entry, own, seen_at)
            why = f"listed by the NSPCC repository; not matched: {match.reason}"
            changed = _archive(session, review, entry, why=why, at=seen_at)
            return review, "changed" if changed and verb == "unchanged" else verb
        case MatchOutcome.AMBIGUOUS:
            log.warning("%s: not matched: %s", entry.evidence, match.reason)
            return None, "unchanged"
        case _:
            assert_never(outcome)


def _archive(session: Session, review: Review, entry: ArchiveEntry, *, why: str, at: dt.datetime) -> bool:
    """Mark the review archived at the NSPCC with the entry's link and lists; True if anything changed."""
    before = (review.nspcc_url, review.learning_themes, review.recommendations, review.archived_at)
    review.nspcc_url = review.nspcc_url or entry.url  # a review archived once keeps the link it was given
    review.learning_themes, review.recommendations = list(entry.themes), list(entry.recommendations)
    change = lifecycle.when_archived(review.archive_state, why=why, evidence=entry.evidence)
    if change is not None:
        apply_change(session, review, change, at=at)
    session.add(review)
    return before != (review.nspcc_url, review.learning_themes, review.recommendations, review.archived_at)


def _catalogue(
    session: Session,
    partnership: Partnership,
    source: Source,
    entry: ArchiveEntry,
    own: Review | None,
    seen_at: dt.datetime,
) -> tuple[Review, str]:
    """The review an entry matching nothing is catalogued as: `own`, the one made from it before, else a new
    one (known only from the list: `not-seen`); and whether it was "created", "changed" or "unchanged"."""
    reading = archive.own_review(entry, partnership.slug)
    if own is not None:
        own.last_seen_at = seen_at
        if own.content_hash == content_hash(reading):
            return own, "unchanged"
        _apply_content(own, reading)  # the NSPCC edited its entry; the key stays
        own.content_hash, own.content_updated_at = content_hash(reading), seen_at
        return own, "changed"
    if session.exec(select(Review.id).where(Review.key == reading.key)).first() is not None:
        # Another review holds the key its partnership's page would give it (the partial match's, say).
        reading = reading.model_copy(update={"key": archive.record_key(entry, partnership.slug)})
    review = new_review(session, partnership, source, reading, seen_at)
    apply_change(session, review, lifecycle.when_catalogued(evidence=entry.evidence), at=seen_at)
    return review, "created"


def _partnership_from(session: Session, entry: ArchiveEntry) -> Partnership:
    """A partnership known only from the NSPCC's lists (or "Anonymous"): no sources, no homepage."""
    name = entry.partnership or archive.ANONYMOUS
    slug = base = archive.partnership_slug(name)
    taken = set(session.exec(select(Partnership.slug).where(col(Partnership.slug).startswith(base))))
    suffix = 1
    while slug in taken:  # another row, whose name normalises differently, has the slug
        suffix += 1
        slug = f"{base}-{suffix}"
    partnership = Partnership(slug=slug, name=name, homepage="")
    session.add(partnership)
    session.flush()
    return partnership


def list_archive_records(*, session: Session) -> list[ArchiveRecord]:
    """Every entry read from a repository's lists, with the review it was matched to or catalogued as."""
    query = select(ArchiveRecord).options(selectinload(ArchiveRecord.review))  # type: ignore[arg-type]
    return list(session.exec(query.order_by(col(ArchiveRecord.year).desc(), col(ArchiveRecord.title))))


def list_partnerships(*, session: Session, repositories: bool = False) -> list[Partnership]:
    """The partnerships (with their sources), which have feeds; with `repositories`, the repositories too."""
    sources = selectinload(Partnership.sources)  # type: ignore[arg-type]
    query = select(Partnership).options(sources).order_by(Partnership.name)
    if not repositories:
        query = query.where(Partnership.kind == PartnershipKind.PARTNERSHIP)
    return list(session.exec(query))


def never_harvested(*, session: Session) -> list[str]:
    """Enabled sources (as `slug/name`) that have never been harvested successfully."""
    query = (
        select(Partnership.slug, Source.name)
        .join(Source)
        .where(col(Source.enabled), col(Source.last_success_at).is_(None))
    )
    return [f"{slug}/{name}" for slug, name in session.exec(query.order_by(Partnership.slug, Source.name))]


def list_reviews(*, session: Session, partnership: str | None = None) -> list[Review]:
    """Reviews with their documents, events and partnership loaded, for the feeds and the index."""
    query = select(Review).options(
        selectinload(Review.documents),  # type: ignore[arg-type]
        selectinload(Review.events),  # type: ignore[arg-type]
        selectinload(Review.partnership),  # type: ignore[arg-type]
    )
    if partnership is not None:
        query = query.join(Partnership).where(Partnership.slug == partnership)
    return list(session.exec(query.order_by(col(Review.id))))


# ---------------------------------------------------------------------------------------------------------
# The push API: partnerships registered in the store, pushed and withdrawn reviews, API tokens
# ---------------------------------------------------------------------------------------------------------


def registered_partnerships(*, session: Session) -> list[RegisteredPartnership]:
    """Every partnership registered in the store, validated as a file is. One that no longer validates (its
    adapter since removed, say) is logged and left out, so its sources are disabled until it is fixed."""
    result = []
    for row in session.exec(select(Registration).order_by(Registration.slug)):
        try:
            result.append(RegisteredPartnership.model_validate({**row.config, "slug": row.slug}))
        except ValidationError as exc:
            problems = "; ".join(f"{field}: {message}" for field, message in field_errors(exc.errors()))
            log.warning("registration of %s no longer validates and is left out: %s", row.slug, problems)
    return result


def with_registered(
    *, session: Session, partnerships: Sequence[PartnershipConfig]
) -> list[PartnershipConfig]:
    """The partnerships configured by files, then those registered in the store that no file configures: a
    file wins. Registrations among `partnerships` are read afresh, so a long-running process (`cspr serve`)
    never syncs one as it was when it started."""
    configured = [p for p in partnerships if not isinstance(p, RegisteredPartnership)]
    slugs = {p.slug for p in configured}
    return [*configured, *(r for r in registered_partnerships(session=session) if r.slug not in slugs)]


def registration(*, session: Session, slug: str) -> Registration | None:
    return session.exec(select(Registration).where(Registration.slug == slug)).first()


def save_registration(
    *, session: Session, settings: Settings, config: RegisteredPartnership, at: dt.datetime
) -> bool:
    """Register (or re-register) a partnership and sync its rows now; True if it is new."""
    row = registration(session=session, slug=config.slug)
    created = row is None
    row = row or Registration(slug=config.slug, registered_at=at, updated_at=at)
    given = config.model_dump(mode="json", exclude={"slug"})
    if row.config != given:
        row.config, row.updated_at = given, at
    session.add(row)
    _sync_partnership(session, settings, config, get_partnership(session=session, slug=config.slug))
    return created


def remove_registration(*, session: Session, slug: str, at: dt.datetime) -> int | None:
    """Unregister a partnership: its sources are disabled and its tokens revoked (how many is returned);
    its reviews stay, as the record of what was published. None if it was not registered."""
    row = registration(session=session, slug=slug)
    if row is None:
        return None
    session.delete(row)
    partnership = get_partnership(session=session, slug=slug)
    revoked = 0
    if partnership is not None:
        for source in partnership.sources:
            source.enabled = False
            session.add(source)
        for token in session.exec(
            select(ApiToken).where(
                ApiToken.partnership_id == partnership.id, col(ApiToken.revoked_at).is_(None)
            )
        ):
            token.revoked_at = at
            session.add(token)
            revoked += 1
    session.flush()
    return revoked


def get_partnership(*, session: Session, slug: str) -> Partnership | None:
    return session.exec(select(Partnership).where(Partnership.slug == slug)).first()


def push_review(
    *, session: Session, partnership: Partnership, entry: ReviewIn, url: str, at: dt.datetime
) -> tuple[StoreResult, Review]:
    """Store one review a partnership pushed, as a harvest of its push source (made on its first push, at
    `url`) would: the same matching, idempotence and lifecycle. Returns what changed and the stored review."""
    source = session.exec(
        select(Source).where(Source.partnership_id == partnership.id, Source.name == PUSH_SOURCE)
    ).first() or Source(
        partnership_id=_required(partnership.id), name=PUSH_SOURCE, adapter=PUSH_SOURCE, url=url, schedule=""
    )
    # Enabled, with no harvest runs: a review it holds is never taken over by a harvested page (and one a
    # page lists stays with the page). Its last success is the partnership's latest push.
    source.enabled, source.url, source.last_success_at = True, url, at
    session.add(source)
    session.flush()
    result = upsert_reviews(
        session=session, partnership=partnership, source=source, entries=[entry], seen_at=at
    )
    review = _StoredReviews(session, partnership, [entry]).find(entry)
    if review is None:  # upsert_reviews stores or finds every entry it is given
        raise LookupError(f"pushed review {entry.key} is not in the store")
    return result, review


def find_review(*, session: Session, partnership: Partnership, key: str) -> Review | None:
    documents = selectinload(Review.documents)  # type: ignore[arg-type]
    query = select(Review).where(Review.partnership_id == partnership.id, Review.key == key)
    return session.exec(query.options(documents)).first()


def withdraw_review(*, session: Session, review: Review, at: dt.datetime, reason: str, evidence: str) -> bool:
    """The partnership withdrew the review: its site status becomes `removed`, with a StatusEvent saying
    why. The row and its documents stay. False if it was removed already (nothing changes)."""
    change = lifecycle.when_withdrawn(review.site_status, reason=reason, evidence=evidence)
    if change is None:
        return False
    apply_change(session, review, change, at=at)
    session.add(review)
    session.flush()
    return True


def add_token(
    *, session: Session, partnership: Partnership | None, prefix: str, secret_hash: str, at: dt.datetime
) -> ApiToken:
    token = ApiToken(
        prefix=prefix,
        secret_hash=secret_hash,
        partnership_id=partnership.id if partnership else None,
        created_at=at,
    )
    session.add(token)
    session.flush()
    return token


def find_token(*, session: Session, prefix: str) -> ApiToken | None:
    query = select(ApiToken).where(ApiToken.prefix == prefix)
    return session.exec(query.options(selectinload(ApiToken.partnership))).first()  # type: ignore[arg-type]


def list_tokens(*, session: Session) -> list[ApiToken]:
    query = select(ApiToken).options(selectinload(ApiToken.partnership))  # type: ignore[arg-type]
    return list(session.exec(query.order_by(col(ApiToken.id))))


def revoke_token(*, session: Session, token_id: int, at: dt.datetime) -> ApiToken | None:
    """Revoke a token (kept, never deleted); None if there is none. Revoking twice changes nothing."""
    token = session.get(ApiToken, token_id)
    if token is not None and token.revoked_at is None:
        token.revoked_at = at
        session.add(token)
        session.flush()
    return token
