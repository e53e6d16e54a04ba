"""Shared fixtures: configuration, stores on SQLite and (when CSPR_TEST_DATABASE_URL is set) PostgreSQL,
and recorded pages served without the network."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text

from aggregator import db, pipeline
from aggregator.normalise import PartnershipWords
from aggregator.settings import PartnershipConfig, Settings, load_partnerships, load_settings
from cspr.demo import RECORDED_PAGES, recorded_pages

REPO = Path(__file__).resolve().parent.parent
# The NSPCC's lists, written for the tests (tests/fixtures/pages/nspcc/README.md), by the URL each stands for.
_NSPCC = json.loads((REPO / "tests" / "fixtures" / "pages" / "nspcc" / "expected.json").read_text())
NSPCC_LISTS = {page["url"]: f"nspcc/{name}" for name, page in _NSPCC.items()}
POSTGRES_URL = os.environ.get("CSPR_TEST_DATABASE_URL")
POSTGRES_MISSING = "PostgreSQL tests SKIPPED: set CSPR_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"


def configured_words(slug: str) -> PartnershipWords:
    """The partnership as normalise knows it, from its file in config/partnerships/."""
    return pipeline.partnership_words(next(p for p in load_partnerships(REPO / "config") if p.slug == slug))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not POSTGRES_URL:
        terminalreporter.write_sep("!", POSTGRES_MISSING, yellow=True, bold=True)


# Tests serve pages on 127.0.0.1 (or from MockTransport at the real URLs, never resolved), wait for no
# politeness delay, and check no documents (the recorded pages link the partnerships' real sites), unless
# they test it.
LOCAL = {"allow_private_hosts": True, "host_delay": 0, "max_document_checks": 0}
LOCAL_TOML = "\nallow_private_hosts = true\nhost_delay = 0\n"  # repoint_config adds max_document_checks


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The shipped settings, local. Sources are harvested one at a time, in the order configured, so the
    store's ids and a test clock's ticks follow the configuration (the golden site depends on both); the
    tests of concurrency ask for it."""
    return load_settings(
        REPO / "config",
        environ={},
        overrides={"database_url": f"sqlite:///{tmp_path}/x.sqlite3", "harvest_concurrency": 1, **LOCAL},
    )


@pytest.fixture
def partnerships(settings: Settings) -> list[PartnershipConfig]:
    return load_partnerships(settings.config_dir)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty store: a SQLite file, or a new schema in the PostgreSQL database given."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.sqlite3"
        return
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_MISSING)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.open_store(database_url)
    yield engine
    engine.dispose()


def repoint_config(config: Path, base: str, *, nspcc: bool) -> None:
    """Point a copied configuration's sources at the recordings served from tests/fixtures/pages at `base`;
    the NSPCC's lists at the written pages (`nspcc`), or else disabled; and check no documents (the pages
    link some on the partnerships' real sites), so nothing reaches the network."""
    with (config / "settings.toml").open("a") as settings:
        settings.write("\nmax_document_checks = 0\n")
    served = {**recorded_pages(), **NSPCC_LISTS}
    for toml in [*(config / "partnerships").glob("*.toml"), *(config / "repositories").glob("*.toml")]:
        text = toml.read_text()
        for url, path in served.items():
            text = text.replace(f'"{url}"', f'"{base}{path}"')
        if toml.parent.name == "repositories" and not nspcc:
            text = text.replace("[[sources]]\n", "[[sources]]\nenabled = false\n")
        toml.write_text(text)


Transport = Callable[[dict[str, httpx.Response] | None], httpx.MockTransport]


@pytest.fixture
def recorded_transport() -> Transport:
    """Serves each recorded page at the real URL it records, with `overrides` answered first; anything
    else is 404, so nothing reaches the network."""
    files = {url: RECORDED_PAGES / path for url, path in recorded_pages().items()}

    def transport(overrides: dict[str, httpx.Response] | None = None) -> httpx.MockTransport:
        def handler(request: httpx.Request) -> httpx.Response:
            url = str(request.url)
            if overrides and url in overrides:
                return overrides[url]
            if url in files:
                return httpx.Response(
                    200, content=files[url].read_bytes(), headers={"Content-Type": "text/html"}
                )
            return httpx.Response(404, text="not found")

        return httpx.MockTransport(handler)

    return transport
