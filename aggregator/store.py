"""The only module that speaks SQL: registry sync, idempotent review upserts, harvest runs, reads.

Functions take keyword-only arguments and a Session; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, func, select

from aggregator import lifecycle
from aggregator.models import (
    ApiToken,
    Document,
    Fact,
    HarvestOutcome,
    HarvestRun,
    Partnership,
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
    for field in ("name", "short_name", "homepage", "nation", "region", "retention_months"):
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

    An entry matches by the id its feed gives it (entry_id), then key, then case reference, then a document
    URL, so a review keeps its identity when retitled, re-keyed or moved. A document URL identifies a review
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

    def find(self, entry: ReviewIn) -> Review | None:
        """The stored review this entry is, or None for a new one; claims what it returns."""
        found = self.by_entry_id.get(entry.entry_id) if entry.entry_id else None
        if found is None:
            found = self.by_key.get(entry.key)
        if found is None and entry.case_reference:
            found = self.by_reference.get(entry.case_reference)
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
        row.sqlmodel_update(doc.model_dump())
        row.position = position
        documents.append(row)
    review.documents = documents


def _read_differently(review: Review, entry: ReviewIn) -> bool:
    """Whether normalise now reads unchanged content differently (type, reference, names, kinds)."""
    stored = (review.review_type, review.case_reference, review.pseudonyms, review.themes)
    if stored != (entry.review_type, entry.case_reference, entry.pseudonyms, entry.themes):
        return True
    reading = [(d.kind, d.media_type, d.published_on, d.published_precision) for d in review.documents]
    return reading != [(d.kind, d.media_type, d.published_on, d.published_precision) for d in entry.documents]


def _record_sighting(
    session: Session, review: Review, partnership: Partnership, source: Source, seen_at: dt.datetime
) -> None:
    """The review was seen on `source` at `seen_at`: move its site status as the lifecycle says."""
    review.last_seen_at = seen_at
    review.source_id = source.id
    review.retention_due_on = lifecycle.retention_due_on(
        review.published_on, review.published_precision, partnership.retention_months
    )
    status = lifecycle.status_when_seen(review.retention_due_on, seen_at.date())
    reason = lifecycle.reason_when_seen(status, review.retention_due_on)
    _set_site_status(session, review, status, at=seen_at, reason=reason, evidence=source.url)


def _set_site_status(
    session: Session, review: Review, status: SiteStatus, *, at: dt.datetime, reason: str, evidence: str
) -> None:
    if review.site_status == status and review.id is not None:
        return
    session.add(
        StatusEvent(  # type: ignore[call-arg]  # review_id comes from the relationship
            review=review,
            at=at,
            fact=Fact.SITE,
            old=review.site_status if review.id else None,
            new=status,
            reason=reason,
            evidence=evidence,
        )
    )
    review.site_status = status


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
            published_at = (
                dt.datetime.combine(entry.published_on, dt.time(), dt.UTC) if entry.published_on else seen_at
            )
            review = Review(
                partnership_id=_required(partnership.id),
                source_id=source.id,
                key=entry.key,
                title=entry.title,
                url=entry.url,
                content_hash=digest,
                first_seen_at=seen_at,
                last_seen_at=seen_at,
                # A review's content is as old as its publication when we first see it; never newer
                # than the harvest that found it.
                content_updated_at=min(published_at, seen_at),
            )
            _apply_content(review, entry)
            session.add(review)
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
    error: str | None = None,
    validators: tuple[str | None, str | None] | None = None,
) -> HarvestRun:
    """Close a run and update the source's health: last success, last error, consecutive failures, and
    (after a full read) the page's `validators`, its ETag and Last-Modified, for the next conditional GET."""
    run.finished_at = at
    run.http_status = http_status
    run.entries_found = entries_found
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


def list_partnerships(*, session: Session) -> list[Partnership]:
    sources = selectinload(Partnership.sources)  # type: ignore[arg-type]
    return list(session.exec(select(Partnership).options(sources).order_by(Partnership.name)))


def never_harvested(*, session: Session) -> list[str]:
    """Enabled sources (as `slug/name`) that have never been harvested successfully."""
    query = (
        select(Partnership.slug, Source.name)
        .join(Source)
        .where(col(Source.enabled), col(Source.last_success_at).is_(None))
    )
    return [f"{slug}/{name}" for slug, name in session.exec(query.order_by(Partnership.slug, Source.name))]


def list_reviews(*, session: Session, partnership: str | None = None) -> list[Review]:
    """Reviews with their documents and partnership loaded, for the feeds and the index."""
    query = select(Review).options(
        selectinload(Review.documents),  # type: ignore[arg-type]
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
    if review.site_status == SiteStatus.REMOVED:
        return False
    _set_site_status(session, review, SiteStatus.REMOVED, at=at, reason=reason, evidence=evidence)
    review.removed_at = at
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
