"""Joins the stages: fetch → parse → normalise → store, one source at a time.

`run_all` is what `cspr harvest`, the scheduler and the demo call. Each source's reviews are stored in one
transaction with its HarvestRun's outcome: a source that fails, for whatever reason, changes no review, is
recorded on its HarvestRun and in its health, and the others go on. Failures that are not SourceErrors are
bugs, logged with their traceback, and still never stop the other sources.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, select

import sources
from aggregator import store
from aggregator.errors import ConfigError, SkipEntry, SourceError
from aggregator.fetch import fetch_page
from aggregator.http import make_client
from aggregator.models import HarvestRun, Partnership, ReviewIn, Source
from aggregator.normalise import PartnershipWords, normalise
from aggregator.settings import PartnershipConfig, Settings, SourceConfig
from sources.base import Page

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
FULL_READ_EVERY = dt.timedelta(days=7)


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

    @property
    def ok(self) -> bool:
        return self.error is None


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
    adapter = sources.get_adapter(source.adapter)
    words = partnership_words(partnership)
    entries = []
    for raw in adapter.parse(page, adapter.options.model_validate(source.options)):
        try:
            entries.append(normalise(raw, words))
        except SkipEntry as exc:
            log.warning("%s: skipped an entry on %s: %s", partnership.slug, page.url, exc)
    return entries


def run_source(
    *,
    engine: Engine,
    partnership: PartnershipConfig,
    source: SourceConfig,
    client: httpx.Client,
    now: Clock = utcnow,
) -> SourceOutcome:
    """Harvest one source and record a HarvestRun, whatever happens.

    The run is recorded first (so a crash leaves a trace); the reviews and the run's outcome are then
    committed together. A failure rolls back every change to reviews and is recorded on the run instead.
    """
    with Session(engine) as session:
        _, source_row = _rows(session, partnership.slug, source.name)
        started = now()
        run_id = store.start_run(session=session, source=source_row, at=started).id
        validators = _validators(session, source_row, started)
        session.commit()
    label = f"{partnership.slug}/{source.name}"
    page: Page | None = None
    entries: list[ReviewIn] = []
    try:
        page = fetch_page(client, source.url, validators=validators)
        unchanged = page.status == 304 and validators is not None
        entries = [] if unchanged else parse_page(page, source, partnership)
        with Session(engine) as session:
            partnership_row, source_row = _rows(session, partnership.slug, source.name)
            if unchanged:
                result = store.confirm_listing(
                    session=session, partnership=partnership_row, source=source_row, seen_at=now()
                )
                found, read = result.unchanged, None
            else:
                result = store.upsert_reviews(
                    session=session, partnership=partnership_row, source=source_row, entries=entries,
                    seen_at=now(),
                )  # fmt: skip
                found, read = len(entries), (page.headers.get("etag"), page.headers.get("last-modified"))
            store.finish_run(
                session=session, run=session.get_one(HarvestRun, run_id), source=source_row, at=now(),
                result=result, entries_found=found, http_status=page.status, validators=read,
            )  # fmt: skip
            session.commit()
        return SourceOutcome(partnership.slug, source.name, source.url, None, found, result)
    except SourceError as exc:
        error = str(exc)
        log.warning("%s failed: %s", label, error)
    except Exception as exc:  # a bug in one adapter or page must not stop the others
        error = f"unexpected {type(exc).__name__} harvesting {source.url}: {exc}"
        log.exception("%s failed: %s", label, error)
    with Session(engine) as session:
        _, source_row = _rows(session, partnership.slug, source.name)
        store.finish_run(
            session=session, run=session.get_one(HarvestRun, run_id), source=source_row, at=now(),
            entries_found=len(entries), http_status=page.status if page else None, error=error,
        )  # fmt: skip
        session.commit()
    return SourceOutcome(partnership.slug, source.name, source.url, error, len(entries))


def _validators(session: Session, source: Source, now: dt.datetime) -> tuple[str | None, str | None] | None:
    """The validators for a conditional GET of the source's page, unless it is due a full read: at least
    every FULL_READ_EVERY, so an improved adapter or normaliser reaches a page that never changes."""
    if not (source.etag or source.last_modified):
        return None
    full = store.latest_ok_run(session=session, source=source, full=True)
    if full is None or now - full >= FULL_READ_EVERY:
        return None
    return source.etag, source.last_modified


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
) -> list[SourceOutcome]:
    """Harvest every chosen source; one failing never stops the others."""
    chosen = select_sources(partnerships, only)
    with Session(engine) as session:
        store.sync_registry(session=session, settings=settings, partnerships=partnerships)
        session.commit()
    outcomes = []
    with nullcontext(client) if client else make_client(settings) as http:
        for partnership, source in chosen:
            outcome = run_source(engine=engine, partnership=partnership, source=source, client=http, now=now)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    return outcomes
