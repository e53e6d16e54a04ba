"""Migrations: they build exactly the schema the models describe, and upgrading twice is harmless."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

from aggregator import db


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_upgrade_is_idempotent(engine: Engine) -> None:
    db.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"partnership", "source", "review", "document", "statusevent", "harvestrun"} <= tables
