"""Fetching one page: errors name the URL; size and time are bounded."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from aggregator.errors import FetchError
from aggregator.fetch import fetch_page

URL = "https://example.org/case-reviews"


def client(response: httpx.Response) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(lambda request: response), follow_redirects=True)


def test_page_keeps_final_url_body_and_headers() -> None:
    redirects = {
        URL: httpx.Response(301, headers={"Location": URL + "/"}),
        URL + "/": httpx.Response(200, html="<p>ok</p>"),
    }
    with httpx.Client(
        transport=httpx.MockTransport(lambda r: redirects[str(r.url)]), follow_redirects=True
    ) as c:
        page = fetch_page(c, URL)
    assert (page.url, page.content, page.status) == (URL + "/", b"<p>ok</p>", 200)
    assert page.headers["content-type"].startswith("text/html")


def test_http_error_names_url_and_status() -> None:
    with pytest.raises(FetchError, match=f"GET {URL} answered HTTP 404 Not Found"):
        fetch_page(client(httpx.Response(404)), URL)


def test_transport_failure_names_url() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(FetchError, match=f"GET {URL} failed: ConnectError"):
        fetch_page(httpx.Client(transport=httpx.MockTransport(refuse)), URL)


def test_a_server_that_drips_bytes_is_cut_off_at_the_deadline() -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(50):
            time.sleep(0.02)
            yield b"."

    with pytest.raises(FetchError, match=f"GET {URL}: page not received within 0.1 seconds"):
        fetch_page(client(httpx.Response(200, content=drip())), URL, deadline=0.1)
