"""Harvesting end to end over recorded pages (httpx.MockTransport): idempotent, and failure-isolated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import feedparser
import httpx
import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from aggregator import pipeline, store
from aggregator.documents import Known
from aggregator.errors import ConfigError
from aggregator.fetch import Fetcher
from aggregator.http import make_client
from aggregator.models import Document, DocumentIn, HarvestRun, Review, ReviewIn, Source, StatusEvent
from aggregator.settings import PartnershipConfig, Settings, load_partnership_file
from cspr.demo import RECORDED_PAGES, recorded_pages
from feeds.publish import render_site
from feeds.site import site_of
from tests.conftest import Transport

REPO = Path(__file__).resolve().parents[2]
Harvest = Callable[..., list[pipeline.SourceOutcome]]
DONCASTER = "http://dscp.org.uk/professionals/child-safeguarding-practice-reviews"


def clock(start: dt.datetime) -> Iterator[dt.datetime]:
    while True:
        yield start
        start += dt.timedelta(seconds=1)


@pytest.fixture
def harvest(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig], recorded_transport: Transport
) -> Callable[..., list[pipeline.SourceOutcome]]:
    """Harvest all sources from the recordings on 2026-11-<day>, one clock tick a second."""

    def run(overrides: dict[str, httpx.Response] | None = None, day: int = 1) -> list[pipeline.SourceOutcome]:
        ticks = clock(dt.datetime(2026, 11, day, 6, tzinfo=dt.UTC))
        with make_client(settings, transport=recorded_transport(overrides)) as client:
            return pipeline.run_all(
                engine=engine,
                settings=settings,
                partnerships=partnerships,
                client=client,
                now=lambda: next(ticks),
            )

    return run


def snapshot(engine: Engine) -> dict[str, tuple[object, ...]]:
    with Session(engine) as session:
        return {
            r.key: (r.title, r.content_hash, r.content_updated_at, r.site_status, len(r.documents))
            for r in session.exec(select(Review))
        }


def count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_harvest_stores_every_review_of_both_partnerships(engine: Engine, harvest: Harvest) -> None:
    outcomes = harvest()
    assert [(o.partnership, o.source, o.ok) for o in outcomes] == [
        ("derby-and-derbyshire", "case-reviews", True),
        ("derby-and-derbyshire", "learning-reviews", True),
        ("doncaster", "cspr", True),
    ]
    stored = snapshot(engine)
    assert len(stored) == sum(o.entries for o in outcomes)
    assert {
        "derby-and-derbyshire/ref/zds22",
        "derby-and-derbyshire/ref/tds20",
        "derby-and-derbyshire/ref/mds20-pds20",
        "doncaster/child/cameron-2023",
    } <= set(stored)
    with Session(engine) as session:
        runs = session.exec(select(HarvestRun)).all()
        assert {(r.status, r.http_status) for r in runs} == {("ok", 200)}
        assert all(r.created == r.entries_found > 0 for r in runs)


def test_harvesting_twice_adds_no_row_and_keeps_every_updated(engine: Engine, harvest: Harvest) -> None:
    harvest(day=1)
    before = snapshot(engine), count(engine, Document), count(engine, StatusEvent)
    outcomes = harvest(day=2)
    assert all(o.result and o.result.created == o.result.changed == 0 for o in outcomes)
    assert (snapshot(engine), count(engine, Document), count(engine, StatusEvent)) == before


def test_one_failing_source_never_stops_the_others_nor_loses_what_it_stored(
    engine: Engine, harvest: Harvest
) -> None:
    harvest(day=1)
    before = snapshot(engine)
    outcomes = harvest(day=2, overrides={DONCASTER: httpx.Response(503, text="down for maintenance")})
    failed = [o for o in outcomes if not o.ok]
    assert [(o.partnership, o.error) for o in failed] == [
        ("doncaster", f"GET {DONCASTER} answered HTTP 503 Service Unavailable")
    ]
    assert sum(o.ok for o in outcomes) == 2
    assert snapshot(engine) == before
    with Session(engine) as session:
        source = session.exec(select(Source).where(Source.name == "cspr")).one()
        assert source.consecutive_failures == 1
        assert source.last_error and "503" in source.last_error
        assert source.last_success_at == dt.datetime(2026, 11, 1, 6, 0, 8, tzinfo=dt.UTC)


def test_a_page_that_lost_its_reviews_is_suspicious_and_removes_nothing(
    engine: Engine, harvest: Harvest
) -> None:
    harvest(day=1)
    before = snapshot(engine)
    redesigned = httpx.Response(200, html="<html><body><main><h1>Page not found</h1></main></body></html>")
    outcomes = harvest(day=2, overrides={DONCASTER: redesigned})
    (failed,) = [o for o in outcomes if not o.ok]
    assert failed.suspicious and (failed.error or "").startswith(
        f"{DONCASTER}: not believed: not-the-page: the page is titled 'Page not found'"
    )
    assert "(the reader said: " in (failed.error or "")
    assert snapshot(engine) == before


def test_a_partnerships_own_words_come_from_its_names(partnerships: list[PartnershipConfig]) -> None:
    ddscp = next(p for p in partnerships if p.slug == "derby-and-derbyshire")
    words = pipeline.partnership_words(ddscp)
    assert words.slug == "derby-and-derbyshire"
    assert {"Derby", "Derbyshire", "DDSCP"} <= words.names
    stoke = ddscp.model_copy(
        update={"name": "Stoke-on-Trent Safeguarding Children Partnership", "short_name": None}
    )
    assert {"Stoke-on-Trent", "Stoke", "Trent"} <= pipeline.partnership_words(stoke).names


CASE_REVIEWS = "https://www.ddscp.org.uk/case-reviews/serious-case-reviews"


def test_a_cut_off_page_is_suspicious_stores_nothing_and_degrades_health(
    engine: Engine, harvest: Harvest
) -> None:
    harvest(day=1)
    before = snapshot(engine), count(engine, StatusEvent)
    whole = (RECORDED_PAGES / recorded_pages()[CASE_REVIEWS]).read_bytes()
    cut = httpx.Response(200, content=whole[: len(whole) * 2 // 3], headers={"ETag": '"cut"'})
    outcomes = harvest(day=2, overrides={CASE_REVIEWS: cut})
    assert [(o.source, o.ok, o.suspicious) for o in outcomes if not o.ok] == [("case-reviews", False, True)]
    assert (snapshot(engine), count(engine, StatusEvent)) == before  # no review changed, none removed
    with Session(engine) as session:
        source = session.exec(select(Source).where(Source.name == "case-reviews")).one()
        run = session.exec(
            select(HarvestRun).where(HarvestRun.source_id == source.id).order_by(col(HarvestRun.id).desc())
        ).first()
        assert run is not None and run.status == "suspicious" and run.page_bytes == len(whole) * 2 // 3
        assert run.error == source.last_error and "cut-off: the page ends before its closing" in run.error
        assert source.consecutive_failures == 1
        assert source.etag is None  # a doubted page's validators would confirm it next time
    assert "(1 suspicious)" in pipeline.summary(outcomes)


def test_each_plausible_run_records_its_page_length(engine: Engine, harvest: Harvest) -> None:
    harvest(day=1)
    with Session(engine) as session:
        runs = session.exec(select(HarvestRun)).all()
    lengths = {r.url: r.page_bytes for r in runs}
    files = {url: len((RECORDED_PAGES / path).read_bytes()) for url, path in recorded_pages().items()}
    assert lengths == files


def test_select_sources_by_partnership_or_source(partnerships: list[PartnershipConfig]) -> None:
    chosen = pipeline.select_sources(partnerships, ["doncaster", "derby-and-derbyshire/learning-reviews"])
    assert [(p.slug, s.name) for p, s in chosen] == [
        ("derby-and-derbyshire", "learning-reviews"),
        ("doncaster", "cspr"),
    ]
    with pytest.raises(ConfigError, match="unknown source nowhere"):
        pipeline.select_sources(partnerships, ["nowhere"])


def test_a_bug_on_the_first_source_is_recorded_and_the_others_still_run(
    engine: Engine, harvest: Harvest
) -> None:
    broken = httpx.Response(
        200, html='<main><h2>Review: X</h2><a href="http://[broken/x.pdf">X (PDF)</a></main>'
    )
    first = "https://www.ddscp.org.uk/case-reviews/serious-case-reviews"
    outcomes = harvest(overrides={first: broken})
    assert [o.ok for o in outcomes] == [False, True, True]
    assert outcomes[0].error and outcomes[0].error.startswith(f"unexpected ValueError harvesting {first}")
    with Session(engine) as session:
        runs = {r.url: r.status for r in session.exec(select(HarvestRun))}
        reviews = {r.key.split("/")[0] for r in session.exec(select(Review))}
    assert runs == {first: "failed", **{o.url: "ok" for o in outcomes[1:]}}
    assert reviews == {"derby-and-derbyshire", "doncaster"}


class ConditionalServer:
    """Doncaster's recorded page with an ETag, answering 304 to a GET that names it; its documents (checked
    after each plausible harvest) answer 404."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.etag = '"v1"'
        self.asked: list[str | None] = []  # If-None-Match of each GET of the page

    def handler(self, request: httpx.Request) -> httpx.Response:
        if str(request.url) != DONCASTER:
            return httpx.Response(404)
        asked = request.headers.get("if-none-match")
        self.asked.append(asked)
        if asked == self.etag:
            return httpx.Response(304, headers={"ETag": self.etag})
        return httpx.Response(
            200, content=self.content, headers={"ETag": self.etag, "Content-Type": "text/html"}
        )


@pytest.fixture
def conditional(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig]
) -> tuple[ConditionalServer, Callable[[dt.datetime], pipeline.SourceOutcome]]:
    recordings = {url: RECORDED_PAGES / path for url, path in recorded_pages().items()}
    server = ConditionalServer(recordings[DONCASTER].read_bytes())

    def harvest_at(at: dt.datetime) -> pipeline.SourceOutcome:
        ticks = clock(at)
        with make_client(settings, transport=httpx.MockTransport(server.handler)) as client:
            (outcome,) = pipeline.run_all(
                engine=engine, settings=settings, partnerships=partnerships, only=["doncaster"],
                client=client, now=lambda: next(ticks),
            )  # fmt: skip
        return outcome

    return server, harvest_at


def test_an_unchanged_page_is_not_read_again_but_its_reviews_are_seen(
    engine: Engine,
    conditional: tuple[ConditionalServer, Callable[[dt.datetime], pipeline.SourceOutcome]],
) -> None:
    server, harvest_at = conditional
    # Cameron (January 2023) is due for removal from 31 January 2024 on.
    first = harvest_at(dt.datetime(2024, 1, 30, 6, tzinfo=dt.UTC))
    before = snapshot(engine)
    second = harvest_at(dt.datetime(2024, 2, 2, 6, tzinfo=dt.UTC))
    assert server.asked == [None, '"v1"']
    assert second.ok and second.entries == first.entries and second.result
    assert second.result.unchanged == first.entries
    with Session(engine) as session:
        runs = session.exec(select(HarvestRun).order_by(col(HarvestRun.id))).all()
        assert [(r.status, r.http_status) for r in runs] == [("ok", 200), ("ok", 304)]
        cameron = session.exec(select(Review).where(Review.key == "doncaster/child/cameron-2023")).one()
        assert cameron.last_seen_at.date() == dt.date(2024, 2, 2)
        assert cameron.site_status == "retention-due"
        assert cameron.content_updated_at == before[cameron.key][2]
        assert session.exec(select(Source).where(Source.name == "cspr")).one().etag == '"v1"'


def test_a_page_is_read_in_full_at_least_weekly_even_when_unchanged(
    conditional: tuple[ConditionalServer, Callable[[dt.datetime], pipeline.SourceOutcome]],
) -> None:
    server, harvest_at = conditional
    start = dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC)
    for day in (0, 1, 6, 7, 8):
        assert harvest_at(start + dt.timedelta(days=day)).ok
    assert server.asked == [None, '"v1"', '"v1"', None, '"v1"']


def test_reading_warnings_name_what_a_person_should_check() -> None:
    def review(title: str, *urls: str, published: dt.date | None = None) -> ReviewIn:
        documents = [DocumentIn(url=url, title="Report") for url in urls]
        return ReviewIn(
            key=title, title=title, url="https://x.org/", published_on=published, documents=documents
        )

    warnings = pipeline.reading_warnings(
        [
            review("Child A", "https://x.org/a.pdf", published=dt.date(2024, 5, 1)),
            review("Full report", "https://x.org/a.pdf", published=dt.date(2024, 5, 1)),
            review("Child B"),
        ]
    )
    assert warnings == [
        "'Full report': the title is a generic phrase, not the review's name",
        "'Child B': no publication date found",
        "'Child B': no document found",
        "https://x.org/a.pdf is claimed by 2 reviews: 'Child A', 'Full report'",
    ]


# A partnership's own RSS or Atom feed, harvested as a source (the `feed` adapter).

FEEDS = {  # partnership -> (the feed's URL, its recording)
    "rotherham": ("https://www.rscp.org.uk/category/case-reviews/feed/", "rotherham/case-reviews.rss"),
    "wirral": ("https://www.wirralsafeguarding.co.uk/reviews/feed.atom", "wirral/reviews.atom"),
}


def harvest_feeds(engine: Engine, settings: Settings, feeds: dict[str, bytes], day: int) -> dict[str, bytes]:
    """Harvest the two example partnerships from `feeds` (URL -> bytes) on 2026-11-<day>; our published
    feed of each."""
    partnerships = [load_partnership_file(REPO / "config" / "examples" / f"{slug}.toml") for slug in FEEDS]
    ticks = clock(dt.datetime(2026, 11, day, 6, tzinfo=dt.UTC))
    transport = httpx.MockTransport(
        lambda request: (
            httpx.Response(200, content=feeds[str(request.url)])
            if str(request.url) in feeds
            else httpx.Response(404)
        )  # robots.txt: none, so everything is allowed
    )
    with make_client(settings, transport=transport) as client:
        outcomes = pipeline.run_all(
            engine=engine,
            settings=settings,
            partnerships=partnerships,
            client=client,
            now=lambda: next(ticks),
        )
    assert all(o.ok for o in outcomes), outcomes
    with Session(engine) as session:
        files = render_site(
            site_of(settings), store.list_partnerships(session=session), store.list_reviews(session=session)
        )
    return {slug: files[f"feeds/partnerships/{slug}.atom"] for slug in FEEDS}


def recorded_feeds() -> dict[str, bytes]:
    return {url: (RECORDED_PAGES / path).read_bytes() for url, path in FEEDS.values()}


def test_a_partnerships_rss_and_atom_feeds_become_reviews_in_our_feeds(
    engine: Engine, settings: Settings
) -> None:
    ours = harvest_feeds(engine, settings, recorded_feeds(), day=1)
    rotherham = feedparser.parse(ours["rotherham"])
    assert [e.title for e in rotherham.entries] == [
        "Local Child Safeguarding Practice Review: Child Q",
        "Learning review: Baby J",
    ]
    enclosures = [link.href for link in rotherham.entries[0].links if link.rel == "enclosure"]
    assert (
        "https://www.rscp.org.uk/wp-content/uploads/2025/05/LCSPR-Child-Q-Overview-Report.pdf" in enclosures
    )
    wirral = feedparser.parse(ours["wirral"])
    assert {e.title for e in wirral.entries} == {
        "Child Safeguarding Practice Review: Harper",
        "Thematic review: adolescents at risk of harm outside the home",
    }
    with Session(engine) as session:
        ids = {r.entry_id for r in session.exec(select(Review))}
    assert "https://www.rscp.org.uk/?p=4821" in ids
    assert "tag:wirralsafeguarding.co.uk,2020:reviews/thematic-adolescents" in ids


def test_an_entry_edited_upstream_updates_the_same_review(engine: Engine, settings: Settings) -> None:
    feeds = recorded_feeds()
    harvest_feeds(engine, settings, feeds, day=1)
    before = snapshot(engine)
    rss, atom = (url for url, _ in FEEDS.values())
    feeds[rss] = feeds[rss].replace(
        b"<title>Local Child Safeguarding Practice Review: Child Q</title>",
        b"<title>Local Child Safeguarding Practice Review: Child Q (revised report)</title>",
    )
    # Retitled and its report moved: nothing the review's key is made of is left but the entry's id.
    feeds[atom] = (
        feeds[atom]
        .replace(b"Thematic review: adolescents at risk", b"Adolescents at risk")
        .replace(b"media/2024/thematic-adolescents.pdf", b"media/2025/adolescents-outside-the-home.pdf")
    )
    ours = harvest_feeds(engine, settings, feeds, day=2)
    after = snapshot(engine)
    assert after.keys() == before.keys()  # the same reviews, none added
    child_q = "rotherham/child/q-2025"
    assert after[child_q][0] == "Local Child Safeguarding Practice Review: Child Q (revised report)"
    assert before[child_q][2].date() == dt.date(2025, 5, 15) and after[child_q][2].date() == dt.date(
        2026, 11, 2
    )
    [thematic] = [key for key in after if after[key][0] == "Adolescents at risk of harm outside the home"]
    assert before[thematic][0] == "Thematic review: adolescents at risk of harm outside the home"
    assert b"Adolescents at risk of harm outside the home" in ours["wirral"]
    assert b"(revised report)" in ours["rotherham"]


def test_a_document_link_to_a_private_address_is_not_checked(settings: Settings) -> None:
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200)

    with make_client(settings, transport=httpx.MockTransport(answer)) as client:
        fetcher = Fetcher(client, settings.model_copy(update={"allow_private_hosts": False}))
        check = pipeline._check_document(fetcher, Known("http://127.0.0.1/admin/report.pdf"))
    assert asked == [] and check.status is None
    assert check.error and "127.0.0.1 is a loopback address" in check.error
