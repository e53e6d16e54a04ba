"""Retention arithmetic and the site status of a review just seen."""

from __future__ import annotations

import datetime as dt

import pytest

from aggregator.lifecycle import add_months, reason_when_seen, retention_due_on, status_when_seen
from aggregator.models import SiteStatus


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
