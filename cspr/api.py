"""The API under /api/v1: partnerships push their reviews, and an operator registers partnerships.

    POST   /api/v1/partnerships/{slug}/reviews        push one review (the partnership's or an admin token)
    GET    /api/v1/partnerships/{slug}/reviews        list the partnership's reviews (public, like the feeds)
    DELETE /api/v1/partnerships/{slug}/reviews/{key}  withdraw one: site status `removed`, never a deletion
    PUT    /api/v1/partnerships/{slug}                register a partnership: a partnership file as JSON

Documented at /docs, with its schema at /openapi.json. Every refusal is a 4xx whose JSON body names each
field at fault: {"detail": "...", "errors": [{"field": "documents.0.kind", "message": "..."}]}. A refused
request changes nothing stored: bodies are checked whole before anything is written, larger bodies than
`api_max_body_bytes` are answered 413 unread, and failed logins are logged (never the token) and, past
`api_auth_failures_per_minute` from one address, answered 429.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, FastAPI, Path, Request, Response
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aggregator import push, registration, store, tokens
from aggregator.addresses import Resolver, resolve
from aggregator.http import make_client
from aggregator.models import Partnership
from aggregator.pipeline import utcnow
from aggregator.settings import SLUG, RegisteredPartnership, Settings, field_errors

log = logging.getLogger(__name__)
PREFIX = "/api/v1"
WITHDRAWN = "withdrawn by the partnership through the push API"


class FieldError(BaseModel):
    field: str
    message: str


class ErrorBody(BaseModel):
    """Every refusal: what went wrong, and each field at fault."""

    detail: str
    errors: list[FieldError]


class RegistrationResult(BaseModel):
    outcome: str
    partnership: RegisteredPartnership


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        errors: Sequence[tuple[str, str]],
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, detail, list(errors), headers


def error_response(
    status: int, detail: str, errors: Sequence[tuple[str, str]], headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(detail=detail, errors=[FieldError(field=f, message=m) for f, m in errors])
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (401, "No token, an unknown one or a revoked one"),
        (403, "The token may not write this partnership"),
        (404, "No such partnership or review"),
        (409, "A file on the server configures this partnership"),
        (413, "The body is larger than api_max_body_bytes"),
        (422, "The body, or a part of the URL, is not as the schema says; each field at fault is named"),
        (429, "Too many failed logins from this address in the last minute"),
    )
}


class LoginFailures:
    """Failed logins per client address over the last `window` seconds, in this process's memory."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, address: str) -> int:
        """Seconds until `address` may try again; 0 if it may now."""
        with self._lock:
            recent = self._recent(address, self.clock())
            if len(recent) < self.limit:
                return 0
            return max(1, int(recent[0] + self.window - self.clock()) + 1)

    def record(self, address: str) -> None:
        with self._lock:
            now = self.clock()
            self._recent(address, now).append(now)
            if len(self._failures) > 10_000:  # forget addresses whose failures are all old
                for stale in [a for a, q in self._failures.items() if not q or q[-1] < now - self.window]:
                    del self._failures[stale]

    def _recent(self, address: str, now: float) -> deque[float]:
        recent = self._failures.setdefault(address, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        return recent


class BodyLimit:
    """ASGI middleware: an API request whose body is larger than `limit` bytes is answered 413 before the
    app reads any of it (by its Content-Length) or as soon as it passes the limit (a chunked body)."""

    def __init__(self, app: ASGIApp, *, limit: int, prefix: str = PREFIX) -> None:
        self.app, self.limit, self.prefix = app, limit, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self._refuse(scope, receive, send)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"larger than {self.limit} bytes (api_max_body_bytes)"
        await error_response(413, f"request body {message}", [("(body)", message)])(scope, receive, send)


def install(
    app: FastAPI,
    *,
    engine: Engine,
    settings: Settings,
    configured: Sequence[str],
    transport: httpx.BaseTransport | None = None,
    resolve: Resolver = resolve,
) -> None:
    """Add the API to `app`: its routes, its body limit and its error bodies. `configured` are the slugs
    of the partnership files (which win over registrations); `transport` and `resolve` are how registration
    reaches the sources it checks (tests give their own)."""
    app.add_middleware(BodyLimit, limit=settings.api_max_body_bytes)

    @app.exception_handler(ApiError)
    async def _refused(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.detail, exc.errors, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith(PREFIX):
            return await http_exception_handler(request, exc)
        if exc.status_code == 400:  # FastAPI could not read the body at all (not UTF-8, say)
            return error_response(422, "the body is not JSON", [("(body)", str(exc.detail))])
        headers = dict(exc.headers) if exc.headers else None
        return error_response(exc.status_code, str(exc.detail), [("(path)", str(exc.detail))], headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if not request.url.path.startswith(PREFIX):
            return await request_validation_exception_handler(request, exc)
        problems = invalid_fields(exc.errors())
        return error_response(422, f"{len(problems)} field(s) not as the schema says", problems)

    app.include_router(
        router(engine=engine, settings=settings, configured=configured, transport=transport, resolve=resolve)
    )


def invalid_fields(errors: Sequence[Any]) -> list[tuple[str, str]]:
    """Pydantic's errors as (field, message), named as a partnership file's are (settings.field_errors):
    "documents.0.kind" in the body, the parameter's name in the URL, "(body)" for the body as a whole."""
    problems = []
    for error in errors:
        where, *loc = error["loc"]
        if error["type"] == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "")
            problems.append(("(body)", f"not valid JSON: {reason} (at character {loc[0] if loc else 0})"))
        elif where == "body" and not loc and error["type"] == "missing":
            problems.append(("(body)", "a JSON object is required"))
        else:
            named = {**error, "loc": loc if where == "body" else [error["loc"][-1]]}
            problems += [(f if f != "(file)" else "(body)", m) for f, m in field_errors([named])]
    return problems


Slug = Annotated[str, Path(pattern=SLUG.pattern, max_length=100, description="The partnership's slug")]
Key = Annotated[str, Path(min_length=1, max_length=300, description="The review's key, as GET lists it")]


def router(
    *,
    engine: Engine,
    settings: Settings,
    configured: Sequence[str],
    transport: httpx.BaseTransport | None,
    resolve: Resolver,
) -> APIRouter:
    api = APIRouter(prefix=PREFIX, tags=["push API"], responses=REFUSALS)
    failures = LoginFailures(settings.api_auth_failures_per_minute)
    bearer = HTTPBearer(auto_error=False, description="A token from `cspr tokens issue SLUG` (or --admin)")

    bearer_credentials = Depends(bearer)

    def caller(
        request: Request, credentials: HTTPAuthorizationCredentials | None = bearer_credentials
    ) -> tokens.Caller:
        address = request.client.host if request.client else "unknown"
        wait = failures.wait(address)
        if wait:
            message = f"too many failed logins from {address}; try again in {wait} seconds"
            raise ApiError(429, message, [("Authorization", message)], {"Retry-After": str(wait)})
        with Session(engine) as session:
            found = tokens.authenticate(
                session=session, token=credentials.credentials if credentials else None
            )
        if isinstance(found, str):
            failures.record(address)
            log.warning(
                "API login refused from %s for %s %s: %s", address, request.method, request.url.path, found
            )
            raise ApiError(401, found, [("Authorization", found)], {"WWW-Authenticate": "Bearer"})
        return found

    authenticated = Depends(caller)

    def partnership(session: Session, slug: str, who: tokens.Caller | None = None) -> Partnership:
        """The partnership `slug`, if it is configured or registered and `who` (if given) may write it."""
        if who is not None and who.slug not in (None, slug):
            message = f"this token writes the reviews of {who.slug}, not of {slug}"
            raise ApiError(403, message, [("slug", message)])
        row = store.get_partnership(session=session, slug=slug)
        if row is None or (slug not in configured and store.registration(session=session, slug=slug) is None):
            message = f"no partnership {slug!r} is configured or registered here"
            raise ApiError(404, message, [("slug", message)])
        return row

    @api.post("/partnerships/{slug}/reviews", status_code=200, responses={201: {"model": push.PushResult}})
    def push_review(
        slug: Slug, body: push.ReviewPush, response: Response, who: tokens.Caller = authenticated
    ) -> push.PushResult:
        """Store one review with its documents, or update it. Idempotent: pushing the same review again
        changes nothing (its `updated` stays). 201 when it is new."""
        at = utcnow()
        with Session(engine) as session:
            row = partnership(session, slug, who)
            refuse_unstorable(body.model_dump(mode="json"))
            entry = push.to_review(body, slug, row.homepage)
            url = f"{settings.public_url}{PREFIX.lstrip('/')}/partnerships/{slug}/reviews"
            result, review = store.push_review(session=session, partnership=row, entry=entry, url=url, at=at)
            out = push.ReviewOut.of(review)
            session.commit()
        response.status_code = 201 if result.created else 200
        outcome = "created" if result.created else "changed" if result.changed else "unchanged"
        return push.PushResult(outcome=outcome, review=out)

    @api.get("/partnerships/{slug}/reviews")
    def list_reviews(slug: Slug) -> list[push.ReviewOut]:
        """Every review of the partnership, pushed or harvested, withdrawn ones too."""
        with Session(engine) as session:
            partnership(session, slug)
            return [push.ReviewOut.of(r) for r in store.list_reviews(session=session, partnership=slug)]

    @api.delete("/partnerships/{slug}/reviews/{key:path}")
    def withdraw_review(slug: Slug, key: Key, who: tokens.Caller = authenticated) -> push.WithdrawResult:
        """Withdraw a review: its site status becomes `removed`, with a StatusEvent saying the partnership
        withdrew it. It is never deleted; feeds then link to the NSPCC repository. Pushing it again brings
        it back."""
        at = utcnow()
        with Session(engine) as session:
            row = partnership(session, slug, who)
            review = store.find_review(session=session, partnership=row, key=key)
            if review is None:
                message = f"{slug} has no review {key!r}"
                raise ApiError(404, message, [("key", message)])
            evidence = f"DELETE {PREFIX}/partnerships/{slug}/reviews/{key} with token {who.token_id}"
            withdrawn = store.withdraw_review(
                session=session, review=review, at=at, reason=WITHDRAWN, evidence=evidence
            )
            out = push.ReviewOut.of(review)
            session.commit()
        return push.WithdrawResult(outcome="withdrawn" if withdrawn else "already-withdrawn", review=out)

    @api.put("/partnerships/{slug}", status_code=200, responses={201: {"model": RegistrationResult}})
    def register(
        slug: Slug,
        body: registration.PartnershipBody,
        response: Response,
        who: tokens.Caller = authenticated,
    ) -> RegistrationResult:
        """Register a partnership (admin token): a partnership file's schema as JSON, validated as the file
        would be. Its sources must be public http(s) URLs, and may not redirect elsewhere. 201 when new."""
        if not who.admin:
            message = "registering a partnership needs an admin token (cspr tokens issue --admin)"
            raise ApiError(403, message, [("Authorization", message)])
        if slug in configured:
            message = f"config/partnerships/{slug}.toml configures {slug} on this server, and a file wins"
            raise ApiError(409, message, [("slug", message)])
        config = registration.from_body(slug, body)
        if isinstance(config, list):
            raise ApiError(422, f"{len(config)} field(s) not as a partnership file needs", config)
        with make_client(settings, transport=transport) as client:
            problems = registration.check_sources(
                config, client=client, allow_private=settings.allow_private_hosts, resolve=resolve
            )
        if problems:
            raise ApiError(422, f"{len(problems)} source(s) not on a public address", problems)
        with Session(engine) as session:
            created = store.save_registration(session=session, settings=settings, config=config, at=utcnow())
            session.commit()
        response.status_code = 201 if created else 200
        return RegistrationResult(outcome="registered" if created else "updated", partnership=config)

    return api


def refuse_unstorable(data: Any) -> None:
    problems = push.unstorable(data)
    if problems:
        raise ApiError(422, f"{len(problems)} field(s) hold what cannot be stored", problems)
