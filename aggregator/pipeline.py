"""Joins the stages: fetch → parse → normalise → store, for many sources at once.

`run_all` is what `cspr harvest`, the scheduler and the demo call. Sources are harvested by up to
`harvest_concurrency` threads, one per host at a time (a host's sources one after another, so its turns and
delays cost no other host anything): a slow or dripping site holds only its own thread. Each thread fetches
and parses on its own; store transactions take turns (`_STORE`): SQLite has one writer, and two sources of
one partnership may list the same review.

Each source's reviews are stored in one transaction with its HarvestRun's outcome: a source that fails, for
whatever reason, changes no review, is recorded on its HarvestRun and in its health, and the others go on.
Failures that are not SourceErrors are bugs, logged with their traceback, and still never stop the others.

A page that cannot be believed (cut off, a maintenance page, far shorter than usual, ...) is a
failure too, recorded as `suspicious`: it stores and removes nothing.

A repository's page (the NSPCC's lists) goes the same way, but its entries are matched to stored reviews
(aggregator/archive.py) instead of being stored as reviews of its own. After a plausible harvest of a
partnership's page, its documents are checked and the reviews gone from it removed when the evidence says so
(aggregator/lifecycle.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, replace
from typing import Any, assert_never
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, select

import sources
from aggregator import archive, plausibility, store
from aggregator.addresses import check_url
from aggregator.documents import Check, Known, check_document
from aggregator.errors import ConfigError, FetchError, ParseError, SkipEntry, SourceError, SuspiciousHarvest
from aggregator.fetch import Fetcher
from aggregator.hosts import Hosts
from aggregator.http import make_client
from aggregator.models import HarvestRun, Partnership, PartnershipKind, ReviewIn, Source
from aggregator.normalise import PartnershipWords, normalise
from aggregator.settings import PartnershipConfig, Settings, SourceConfig
from sources.base import Page, RawEntry
from sources.reading.documents import is_generic, names_only_its_kind

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
FULL_READ_EVERY = dt.timedelta(days=7)
_STORE = threading.Lock()  # the process's store transactions, one at a time
# The lifecycle's settings when run_source is called without Settings (as the defaults declare them).
LIFECYCLE_DEFAULTS: dict[str, int] = {
    name: Settings.model_fields[name].default for name in ("max_document_checks", "removal_absences")
}


def utcnow() -> dt.datetime:
    """Now, in UTC, to the second: stored times and the feeds' `updated` need no microseconds."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class SourceOutcome:
    """What one source's harvest did, for the CLI's summary and exit status."""

    partnership: str
    source: str
    url: str
    error: str | None = None
    entries: int = 0
    result: store.StoreResult | None = None
    unchanged: bool = False  # the page answered 304: the last listing was confirmed, nothing read
    moved_to: str | None = None  # permanent redirects (301, 308) led here: the URL the config should give
    suspicious: bool = False  # the page was read and not believed: nothing of it stored
    documents_checked: int = 0
    documents_changed: int = 0  # bytes replaced under the same URL
    removed: int = 0  # reviews the lifecycle removed after this harvest

    @property
    def ok(self) -> bool:
        return self.error is None


def summary(outcomes: Sequence[SourceOutcome]) -> str:
    """One line for a whole harvest: "3 sources: 2 ok, 1 unchanged, 0 failed; reviews: 5 new, 1 changed",
    saying also how many failures were suspicious pages and how many reviews were removed, if any."""
    failed = sum(not o.ok for o in outcomes)
    suspicious = sum(o.suspicious for o in outcomes)
    unchanged = sum(o.ok and o.unchanged for o in outcomes)
    results = [o.result for o in outcomes if o.result]
    removed = sum(o.removed for o in outcomes)
    ok = len(outcomes) - failed - unchanged
    return (
        f"{len(outcomes)} source{'' if len(outcomes) == 1 else 's'}: {ok} ok, "
        f"{unchanged} unchanged, {failed} failed{f' ({suspicious} suspicious)' if suspicious else ''}; "
        f"reviews: {sum(r.created for r in results)} new, {sum(r.changed for r in results)} changed"
        + (f", {removed} removed" if removed else "")
    )


def select_sources(
    partnerships: Sequence[PartnershipConfig], only: Sequence[str] = ()
) -> list[tuple[PartnershipConfig, SourceConfig]]:
    """Enabled sources, or those named in `only` as `slug` or `slug/source`."""
    chosen = []
    for partnership in partnerships:
        for source in partnership.sources:
            names = {partnership.slug, f"{partnership.slug}/{source.name}"}
            if (only and names & set(only)) or (not only and source.enabled):
                chosen.append((partnership, source))
    known = {n for p in partnerships for s in p.sources for n in (p.slug, f"{p.slug}/{s.name}")}
    unknown = sorted(set(only) - known)
    if unknown:
        raise ConfigError(f"unknown source {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return chosen


def partnership_words(partnership: PartnershipConfig) -> PartnershipWords:
    """The partnership as normalise knows it: its slug, and the words of its name and short name
    ("Derby and Derbyshire Safeguarding Children Partnership", "DDSCP"), which never name a child."""
    tokens = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", f"{partnership.name} {partnership.short_name or ''}")
    return PartnershipWords(
        partnership.slug, frozenset(w for token in tokens for w in (token, *token.split("-")))
    )


def parse_page(page: Page, source: SourceConfig, partnership: PartnershipConfig) -> list[ReviewIn]:
    """Run the source's adapter over a fetched page and normalise what it found."""
    return _normalise_all(
        read_page(page, source.adapter, source.options), partnership_words(partnership), page.url
    )


def _normalise_all(raws: Sequence[RawEntry], words: PartnershipWords, url: str) -> list[ReviewIn]:
    entries = []
    for raw in raws:
        try:
            entries.append(normalise(raw, words))
        except SkipEntry as exc:
            log.warning("%s: skipped an entry on %s: %s", words.slug, url, exc)
    return entries


def read_page(page: Page, adapter_name: str, options: Mapping[str, Any]) -> list[RawEntry]:
    """Run an adapter, with a source's options, over a fetched page: entries as found."""
    adapter = sources.get_adapter(adapter_name)
    return list(adapter.parse(page, adapter.options.model_validate(options)))


def reading_warnings(entries: Sequence[ReviewIn]) -> list[str]:
    """What a person checking a new source should look at: reviews with no date or no document, titles that
    name nothing, and a document two reviews claim."""
    warnings = []
    owners: dict[str, list[str]] = {}
    for entry in entries:
        if entry.published_on is None:
            warnings.append(f"{entry.title!r}: no publication date found")
        if not entry.documents:
            warnings.append(f"{entry.title!r}: no document found")
        if is_generic(entry.title) or names_only_its_kind(entry.title):
            warnings.append(f"{entry.title!r}: the title is a generic phrase, not the review's name")
        for document in entry.documents:
            owners.setdefault(document.url, []).append(entry.title)
    warnings += [
        f"{url} is claimed by {len(titles)} reviews: {', '.join(map(repr, titles))}"
        for url, titles in owners.items()
        if len(titles) > 1
    ]
    return warnings


def run_source(
    *,
    engine: Engine,
    partnership: PartnershipConfig,
    source: SourceConfig,
    fetcher: Fetcher,
    now: Clock = utcnow,
    settings: Settings | None = None,
) -> SourceOutcome:
    """Harvest one source and record a HarvestRun, whatever happens.

    The run is recorded first (so a crash leaves a trace); the reviews and the run's outcome are then
    committed together. A failure rolls back every change to reviews and is recorded on the run instead; so
    does a page that cannot be believed (aggregator/plausibility.py), whose run is `suspicious`: nothing of it
    is stored. After a plausible harvest of a partnership's page, the lifecycle follows (`_follow_lifecycle`).
    """
    with _STORE, Session(engine) as session:
        _, source_row = _rows(session, partnership.slug, source.name)
        started = now()
        run_id = store.start_run(session=session, source=source_row, at=started).id
        validators = _validators(session, source_row, started)
        usual = store.usual_harvest(session=session, source=source_row)
        session.commit()
    label = f"{partnership.slug}/{source.name}"
    page: Page | None = None
    found = 0
    suspicious = False
    try:
        fetched = fetcher.fetch(source.url, validators=validators)
        page, moved_to = fetched.page, fetched.moved_to
        if moved_to:
            log.warning("%s: %s moved permanently to %s", label, source.url, moved_to)
        unchanged = page.status == 304 and validators is not None
        with _STORE, Session(engine) as session:
            _, source_row = _rows(session, partnership.slug, source.name)
            source_row.moved_to = moved_to
            seen = now()
            found, result = _store_page(session, partnership, source_row, page, unchanged, usual, seen)
            read = None if unchanged else (page.headers.get("etag"), page.headers.get("last-modified"))
            length = None if unchanged else len(page.content)
            store.finish_run(
                session=session, run=session.get_one(HarvestRun, run_id), source=source_row, at=now(),
                result=result, entries_found=found, http_status=page.status, page_bytes=length,
                validators=read,
            )  # fmt: skip
            session.commit()
        outcome = SourceOutcome(
            partnership.slug, source.name, source.url, None, found, result, unchanged, moved_to
        )
        return _follow_lifecycle(engine, partnership, source, fetcher, settings, seen, outcome)
    except SuspiciousHarvest as exc:
        error, suspicious = str(exc), True
        log.warning("%s: %s", label, error)
    except SourceError as exc:
        error = str(exc)
        log.warning("%s failed: %s", label, error)
    except Exception as exc:  # a bug in one adapter or page must not stop the others
        error = f"unexpected {type(exc).__name__} harvesting {source.url}: {exc}"
        log.exception("%s failed: %s", label, error)
    with _STORE, Session(engine) as session:
        _, source_row = _rows(session, partnership.slug, source.name)
        store.finish_run(
            session=session, run=session.get_one(HarvestRun, run_id), source=source_row, at=now(),
            entries_found=found, http_status=page.status if page else None, error=error,
            suspicious=suspicious, page_bytes=len(page.content) if page else None,
        )  # fmt: skip
        session.commit()
    return SourceOutcome(partnership.slug, source.name, source.url, error, found, suspicious=suspicious)


def _store_page(
    session: Session,
    partnership: PartnershipConfig,
    source: Source,
    page: Page,
    unchanged: bool,
    usual: plausibility.Usual,
    seen: dt.datetime,
) -> tuple[int, store.StoreResult]:
    """Store what a page lists, if it can be believed: a partnership's reviews, or a repository's entries
    matched to them. An `unchanged` page (304) confirms the partnership's last listing. How many entries it
    read, and what the store did."""
    kind = partnership.kind
    row = source.partnership
    match kind:
        case PartnershipKind.PARTNERSHIP if unchanged:
            result = store.confirm_listing(session=session, partnership=row, source=source, seen_at=seen)
            return result.unchanged, result
        case PartnershipKind.PARTNERSHIP:
            entries = _normalise_all(
                _read_believed(page, source, usual), partnership_words(partnership), page.url
            )
            _believe(page, len(entries), usual)
            result = store.upsert_reviews(
                session=session, partnership=row, source=source, entries=entries, seen_at=seen
            )
            return len(entries), result
        case PartnershipKind.REPOSITORY if unchanged:
            return 0, store.StoreResult()  # the entries read last time were matched then
        case PartnershipKind.REPOSITORY:
            listed = [archive.read_entry(raw) for raw in _read_believed(page, source, usual)]
            _believe(page, len(listed), usual)
            return len(listed), store.archive_entries(
                session=session, source=source, entries=listed, seen_at=seen
            )
        case _:
            assert_never(kind)


def _read_believed(page: Page, source: Source, usual: plausibility.Usual) -> list[RawEntry]:
    """The entries the source's adapter reads on the page; a page it cannot read is a suspicious harvest."""
    try:
        return read_page(page, source.adapter, source.options)
    except ParseError as exc:
        _believe(page, 0, usual, exc)  # finds nothing read, at least, so it raises
        raise


def _believe(page: Page, found: int, usual: plausibility.Usual, failure: ParseError | None = None) -> None:
    """Raise SuspiciousHarvest, naming the rule, unless the harvest can be believed."""
    doubt = plausibility.doubt(plausibility.Harvest(page, found), usual)
    if doubt is not None:
        said = f" (the reader said: {failure})" if failure else ""
        raise SuspiciousHarvest(f"{page.url}: not believed: {doubt}{said}")


def _follow_lifecycle(
    engine: Engine,
    partnership: PartnershipConfig,
    source: SourceConfig,
    fetcher: Fetcher,
    settings: Settings | None,
    seen: dt.datetime,
    outcome: SourceOutcome,
) -> SourceOutcome:
    """After a plausible harvest of a partnership's page (seen at `seen`): check the documents of the reviews
    missing from it, and those of the others not checked for a week, within the budget; then remove what the
    evidence says is gone. The HTTP requests are made outside any transaction; what they found is recorded
    as of the harvest, `seen`. The budget and the absences needed come from `settings` (their defaults
    without)."""
    if partnership.kind is not PartnershipKind.PARTNERSHIP:
        return outcome
    budget = settings.max_document_checks if settings else LIFECYCLE_DEFAULTS["max_document_checks"]
    needed = settings.removal_absences if settings else LIFECYCLE_DEFAULTS["removal_absences"]
    try:
        with Session(engine) as session:
            _, source_row = _rows(session, partnership.slug, source.name)
            due = store.documents_to_check(session=session, source=source_row, seen_at=seen, limit=budget)
            known = [
                (_required(d.id), Known(d.url, d.size, d.content_hash, d.etag, d.last_modified)) for d in due
            ]
        checks = [_check_document(fetcher, k) for _, k in known]
        with Session(engine) as session:
            _, source_row = _rows(session, partnership.slug, source.name)
            ids = [document_id for document_id, _ in known]
            changed = store.record_document_checks(
                session=session, checks=list(zip(ids, checks, strict=True)), at=seen
            )
            removed = store.remove_missing(session=session, source=source_row, seen_at=seen, needed=needed)
            session.commit()
    except Exception as exc:  # the harvest is stored; its lifecycle follows at the next one
        error = f"unexpected {type(exc).__name__} checking the lifecycle after {source.url}: {exc}"
        log.exception("%s/%s: %s", partnership.slug, source.name, error)
        return replace(outcome, error=error)
    return replace(outcome, documents_checked=len(checks), documents_changed=changed, removed=len(removed))


def _check_document(fetcher: Fetcher, known: Known) -> Check:
    """Check one document, if its URL may be asked for as a page's may (http(s), no credentials, a public
    address unless allow_private_hosts): a page must not lead the harvester to the machine's own network
    through its document links either."""
    try:
        check_url(known.url, allow_private=fetcher.allow_private, resolver=fetcher.resolver)
    except FetchError as exc:
        return Check(known.url, None, error=str(exc))
    return check_document(fetcher.client, known)


def _validators(session: Session, source: Source, now: dt.datetime) -> tuple[str | None, str | None] | None:
    """The validators for a conditional GET of the source's page, unless it is due a full read: at least
    every FULL_READ_EVERY, so an improved adapter or normaliser reaches a page that never changes."""
    if not (source.etag or source.last_modified):
        return None
    full = store.latest_ok_run(session=session, source=source, full=True)
    if full is None or now - full >= FULL_READ_EVERY:
        return None
    return source.etag, source.last_modified


def _required(value: int | None) -> int:
    assert value is not None, "a stored row has an id"
    return value


def _rows(session: Session, slug: str, source_name: str) -> tuple[Partnership, Source]:
    row = session.exec(
        select(Partnership, Source).join(Source).where(Partnership.slug == slug, Source.name == source_name)
    ).one()
    return row[0], row[1]


def run_all(
    *,
    engine: Engine,
    settings: Settings,
    partnerships: Sequence[PartnershipConfig],
    only: Sequence[str] = (),
    client: httpx.Client | None = None,
    now: Clock = utcnow,
    on_done: Callable[[SourceOutcome], None] | None = None,
    hosts: Hosts | None = None,
) -> list[SourceOutcome]:
    """Harvest every chosen source (of the configured and the registered partnerships), up to
    `harvest_concurrency` hosts at once; one failing never stops the others. Outcomes are returned in the
    order the sources were chosen; `on_done` hears of each as it ends, in the caller's thread. `hosts` keeps
    what this process knows of each site (turns, Retry-After, robots.txt) from one call to the next; without
    it, the call starts afresh."""
    with _STORE, Session(engine) as session:
        partnerships = store.with_registered(session=session, partnerships=partnerships)
        chosen = select_sources(partnerships, only)
        store.sync_registry(session=session, settings=settings, partnerships=partnerships)
        session.commit()
    by_host: dict[str, list[int]] = {}
    for index, (_, source) in enumerate(chosen):
        by_host.setdefault(urlsplit(source.url).hostname or "", []).append(index)
    finished: queue.SimpleQueue[tuple[int, SourceOutcome] | BaseException] = queue.SimpleQueue()
    stop = threading.Event()
    outcomes: dict[int, SourceOutcome] = {}
    with nullcontext(client) if client else make_client(settings) as http:
        fetcher = Fetcher(http, settings, hosts=hosts)

        def harvest_host(indices: list[int]) -> None:
            for index in indices:
                if stop.is_set():
                    return
                partnership, source = chosen[index]
                try:
                    outcome = run_source(
                        engine=engine,
                        partnership=partnership,
                        source=source,
                        fetcher=fetcher,
                        now=now,
                        settings=settings,
                    )
                except BaseException as exc:  # a bug in the pipeline itself: the caller raises it
                    finished.put(exc)
                    return
                finished.put((index, outcome))

        workers = max(1, min(settings.harvest_concurrency, len(by_host)))
        with ThreadPoolExecutor(workers, thread_name_prefix="harvest") as pool:
            for indices in by_host.values():
                pool.submit(harvest_host, indices)
            try:
                while len(outcomes) < len(chosen):
                    item = finished.get()
                    if isinstance(item, BaseException):
                        raise item
                    outcomes[item[0]] = item[1]
                    if on_done:
                        on_done(item[1])
            finally:
                stop.set()  # on an error or Ctrl-C, sources not yet begun are left alone
    return [outcomes[index] for index in range(len(chosen))]
