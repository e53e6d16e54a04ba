"""The review lifecycle as pure functions: where a review stands on its partnership's site.

Two facts per review (DESIGN.md): its site status (`live` → `retention-due` → `removed`, and back to `live`
if it reappears) and whether the NSPCC repository has archived it. This module decides the site status from
evidence; the store records each change as a StatusEvent. Seeing a review on a plausible harvest is evidence
that it is online; only the calendar moves it to retention-due. Removal needs more evidence (absence from
successive plausible harvests and documents answering 404/410) and is not decided here yet.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal, assert_never

from aggregator.models import DatePrecision, SiteStatus

# The statuses a sighting can give: only a lack of sightings (with more evidence) removes a review.
SeenStatus = Literal[SiteStatus.LIVE, SiteStatus.RETENTION_DUE]


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


def retention_due_on(
    published_on: dt.date | None, precision: DatePrecision | None, retention_months: int | None
) -> dt.date | None:
    """When the partnership's retention period ends, counted from the latest day the date could mean.

    Counting from the end of an imprecise period never calls a review overdue before it can be.
    """
    if published_on is None or retention_months is None:
        return None
    return add_months(end_of_period(published_on, precision), retention_months)


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
