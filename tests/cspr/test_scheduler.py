"""The scheduler's job list (never started, never slept on)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import Engine

from aggregator.settings import PartnershipConfig, Settings
from cspr.demo import RECORDED_PAGES, recorded_pages, repoint, serve_directory
from cspr.scheduler import build_scheduler, harvest_scheduler


def test_one_job_per_enabled_source_on_its_own_schedule(
    settings: Settings, partnerships: list[PartnershipConfig]
) -> None:
    called: list[str] = []
    disabled = [
        p.model_copy(
            update={
                "sources": tuple(
                    s.model_copy(update={"enabled": s.name != "learning-reviews"}) for s in p.sources
                )
            }
        )
        for p in partnerships
    ]
    scheduler = build_scheduler(
        settings=settings, partnerships=disabled, harvest=called.append, run_now=["doncaster/cspr"]
    )
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"harvest:derby-and-derbyshire/case-reviews", "harvest:doncaster/cspr"}
    job = jobs["harvest:doncaster/cspr"]
    # Its first run is due at once, as the same job: a first and a scheduled harvest can never overlap.
    assert job.next_run_time <= dt.datetime.now(dt.UTC)
    assert getattr(jobs["harvest:derby-and-derbyshire/case-reviews"], "next_run_time", None) is None
    assert job.args == ("doncaster/cspr",)
    assert (job.max_instances, job.coalesce) == (1, True)
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert (fields["minute"], fields["hour"], fields["day_of_week"]) == ("37", "6", "*")  # "37 6 * * *"
    assert job.trigger.jitter == settings.schedule_jitter
    job.func(*job.args)
    assert called == ["doncaster/cspr"]


def test_serve_scheduler_harvests_never_harvested_sources_at_start(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig]
) -> None:
    with serve_directory(RECORDED_PAGES) as base:
        local = repoint(partnerships, recorded_pages(), base)
        scheduler = harvest_scheduler(engine=engine, settings=settings, partnerships=local)
        first = {job.id: job for job in scheduler.get_jobs() if getattr(job, "next_run_time", None)}
        assert set(first) == {
            "harvest:derby-and-derbyshire/case-reviews",
            "harvest:derby-and-derbyshire/learning-reviews",
            "harvest:doncaster/cspr",
        }
        job = first["harvest:doncaster/cspr"]
        (outcome,) = job.func(*job.args)
        assert outcome.ok and outcome.result and outcome.result.created > 0
        again = harvest_scheduler(engine=engine, settings=settings, partnerships=local)
    due_at_start = {job.id for job in again.get_jobs() if getattr(job, "next_run_time", None)}
    assert due_at_start == {
        "harvest:derby-and-derbyshire/case-reviews",
        "harvest:derby-and-derbyshire/learning-reviews",
    }


def test_jobs_share_what_they_learn_of_each_site(
    engine: Engine,
    settings: Settings,
    partnerships: list[PartnershipConfig],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two jobs for pages of one site: its robots.txt is asked once, as one harvest of both would."""
    caplog.set_level(logging.DEBUG, logger="cspr.demo")
    with serve_directory(RECORDED_PAGES) as base:
        local = repoint(partnerships, recorded_pages(), base)
        scheduler = harvest_scheduler(engine=engine, settings=settings, partnerships=local)
        jobs = {job.id: job for job in scheduler.get_jobs()}
        for name in ("derby-and-derbyshire/case-reviews", "derby-and-derbyshire/learning-reviews"):
            job = jobs[f"harvest:{name}"]
            (outcome,) = job.func(*job.args)
            assert outcome.ok
    asked = [r.getMessage() for r in caplog.records if r.name == "cspr.demo"]
    assert sum("/robots.txt" in line for line in asked) == 1
