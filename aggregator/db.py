"""The store's engine and schema migrations (Alembic), for SQLite by default or PostgreSQL by URL.

Opening a store that cannot be used (a SQLite folder that does not exist or cannot be written, a file that is
not a database, a server that refuses, a database that does not exist, a schema newer than this code) is a
StoreError naming the store, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import create_engine

from aggregator.errors import StoreError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite enforces foreign keys. A SQLite file's folder must exist."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        folder = Path(parsed.database or ".").parent
        if parsed.database not in (None, "", ":memory:") and not folder.is_dir():
            raise StoreError(
                f"{describe(url)}: folder {folder} does not exist; create it or set database_url"
            )
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            # Readers (the web app) and the writer (a scheduled harvest) no longer block each other.
            if parsed.database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (idempotent: an up-to-date store is left alone)."""
    log.debug("migrating %s to %s", engine.url.render_as_string(hide_password=True), revision)
    command.upgrade(alembic_config(engine), revision)


def open_store(url: str) -> Engine:
    """An engine on an up-to-date schema: what every command starts with."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    except (DBAPIError, CommandError) as exc:
        engine.dispose()
        raise StoreError(f"{describe(url)}: cannot open the store: {_reason(exc)}") from exc
    return engine


def describe(url: str) -> str:
    """The store's URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _reason(exc: Exception) -> str:
    """The first line of what the driver or Alembic said, with a hint where one helps."""
    if isinstance(exc, CommandError):  # "Can't locate revision identified by '0009'"
        return f"{exc}; the store was made by a newer cspr"
    original = getattr(exc, "orig", None) or exc
    reason = next((line.strip() for line in str(original).splitlines() if line.strip()), type(exc).__name__)
    if "unable to open database file" in reason or "readonly database" in reason:
        reason += " (is its folder writable?)"
    return reason
