"""Harvesting from local sites that misbehave on purpose (real sockets on 127.0.0.x, no internet): each fault
ends in a clear HarvestRun record, a slow site delays no other, and politeness holds under concurrency."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from aggregator import db, fetch, pipeline
from aggregator.hosts import Hosts
from aggregator.http import make_client
from aggregator.models import HarvestRun, Review, Source
from aggregator.settings import PartnershipConfig, Settings
from cspr.demo import RECORDED_PAGES
from tests.conftest import Transport

DONCASTER = (RECORDED_PAGES / "doncaster" / "cspr.html").read_bytes()
Route = Callable[[BaseHTTPRequestHandler], None]


def page(
    body: bytes = DONCASTER, *, status: int = 200, headers: dict[str, str] | None = None, wait: float = 0
) -> Route:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(wait)
        handler.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def redirect(location: str, status: int = 302) -> Route:
    return page(b"", status=status, headers={"Location": location})


class LocalSite:
    """An HTTP server on a loopback address, in a thread, answering each path as `routes` says (else 404);
    it remembers each request's path and how many were in flight at most."""

    def __init__(self, routes: dict[str, Route], host: str = "127.0.0.1") -> None:
        self.routes = routes
        self.asked: list[str] = []
        self.spans: list[tuple[float, float]] = []  # when each request began and ended (monotonic)
        self.in_flight = self.most_in_flight = 0
        self.closing = threading.Event()
        lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                began = time.monotonic()
                with lock:
                    site.asked.append(self.path)
                    site.in_flight += 1
                    site.most_in_flight = max(site.most_in_flight, site.in_flight)
                try:
                    site.routes.get(self.path, page(b"not found", status=404))(self)
                except OSError:  # the harvest gave up on us
                    pass
                finally:
                    with lock:
                        site.in_flight -= 1
                        site.spans.append((began, time.monotonic()))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}"

    def __enter__(self) -> LocalSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()


def drip(site: LocalSite, every: float = 1.0) -> Route:
    """A page sent one byte a second: no read ever times out, yet it never ends."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for byte in DONCASTER:
            if site.closing.wait(every):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()

    return answer


def partnership(slug: str, *urls: str) -> PartnershipConfig:
    return PartnershipConfig.model_validate(
        {
            "slug": slug,
            "name": f"{slug.title()} Safeguarding Children Partnership",
            "homepage": urls[0],
            "sources": [{"name": f"s{n}", "adapter": "doncaster", "url": url} for n, url in enumerate(urls)],
        }
    )


@pytest.fixture
def harvest(engine: Engine, settings: Settings) -> Callable[..., list[pipeline.SourceOutcome]]:
    def run(*partnerships: PartnershipConfig, **kwargs: Any) -> list[pipeline.SourceOutcome]:
        changes = {"harvest_concurrency": 16, **kwargs.pop("settings", {})}
        return pipeline.run_all(
            engine=engine,
            settings=settings.model_copy(update=changes),
            partnerships=partnerships,
            **kwargs,
        )

    return run


def runs(engine: Engine) -> dict[str, tuple[str, int | None, str | None]]:
    """Each source's latest HarvestRun: status, HTTP status and error."""
    with Session(engine) as session:
        rows = session.exec(select(HarvestRun).order_by(col(HarvestRun.id))).all()
        return {r.url: (r.status, r.http_status, r.error) for r in rows}


def test_a_slow_site_delays_no_other(harvest: Callable[..., list[pipeline.SourceOutcome]]) -> None:
    with LocalSite({"/r": page(wait=3)}) as slow, LocalSite({"/r": page()}, host="127.0.0.2") as fast:
        arrived: dict[str, float] = {}
        started = time.monotonic()
        outcomes = harvest(
            partnership("slow", slow.url + "/r"),
            partnership("fast", fast.url + "/r"),
            on_done=lambda o: arrived.setdefault(o.partnership, time.monotonic() - started),
        )
    assert [(o.partnership, o.ok) for o in outcomes] == [("slow", True), ("fast", True)]  # configured order
    assert arrived["fast"] < arrived["slow"] - 1.5 and arrived["slow"] >= 3


def test_a_dripping_site_is_cut_off_at_the_deadline_and_the_others_go_on(
    engine: Engine, harvest: Callable[..., list[pipeline.SourceOutcome]]
) -> None:
    with LocalSite({}) as dripping, LocalSite({"/r": page()}, host="127.0.0.2") as good:
        dripping.routes["/r"] = drip(dripping)
        outcomes = harvest(
            partnership("dripping", dripping.url + "/r"),
            partnership("good", good.url + "/r"),
            settings={"fetch_deadline": 1.5},
        )
    assert [o.ok for o in outcomes] == [False, True]
    assert runs(engine)[dripping.url + "/r"] == (
        "failed",
        None,
        f"GET {dripping.url}/r: page not received within 1.5 seconds",
    )


def test_concurrency_is_capped_and_each_host_is_asked_one_request_at_a_time(
    harvest: Callable[..., list[pipeline.SourceOutcome]],
) -> None:
    routes = {f"/r{n}": page(wait=0.1) for n in range(3)}
    with ExitStack() as stack:
        sites = [stack.enter_context(LocalSite(dict(routes), host=f"127.0.0.{n}")) for n in range(2, 6)]
        # Each partnership lists a page on every host, so every host is wanted by four sources at once.
        configs = [partnership(f"p{n}", *(f"{s.url}/r{n % 3}" for s in sites)) for n in range(4)]
        outcomes = harvest(*configs, settings={"harvest_concurrency": 2})
    assert all(o.ok for o in outcomes) and len(outcomes) == 16
    # One request at a time per host. The server's thread ends a span just after writing the answer, when the
    # client may already be sending its next request: spans overlapping by less than SLACK are one after
    # the other (the pages take 0.1 s, so two requests really at once overlap by far more).
    assert [most_at_once(site.spans) for site in sites] == [1, 1, 1, 1]
    assert most_at_once([span for site in sites for span in site.spans]) == 2  # harvest_concurrency


SLACK = 0.03


def most_at_once(spans: list[tuple[float, float]]) -> int:
    """The most requests in flight at any moment, not counting overlaps shorter than SLACK seconds."""
    return max(sum(start <= moment < end - SLACK for start, end in spans) for moment, _ in spans)


def test_robots_txt_disallowing_the_page_fails_the_source_and_nothing_is_fetched(
    engine: Engine, harvest: Callable[..., list[pipeline.SourceOutcome]]
) -> None:
    robots = b"User-agent: cspr-feed\nDisallow: /r\n"
    with LocalSite(
        {"/robots.txt": page(robots, headers={"Content-Type": "text/plain"}), "/r": page()}
    ) as site:
        (outcome,) = harvest(partnership("p", site.url + "/r"))
    assert site.asked == ["/robots.txt"]
    assert runs(engine)[site.url + "/r"][0] == "failed"
    assert outcome.error and f"{site.url}/robots.txt disallows {site.url}/r for cspr-feed/" in outcome.error


def test_robots_txt_answering_5xx_fails_the_source_until_it_answers(
    engine: Engine, harvest: Callable[..., list[pipeline.SourceOutcome]]
) -> None:
    with LocalSite({"/robots.txt": page(b"", status=500), "/r": page()}) as site:
        (outcome,) = harvest(partnership("p", site.url + "/r"))
    assert site.asked == ["/robots.txt"]
    assert outcome.error == (
        f"GET {site.url}/robots.txt answered HTTP 500 Internal Server Error; the site asks to come back "
        "later, so nothing is fetched from it until it answers"
    )


def test_retry_after_is_honoured_across_harvests_sharing_hosts(
    engine: Engine, settings: Settings, harvest: Callable[..., list[pipeline.SourceOutcome]]
) -> None:
    busy = page(b"busy", status=503, headers={"Retry-After": "3600"})
    with LocalSite({"/r": busy, "/other": page()}) as site:
        hosts = Hosts(delay=0)
        (first,) = harvest(partnership("p", site.url + "/r"), hosts=hosts)
        (second,) = harvest(partnership("q", site.url + "/other"), hosts=hosts)
    assert site.asked == ["/robots.txt", "/r"]
    assert (
        first.error
        and "answered HTTP 503 Service Unavailable; it asked for no request to 127.0.0.1 before"
        in first.error
    )
    assert second.error and second.error.startswith("not requested: 127.0.0.1 asked for no request before")
    assert runs(engine)[site.url + "/other"][0] == "failed"


def test_a_redirect_loop_is_a_clear_failure(
    engine: Engine, harvest: Callable[..., list[pipeline.SourceOutcome]]
) -> None:
    with LocalSite({"/r": redirect("/s"), "/s": redirect("/r")}) as site:
        (outcome,) = harvest(partnership("p", site.url + "/r"))
    assert runs(engine)[site.url + "/r"] == (
        "failed",
        None,
        f"GET {site.url}/r: redirect loop: {site.url}/s redirects back to {site.url}/r",
    )
    assert not outcome.ok


def test_a_permanent_cross_host_redirect_is_followed_and_recorded_on_the_source(
    engine: Engine, harvest: Callable[..., list[pipeline.SourceOutcome]]
) -> None:
    with (
        LocalSite({"/new": page()}, host="127.0.0.2") as new,
        LocalSite({"/r": redirect(new.url + "/new", 301)}) as old,
    ):
        (outcome,) = harvest(partnership("p", old.url + "/r"))
        assert outcome.ok and outcome.entries > 0 and outcome.moved_to == new.url + "/new"
        assert new.asked == ["/robots.txt", "/new"]  # the new host's robots.txt is asked too
        with Session(engine) as session:
            assert session.exec(select(Source)).one().moved_to == new.url + "/new"
        old.routes["/r"] = page()  # the site undoes it: the source no longer says it moved
        (outcome,) = harvest(partnership("p", old.url + "/r"))
    assert outcome.ok and outcome.moved_to is None
    with Session(engine) as session:
        assert session.exec(select(Source)).one().moved_to is None
    assert [status for status, _, _ in runs(engine).values()] == ["ok"]


def test_a_redirect_to_a_private_address_is_refused(
    engine: Engine, settings: Settings, harvest: Callable[..., list[pipeline.SourceOutcome]]
) -> None:
    public = "http://93.184.215.14/reviews"  # an address: checked as it is, never resolved
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.path == "/reviews":
            return httpx.Response(302, headers={"Location": "http://127.0.0.1:8080/admin"})
        return httpx.Response(404)

    with make_client(settings, transport=httpx.MockTransport(handler)) as client:
        (outcome,) = harvest(partnership("p", public), client=client, settings={"allow_private_hosts": False})
    assert asked == ["http://93.184.215.14/robots.txt", public]
    assert runs(engine)[public] == (
        "failed",
        None,
        "http://127.0.0.1:8080/admin: refused: 127.0.0.1 is a loopback address; set allow_private_hosts to "
        "fetch from such hosts",
    )
    assert not outcome.ok


def test_a_page_larger_than_the_cap_is_a_clear_failure(
    engine: Engine, harvest: Callable[..., list[pipeline.SourceOutcome]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "MAX_PAGE_BYTES", 10_000)
    with LocalSite({"/r": page()}) as site:
        harvest(partnership("p", site.url + "/r"))
    assert runs(engine)[site.url + "/r"] == (
        "failed",
        None,
        f"GET {site.url}/r: larger than 10000 bytes; not a listing",
    )


def test_a_wrongly_declared_charset_still_stores_the_right_text(
    engine: Engine, harvest: Callable[..., list[pipeline.SourceOutcome]]
) -> None:
    # The page is UTF-8 and says so in a <meta>; the server's header says Latin-1. The page is believed.
    lying = page(DONCASTER, headers={"Content-Type": "text/html; charset=iso-8859-1"})
    with LocalSite({"/r": lying}) as site:
        (outcome,) = harvest(partnership("doncaster", site.url + "/r"))
    assert outcome.ok and outcome.entries > 0
    assert runs(engine)[site.url + "/r"][:2] == ("ok", 200)
    with Session(engine) as session:
        titles = {r.title for r in session.exec(select(Review))}
    assert not any("Ã" in t or "\ufffd" in t for t in titles)
    assert any("Cameron" in t for t in titles)


def snapshot(engine: Engine) -> dict[str, tuple[object, ...]]:
    with Session(engine) as session:
        reviews = session.exec(select(Review)).all()
        return {r.key: (r.title, r.content_hash, r.site_status, len(r.documents)) for r in reviews}


def test_a_concurrent_harvest_stores_what_a_sequential_one_does(
    engine: Engine,
    settings: Settings,
    partnerships: list[PartnershipConfig],
    recorded_transport: Transport,
    tmp_path: Path,
) -> None:
    sequential = db.open_store(f"sqlite:///{tmp_path}/sequential.sqlite3")
    for store, workers in ((sequential, 1), (engine, 16)):
        with make_client(settings, transport=recorded_transport(None)) as client:
            outcomes = pipeline.run_all(
                engine=store,
                settings=settings.model_copy(update={"harvest_concurrency": workers}),
                partnerships=partnerships,
                client=client,
            )
        assert all(o.ok for o in outcomes)
    assert snapshot(engine) == snapshot(sequential) != {}
    sequential.dispose()
