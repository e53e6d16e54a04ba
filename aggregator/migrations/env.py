"""Alembic environment: runs migrations on the engine that aggregator.db hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import aggregator.models  # noqa: F401 - registers the tables on SQLModel.metadata

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
