"""The web app: the index at `/` and the feeds at the same paths `cspr publish` writes them to, and the
push API under /api/v1 (cspr/api.py), documented at /docs.

Every response is rendered from the store by the pure functions in `feeds/`, so the bytes served equal the
bytes exported. Responses carry a strong ETag and answer a matching If-None-Match with 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, HTTPException, Request, Response
from sqlalchemy import Engine
from sqlmodel import Session

from aggregator import __version__, store
from aggregator.addresses import Resolver, resolve
from aggregator.settings import PartnershipConfig, RegisteredPartnership, Settings
from cspr import api
from feeds import atom, html_index
from feeds.site import COMBINED_FEED_PATH, LIFECYCLE_FEED_PATH, site_of

ATOM = "application/atom+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"


def _respond(request: Request, body: bytes, media_type: str) -> Response:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300"}
    # Weak comparison (RFC 9110 13.1.2): a proxy that compresses the body marks our tag weak ("W/...").
    wanted = {t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")}
    if etag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def create_app(
    *,
    engine: Engine,
    settings: Settings,
    scheduler: Any | None = None,
    partnerships: Sequence[PartnershipConfig] = (),
    transport: httpx.BaseTransport | None = None,
    resolve: Resolver = resolve,
) -> FastAPI:
    """The app over `engine`; a scheduler, if given, runs while the app does. `partnerships` are those the
    configuration gives (its files win over registrations); `transport` and `resolve` are how the API's
    registration reaches the sources it checks (tests give their own)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if scheduler is not None:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=False)

    app = FastAPI(
        title=settings.site_title,
        version=__version__,
        description="Feeds of Child Safeguarding Practice Reviews, and the API partnerships push them to.",
        lifespan=lifespan,
        redoc_url=None,
    )
    site = site_of(settings)
    # The schema at /openapi.json (and /docs) is the API's; the index, feeds and /healthz are the README's.
    configured = [p.slug for p in partnerships if not isinstance(p, RegisteredPartnership)]
    api.install(
        app, engine=engine, settings=settings, configured=configured, transport=transport, resolve=resolve
    )

    def read(render: Callable[[Session], bytes]) -> bytes:
        with Session(engine) as session:
            return render(session)

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    @app.api_route("/index.html", methods=["GET", "HEAD"], include_in_schema=False)
    def index(request: Request) -> Response:
        body = read(
            lambda s: html_index.build_index(
                site, store.list_partnerships(session=s), store.list_reviews(session=s)
            )
        )
        return _respond(request, body, HTML)

    @app.api_route("/" + COMBINED_FEED_PATH, methods=["GET", "HEAD"], include_in_schema=False)
    def combined_feed(request: Request) -> Response:
        body = read(
            lambda s: atom.build_combined_feed(
                site, store.list_partnerships(session=s), store.list_reviews(session=s)
            )
        )
        return _respond(request, body, ATOM)

    @app.api_route("/" + LIFECYCLE_FEED_PATH, methods=["GET", "HEAD"], include_in_schema=False)
    def lifecycle_feed(request: Request) -> Response:
        return _respond(
            request, read(lambda s: atom.build_lifecycle_feed(site, store.list_reviews(session=s))), ATOM
        )

    @app.api_route("/feeds/partnerships/{slug}.atom", methods=["GET", "HEAD"], include_in_schema=False)
    def partnership_feed(slug: str, request: Request) -> Response:
        def render(session: Session) -> bytes:
            partnership = next((p for p in store.list_partnerships(session=session) if p.slug == slug), None)
            if partnership is None:
                raise HTTPException(404, f"no partnership {slug!r}")
            return atom.build_partnership_feed(
                site, partnership, store.list_reviews(session=session, partnership=slug)
            )

        return _respond(request, read(render), ATOM)

    @app.api_route("/healthz", methods=["GET", "HEAD"], include_in_schema=False)
    def health() -> dict[str, Any]:
        """Always 200 while the service runs: a partnership's outage is `degraded`, naming the sources that
        failed their last `degraded_after` harvests, not a reason for a liveness probe to restart us."""
        with Session(engine) as session:
            partnerships = store.list_partnerships(session=session, repositories=True)
            rows = [(p, s) for p in partnerships for s in p.sources]
            failing = [
                f"{p.slug}/{s.name}"
                for p, s in rows
                if s.enabled and s.consecutive_failures >= settings.degraded_after
            ]
            sources = [
                {
                    "source": f"{p.slug}/{s.name}",
                    "url": s.url,
                    "enabled": s.enabled,
                    "last_success_at": s.last_success_at,
                    "last_error_at": s.last_error_at,
                    "last_error": s.last_error,
                    "consecutive_failures": s.consecutive_failures,
                }
                for p, s in rows
            ]
        return {"status": "degraded" if failing else "ok", "failing": failing, "sources": sources}

    return app
