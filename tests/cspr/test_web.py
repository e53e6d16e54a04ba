"""The web app serves the same bytes `cspr publish` writes, with ETags and 304s."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from aggregator import pipeline, store
from aggregator.http import make_client
from aggregator.settings import PartnershipConfig, Settings
from cspr.web import create_app
from feeds.publish import render_site
from feeds.site import site_of
from tests.conftest import Transport


@pytest.fixture
def client(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig], recorded_transport: Transport
) -> TestClient:
    with make_client(settings, transport=recorded_transport(None)) as http:
        pipeline.run_all(
            engine=engine,
            settings=settings,
            partnerships=partnerships,
            client=http,
            now=lambda: dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        )
    return TestClient(create_app(engine=engine, settings=settings))


def test_serves_exactly_what_publish_writes(client: TestClient, engine: Engine, settings: Settings) -> None:
    with Session(engine) as session:
        files = render_site(
            site_of(settings), store.list_partnerships(session=session), store.list_reviews(session=session)
        )
    for path, body in files.items():
        response = client.get("/" + path)
        assert response.status_code == 200, path
        assert response.content == body, path
        kind = "text/html" if path.endswith(".html") else "application/atom+xml"
        assert response.headers["content-type"].startswith(kind)
    assert client.get("/").content == files["index.html"]


def test_etag_gives_304_also_when_a_proxy_made_it_weak(client: TestClient) -> None:
    first = client.get("/feeds/all.atom")
    for tag in (first.headers["etag"], "W/" + first.headers["etag"], f'"other", {first.headers["etag"]}'):
        again = client.get("/feeds/all.atom", headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
    assert client.get("/feeds/all.atom", headers={"If-None-Match": '"other"'}).status_code == 200


def test_head_gives_headers_without_body(client: TestClient) -> None:
    response = client.head("/feeds/partnerships/doncaster.atom")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["etag"] == client.get("/feeds/partnerships/doncaster.atom").headers["etag"]


def test_unknown_partnership_feed_is_404(client: TestClient) -> None:
    assert client.get("/feeds/partnerships/atlantis.atom").status_code == 404


def test_health_lists_sources(client: TestClient) -> None:
    sources = client.get("/healthz").json()["sources"]
    assert {s["source"] for s in sources} == {
        "derby-and-derbyshire/case-reviews",
        "derby-and-derbyshire/learning-reviews",
        "doncaster/cspr",
    }
    assert all(s["consecutive_failures"] == 0 and s["last_success_at"] for s in sources)


def test_health_answers_head_and_is_ok_while_sources_succeed(client: TestClient) -> None:
    assert client.head("/healthz").status_code == 200
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["failing"] == []


def test_health_is_degraded_naming_a_source_that_keeps_failing(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig], recorded_transport: Transport
) -> None:
    gone = {"http://dscp.org.uk/professionals/child-safeguarding-practice-reviews": httpx.Response(503)}
    client = TestClient(create_app(engine=engine, settings=settings))
    for attempt in range(settings.degraded_after):
        with make_client(settings, transport=recorded_transport(gone)) as http:
            pipeline.run_all(engine=engine, settings=settings, partnerships=partnerships, client=http)
        health = client.get("/healthz")
        assert health.status_code == 200
        wanted = ["doncaster/cspr"] if attempt + 1 == settings.degraded_after else []
        assert (health.json()["status"], health.json()["failing"]) == (
            "degraded" if wanted else "ok",
            wanted,
        )
