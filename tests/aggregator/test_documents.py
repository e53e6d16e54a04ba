"""Checking documents: a HEAD each, the bytes fetched (conditionally) only when they may have changed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import httpx
import pytest

from aggregator.documents import Check, Known, check_document

URL = "https://www.ddscp.org.uk/media/ids25.pdf"
V1 = b"%PDF-1.4 report v1 %%EOF"
V2 = b"%PDF-1.4 report v2, revised %%EOF"


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass
class Server:
    """One document, with the validators a server derives from its bytes; it can refuse HEAD, give no
    validators, or answer a status."""

    content: bytes = V1
    status: int = 200
    head_status: int | None = None  # what HEAD answers instead (405: not allowed)
    validators: bool = True
    seen: list[tuple[str, str | None]] = field(default_factory=list)  # method, If-None-Match

    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/pdf", "Content-Length": str(len(self.content))}
        if self.validators:
            headers["ETag"] = f'"{sha(self.content)[:8]}"'
        return headers

    def handler(self, request: httpx.Request) -> httpx.Response:
        asked = request.headers.get("if-none-match")
        self.seen.append((request.method, asked))
        if request.method == "HEAD" and self.head_status is not None:
            return httpx.Response(self.head_status)
        if self.status != 200:
            return httpx.Response(self.status)
        headers = self.headers()
        if asked and asked == headers.get("ETag"):
            return httpx.Response(304, headers=headers)
        return httpx.Response(200, headers=headers, content=b"" if request.method == "HEAD" else self.content)


def check(server: Server, known: Known) -> Check:
    with httpx.Client(transport=httpx.MockTransport(server.handler)) as client:
        return check_document(client, known)


def known_v1(validators: bool = True) -> Known:
    etag = f'"{sha(V1)[:8]}"' if validators else None
    return Known(URL, size=len(V1), content_hash=sha(V1), etag=etag)


def test_a_document_never_fetched_is_fetched_at_once_and_hashed() -> None:
    server = Server()
    found = check(server, Known(URL))
    assert server.seen == [("GET", None)]
    assert (found.status, found.size, found.media_type, found.content_hash) == (
        200, len(V1), "application/pdf", sha(V1),
    )  # fmt: skip
    assert found.etag == f'"{sha(V1)[:8]}"' and found.found


def test_an_unchanged_document_costs_one_conditional_head() -> None:
    server = Server()
    found = check(server, known_v1())
    assert server.seen == [("HEAD", f'"{sha(V1)[:8]}"')]
    assert found.status == 304 and found.found and found.content_hash is None


def test_bytes_replaced_under_the_same_url_are_fetched_and_hashed_anew() -> None:
    server = Server(content=V2)
    found = check(server, known_v1())
    assert [method for method, _ in server.seen] == ["HEAD", "GET"]
    assert server.seen[1][1] == f'"{sha(V1)[:8]}"'  # the GET is conditional too
    assert found.content_hash == sha(V2) and found.size == len(V2)


def test_without_validators_the_length_decides() -> None:
    same = Server(validators=False)
    assert check(same, known_v1(validators=False)).content_hash is None
    assert [method for method, _ in same.seen] == ["HEAD"]
    longer = Server(content=V2, validators=False)
    assert check(longer, known_v1(validators=False)).content_hash == sha(V2)


@pytest.mark.parametrize("refused", [405, 501])
def test_a_site_refusing_head_gets_a_conditional_get(refused: int) -> None:
    server = Server(head_status=refused)
    found = check(server, known_v1())
    assert server.seen == [("HEAD", f'"{sha(V1)[:8]}"'), ("GET", f'"{sha(V1)[:8]}"')]
    assert found.status == 304 and found.content_hash is None


@pytest.mark.parametrize("status", [404, 410, 503])
def test_a_document_that_is_not_there_answers_its_status_and_nothing_else(status: int) -> None:
    found = check(Server(status=status), known_v1())
    assert found == Check(URL, status)
    assert not found.found


def test_no_answer_is_no_status_with_the_reason() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        never, known = [check_document(client, k) for k in (Known(URL), known_v1())]
    assert never.status is None and never.error == f"GET {URL} failed: ConnectTimeout: timed out"
    assert known.status is None and known.error == f"HEAD {URL} failed: ConnectTimeout: timed out"
