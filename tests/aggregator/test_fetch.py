"""Fetching one page: errors name the URL; size and time are bounded; robots.txt, Retry-After and per-host
delays are honoured; every redirect hop is checked. Served by httpx.MockTransport, on a fake clock."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from aggregator import fetch
from aggregator.errors import FetchError
from aggregator.fetch import Fetcher, retry_after
from aggregator.hosts import Hosts
from aggregator.http import make_client
from aggregator.settings import Settings

URL = "https://example.org/case-reviews"
ROBOTS = "https://example.org/robots.txt"
START = dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC)
Handler = Callable[[httpx.Request], httpx.Response]


class Clock:
    """A monotonic clock that moves only when something sleeps on it; `now` follows it from START."""

    def __init__(self) -> None:
        self.t = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.t += seconds

    def now(self) -> dt.datetime:
        return START + dt.timedelta(seconds=self.t)


class Site:
    """Answers from a table of URL -> response (404 otherwise) and remembers every request."""

    def __init__(self, pages: dict[str, httpx.Response | Handler]) -> None:
        self.pages = pages
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.pages.get(self.named(request), httpx.Response(404))
        return answer(request) if callable(answer) else answer

    @staticmethod
    def named(request: httpx.Request) -> str:
        """The URL asked for, by the name in its Host header (a checked name is sent to its address)."""
        return f"{request.url.scheme}://{request.headers['host']}{request.url.raw_path.decode()}"

    @property
    def asked(self) -> list[str]:
        return [self.named(r) for r in self.requests]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fetcher(settings: Settings, clock: Clock) -> Callable[..., Fetcher]:
    """A Fetcher over `site` on the fake clock; `settings` as the tests' own unless given."""

    def make(site: Site, *, delay: float = 0.0, private: bool = True, **changes: object) -> Fetcher:
        local = settings.model_copy(update={"allow_private_hosts": private, **changes})
        hosts = Hosts(delay=delay, monotonic=clock.monotonic, sleep=clock.sleep, now=clock.now)
        client = make_client(local, transport=httpx.MockTransport(site))
        return Fetcher(client, local, hosts=hosts, resolver=fake_dns)

    return make


def fake_dns(host: str, port: int) -> list[str]:
    """Public-looking names for the tests; no query ever leaves the machine."""
    addresses = {
        "example.org": ["93.184.215.14"],
        "new.example.net": ["93.184.215.15"],
        "intranet.example.org": ["93.184.215.16", "10.0.0.5"],
        "metadata.example.org": ["169.254.169.254"],
        "ec2.example.org": ["fd00:ec2::254"],
    }
    if host not in addresses:
        raise OSError(f"[Errno -2] Name or service not known: {host}")
    return addresses[host]


def test_page_keeps_final_url_body_and_headers(fetcher: Callable[..., Fetcher]) -> None:
    site = Site(
        {
            URL: httpx.Response(302, headers={"Location": URL + "/"}),
            URL + "/": httpx.Response(200, html="<p>ok</p>"),
        }
    )
    fetched = fetcher(site).fetch(URL)
    assert (fetched.page.url, fetched.page.content, fetched.page.status) == (URL + "/", b"<p>ok</p>", 200)
    assert fetched.page.headers["content-type"].startswith("text/html")
    assert fetched.moved_to is None  # a temporary redirect: the source's URL stays


def test_permanent_redirects_say_where_the_source_moved(fetcher: Callable[..., Fetcher]) -> None:
    new = "https://new.example.net/reviews"
    site = Site(
        {
            URL: httpx.Response(301, headers={"Location": new}),
            new: httpx.Response(308, headers={"Location": "/reviews/2026#top"}),
            new + "/2026": httpx.Response(302, headers={"Location": "/today"}),
            "https://new.example.net/today": httpx.Response(200, html="<p>ok</p>"),
        }
    )
    fetched = fetcher(site, private=False).fetch(URL)
    assert fetched.moved_to == new + "/2026"  # the 302 after it is temporary
    assert fetched.page.url == "https://new.example.net/today"
    # A cross-host redirect asks the new host's robots.txt before its page.
    assert site.asked == [
        ROBOTS,
        URL,
        "https://new.example.net/robots.txt",
        new,
        new + "/2026",
        fetched.page.url,
    ]


def test_http_error_names_url_and_status(fetcher: Callable[..., Fetcher]) -> None:
    with pytest.raises(FetchError, match=f"GET {URL} answered HTTP 404 Not Found$"):
        fetcher(Site({})).fetch(URL)


def test_transport_failure_names_url(fetcher: Callable[..., Fetcher]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(FetchError, match=rf"robots.txt not read \(GET {ROBOTS} failed: ConnectError"):
        fetcher(Site({ROBOTS: refuse, URL: refuse})).fetch(URL)
    with pytest.raises(FetchError, match=f"GET {URL} failed: ConnectError"):
        fetcher(Site({URL: refuse})).fetch(URL)


def test_a_server_that_drips_bytes_is_cut_off_at_the_deadline(fetcher: Callable[..., Fetcher]) -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(50):
            time.sleep(0.02)
            yield b"."

    site = Site({URL: lambda request: httpx.Response(200, content=drip())})
    with pytest.raises(FetchError, match=f"GET {URL}: page not received within 0.1 seconds"):
        fetcher(site, fetch_deadline=0.1).fetch(URL)


def test_a_page_larger_than_the_cap_is_refused(
    fetcher: Callable[..., Fetcher], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "MAX_PAGE_BYTES", 1000)
    site = Site({URL: lambda request: httpx.Response(200, content=iter([b"x" * 600] * 3))})
    with pytest.raises(FetchError, match=f"GET {URL}: larger than 1000 bytes"):
        fetcher(site).fetch(URL)


def test_validators_make_the_get_conditional_and_304_comes_back(fetcher: Callable[..., Fetcher]) -> None:
    site = Site({URL: httpx.Response(304, headers={"ETag": '"v1"'})})
    fetched = fetcher(site).fetch(URL, validators=('"v1"', "Sun, 01 Nov 2026 06:00:00 GMT"))
    assert (fetched.page.status, fetched.page.content) == (304, b"")
    page_request = site.requests[-1]
    assert page_request.headers["if-none-match"] == '"v1"'
    assert page_request.headers["if-modified-since"] == "Sun, 01 Nov 2026 06:00:00 GMT"


# robots.txt -----------------------------------------------------------------------------------------------


def test_a_page_robots_txt_disallows_is_not_fetched(fetcher: Callable[..., Fetcher]) -> None:
    robots = "User-agent: *\nDisallow: /private\n\nUser-agent: cspr-feed\nDisallow: /case-reviews\n"
    site = Site({ROBOTS: httpx.Response(200, text=robots), URL: httpx.Response(200, html="<p>ok</p>")})
    with pytest.raises(FetchError, match=f"{ROBOTS} disallows {URL} for cspr-feed/"):
        fetcher(site).fetch(URL)
    assert site.asked == [ROBOTS]


def test_robots_txt_is_read_once_and_its_crawl_delay_spaces_requests(
    fetcher: Callable[..., Fetcher], clock: Clock
) -> None:
    robots = "User-agent: cspr-feed\nCrawl-delay: 5\nDisallow: /private\n"
    other = "https://example.org/learning-reviews"
    site = Site(
        {
            ROBOTS: httpx.Response(200, text=robots),
            URL: httpx.Response(200, html="<p>1</p>"),
            other: httpx.Response(200, html="<p>2</p>"),
        }
    )
    f = fetcher(site, delay=1.0)
    f.fetch(URL)
    f.fetch(other)
    assert site.asked == [ROBOTS, URL, other]
    assert clock.slept == [5.0, 5.0]  # after robots.txt, and between the two pages: Crawl-delay beats 1 s


def test_without_crawl_delay_requests_to_one_host_are_host_delay_apart(
    fetcher: Callable[..., Fetcher], clock: Clock
) -> None:
    site = Site({URL: httpx.Response(200, html="<p>1</p>")})
    f = fetcher(site, delay=1.0)
    f.fetch(URL)
    clock.t += 0.25  # time passes between the two harvests: only the rest of the delay is waited
    f.fetch(URL)
    assert clock.slept == [1.0, 0.75]
    assert site.asked == [ROBOTS, URL, URL]  # a robots.txt answering 404 allows everything


def test_robots_txt_answering_5xx_means_come_back_later(fetcher: Callable[..., Fetcher]) -> None:
    site = Site({ROBOTS: httpx.Response(503), URL: httpx.Response(200, html="<p>ok</p>")})
    f = fetcher(site)
    for _ in range(2):
        with pytest.raises(FetchError, match=f"GET {ROBOTS} answered HTTP 503 .*come back later"):
            f.fetch(URL)
    assert site.asked == [ROBOTS]  # not asked again at once, and the page never


def test_robots_txt_is_read_again_after_a_day(fetcher: Callable[..., Fetcher], clock: Clock) -> None:
    site = Site({ROBOTS: httpx.Response(200, text="User-agent: *\nAllow: /\n"), URL: httpx.Response(200)})
    f = fetcher(site)
    f.fetch(URL)
    clock.t += 23 * 3600
    f.fetch(URL)
    clock.t += 2 * 3600
    f.fetch(URL)
    assert site.asked == [ROBOTS, URL, URL, ROBOTS, URL]


# Retry-After ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "until"),
    [("3600", "2026-11-01 07:00:00 UTC"), ("Sun, 01 Nov 2026 08:30:00 GMT", "2026-11-01 08:30:00 UTC")],
)
@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_closes_the_host_until_then(
    fetcher: Callable[..., Fetcher], clock: Clock, status: int, header: str, until: str
) -> None:
    other = "https://example.org/learning-reviews"
    site = Site({URL: httpx.Response(status, headers={"Retry-After": header}), other: httpx.Response(200)})
    f = fetcher(site)
    with pytest.raises(
        FetchError, match=f"answered HTTP {status} .*no request to example.org before {until}"
    ):
        f.fetch(URL)
    with pytest.raises(FetchError, match=f"not requested: example.org asked for no request before {until}"):
        f.fetch(other)
    assert site.asked == [ROBOTS, URL]
    clock.t = (dt.datetime.fromisoformat(until.removesuffix(" UTC") + "+00:00") - START).total_seconds()
    assert f.fetch(other).page.status == 200


def test_retry_after_values(clock: Clock) -> None:
    assert retry_after("120", START) == START + dt.timedelta(minutes=2)
    assert retry_after("Sun, 01 Nov 2026 08:30:00 GMT", START) == START.replace(hour=8, minute=30)
    assert retry_after("soon", START) is None
    assert retry_after(None, START) is None


# Redirects and addresses ----------------------------------------------------------------------------------


def test_a_redirect_loop_is_refused(fetcher: Callable[..., Fetcher]) -> None:
    site = Site(
        {
            URL: httpx.Response(302, headers={"Location": "/a"}),
            "https://example.org/a": httpx.Response(302, headers={"Location": URL}),
        }
    )
    with pytest.raises(FetchError, match=f"GET {URL}: redirect loop: https://example.org/a redirects back"):
        fetcher(site).fetch(URL)


def test_more_than_ten_redirects_are_refused(fetcher: Callable[..., Fetcher]) -> None:
    site = Site(
        {f"{URL}/{n}": httpx.Response(302, headers={"Location": f"/case-reviews/{n + 1}"}) for n in range(20)}
    )
    with pytest.raises(FetchError, match="more than 10 redirects"):
        fetcher(site).fetch(URL + "/0")
    assert len(site.asked) == 1 + 11


@pytest.mark.parametrize(
    ("location", "says"),
    [
        ("file:///etc/passwd", "only http and https URLs are fetched, not file"),
        ("ftp://example.org/reviews", "only http and https URLs are fetched, not ftp"),
        (
            "https://user:secret@example.org/reviews",
            "https://example.org/reviews: refused: the URL carries credentials",
        ),
        ("http://127.0.0.1/admin", "127.0.0.1 is a loopback address"),
        ("http://[::1]:8080/", "::1 is a loopback address"),
        ("http://192.168.1.1/", "192.168.1.1 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
        (
            "http://metadata.example.org/",
            r"metadata.example.org \(169.254.169.254\) is a cloud metadata address",
        ),
        ("http://ec2.example.org/", r"ec2.example.org \(fd00:ec2::254\) is a cloud metadata address"),
        ("http://intranet.example.org/", r"intranet.example.org \(10.0.0.5\) is a private address"),
        ("http://[::ffff:10.1.2.3]/", "is a private address"),
        ("http://224.0.0.1/", "is a multicast address"),
        ("http://0.0.0.0/", "is an unspecified address"),
        ("http://nowhere.invalid/", "cannot resolve nowhere.invalid"),
    ],
)
def test_a_redirect_to_a_refused_url_is_never_followed(
    fetcher: Callable[..., Fetcher], location: str, says: str
) -> None:
    site = Site({URL: httpx.Response(302, headers={"Location": location})})
    with pytest.raises(FetchError, match=says):
        fetcher(site, private=False).fetch(URL)
    assert site.asked == [ROBOTS, URL]  # nothing asked of the address it redirected to
    assert "secret" not in str(site.requests)


def test_private_hosts_are_fetched_when_the_operator_allows_them(fetcher: Callable[..., Fetcher]) -> None:
    site = Site(
        {
            URL: httpx.Response(302, headers={"Location": "http://127.0.0.1/cspr"}),
            "http://127.0.0.1/cspr": httpx.Response(200, html="<p>ok</p>"),
        }
    )
    assert fetcher(site, private=True).fetch(URL).page.content == b"<p>ok</p>"


@pytest.mark.parametrize("location", ["http://[broken/x", "http://example.org:port/"])
def test_a_redirect_to_no_url_is_a_fetch_error(fetcher: Callable[..., Fetcher], location: str) -> None:
    site = Site({URL: httpx.Response(302, headers={"Location": location})})
    with pytest.raises(FetchError, match=rf"GET {URL} (redirected to .*, which is no URL|failed: .*Invalid)"):
        fetcher(site).fetch(URL)


def test_a_checked_name_is_asked_at_the_address_checked(fetcher: Callable[..., Fetcher]) -> None:
    site = Site({URL: httpx.Response(200, html="<p>ok</p>")})
    fetched = fetcher(site, private=False).fetch(URL)
    assert fetched.page.url == URL
    request = site.requests[-1]
    assert (request.url.host, request.headers["host"]) == ("93.184.215.14", "example.org")
    assert request.extensions["sni_hostname"] == "example.org"  # TLS is checked against the name
