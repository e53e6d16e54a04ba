"""The schema's typed states: how an enum column converts, and the archive state read off `archived_at`."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from aggregator.models import REVIEW_TYPE_LABELS, ArchiveState, EnumString, Review, ReviewType, SiteStatus


def _review(**fields: object) -> Review:
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return Review(
        partnership_id=1, key="k", title="t", url="u", content_hash="", content_updated_at=at,
        first_seen_at=at, last_seen_at=at, **fields,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("archived_at", "state"),
    [(None, ArchiveState.NOT_ARCHIVED), (dt.datetime(2026, 2, 1, tzinfo=dt.UTC), ArchiveState.ARCHIVED)],
)
def test_archive_state_is_read_off_archived_at(archived_at: dt.datetime | None, state: ArchiveState) -> None:
    assert _review(archived_at=archived_at).archive_state is state


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "postgresql"])
def test_enum_string_is_a_varchar_of_its_length_holding_values(dialect: object) -> None:
    column = EnumString(SiteStatus, 20)
    assert column.compile(dialect=dialect) == "VARCHAR(20)"  # type: ignore[arg-type]
    assert column.process_bind_param(SiteStatus.RETENTION_DUE, dialect) == "retention-due"
    assert column.process_bind_param("removed", dialect) == "removed"
    assert column.process_result_value("retention-due", dialect) is SiteStatus.RETENTION_DUE
    assert column.process_bind_param(None, dialect) is None
    assert column.process_result_value(None, dialect) is None


@pytest.mark.parametrize("review_type", list(ReviewType))
def test_every_review_type_has_a_label(review_type: ReviewType) -> None:
    assert REVIEW_TYPE_LABELS[review_type]
