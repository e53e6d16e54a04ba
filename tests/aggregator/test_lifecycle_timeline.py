"""The lifecycle over a timeline of DDSCP's page (tests/fixtures/timelines/derby-and-derbyshire/): each step's
page and documents served as timeline.toml says, harvested on the step's date, and the store checked against
what the step expects; then the NSPCC's lists, which archive the review the page dropped, and its return.

The clock is the timeline's: every harvest of a step runs at 06:00 UTC on its date.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import tomllib
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from lxml import etree
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from aggregator import pipeline, store
from aggregator.http import make_client
from aggregator.lifecycle import retention_due_on
from aggregator.models import DatePrecision, HarvestRun, Review, Source, StatusEvent
from aggregator.settings import Settings, load_registry
from cspr import cli
from feeds.atom import build_combined_feed, build_lifecycle_feed
from feeds.site import Site, site_of
from tests.conftest import NSPCC_LISTS, REPO

TIMELINE = REPO / "tests" / "fixtures" / "timelines" / "derby-and-derbyshire"
PLAN: dict[str, Any] = tomllib.loads((TIMELINE / "timeline.toml").read_text())
PAGES = REPO / "tests" / "fixtures" / "pages"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
IVY, ZAC, THEO, MDS = (
    f"derby-and-derbyshire/ref/{ref}" for ref in ("ids25", "zds22", "tds20", "mds20-pds20")
)
THEO_RECORD = "https://library.nspcc.org.uk/HeritageScripts/Hapi.dll/search2?searchTerm0=C9361"
# The NSPCC's lists are read between 07 and 08: Theo is removed then, so its entry points at the NSPCC.
NSPCC_STEP = {"id": "nspcc", "date": dt.date(2025, 9, 15)}


@dataclass
class Web:
    """DDSCP's site at one step of the timeline, and the NSPCC's lists, as a MockTransport handler."""

    step: dict[str, Any] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requests.append((request.method, url))
        if url in NSPCC_LISTS:
            return httpx.Response(200, content=(PAGES / NSPCC_LISTS[url]).read_bytes())
        if url == PLAN["page_url"]:
            if "file" not in self.step:
                return httpx.Response(self.step["http_status"])
            return httpx.Response(
                self.step["http_status"], content=(TIMELINE / self.step["file"]).read_bytes()
            )
        return self.document(request, url)

    def document(self, request: httpx.Request, url: str) -> httpx.Response:
        name = url.removeprefix(PLAN["documents_base"])
        path = TIMELINE / PLAN["reports_dir"] / name
        if "documents_status" in self.step:
            return httpx.Response(self.step["documents_status"])
        if not url.startswith(PLAN["documents_base"]) or url in self.step.get("documents_404", []):
            return httpx.Response(404)
        if url in self.step.get("documents_v2", []):
            path = path.with_name(path.stem + ".v2.pdf")
        if not path.is_file():
            return httpx.Response(404)
        content = path.read_bytes()
        etag = f'"{hashlib.sha256(content).hexdigest()[:16]}"'
        headers = {"ETag": etag, "Content-Type": "application/pdf", "Content-Length": str(len(content))}
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        return httpx.Response(200, headers=headers, content=b"" if request.method == "HEAD" else content)


def at(step: dict[str, Any]) -> dt.datetime:
    return dt.datetime.combine(step["date"], dt.time(6), dt.UTC)


@dataclass(frozen=True)
class State:
    """What the store says after a step."""

    statuses: dict[str, str]
    updated: dict[str, dt.datetime]
    documents: dict[str, list[tuple[str, str, str | None]]]  # key -> (url, title, content hash)
    events: list[tuple[str, str, str | None, str]]  # (key, fact, old, new), in order
    run: HarvestRun
    failures: int


def state(engine: Engine) -> State:
    with Session(engine) as session:
        reviews = session.exec(select(Review).where(col(Review.key).startswith("derby-and-derbyshire/ref/")))
        rows = {r.key: r for r in reviews}
        events = session.exec(select(StatusEvent).order_by(col(StatusEvent.id))).all()
        by_id = {r.id: r.key for r in rows.values()}
        source = session.exec(select(Source).where(Source.name == PLAN["source"])).one()
        run = session.exec(
            select(HarvestRun).where(HarvestRun.source_id == source.id).order_by(col(HarvestRun.id).desc())
        ).first()
        assert run is not None
        return State(
            statuses={k: r.site_status.value for k, r in rows.items()},
            updated={k: r.content_updated_at for k, r in rows.items()},
            documents={k: [(d.url, d.title, d.content_hash) for d in r.documents] for k, r in rows.items()},
            events=[(by_id[e.review_id], e.fact.value, e.old, e.new) for e in events if e.review_id in by_id],
            run=run,
            failures=source.consecutive_failures,
        )


LIVE, DUE, REMOVED = "live", "retention-due", "removed"
# What each step leaves (timeline.toml's `expect`, as data): the site status of every review, the StatusEvents
# the step adds, the reviews whose `updated` moves, and how the harvest ended.
EXPECT: dict[str, dict[str, Any]] = {
    "01": {
        "statuses": {ZAC: LIVE, THEO: LIVE, MDS: DUE},
        "events": [(ZAC, "site", None, LIVE), (THEO, "site", None, LIVE), (MDS, "site", None, DUE)],
        "moved": {ZAC, THEO, MDS},
        "run": "ok",
    },
    "02": {"statuses": {IVY: LIVE}, "events": [(IVY, "site", None, LIVE)], "moved": {IVY}, "run": "ok"},
    "02b": {"statuses": {THEO: DUE}, "events": [(THEO, "site", LIVE, DUE)], "moved": set(), "run": "ok"},
    "03": {"statuses": {}, "events": [], "moved": {MDS}, "run": "ok"},
    "03b": {"statuses": {}, "events": [], "moved": set(), "run": "failed"},
    "04": {"statuses": {}, "events": [], "moved": set(), "run": "suspicious"},
    "05": {"statuses": {}, "events": [], "moved": set(), "run": "suspicious"},
    "06": {"statuses": {}, "events": [], "moved": set(), "run": "ok"},  # one absence: not yet removed
    "06b": {
        "statuses": {THEO: REMOVED},
        "events": [(THEO, "site", DUE, REMOVED)],
        "moved": {THEO},
        "run": "ok",
    },
    "07": {
        "statuses": {ZAC: DUE},
        "events": [(ZAC, "site", LIVE, DUE), (IVY, "document", "v1", "v2")],  # seen, then documents checked
        "moved": {IVY},  # a replaced report moves `updated`; the calendar does not
        "run": "ok",
    },
    "nspcc": {
        "statuses": {},
        "events": [
            (ZAC, "archive", "not-archived", "archived"),
            (THEO, "archive", "not-archived", "archived"),
            (MDS, "archive", "not-archived", "archived"),
        ],
        "moved": {ZAC, THEO, MDS},
        "run": None,  # the DDSCP page is not harvested
    },
    "08": {"statuses": {THEO: DUE}, "events": [(THEO, "site", REMOVED, DUE)], "moved": {THEO}, "run": "ok"},
}
CONSECUTIVE_FAILURES = {"03b": 1, "04": 2, "05": 3}


def sha(name: str) -> str:
    return hashlib.sha256((TIMELINE / PLAN["reports_dir"] / name).read_bytes()).hexdigest()


def test_the_timeline_ends_with_every_review_in_its_state_and_nothing_removed_by_a_faulty_harvest(
    engine: Engine, settings: Settings, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings.model_copy(update={"max_document_checks": 20})  # the timeline serves its documents
    registry = load_registry(settings.config_dir)
    web = Web()
    steps = [*PLAN["steps"][:-1], NSPCC_STEP, PLAN["steps"][-1]]
    assert [s["id"] for s in steps] == [*(s["id"] for s in PLAN["steps"][:-1]), "nspcc", "08"]
    before: State | None = None
    statuses: dict[str, str] = {}
    reports = {"v1": sha("ids25-child-safeguarding-practice-review.pdf")}
    reports["v2"] = sha("ids25-child-safeguarding-practice-review.v2.pdf")
    for step in steps:
        web.step = step
        only = ["nspcc"] if step["id"] == "nspcc" else [f"{PLAN['partnership']}/{PLAN['source']}"]
        with make_client(settings, transport=httpx.MockTransport(web.handler)) as client:
            outcomes = pipeline.run_all(
                engine=engine, settings=settings, partnerships=registry, only=only, client=client,
                now=lambda step=step: at(step),  # type: ignore[misc]
            )  # fmt: skip
        after = state(engine)
        expect = EXPECT[step["id"]]
        label = f"step {step['id']}: {step.get('expect', 'the NSPCC lists')}"
        statuses |= expect["statuses"]
        assert after.statuses == statuses, label
        added = after.events[len(before.events) :] if before else after.events
        wanted = [(k, f, reports.get(o, o), reports.get(n, n)) for k, f, o, n in expect["events"]]
        assert added == wanted, label
        moved = {k for k, t in after.updated.items() if not before or before.updated.get(k) != t}
        assert moved == expect["moved"], label
        # An existing review's `updated` moves to the harvest; a new one's is its publication.
        assert all(after.updated[k] == at(step) for k in moved if before and k in before.updated), label
        if expect["run"] is not None:
            assert (after.run.started_at, after.run.status) == (at(step), expect["run"]), label
            assert after.failures == CONSECUTIVE_FAILURES.get(step["id"], 0), label
            assert [o.ok for o in outcomes] == [expect["run"] == "ok"], label
        assert_documents(after, step)
        before = after
        if step["id"] == "nspcc":
            assert_theos_entry_points_at_the_nspcc(engine, settings)
            theo = cspr_lifecycle(database_url, capsys)
            assert set(theo) == {"removed", "archived"}
            assert theo["removed"]["since"] == "2025-08-25" and theo["removed"]["reason"].startswith(
                "missing from its page in 2 plausible harvests in a row since 2025-08-11 and all 3 of its "
                "documents answered 404"
            )
            assert theo["archived"]["link"] == THEO_RECORD and theo["archived"]["since"] == "2025-09-15"
            assert theo["archived"]["reason"].startswith("matched: 'Derby & Derbyshire Safeguarding Children")
    assert before is not None and sum(new == REMOVED for _, _, _, new in before.events) == 1  # only at 06b
    assert_theo_is_back_and_still_archived(engine, settings)
    # Politeness: each document's bytes were downloaded once, and the replaced report once more; every other
    # check was one HEAD (answered 304 when unchanged).
    documents = [(method, url) for method, url in web.requests if url.startswith(PLAN["documents_base"])]
    report = PLAN["documents_base"] + "ids25-child-safeguarding-practice-review.pdf"
    every = [url for review in PLAN["reviews"] for url in review["documents"]]
    assert sorted(url for method, url in documents if method == "GET") == sorted([*every, report])
    assert {method for method, _ in documents} == {"HEAD", "GET"}
    assert set(cspr_lifecycle(database_url, capsys)) == {"due", "archived"}


def assert_documents(after: State, step: dict[str, Any]) -> None:
    """The documents each review lists, whatever page came; a replaced report is the same document."""
    label = f"step {step['id']}"
    base = PLAN["documents_base"]
    for review in PLAN["reviews"]:
        if review["key"] not in after.documents:
            continue
        urls = [url for url, _, _ in after.documents[review["key"]]]
        wanted = (
            review["documents"]
            if review["key"] != MDS or step["id"] not in ("01", "02", "02b")
            else review["documents"][:2]
        )
        assert urls == wanted, label
    titles = [title for _, title, _ in after.documents[THEO]]
    assert all(t != "TDS20 Summ" for t in titles) and len(titles) == 3, (
        label
    )  # 05's cut-off title never stored
    if step["id"] in ("07", "nspcc", "08"):
        ivy = dict((u, h) for u, _, h in after.documents[IVY])
        assert ivy[base + "ids25-child-safeguarding-practice-review.pdf"] == sha(
            "ids25-child-safeguarding-practice-review.v2.pdf"
        )


def test_the_timelines_retention_dates_are_the_lifecycles() -> None:
    for review in PLAN["reviews"]:
        year, month = map(int, review["published"].split("-"))
        due = retention_due_on(dt.date(year, month, 1), DatePrecision.MONTH, PLAN["retention_months"])
        assert due == review["retention_due_on"], review["key"]
    assert Settings.model_fields["removal_absences"].default == PLAN["removal_needs_absences"]


def assert_theos_entry_points_at_the_nspcc(engine: Engine, settings: Settings) -> None:
    """After the NSPCC's lists: Theo, removed and now archived, keeps its entry, updated to point at its
    record, with the `archived` category and without the documents that answered 404."""
    site, theo, reviews = _theo(engine, settings)
    feed = etree.fromstring(build_combined_feed(site, [theo.partnership], reviews))
    (entry,) = feed.xpath(f"a:entry[a:id='tag:{settings.tag_authority}:{THEO}']", namespaces=ATOM)
    assert entry.findtext("a:updated", namespaces=ATOM) == "2025-09-15T06:00:00+00:00"
    categories = {
        (c.get("scheme").rsplit("/", 1)[1], c.get("term")) for c in entry.xpath("a:category", namespaces=ATOM)
    }
    assert {("archive", "archived"), ("site-status", "removed")} <= categories
    assert entry.xpath("a:link[@rel='alternate']/@href", namespaces=ATOM) == [THEO_RECORD]
    assert entry.xpath("a:link[@rel='enclosure']", namespaces=ATOM) == []  # its documents answered 404
    assert "no longer online: it answered 404 on 25 August 2025" in (
        entry.findtext("a:content", namespaces=ATOM) or ""
    )


def assert_theo_is_back_and_still_archived(engine: Engine, settings: Settings) -> None:
    site, theo, reviews = _theo(engine, settings)
    assert (theo.nspcc_url, theo.archived_at) == (THEO_RECORD, at(NSPCC_STEP))
    feed = etree.fromstring(build_combined_feed(site, [theo.partnership], [theo]))
    events = etree.fromstring(build_lifecycle_feed(site, reviews))
    assert feed.xpath("a:entry/a:link[@rel='alternate']/@href", namespaces=ATOM) == [theo.url]
    assert feed.xpath("a:entry/a:link[@rel='related']/@href", namespaces=ATOM) == [THEO_RECORD]
    assert len(feed.xpath("a:entry/a:link[@rel='enclosure']", namespaces=ATOM)) == 3
    titles = [t.text for t in events.xpath("a:entry/a:title", namespaces=ATOM)]
    theo_title = "Child Safeguarding Practice Review: Theo (TDS20)"
    assert [t for t in titles if t.endswith(theo_title)] == [
        f"Back on the partnership's site: {theo_title}",
        f"Archived in the NSPCC repository: {theo_title}",
        f"Removed from the partnership's site: {theo_title}",
        f"Past the partnership's retention period: {theo_title}",
        f"Listed on the partnership's site: {theo_title}",
    ]
    assert "Document replaced: Child Safeguarding Practice Review: Ivy (IDS25)" in titles


def _theo(engine: Engine, settings: Settings) -> tuple[Site, Review, list[Review]]:
    """The published site, Theo and DDSCP's reviews as the feeds read them."""
    with Session(engine) as session:
        reviews = store.list_reviews(session=session, partnership=PLAN["partnership"])
    return site_of(settings), next(r for r in reviews if r.key == THEO), reviews


def cspr_lifecycle(database_url: str, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, str]]:
    """`cspr lifecycle --csv` on the store: Theo's rows, by what they say."""
    capsys.readouterr()
    assert (
        cli.main(["--config", str(REPO / "config"), "--database-url", database_url, "lifecycle", "--csv"])
        == 0
    )
    rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
    return {r["what"]: r for r in rows if r["review"] == THEO}
