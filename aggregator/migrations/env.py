"""Alembic environment: runs migrations on the engine that aggregator.db hands over."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlmodel import SQLModel

import aggregator.models  # registers the tables on SQLModel.metadata


def render_item(kind: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Render UTCDateTime and EnumString as the column types they store, so migrations never import the live
    models."""
    if kind == "type" and isinstance(obj, aggregator.models.UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(obj, aggregator.models.EnumString):
        return f"sa.String(length={obj.impl_instance.length})"
    return False


engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    context.run_migrations()
