"""The API's world: a store synced to the shipped configuration, tokens for two partnerships (one revoked)
and an admin, and an app whose registration resolves names and fetches pages without the network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlmodel import Session, SQLModel

from aggregator import store, tokens
from aggregator.settings import PartnershipConfig, Settings
from cspr.web import create_app

ISSUED = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
PUBLIC = "93.184.216.34"
NAMES = {
    "localhost": ["127.0.0.1", "::1"],
    "intranet.example": ["10.1.2.3"],
    "metadata.google.internal": ["169.254.169.254"],
}
# Pages that redirect: to a private address, and (after a public hop) to the cloud's metadata service.
REDIRECTS = {
    "http://www.redirects.example/reviews": "http://10.0.0.1/admin",
    "http://www.hops.example/reviews": "https://www.hops.example/reviews/",
    "https://www.hops.example/reviews/": "http://metadata.google.internal/computeMetadata/v1/",
}


def resolve(host: str, port: int) -> list[str]:
    """Names as a test resolver knows them: numbers are themselves, the names above are private, and every
    other name is one public address."""
    if host in NAMES:
        return NAMES[host]
    if host[0].isdigit() or ":" in host:
        return [host]
    return [PUBLIC]


def answer(request: httpx.Request) -> httpx.Response:
    location = REDIRECTS.get(str(request.url))
    if location:
        return httpx.Response(302, headers={"Location": location})
    return httpx.Response(200, text="<html><p>Case reviews</p></html>")


@dataclass
class Api:
    client: TestClient
    engine: Engine
    tokens: dict[str, str]  # doncaster, derby, revoked (doncaster's, revoked), admin

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, to compare before and after a refused request."""
        with self.engine.connect() as connection:
            return {
                table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
                for table in SQLModel.metadata.sorted_tables
            }


MakeApi = Callable[..., Api]


@pytest.fixture
def make_api(engine: Engine, settings: Settings, partnerships: list[PartnershipConfig]) -> MakeApi:
    def make(**changes: Any) -> Api:
        # The API as deployed: private hosts refused unless a test says otherwise (the shared settings
        # allow them, for the harvests served on 127.0.0.1).
        chosen = settings.model_copy(update={"allow_private_hosts": False, **changes})
        issued: dict[str, str] = {}
        with Session(engine) as session:
            store.sync_registry(session=session, settings=chosen, partnerships=partnerships)
            doncaster = store.get_partnership(session=session, slug="doncaster")
            derby = store.get_partnership(session=session, slug="derby-and-derbyshire")
            _, issued["doncaster"] = tokens.issue(session=session, partnership=doncaster, at=ISSUED)
            _, issued["derby"] = tokens.issue(session=session, partnership=derby, at=ISSUED)
            revoked, issued["revoked"] = tokens.issue(session=session, partnership=doncaster, at=ISSUED)
            store.revoke_token(session=session, token_id=revoked.id or 0, at=ISSUED)
            _, issued["admin"] = tokens.issue(session=session, partnership=None, at=ISSUED)
            session.commit()
        app = create_app(
            engine=engine,
            settings=chosen,
            partnerships=partnerships,
            transport=httpx.MockTransport(answer),
            resolve=resolve,
        )
        return Api(client=TestClient(app), engine=engine, tokens=issued)

    return make


@pytest.fixture
def api(make_api: MakeApi) -> Api:
    return make_api()
