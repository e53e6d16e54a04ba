"""Archive matching: the NSPCC's entries against the reviews our recorded pages hold (expected.json says which
must match and why), ambiguous and partial matches reported, and everything else catalogued on its own."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from aggregator import pipeline, store
from aggregator.archive import (
    ArchiveEntry,
    find_partnership,
    match_entry,
    partnership_slug,
    partnership_words,
)
from aggregator.http import make_client
from aggregator.lifecycle import report
from aggregator.models import (
    ArchiveRecord,
    DatePrecision,
    Fact,
    MatchOutcome,
    Partnership,
    Review,
    ReviewIn,
    ReviewType,
    SiteStatus,
    StatusEvent,
)
from aggregator.settings import PartnershipConfig, Settings, load_repositories
from tests.conftest import Transport

NSPCC = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "nspcc"
EXPECTED: dict[str, Any] = json.loads((NSPCC / "expected.json").read_text())
ENTRIES = [(name, entry) for name, page in EXPECTED.items() for entry in page["entries"]]
assert sum(e["should_match"] is not None for _, e in ENTRIES) == 6  # Zac and Cameron twice, Theo, YP1 and YP2
HARVESTED = dt.datetime(2026, 11, 20, 6, tzinfo=dt.UTC)


def heading(*parts: str) -> str:
    """An NSPCC heading as most are written, with en dashes: "2025 \u2013 Anonymous \u2013 Child R"."""
    return " \u2013 ".join(parts)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Derby and Derbyshire", "derby derbyshire"),
        ("Derby & Derbyshire Safeguarding Children Partnership", "derby derbyshire"),
        ("Derby and Derbyshire Safeguarding Children Partnership", "derby derbyshire"),
        ("Doncaster Safeguarding Children Board", "doncaster"),
        ("North Yorkshire", "north yorkshire"),
        ("Brighton & Hove Local Safeguarding Children Board", "brighton hove"),
        ("St. Helens", "st helens"),
        ("Child Safeguarding Practice Review Panel", "practice review panel"),
    ],
)
def test_partnership_names_are_compared_without_the_words_all_share(name: str, words: str) -> None:
    assert partnership_words(name) == words


def test_a_partnership_is_found_by_its_name_or_short_name_and_new_ones_get_a_slug() -> None:
    ddscp = Partnership(
        slug="derby-and-derbyshire", name="Derby and Derbyshire SCP", short_name="DDSCP", homepage=""
    )
    assert find_partnership("Derby & Derbyshire Safeguarding Children Partnership", [ddscp]) is ddscp
    assert find_partnership("DDSCP", [ddscp]) is ddscp
    assert find_partnership("Derby", [ddscp]) is None
    assert partnership_slug("Derby & Derbyshire Safeguarding Children Partnership") == "derby-and-derbyshire"
    assert (
        partnership_slug("Child Safeguarding Practice Review Panel")
        == "child-safeguarding-practice-review-panel"
    )


def review(key: str, names: list[str], year: int, reference: str | None = None) -> Review:
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return Review(
        partnership_id=1, key=key, title=key, url="u", content_hash="", content_updated_at=at,
        first_seen_at=at, last_seen_at=at, pseudonyms=names, case_reference=reference,
        published_on=dt.date(year, 8, 1), published_precision=DatePrecision.MONTH,
    )  # fmt: skip


DDSCP = Partnership(id=1, slug="derby-and-derbyshire", name="Derby and Derbyshire SCP", homepage="")


def entry(
    names: tuple[str, ...], year: int, reference: str | None = None, where: str | None = "Derby"
) -> ArchiveEntry:
    return ArchiveEntry("https://library.example/C1", f"{year} - {where} - x", year, where, names, reference)


def test_two_reviews_agreeing_are_ambiguous_and_neither_is_matched() -> None:
    twins = [review("a", ["Zac"], 2024), review("b", ["Zac"], 2024, "ZDS22")]
    found = match_entry(entry(("Zac",), 2024), DDSCP, twins)
    assert (found.outcome, found.review, found.others) == (MatchOutcome.AMBIGUOUS, None, tuple(twins))
    assert found.reason == "2 of our reviews agree on partnership, identity and year: a, b"


DERBY = "'Derby' is Derby and Derbyshire SCP"


@pytest.mark.parametrize(
    ("wanted", "outcome", "reason"),
    [
        (entry(("Zac",), 2024), MatchOutcome.MATCHED, f"matched: {DERBY}; pseudonym Zac; year 2024"),
        (
            entry((), 2024, "ZDS22"),
            MatchOutcome.MATCHED,
            f"matched: {DERBY}; case reference ZDS22; year 2024",
        ),
        (
            entry(("Zac",), 2025),
            MatchOutcome.PARTIAL,
            f"{DERBY}, but zac agrees on pseudonym Zac but not the year (2024 against 2025)",
        ),
        (
            entry(("Zac",), 2024, "XDS99"),
            MatchOutcome.PARTIAL,
            f"{DERBY}, but zac agrees on pseudonym and year but not the case reference (ZDS22)",
        ),
        (
            entry(("Harley",), 2024),
            MatchOutcome.UNMATCHED,
            "none of our 1 reviews from Derby and Derbyshire SCP is known as Harley (2024)",
        ),
        (
            entry(("Zac",), 2024, where=None),
            MatchOutcome.UNMATCHED,
            "published anonymously: no partnership to match it by",
        ),
    ],
)
def test_partnership_identity_and_year_must_all_agree(
    wanted: ArchiveEntry, outcome: MatchOutcome, reason: str
) -> None:
    zac = review("zac", ["Zac"], 2024, "ZDS22")
    found = match_entry(wanted, DDSCP, [zac])
    assert (found.outcome, found.reason) == (outcome, reason)
    assert (found.review is zac) == (outcome is MatchOutcome.MATCHED)


def test_a_partnership_we_do_not_hold_matches_nothing() -> None:
    found = match_entry(entry(("Q",), 2025, where="Nottinghamshire"), None, [])
    assert (found.outcome, found.reason) == (
        MatchOutcome.UNMATCHED,
        "no review from Nottinghamshire was seen on its own site",
    )


# ---------------------------------------------------------------------------------------------------------
# The NSPCC's two lists against the recorded partnership pages, through the pipeline
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def archived(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig], recorded_transport: Transport
) -> Engine:
    """The recorded partnership pages harvested, then both NSPCC lists, twice (a week apart)."""
    repositories = load_repositories(settings.config_dir)
    lists = {
        page["url"]: httpx.Response(200, content=(NSPCC / name).read_bytes())
        for name, page in EXPECTED.items()
    }
    for week in range(2):
        moment = HARVESTED + dt.timedelta(days=7 * week)
        with make_client(settings, transport=recorded_transport(lists)) as client:
            outcomes = pipeline.run_all(
                engine=engine, settings=settings, partnerships=partnerships + repositories, client=client,
                now=lambda moment=moment: moment,  # type: ignore[misc]
            )  # fmt: skip
        assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    return engine


def _ours(session: Session) -> dict[str, Review]:
    """Our reviews seen on the partnerships' pages, by "slug/title" as expected.json names them."""
    reviews = session.exec(select(Review).where(Review.site_status != SiteStatus.NOT_SEEN)).all()
    return {f"{r.partnership.slug}/{r.title}": r for r in reviews}


def test_every_entry_matches_exactly_the_review_it_should(archived: Engine) -> None:
    with Session(archived) as session:
        ours = _ours(session)
        for _name, wanted in ENTRIES:
            heading = wanted["heading"]
            record = session.exec(select(ArchiveRecord).where(ArchiveRecord.url == wanted["url"])).one()
            assert (record.title, record.year) == (heading, wanted["year"])
            if wanted["should_match"] is None:
                assert record.outcome is not MatchOutcome.MATCHED, (heading, record.reason)
                assert record.review not in ours.values(), heading
                continue
            matched = ours[wanted["should_match"]]
            assert (record.outcome, record.review) == (MatchOutcome.MATCHED, matched), (
                heading,
                record.reason,
            )
            assert matched.nspcc_url == wanted["url"] and matched.archived_at == HARVESTED
            assert matched.learning_themes == wanted["learning_themes"]
            assert matched.recommendations == wanted["recommendations"]
            (event,) = [e for e in matched.events if e.fact is Fact.ARCHIVE]  # once, though listed twice
            assert (event.old, event.new, event.at) == ("not-archived", "archived", HARVESTED)
            assert event.reason == record.reason and event.evidence == f"{heading} <{wanted['url']}>"
            assert matched.content_updated_at == HARVESTED  # its entry is updated: it points at the NSPCC


def test_partial_matches_are_reported_with_the_review_they_partly_agree_with(archived: Engine) -> None:
    with Session(archived) as session:
        records = session.exec(
            select(ArchiveRecord).where(ArchiveRecord.outcome == MatchOutcome.PARTIAL)
        ).all()
    assert [(r.title, r.reason) for r in records] == [
        (
            heading("2025", "Derby and Derbyshire", "Theo"),
            "'Derby and Derbyshire' is Derby and Derbyshire Safeguarding Children Partnership, but "
            "derby-and-derbyshire/ref/tds20 agrees on pseudonym Theo but not the year (2024 against 2025)",
        )
    ]


def test_unmatched_entries_are_catalogued_once_under_their_partnership(archived: Engine) -> None:
    with Session(archived) as session:
        records = session.exec(select(ArchiveRecord)).all()
        catalogued = {r.title: r.review for r in records if r.outcome is not MatchOutcome.MATCHED}
        assert all(r is not None for r in catalogued.values())
        by_title = {title: r for title, r in catalogued.items() if r is not None}
        assert len({r.key for r in by_title.values()}) == len(by_title) == 15  # Lancashire's A and B apart
        for title, own in by_title.items():
            assert (own.site_status, own.nspcc_url, own.url) == (SiteStatus.NOT_SEEN, own.url, own.url), title
            assert [(e.fact, e.old, e.new) for e in own.events] == [
                ("site", None, "not-seen"), ("archive", "not-archived", "archived"),
            ]  # fmt: skip
        slugs = {title: r.partnership.slug for title, r in by_title.items()}
        assert slugs[heading("2025", "Anonymous", "Child R")] == "anonymous"
        assert slugs[heading("2025", "Derby and Derbyshire", "Theo")] == "derby-and-derbyshire"
        panel = by_title[
            heading(
                "2025",
                "Child Safeguarding Practice Review Panel",
                "Children missing from care: a national review",
            )
        ]
        assert (panel.partnership.slug, panel.review_type) == (
            "child-safeguarding-practice-review-panel",
            ReviewType.NATIONAL_REVIEW,
        )
        assert (
            by_title[heading("2025", "Derby and Derbyshire", "Theo")].key
            == "derby-and-derbyshire/child/theo-2025"
        )
        assert by_title[heading("2025", "Anonymous", "Child R")].key.startswith("anonymous/url/")
        new = session.exec(select(Partnership).where(Partnership.homepage == "")).all()
        assert all(p.kind == "partnership" and not p.sources and p.reviews for p in new)  # none made twice
        assert sorted(p.slug for p in new) == sorted(
            {r.partnership.slug for r in by_title.values()} - {"derby-and-derbyshire"}
        )


def test_reading_the_lists_again_changes_nothing(archived: Engine) -> None:
    with Session(archived) as session:
        events = session.exec(select(func.count()).select_from(StatusEvent)).one()
        reviews = session.exec(select(func.count()).select_from(Review)).one()
        ambiguous = session.exec(
            select(ArchiveRecord).where(ArchiveRecord.outcome == MatchOutcome.AMBIGUOUS)
        ).all()
    assert ambiguous == []
    # 23 from the partnerships' pages and 15 catalogued; one StatusEvent each, plus one per archiving.
    assert reviews == 23 + 15
    assert events == 23 + 15 * 2 + 4


def test_an_ambiguous_entry_archives_nothing_makes_nothing_and_is_reported(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig]
) -> None:
    twins = [
        ReviewIn(
            key=f"derby-and-derbyshire/url/zac-{n}", title=f"Zac {n}", url=f"https://d.example/{n}",
            pseudonyms=["Zac"], published_on=dt.date(2024, 8, 1), published_precision=DatePrecision.MONTH,
        )
        for n in (1, 2)
    ]  # fmt: skip
    zac = ArchiveEntry(
        "https://library.example/C1",
        "2024 - Derby and Derbyshire - Zac",
        2024,
        "Derby and Derbyshire",
        ("Zac",),
    )
    with Session(engine) as session:
        sources = store.sync_registry(
            session=session,
            settings=settings,
            partnerships=partnerships + load_repositories(settings.config_dir),
        )
        ddscp, nspcc = sources[("derby-and-derbyshire", "case-reviews")], sources[("nspcc", "update")]
        store.upsert_reviews(
            session=session, partnership=ddscp.partnership, source=ddscp, entries=twins, seen_at=HARVESTED
        )
        result = store.archive_entries(session=session, source=nspcc, entries=[zac], seen_at=HARVESTED)
        session.commit()
    assert result == store.StoreResult(unchanged=1)
    with Session(engine) as session:
        assert [r.archived_at for r in session.exec(select(Review))] == [None, None]  # and none catalogued
        rows = report(store.list_reviews(session=session), store.list_archive_records(session=session))
    assert [(r.section, r.review, r.reason) for r in rows if r.section != "due"] == [
        (
            "unmatched",
            "2024 - Derby and Derbyshire - Zac",
            "ambiguous: 2 of our reviews agree on partnership, identity and year: "
            "derby-and-derbyshire/url/zac-1, derby-and-derbyshire/url/zac-2",
        )
    ]
