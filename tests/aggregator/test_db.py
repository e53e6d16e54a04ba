"""Migrations: they build exactly the schema the models describe, and upgrading twice is harmless."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, SQLModel, select

from aggregator import db
from aggregator.models import Partnership, Review


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_upgrade_is_idempotent(engine: Engine) -> None:
    db.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"partnership", "source", "review", "document", "statusevent", "harvestrun"} <= tables


def test_rows_stored_before_the_lifecycle_revision_read_back_with_its_defaults(database_url: str) -> None:
    engine = db.make_engine(database_url)
    db.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO partnership (slug, name, homepage, nation) "
                "VALUES ('x', 'X SCP', 'https://x', 'England')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO review (partnership_id, key, title, url, review_type, pseudonyms, themes, "
                "content_hash, content_updated_at, first_seen_at, last_seen_at, site_status) VALUES "
                "(1, 'x/ref/a', 'A', 'https://x/a', 'other', '[]', '[]', '', :at, :at, :at, 'live')"
            ),
            {"at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
        )
    db.upgrade(engine)
    with Session(engine) as session:
        partnership = session.exec(select(Partnership)).one()
        review = session.exec(select(Review)).one()
        assert (partnership.kind, review.learning_themes, review.recommendations) == ("partnership", [], [])
    engine.dispose()
