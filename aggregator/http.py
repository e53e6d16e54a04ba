"""The one HTTP client configuration used to talk to partnership sites."""

from __future__ import annotations

import httpx

from aggregator.settings import Settings


def make_client(settings: Settings, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """A client that names the project in its User-Agent and gives up in time. It follows no redirect:
    `aggregator.fetch.Fetcher` follows them itself, checking every hop.

    `transport` lets tests serve recorded pages (httpx.MockTransport) without touching the network.
    """
    return httpx.Client(
        headers={
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        },
        timeout=httpx.Timeout(settings.http_timeout, connect=min(10.0, settings.http_timeout)),
        follow_redirects=False,
        transport=transport,
    )
