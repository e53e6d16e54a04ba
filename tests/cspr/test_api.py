"""The push API: a partnership pushes, edits and withdraws its reviews, which appear in the feeds like
harvested ones; every refused request gets its status, a body naming each field at fault, and changes
nothing stored."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel import Session, select

from aggregator.models import Review, SiteStatus, StatusEvent
from cspr.api import LoginFailures
from tests.cspr.conftest import Api, MakeApi

REVIEWS = "/api/v1/partnerships/doncaster/reviews"
CHILD_Q: dict[str, Any] = {
    "title": "Local Child Safeguarding Practice Review: Child Q",
    "pseudonyms": ["Q"],
    "case_reference": None,
    "review_type": "local-cspr",
    "published": "2025-05",
    "summary": "The review of the help given to Child Q.",
    "documents": [
        {"url": "https://www.dscp.org.uk/media/q.pdf", "title": "Overview report", "kind": "report"},
        {
            "url": "https://www.dscp.org.uk/media/q-brief.pdf",
            "title": "7 minute briefing",
            "kind": "briefing",
        },
    ],
}
KEY = "doncaster/child/q-2025"


def stored(api: Api) -> list[Review]:
    with Session(api.engine) as session:
        return list(session.exec(select(Review)))


def test_a_good_push_is_stored_and_appears_in_the_feeds(api: Api) -> None:
    response = api.client.post(REVIEWS, json=CHILD_Q, headers=api.auth("doncaster"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["outcome"] == "created"
    assert body["review"]["key"] == KEY
    assert body["review"]["published"] == "2025-05"  # as precise as it was pushed
    assert body["review"]["url"] == "https://www.dscp.org.uk/media/q.pdf"  # no page given: its report
    assert [d["kind"] for d in body["review"]["documents"]] == ["report", "briefing"]
    listed = api.client.get(REVIEWS).json()
    assert [r["key"] for r in listed] == [KEY]
    for feed in ("/feeds/partnerships/doncaster.atom", "/feeds/all.atom"):
        atom = api.client.get(feed).text
        assert CHILD_Q["title"] in atom and "https://www.dscp.org.uk/media/q.pdf" in atom
    assert CHILD_Q["title"] in api.client.get("/").text


def test_a_repeat_push_adds_nothing_and_keeps_updated(api: Api) -> None:
    first = api.client.post(REVIEWS, json=CHILD_Q, headers=api.auth("doncaster")).json()
    feed = api.client.get("/feeds/partnerships/doncaster.atom").content
    again = api.client.post(REVIEWS, json=CHILD_Q, headers=api.auth("doncaster"))
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    assert again.json()["review"]["updated"] == first["review"]["updated"]
    assert len(stored(api)) == 1
    assert api.client.get("/feeds/partnerships/doncaster.atom").content == feed


def test_an_edit_updates_the_same_review_and_moves_updated(api: Api) -> None:
    first = api.client.post(REVIEWS, json=CHILD_Q, headers=api.auth("doncaster")).json()
    edited = {**CHILD_Q, "title": "LCSPR: Child Q (revised)", "summary": "Revised after the inquest."}
    response = api.client.post(REVIEWS, json=edited, headers=api.auth("doncaster"))
    assert response.status_code == 200 and response.json()["outcome"] == "changed"
    review = response.json()["review"]
    assert (review["key"], review["title"]) == (KEY, edited["title"])
    assert review["updated"] > first["review"]["updated"]
    assert len(stored(api)) == 1
    assert "LCSPR: Child Q (revised)" in api.client.get("/feeds/partnerships/doncaster.atom").text


def test_a_withdrawal_is_a_lifecycle_event_never_a_deletion(api: Api) -> None:
    api.client.post(REVIEWS, json=CHILD_Q, headers=api.auth("doncaster"))
    response = api.client.delete(f"{REVIEWS}/{KEY}", headers=api.auth("doncaster"))
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "withdrawn"
    assert response.json()["review"]["site_status"] == "removed"
    [review] = stored(api)
    assert review.site_status == SiteStatus.REMOVED and review.removed_at is not None
    with Session(api.engine) as session:
        last = session.exec(select(StatusEvent).order_by(StatusEvent.id.desc())).first()  # type: ignore[union-attr]
    assert last is not None and last.new == "removed" and last.old in ("live", "retention-due")
    assert "withdrawn by the partnership" in last.reason
    assert "Removed from the partnership's site" in api.client.get("/feeds/partnerships/doncaster.atom").text
    again = api.client.delete(f"{REVIEWS}/{KEY}", headers=api.auth("doncaster"))
    assert again.json()["outcome"] == "already-withdrawn"
    back = api.client.post(REVIEWS, json=CHILD_Q, headers=api.auth("doncaster"))
    assert back.json()["review"]["site_status"] != "removed"  # pushed again: on its site again


@dataclass(frozen=True)
class Refusal:
    id: str
    status: int
    fields: tuple[str, ...]  # every field the body must name
    says: str  # in the detail or a field's message
    who: str | None = "doncaster"
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "POST"
    path: str = REVIEWS


BIG = {**CHILD_Q, "summary": "x" * 70_000}
REFUSALS = [
    Refusal("no-token", 401, ("Authorization",), "no bearer token", who=None, json=CHILD_Q),
    Refusal("wrong-token", 401, ("Authorization",), "unknown token", who="wrong", json=CHILD_Q),
    Refusal("not-a-token", 401, ("Authorization",), "unknown token", who="garbage", json=CHILD_Q),
    Refusal("revoked-token", 401, ("Authorization",), "was revoked", who="revoked", json=CHILD_Q),
    Refusal(
        "another-partnerships-token", 403, ("slug",), "writes the reviews of derby", who="derby", json=CHILD_Q
    ),
    Refusal("malformed-json", 422, ("(body)",), "not valid JSON", content=b'{"title": "Child Q",'),
    Refusal("no-body", 422, ("(body)",), "a JSON object is required"),
    Refusal("not-an-object", 422, ("(body)",), "valid dictionary", json=["Child Q"]),
    Refusal(
        "wrong-types",
        422,
        (
            "title",
            "pseudonyms",
            "review_type",
            "published",
            "documents.0.url",
            "documents.0.title",
            "documents.0.kind",
        ),
        "Input should be",
        json={
            "title": 5,
            "pseudonyms": "Q",
            "review_type": "bogus",
            "published": "May 2025",
            "documents": [{"url": "ftp://x.org/q.pdf", "title": "", "kind": "pdf"}],
        },
    ),
    Refusal(
        "no-such-date",
        422,
        ("published",),
        "'2025-02-30' is no date",
        json={**CHILD_Q, "published": "2025-02-30"},
    ),
    Refusal("blank-title", 422, ("title",), "must not be blank", json={**CHILD_Q, "title": "   "}),
    Refusal("missing-title", 422, ("title",), "Field required", json={"pseudonyms": ["Q"]}),
    Refusal(
        "unknown-field",
        422,
        ("colour",),
        "Extra inputs are not permitted",
        json={**CHILD_Q, "colour": "blue"},
    ),
    Refusal(
        "unknown-document-field",
        422,
        ("documents.0.size",),
        "Extra inputs are not permitted",
        json={**CHILD_Q, "documents": [{**CHILD_Q["documents"][0], "size": 1}]},
    ),
    Refusal("nul-in-text", 422, ("summary",), "control character", json={**CHILD_Q, "summary": "a\u0000b"}),
    Refusal("oversized", 413, ("(body)",), "larger than 65536 bytes", json=BIG),
    Refusal(
        "oversized-chunked", 413, ("(body)",), "larger than 65536 bytes", content=b"chunked"
    ),  # sent without a length; see below
    Refusal(
        "bad-slug",
        422,
        ("slug",),
        "should match pattern",
        path="/api/v1/partnerships/Bad_Slug/reviews",
        json=CHILD_Q,
    ),
    Refusal(
        "unknown-partnership",
        404,
        ("slug",),
        "no partnership 'atlantis'",
        who="admin",
        path="/api/v1/partnerships/atlantis/reviews",
        json=CHILD_Q,
    ),
    Refusal(
        "withdraw-unknown",
        404,
        ("key",),
        "no review 'doncaster/child/x-2020'",
        method="DELETE",
        path=f"{REVIEWS}/doncaster/child/x-2020",
    ),
    Refusal(
        "withdraw-without-token",
        401,
        ("Authorization",),
        "no bearer token",
        who=None,
        method="DELETE",
        path=f"{REVIEWS}/{KEY}",
    ),
    Refusal(
        "withdraw-for-another",
        403,
        ("slug",),
        "not of doncaster",
        who="derby",
        method="DELETE",
        path=f"{REVIEWS}/{KEY}",
    ),
    Refusal(
        "register-with-a-partnership-token",
        403,
        ("Authorization",),
        "needs an admin token",
        method="PUT",
        path="/api/v1/partnerships/example",
        json={"name": "Example", "homepage": "https://example.org"},
    ),
    Refusal(
        "list-unknown",
        404,
        ("slug",),
        "no partnership 'atlantis'",
        method="GET",
        path="/api/v1/partnerships/atlantis/reviews",
    ),
]


def chunks() -> Iterator[bytes]:
    yield b'{"title": "Child Q", "summary": "'
    for _ in range(100):
        yield b"x" * 1000
    yield b'"}'


@pytest.mark.parametrize("case", REFUSALS, ids=[c.id for c in REFUSALS])
def test_a_refused_request_names_each_field_at_fault_and_changes_nothing(api: Api, case: Refusal) -> None:
    api.client.post(REVIEWS, json=CHILD_Q, headers=api.auth("doncaster"))  # something stored to keep
    before = api.snapshot()
    headers = {"Authorization": "Bearer cspr_deadbeef_" + "A" * 43} if case.who == "wrong" else {}
    headers |= {"Authorization": "Bearer garbage"} if case.who == "garbage" else {}
    headers |= api.auth(case.who) if case.who in api.tokens else {}
    content: Any = chunks() if case.id == "oversized-chunked" else case.content
    if content is not None:
        headers["Content-Type"] = "application/json"
    response = api.client.request(case.method, case.path, json=case.json, content=content, headers=headers)
    assert response.status_code == case.status, response.text
    body = response.json()
    named = [error["field"] for error in body["errors"]]
    assert set(case.fields) <= set(named), body
    assert case.says in body["detail"] + " ".join(error["message"] for error in body["errors"]), body
    assert api.snapshot() == before, "a refused request changed the store"


def test_failed_logins_are_limited_per_address_and_logged_without_the_token(
    make_api: MakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    api = make_api(api_auth_failures_per_minute=3)
    wrong = "cspr_deadbeef_" + "S" * 43
    with caplog.at_level(logging.WARNING, logger="cspr.api"):
        statuses = [
            api.client.post(REVIEWS, json=CHILD_Q, headers={"Authorization": f"Bearer {wrong}"}).status_code
            for _ in range(4)
        ]
    assert statuses == [401, 401, 401, 429]
    limited = api.client.post(REVIEWS, json=CHILD_Q, headers=api.auth("doncaster"))  # even a good token
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.json()["errors"][0]["field"] == "Authorization"
    logged = [r.getMessage() for r in caplog.records]
    assert len(logged) == 3 and all("unknown token" in line for line in logged)
    assert not any("S" * 10 in line or "deadbeef" in line for line in logged)
    assert stored(api) == []


def test_an_admin_token_writes_any_partnership(api: Api) -> None:
    response = api.client.post(REVIEWS, json=CHILD_Q, headers=api.auth("admin"))
    assert response.status_code == 201


def test_the_api_is_documented(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    assert {"/api/v1/partnerships/{slug}/reviews", "/api/v1/partnerships/{slug}"} <= set(schema["paths"])
    assert api.client.get("/docs").status_code == 200


def test_login_failures_are_forgotten_after_a_minute() -> None:
    now = [0.0]
    failures = LoginFailures(2, clock=lambda: now[0])
    failures.record("a")
    failures.record("a")
    assert failures.wait("a") > 0 and failures.wait("b") == 0
    now[0] = 61.0
    assert failures.wait("a") == 0
