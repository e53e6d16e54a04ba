"""What this process knows of each site it harvests: when it may next be asked, and what its robots.txt says.

Politeness is per host name: one request at a time, at least `delay` seconds (the host_delay setting, or the
Crawl-delay of the site's robots.txt if that is longer) from the end of one request to the start of the
next, and no request at all before the time a Retry-After gave. robots.txt is kept for a day per origin
(scheme, host and port, as RFC 9309 scopes it).

Nothing here is stored: one `Hosts` lives as long as the process wants the memory. `cspr harvest` makes one
per run; `cspr serve`'s scheduler shares one between all its jobs. Waits use an injected monotonic clock and
sleep, so tests never sleep; Retry-After times are wall-clock (an injected `now`).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from protego import Protego

from aggregator.errors import FetchError

ROBOTS_KEPT = 24 * 3600.0  # seconds a robots.txt is trusted
ROBOTS_UNREADABLE_KEPT = 1800.0  # a robots.txt answering 5xx is asked again after this, not before


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def when(moment: dt.datetime) -> str:
    """A time in messages: "2026-11-01 07:00:00 UTC"."""
    return f"{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC"


@dataclass(frozen=True)
class Robots:
    """What one origin's robots.txt says: `rules`, or None when it has none (a 4xx: everything allowed);
    `error` when it could not be read (a 5xx or no answer: nothing may be fetched yet)."""

    url: str
    rules: Protego | None = None
    error: str | None = None
    expires: float = 0.0  # monotonic


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    free_at: float = float("-inf")  # monotonic: the earliest start of the next request
    crawl_delay: float = 0.0
    closed_until: dt.datetime | None = None  # Retry-After: no request before this


class Hosts:
    """Per-host turns and delays, Retry-After closures and the robots.txt cache; safe across threads."""

    def __init__(
        self,
        *,
        delay: float,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.delay = delay
        self.monotonic, self.sleep, self.now = monotonic, sleep, now
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def _host(self, name: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(name.lower(), _Host())

    @contextmanager
    def turn(self, name: str, *, max_wait: float) -> Iterator[None]:
        """Hold host `name` for one request: wait for any other request to it to end and for its delay to
        pass. A FetchError, asking nothing, when a Retry-After closed the host or the wait would be longer
        than `max_wait` seconds."""
        host = self._host(name)
        with host.lock:
            self.check_open(name)
            wait = host.free_at - self.monotonic()
            if wait > max_wait:
                raise FetchError(
                    f"{name} asks for {self.delay_of(name):g} seconds between requests (robots.txt "
                    f"Crawl-delay); the next may start in {wait:.0f} seconds, later than this harvest waits"
                )
            if wait > 0:
                self.sleep(wait)
            try:
                yield
            finally:
                host.free_at = self.monotonic() + self.delay_of(name)

    def check_open(self, name: str) -> None:
        """A FetchError if a Retry-After from host `name` still forbids asking it anything."""
        until = self.closed_until(name)
        if until is not None:
            raise FetchError(
                f"not requested: {name} asked for no request before {when(until)} (Retry-After); "
                "it is retried after that"
            )

    def closed_until(self, name: str) -> dt.datetime | None:
        """Until when a Retry-After closed host `name`, if it is still closed."""
        until = self._host(name).closed_until
        return until if until is not None and self.now() < until else None

    def close_until(self, name: str, until: dt.datetime) -> None:
        """No request to host `name` before `until` (a Retry-After), in this process."""
        host = self._host(name)
        with self._lock:
            if host.closed_until is None or until > host.closed_until:
                host.closed_until = until

    def delay_of(self, name: str) -> float:
        return max(self.delay, self._host(name).crawl_delay)

    def set_crawl_delay(self, name: str, seconds: float) -> None:
        """Host `name`'s robots.txt, just read, asks for `seconds` between requests (counted from now)."""
        host = self._host(name)
        host.crawl_delay = seconds
        host.free_at = max(host.free_at, self.monotonic() + seconds)

    @contextmanager
    def robots_lock(self, origin: str) -> Iterator[Robots | None]:
        """Hold `origin`'s robots.txt while it is read, so two harvests never ask for it twice; gives what
        is kept of it, unless it has expired."""
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            kept = self._robots.get(origin)
            yield kept if kept is not None and kept.expires > self.monotonic() else None

    def keep_robots(self, origin: str, robots: Robots) -> Robots:
        """Remember `robots` for `origin` until it expires (a day; half an hour if it was unreadable)."""
        kept = ROBOTS_UNREADABLE_KEPT if robots.error else ROBOTS_KEPT
        robots = Robots(robots.url, robots.rules, robots.error, self.monotonic() + kept)
        self._robots[origin] = robots
        return robots
