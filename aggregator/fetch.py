"""Fetch one page of a source: the only stage that talks HTTP.

`Fetcher.fetch` asks as a good citizen of small council websites, and as a careful one:
- robots.txt is read once a day per origin (Protego) and honoured for our User-Agent, its Crawl-delay
  included; one answering 5xx (or not at all) means "come back later", so nothing is fetched; a 4xx means
  everything is allowed;
- one request at a time to a host, at least host_delay seconds apart, and none before the time a 429 or 503
  gave in its Retry-After (`aggregator.hosts`);
- redirects are followed here, not by httpx, so every hop is checked (`aggregator.addresses`: http(s) only,
  no credentials, no private addresses), its host's robots.txt and turn honoured, loops and more than
  MAX_REDIRECTS hops refused; permanent ones (301, 308) are reported so the source's URL can be updated;
- a body larger than MAX_PAGE_BYTES, or not received within the deadline (a site dripping a byte at a time
  never times out a read), is a FetchError.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
from protego import Protego

from aggregator.addresses import Resolver, check_url, pinned, resolve
from aggregator.errors import FetchError
from aggregator.hosts import Hosts, Robots, when
from aggregator.settings import Settings
from sources.base import Page

MAX_PAGE_BYTES = 20 * 1024 * 1024  # a listing page is a few hundred KB; anything this big is not one
MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309: read at least 500 KiB of a robots.txt, and may ignore the rest
MAX_REDIRECTS = 10
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})


@dataclass(frozen=True)
class Fetched:
    """A fetched page (`page.url` is where it was found) and, when the source's URL led there by permanent
    redirects (301, 308) first, the URL they led to: the one its configuration should now give."""

    page: Page
    moved_to: str | None = None


class _Budget:
    """Seconds spent in requests so far, against the fetch's deadline (waits for a host's turn excluded)."""

    def __init__(self, deadline: float) -> None:
        self.deadline, self.spent = deadline, 0.0


class Fetcher:
    """Fetches pages through one httpx client (see `aggregator.http.make_client`), sharing `hosts` (turns,
    delays, Retry-After and robots.txt) with every other fetcher of the process that is given it."""

    def __init__(
        self,
        client: httpx.Client,
        settings: Settings,
        *,
        hosts: Hosts | None = None,
        resolver: Resolver = resolve,
    ) -> None:
        self.client = client
        self.user_agent = settings.user_agent
        self.allow_private = settings.allow_private_hosts
        self.deadline = settings.fetch_deadline
        self.hosts = hosts or Hosts(delay=settings.host_delay)
        self.resolver = resolver

    def fetch(self, url: str, *, validators: tuple[str | None, str | None] | None = None) -> Fetched:
        """GET `url`; FetchError names the URL and the status or failure.

        Given the `validators` of an earlier response (its ETag and Last-Modified), the GET is conditional: a
        page the server says is unchanged comes back with status 304 and no content.
        """
        etag, last_modified = validators or (None, None)
        headers = {k: v for k, v in {"If-None-Match": etag, "If-Modified-Since": last_modified}.items() if v}
        page, hops = self._follow(url, headers, _Budget(self.deadline), robots=True, max_bytes=MAX_PAGE_BYTES)
        if page.status >= 400:
            raise FetchError(self._status_error(page))
        moved_to = None
        for status, target in hops:
            if status not in PERMANENT:
                break
            moved_to = target
        return Fetched(page, moved_to)

    def _follow(
        self, url: str, headers: Mapping[str, str], budget: _Budget, *, robots: bool, max_bytes: int
    ) -> tuple[Page, list[tuple[int, str]]]:
        """GET `url`, following redirects hop by hop, each checked; the last answer and the hops taken."""
        start, seen, hops = url, {url}, list[tuple[int, str]]()
        for _ in range(MAX_REDIRECTS + 1):
            address = check_url(url, allow_private=self.allow_private, resolver=self.resolver)
            self.hosts.check_open(_host(url))
            if robots:
                self._check_robots(url)
            page = self._get(url, address, headers, budget, max_bytes=max_bytes, truncate=not robots)
            location = page.headers.get("location")
            if page.status not in REDIRECTS or not location:
                return page, hops
            try:
                target = urldefrag(urljoin(url, location.strip())).url
            except ValueError:  # "http://[broken/": urllib refuses to read it
                raise FetchError(f"GET {url} redirected to {location!r}, which is no URL") from None
            if target in seen:
                raise FetchError(f"GET {start}: redirect loop: {url} redirects back to {target}")
            seen.add(target)
            hops.append((page.status, target))
            url = target
        raise FetchError(f"GET {start}: more than {MAX_REDIRECTS} redirects; last to {url}")

    def _get(
        self,
        url: str,
        address: str | None,
        headers: Mapping[str, str],
        budget: _Budget,
        *,
        max_bytes: int,
        truncate: bool,
    ) -> Page:
        """One GET in the host's turn, sent to `address` if it was checked. Only a 2xx body is read: at most
        `max_bytes` (cut there if `truncate`, else a FetchError) and within the budget's deadline."""
        host = _host(url)
        sent, named, extensions = pinned(url, address)
        with self.hosts.turn(host, max_wait=self.deadline):
            started = time.monotonic()
            try:
                with self.client.stream(
                    "GET", sent, headers={**headers, **named}, extensions=extensions
                ) as response:
                    body = bytearray()
                    if response.is_success:
                        for chunk in response.iter_bytes():
                            body += chunk
                            if len(body) > max_bytes:
                                if truncate:
                                    del body[max_bytes:]
                                    break
                                raise FetchError(f"GET {url}: larger than {max_bytes} bytes; not a listing")
                            if budget.spent + time.monotonic() - started > budget.deadline:
                                raise FetchError(
                                    f"GET {url}: page not received within {budget.deadline:g} seconds"
                                )
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(f"GET {url} failed: {type(exc).__name__}: {exc}") from exc
            finally:
                budget.spent += time.monotonic() - started
        if response.status_code in (429, 503):
            until = retry_after(response.headers.get("retry-after"), self.hosts.now())
            if until is not None:
                self.hosts.close_until(host, until)
        status, answered = response.status_code, dict(response.headers)
        return Page(url=url, content=bytes(body), headers=answered, status=status)

    def _status_error(self, page: Page) -> str:
        reason = httpx.codes.get_reason_phrase(page.status)
        message = f"GET {page.url} answered HTTP {page.status} {reason}".rstrip()
        until = self.hosts.closed_until(_host(page.url)) if page.status in (429, 503) else None
        if until is not None:
            message += f"; it asked for no request to {_host(page.url)} before {when(until)} (Retry-After)"
        return message

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        robots = self._robots(f"{parts.scheme}://{parts.netloc}")
        if robots.error:
            raise FetchError(robots.error)
        if robots.rules is not None and not robots.rules.can_fetch(url, self.user_agent):
            raise FetchError(f"{robots.url} disallows {url} for {self.user_agent}; not fetched")

    def _robots(self, origin: str) -> Robots:
        """The origin's robots.txt, read at most once a day; its Crawl-delay becomes its host's delay."""
        with self.hosts.robots_lock(origin) as kept:
            if kept is not None:
                return kept
            robots = self._read_robots(f"{origin}/robots.txt")
            delay = robots.rules.crawl_delay(self.user_agent) if robots.rules else None
            self.hosts.set_crawl_delay(_host(origin), float(delay or 0))
            return self.hosts.keep_robots(origin, robots)

    def _read_robots(self, url: str) -> Robots:
        later = "; the site asks to come back later, so nothing is fetched from it until it answers"
        try:
            page, _ = self._follow(url, {}, _Budget(self.deadline), robots=False, max_bytes=MAX_ROBOTS_BYTES)
        except FetchError as exc:
            return Robots(
                url, error=f"robots.txt not read ({exc}); nothing is fetched from the site until it is"
            )
        if page.status >= 500 or page.status == 429:
            return Robots(url, error=self._status_error(page) + later)
        if page.status >= 400:  # RFC 9309: robots.txt "unavailable", so no rules
            return Robots(url)
        return Robots(url, rules=Protego.parse(page.content.decode("utf-8", errors="replace")))


def retry_after(value: str | None, now: dt.datetime) -> dt.datetime | None:
    """The time a Retry-After header gives (delay-seconds or an HTTP date), or None if it gives none."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():  # capped at a year: a larger number is no plan to come back
        return now + dt.timedelta(seconds=min(int(value), 365 * 24 * 3600))
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""
