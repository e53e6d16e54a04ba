"""Fetch one page of a source: the only stage that talks HTTP."""

from __future__ import annotations

import time

import httpx

from aggregator.errors import FetchError
from sources.base import Page

MAX_PAGE_BYTES = 20 * 1024 * 1024  # a listing page is a few hundred KB; anything this big is not one
# httpx's timeouts are per read: a server that drips a byte at a time would hold a harvest for ever.
MAX_FETCH_SECONDS = 120.0


def fetch_page(
    client: httpx.Client,
    url: str,
    *,
    validators: tuple[str | None, str | None] | None = None,
    deadline: float = MAX_FETCH_SECONDS,
) -> Page:
    """GET `url` within `deadline` seconds; FetchError names the URL and the status or failure.

    Given the `validators` of an earlier response (its ETag and Last-Modified), the GET is conditional: a
    page the server says is unchanged comes back with status 304 and no content.
    """
    started = time.monotonic()
    etag, last_modified = validators or (None, None)
    headers = {"If-None-Match": etag, "If-Modified-Since": last_modified}
    try:
        with client.stream("GET", url, headers={k: v for k, v in headers.items() if v}) as response:
            if response.status_code >= 400:
                raise FetchError(f"GET {url} answered HTTP {response.status_code} {response.reason_phrase}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_PAGE_BYTES:
                    raise FetchError(f"GET {url}: larger than {MAX_PAGE_BYTES} bytes; not a listing page")
                if time.monotonic() - started > deadline:
                    raise FetchError(f"GET {url}: page not received within {deadline:g} seconds")
    except httpx.HTTPError as exc:
        raise FetchError(f"GET {url} failed: {type(exc).__name__}: {exc}") from exc
    return Page(
        url=str(response.url),
        content=bytes(body),
        headers=dict(response.headers),
        status=response.status_code,
    )
