"""The scheduler's job list (never started, never slept on)."""

from __future__ import annotations

from aggregator.scheduler import build_scheduler
from aggregator.settings import PartnershipConfig, Settings


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
    assert set(jobs) == {
        "harvest:derby-and-derbyshire/case-reviews",
        "harvest:doncaster/cspr",
        "harvest-now:doncaster/cspr",
    }
    job = jobs["harvest:doncaster/cspr"]
    assert job.args == ("doncaster/cspr",)
    assert (job.max_instances, job.coalesce) == (1, True)
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert (fields["minute"], fields["hour"], fields["day_of_week"]) == ("37", "6", "*")  # "37 6 * * *"
    assert job.trigger.jitter == settings.schedule_jitter
    job.func(*job.args)
    assert called == ["doncaster/cspr"]
