"""Wires harvest jobs into APScheduler (3.x): one job per source, on the cron schedule its config gives.

Each job calls the same function as `cspr harvest --source <slug>/<name>`. Jobs never overlap
(max_instances=1), missed runs collapse into one (coalesce) and a jitter spreads the load on
partnership sites.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine
from sqlmodel import Session

from aggregator import pipeline, store
from aggregator.hosts import Hosts
from aggregator.settings import PartnershipConfig, Settings

log = logging.getLogger(__name__)


def build_scheduler(
    *,
    settings: Settings,
    partnerships: Sequence[PartnershipConfig],
    harvest: Callable[[str], object],
    run_now: Sequence[str] = (),
) -> BackgroundScheduler:
    """A scheduler (not started) with a job per enabled source; `run_now` sources run first at start, as
    the same job, so a first harvest and a scheduled one never overlap (max_instances=1)."""
    scheduler = BackgroundScheduler(timezone=dt.UTC)
    now = dt.datetime.now(dt.UTC)
    for partnership in partnerships:
        for source in partnership.sources:
            if not source.enabled:
                continue
            name = f"{partnership.slug}/{source.name}"
            trigger = CronTrigger.from_crontab(source.schedule or settings.default_schedule, timezone=dt.UTC)
            trigger.jitter = settings.schedule_jitter or None
            scheduler.add_job(
                harvest,
                trigger,
                args=[name],
                id=f"harvest:{name}",
                name=f"harvest {name}",
                max_instances=1,
                coalesce=True,
                misfire_grace_time=3600,
                **({"next_run_time": now} if name in run_now else {}),
            )
    return scheduler


def harvest_scheduler(
    *, engine: Engine, settings: Settings, partnerships: Sequence[PartnershipConfig]
) -> BackgroundScheduler:
    """The scheduler `cspr serve` runs; sources never harvested successfully also run once at start. Its
    jobs share one `Hosts`, so two jobs never ask one site at once, and a Retry-After or a robots.txt read
    by one holds for all."""
    with Session(engine) as session:
        store.sync_registry(session=session, settings=settings, partnerships=partnerships)
        session.commit()
        never = store.never_harvested(session=session)
    hosts = Hosts(delay=settings.host_delay)

    def harvest(name: str) -> list[pipeline.SourceOutcome]:
        return pipeline.run_all(
            engine=engine, settings=settings, partnerships=partnerships, only=[name], hosts=hosts
        )

    return build_scheduler(settings=settings, partnerships=partnerships, harvest=harvest, run_now=never)
