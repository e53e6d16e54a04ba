"""The store: registry sync, idempotent upserts, identity that survives retitling and moved links."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import pytest
from sqlalchemy import Engine, func
from sqlalchemy.exc import StatementError
from sqlmodel import Session, SQLModel, select

from aggregator import store
from aggregator.documents import Check
from aggregator.models import (
    ArchiveRecord,
    DatePrecision,
    Document,
    DocumentIn,
    DocumentKind,
    Fact,
    HarvestOutcome,
    HarvestRun,
    MatchOutcome,
    Partnership,
    PartnershipKind,
    Review,
    ReviewIn,
    ReviewType,
    SiteStatus,
    Source,
    StatusEvent,
)
from aggregator.normalise import PartnershipWords, normalise
from aggregator.settings import PartnershipConfig, Settings
from sources.base import RawDocument, RawEntry

SEEN = dt.datetime(2026, 11, 1, 6, 17, tzinfo=dt.UTC)
LATER = SEEN + dt.timedelta(days=1)


def zac(**changes: object) -> ReviewIn:
    entry = ReviewIn(
        key="derby-and-derbyshire/ref/zds22",
        title="Child Safeguarding Practice Review: Zac (ZDS22)",
        url="https://www.ddscp.org.uk/case-reviews/serious-case-reviews#zac",
        review_type="local-cspr",
        case_reference="ZDS22",
        pseudonyms=["Zac"],
        published_on=dt.date(2024, 8, 1),
        published_precision="month",
        summary="The DDSCP have published the local Child Safeguarding Practice Review.",
        documents=[
            DocumentIn(
                url="https://www.ddscp.org.uk/media/zds22.pdf",
                title="ZDS22 report",
                kind="report",
                media_type="application/pdf",
            ),
            DocumentIn(
                url="https://www.ddscp.org.uk/media/zds22-progress.pdf",
                title="Summary of Progress",
                kind="summary-of-progress",
                media_type="application/pdf",
                published_on=dt.date(2024, 7, 1),
                published_precision="month",
            ),
        ],
    )
    return entry.model_copy(update=changes)


@pytest.fixture
def rows(engine: Engine, settings: Settings, partnerships: list[PartnershipConfig]) -> tuple[int, int]:
    with Session(engine) as session:
        sources = store.sync_registry(session=session, settings=settings, partnerships=partnerships)
        session.commit()
        source = sources[("derby-and-derbyshire", "case-reviews")]
        return source.partnership_id, source.id  # type: ignore[return-value]


def upsert(
    engine: Engine, rows: tuple[int, int], entries: list[ReviewIn], at: dt.datetime
) -> store.StoreResult:
    with Session(engine) as session:
        partnership = session.get_one(Partnership, rows[0])
        source = session.get_one(Source, rows[1])
        result = store.upsert_reviews(
            session=session, partnership=partnership, source=source, entries=entries, seen_at=at
        )
        session.commit()
        return result


def counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(
            session.exec(select(func.count()).select_from(t)).one() for t in (Review, Document, StatusEvent)
        )


def sync(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig]
) -> dict[tuple[str, str], bool]:
    """Sync the registry to `partnerships`; every stored source's `enabled`, by partnership and name."""
    with Session(engine) as session:
        store.sync_registry(session=session, settings=settings, partnerships=partnerships)
        session.commit()
        return {(s.partnership.slug, s.name): s.enabled for s in session.exec(select(Source))}


def test_sync_registry_creates_rows_and_disables_removed_sources(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig]
) -> None:
    sync(engine, settings, partnerships)
    fewer = [p.model_copy(update={"sources": p.sources[:1]}) for p in partnerships]
    assert sync(engine, settings, fewer) == {
        ("derby-and-derbyshire", "case-reviews"): True,
        ("derby-and-derbyshire", "learning-reviews"): False,
        ("doncaster", "cspr"): True,
    }


def test_a_source_that_reads_another_page_forgets_the_old_pages_validators(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig]
) -> None:
    sync(engine, settings, partnerships)
    with Session(engine) as session:
        for source in session.exec(select(Source)):
            source.etag, source.last_modified = '"v1"', "Sun, 01 Nov 2026 06:00:00 GMT"
            session.add(source)
        session.commit()
    moved = partnerships[1].model_copy(
        update={
            "sources": [partnerships[1].sources[0].model_copy(update={"url": "https://dscp.org.uk/cspr"})]
        }
    )
    sync(engine, settings, [partnerships[0], moved])
    with Session(engine) as session:
        validators = {s.name: (s.etag, s.last_modified) for s in session.exec(select(Source))}
    assert validators["cspr"] == (None, None)
    assert validators["case-reviews"] == ('"v1"', "Sun, 01 Nov 2026 06:00:00 GMT")


def test_second_identical_upsert_changes_nothing(engine: Engine, rows: tuple[int, int]) -> None:
    assert upsert(engine, rows, [zac()], SEEN) == store.StoreResult(created=1)
    before = counts(engine)
    assert upsert(engine, rows, [zac()], LATER) == store.StoreResult(unchanged=1)
    assert counts(engine) == before == (1, 2, 1)
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        # Content is as old as its publication; a later harvest moves only last_seen_at.
        assert review.content_updated_at == dt.datetime(2024, 8, 1, tzinfo=dt.UTC)
        assert review.first_seen_at == SEEN
        assert review.last_seen_at == LATER
        assert [d.kind for d in review.documents] == ["report", "summary-of-progress"]
        assert review.documents[1].published_on == dt.date(2024, 7, 1)


def test_changed_content_moves_updated_and_keeps_identity(engine: Engine, rows: tuple[int, int]) -> None:
    upsert(engine, rows, [zac()], SEEN)
    retitled = zac(key="derby-and-derbyshire/child/zac-2024", title="CSPR Zac", summary="New summary.")
    assert upsert(engine, rows, [retitled], LATER) == store.StoreResult(changed=1)
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        assert review.key == "derby-and-derbyshire/ref/zds22"  # a key is kept forever
        assert (review.title, review.summary) == ("CSPR Zac", "New summary.")
        assert review.content_updated_at == LATER


def test_a_new_reading_of_unchanged_content_is_stored_without_moving_updated(
    engine: Engine, rows: tuple[int, int]
) -> None:
    upsert(engine, rows, [zac()], SEEN)
    # model_copy(update=...) does not validate: the new reading is given as the members normalise returns.
    reread = zac(
        review_type=ReviewType.SERIOUS_CASE_REVIEW,
        pseudonyms=["Zac", "Z"],
        documents=[d.model_copy(update={"kind": DocumentKind.BRIEFING}) for d in zac().documents],
    )
    assert upsert(engine, rows, [reread], LATER) == store.StoreResult(unchanged=1)
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        assert (review.review_type, review.pseudonyms) == ("serious-case-review", ["Zac", "Z"])
        assert {d.kind for d in review.documents} == {"briefing"}
        assert review.content_updated_at == dt.datetime(2024, 8, 1, tzinfo=dt.UTC)


def test_moved_document_link_is_the_same_review(engine: Engine, rows: tuple[int, int]) -> None:
    upsert(engine, rows, [zac(case_reference=None, key="derby-and-derbyshire/url/a")], SEEN)
    moved = zac(case_reference=None, key="derby-and-derbyshire/url/b", documents=zac().documents[:1])
    upsert(engine, rows, [moved], LATER)
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        assert review.key == "derby-and-derbyshire/url/a"
        assert len(review.documents) == 1
    assert counts(engine)[1] == 1


def test_an_entry_its_feed_edited_beyond_recognition_is_the_same_review_by_its_entry_id(
    engine: Engine, rows: tuple[int, int]
) -> None:
    feed_id = "https://www.ddscp.org.uk/?p=4821"
    upsert(engine, rows, [zac(case_reference=None, key="derby-and-derbyshire/url/a", entry_id=feed_id)], SEEN)
    edited = zac(
        case_reference=None,
        key="derby-and-derbyshire/url/b",
        title="Practice review: Zac",
        entry_id=feed_id,
        documents=[DocumentIn(url="https://www.ddscp.org.uk/media/new.pdf", title="Report", kind="report")],
    )
    assert upsert(engine, rows, [edited], LATER) == store.StoreResult(changed=1)
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        assert (review.key, review.title, review.entry_id) == (
            "derby-and-derbyshire/url/a",
            edited.title,
            feed_id,
        )
        assert review.content_updated_at == LATER


def test_review_past_retention_is_due_and_the_change_is_recorded(
    engine: Engine, rows: tuple[int, int]
) -> None:
    upsert(engine, rows, [zac()], dt.datetime(2025, 8, 31, 12, tzinfo=dt.UTC))
    upsert(engine, rows, [zac()], dt.datetime(2025, 9, 1, 12, tzinfo=dt.UTC))
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        assert review.retention_due_on == dt.date(2025, 8, 31)
        assert review.site_status == "retention-due"
        events = [(e.old, e.new) for e in review.events]
    assert events == [(None, "live"), ("live", "retention-due")]


def test_listing_a_review_twice_stores_it_once(engine: Engine, rows: tuple[int, int]) -> None:
    assert upsert(engine, rows, [zac(), zac(title="Duplicate")], SEEN) == store.StoreResult(created=1)


def test_naive_datetimes_are_refused_and_aware_ones_come_back_utc(
    engine: Engine, rows: tuple[int, int]
) -> None:
    with Session(engine) as session:
        source = session.get_one(Source, rows[1])
        source.last_success_at = dt.datetime(2026, 1, 1)
        session.add(source)
        with pytest.raises(StatementError, match="naive datetime"):
            session.flush()
    with Session(engine) as session:
        source = session.get_one(Source, rows[1])
        source.last_success_at = dt.datetime(2026, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=9)))
        session.add(source)
        session.commit()
    with Session(engine) as session:
        assert session.get_one(Source, rows[1]).last_success_at == dt.datetime(2026, 1, 1, 0, tzinfo=dt.UTC)


# Every enum-typed column: a VARCHAR holding the member's value, read back as the member.
ENUM_COLUMNS: list[tuple[type[SQLModel], str, type[StrEnum]]] = [
    (Review, "site_status", SiteStatus),
    (Review, "review_type", ReviewType),
    (Review, "published_precision", DatePrecision),
    (Document, "kind", DocumentKind),
    (Document, "published_precision", DatePrecision),
    (StatusEvent, "fact", Fact),
    (HarvestRun, "status", HarvestOutcome),
    (Partnership, "kind", PartnershipKind),
    (ArchiveRecord, "outcome", MatchOutcome),
]
each_enum_column = pytest.mark.parametrize(
    ("table", "field", "enum"), ENUM_COLUMNS, ids=[f"{t.__name__}.{f}" for t, f, _ in ENUM_COLUMNS]
)


def _one_of_each_row(engine: Engine, rows: tuple[int, int]) -> None:
    """One review, with one document and one status event, one harvest run and one archive record."""
    upsert(engine, rows, [zac(documents=zac().documents[:1])], SEEN)
    with Session(engine) as session:
        store.start_run(session=session, source=session.get_one(Source, rows[1]), at=SEEN)
        record = ArchiveRecord(
            source_id=rows[1], url="https://library.example/C1", title="2024 - Derby - Zac",
            outcome=MatchOutcome.UNMATCHED, reason="r", first_seen_at=SEEN, last_seen_at=SEEN,
        )  # fmt: skip
        session.add(record)
        session.commit()


@each_enum_column
def test_every_member_round_trips_through_the_store_as_its_value(
    engine: Engine, rows: tuple[int, int], table: type[SQLModel], field: str, enum: type[StrEnum]
) -> None:
    _one_of_each_row(engine, rows)
    name = table.__tablename__
    first = select(table).order_by(table.id)  # type: ignore[attr-defined]  # a table has several rows
    for member in enum:
        with Session(engine) as session:
            row = session.exec(first).first()
            setattr(row, field, member)
            session.add(row)
            session.commit()
        with Session(engine) as session:
            assert getattr(session.exec(first).first(), field) is member
            sql = f"SELECT {field} FROM {name} ORDER BY id"
            stored = session.connection().exec_driver_sql(sql).scalar()
            assert (type(stored), stored) == (str, member.value)


@each_enum_column
def test_values_stored_as_plain_strings_read_back_as_members(
    engine: Engine, rows: tuple[int, int], table: type[SQLModel], field: str, enum: type[StrEnum]
) -> None:
    """Rows written before the states were typed hold the same strings, and read as members."""
    _one_of_each_row(engine, rows)
    for member in enum:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"UPDATE {table.__tablename__} SET {field} = '{member.value}'")
        with Session(engine) as session:
            assert getattr(session.exec(select(table)).first(), field) is member


def test_a_value_that_is_no_member_is_refused_both_ways(engine: Engine, rows: tuple[int, int]) -> None:
    _one_of_each_row(engine, rows)
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        review.site_status = "gone-fishing"  # type: ignore[assignment]
        session.add(review)
        with pytest.raises(StatementError, match="'gone-fishing' is not a valid SiteStatus"):
            session.flush()
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE review SET site_status = 'gone-fishing'")
    with Session(engine) as session, pytest.raises(ValueError, match="not a valid SiteStatus"):
        session.exec(select(Review)).one()


def test_harvest_runs_are_found_by_outcome(engine: Engine, rows: tuple[int, int]) -> None:
    with Session(engine) as session:
        source = session.get_one(Source, rows[1])
        run = store.start_run(session=session, source=source, at=SEEN)
        assert run.status is HarvestOutcome.RUNNING
        assert store.latest_ok_run(session=session, source=source) is None
        store.finish_run(session=session, run=run, source=source, at=LATER, http_status=200)
        assert store.latest_ok_run(session=session, source=source) == SEEN
        session.commit()
    with Session(engine) as session:
        assert session.exec(select(HarvestRun)).one().status is HarvestOutcome.OK


def theo(**changes: object) -> ReviewIn:
    shared = DocumentIn(
        url="https://www.ddscp.org.uk/media/keeping-babies-safe.pdf", title="Keeping Babies Safe"
    )
    entry = zac(
        key="derby-and-derbyshire/ref/tds20",
        title="CSPR: Theo (TDS20)",
        case_reference="TDS20",
        pseudonyms=["Theo"],
        documents=[
            DocumentIn(url="https://www.ddscp.org.uk/media/tds20.pdf", title="TDS20 report", kind="report"),
            shared,
        ],
    )
    return entry.model_copy(update=changes)


def noah() -> ReviewIn:
    return theo(
        key="derby-and-derbyshire/ref/nds23",
        title="CSPR: Noah (NDS23)",
        case_reference="NDS23",
        pseudonyms=["Noah"],
        documents=[
            DocumentIn(url="https://www.ddscp.org.uk/media/nds23.pdf", title="NDS23 report"),
            *theo().documents[1:],
        ],
    )


def test_a_document_two_reviews_share_identifies_neither(engine: Engine, rows: tuple[int, int]) -> None:
    assert upsert(engine, rows, [theo()], SEEN) == store.StoreResult(created=1)
    assert upsert(engine, rows, [theo(), noah()], LATER) == store.StoreResult(created=1, unchanged=1)
    assert upsert(engine, rows, [theo(), noah()], LATER + dt.timedelta(days=1)) == store.StoreResult(
        unchanged=2
    )
    with Session(engine) as session:
        titles = {r.key: r.title for r in session.exec(select(Review))}
    assert titles == {
        "derby-and-derbyshire/ref/tds20": "CSPR: Theo (TDS20)",
        "derby-and-derbyshire/ref/nds23": "CSPR: Noah (NDS23)",
    }


def test_a_document_link_never_joins_two_case_references(engine: Engine, rows: tuple[int, int]) -> None:
    upsert(engine, rows, [theo()], SEEN)
    moved = noah().model_copy(update={"documents": theo().documents})  # NDS23 now links TDS20's files
    assert upsert(engine, rows, [moved], LATER) == store.StoreResult(created=1)


def test_a_review_listed_on_two_pages_keeps_one_listing_until_its_page_drops_it(
    engine: Engine, rows: tuple[int, int]
) -> None:
    with Session(engine) as session:
        partnership = session.get_one(Partnership, rows[0])
        own, other = sorted(partnership.sources, key=lambda s: s.id != rows[1])
        own_id, other_id = own.id, other.id

    def harvest(source_id: int, entry: ReviewIn, at: dt.datetime) -> store.StoreResult:
        with Session(engine) as session:
            source = session.get_one(Source, source_id)
            run = store.start_run(session=session, source=source, at=at)
            result = store.upsert_reviews(
                session=session,
                partnership=session.get_one(Partnership, rows[0]),
                source=source,
                entries=[entry],
                seen_at=at,
            )
            store.finish_run(session=session, run=run, source=source, at=at, result=result)
            session.commit()
            return result

    elsewhere = zac(url="https://www.ddscp.org.uk/case-reviews/learning-reviews#zac", summary="Listed again.")
    harvest(own_id, zac(), SEEN)
    for day in range(1, 3):  # both pages list it: the second listing changes nothing, day after day
        at = SEEN + dt.timedelta(days=day)
        harvest(own_id, zac(), at)
        assert harvest(other_id, elsewhere, at + dt.timedelta(minutes=1)) == store.StoreResult(unchanged=1)
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        assert (review.source_id, review.summary) == (own_id, zac().summary)
    # Its own page stops listing it (a plausible harvest without it): the other page's listing takes over.
    gone = SEEN + dt.timedelta(days=3)
    harvest(own_id, theo(), gone)
    assert harvest(other_id, elsewhere, gone + dt.timedelta(minutes=1)).changed == 1
    with Session(engine) as session:
        review = session.exec(select(Review).where(Review.key == zac().key)).one()
        assert (review.source_id, review.url) == (other_id, elsewhere.url)


def test_sources_of_a_partnership_no_longer_configured_are_disabled_and_its_reviews_kept(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig], rows: tuple[int, int]
) -> None:
    upsert(engine, rows, [zac()], SEEN)
    assert sync(engine, settings, [p for p in partnerships if p.slug == "doncaster"]) == {
        ("derby-and-derbyshire", "case-reviews"): False,
        ("derby-and-derbyshire", "learning-reviews"): False,
        ("doncaster", "cspr"): True,
    }
    assert counts(engine)[0] == 1


def harvest_run(engine: Engine, rows: tuple[int, int], entries: list[ReviewIn], at: dt.datetime) -> None:
    """A plausible harvest of the source listing `entries` at `at`, with its run."""
    with Session(engine) as session:
        source = session.get_one(Source, rows[1])
        run = store.start_run(session=session, source=source, at=at)
        partnership = session.get_one(Partnership, rows[0])
        result = store.upsert_reviews(
            session=session, partnership=partnership, source=source, entries=entries, seen_at=at
        )
        store.finish_run(session=session, run=run, source=source, at=at, result=result, http_status=200)
        session.commit()


def check_and_remove(
    engine: Engine, rows: tuple[int, int], at: dt.datetime, answers: dict[str, Check]
) -> list[str]:
    """Check the documents due after the harvest at `at` with `answers`, then remove what is gone."""
    with Session(engine) as session:
        source = session.get_one(Source, rows[1])
        due = store.documents_to_check(session=session, source=source, seen_at=at, limit=10)
        checks = [(d.id, answers[d.url]) for d in due]
        store.record_document_checks(session=session, checks=checks, at=at)  # type: ignore[arg-type]
        removed = store.remove_missing(session=session, source=source, seen_at=at, needed=2)
        session.commit()
        return [r.key for r in removed]


def test_a_review_gone_from_its_page_is_removed_after_two_plausible_absences_and_404s(
    engine: Engine, rows: tuple[int, int]
) -> None:
    gone = {d.url: Check(d.url, 404) for d in [*zac().documents, *theo().documents]}
    harvest_run(engine, rows, [zac(), theo()], SEEN)
    for day, removed in ((1, []), (2, [zac().key])):
        at = SEEN + dt.timedelta(days=day)
        harvest_run(engine, rows, [theo()], at)
        assert check_and_remove(engine, rows, at, gone) == removed
    with Session(engine) as session:
        review = session.exec(select(Review).where(Review.key == zac().key)).one()
        assert (review.site_status, review.removed_at, review.content_updated_at) == (
            "removed", SEEN + dt.timedelta(days=2), SEEN + dt.timedelta(days=2),
        )  # fmt: skip
        assert [d.last_check_status for d in review.documents] == [404, 404]
        event = review.events[-1]
        assert (event.old, event.new) == ("retention-due", "removed")
        assert event.reason == (
            "missing from its page in 2 plausible harvests in a row since 2026-11-02 and all 2 of its "
            "documents answered 404"
        )
    harvest_run(engine, rows, [zac(), theo()], SEEN + dt.timedelta(days=3))  # back on its page
    with Session(engine) as session:
        review = session.exec(select(Review).where(Review.key == zac().key)).one()
        assert (review.site_status, review.removed_at) == ("retention-due", None)
        assert review.events[-1].old == "removed"
        assert review.events[-1].reason.startswith("back on the partnership's site: ")


def test_a_failed_run_between_absences_does_not_count_and_a_live_document_keeps_it(
    engine: Engine, rows: tuple[int, int]
) -> None:
    harvest_run(engine, rows, [zac(), theo()], SEEN)
    with Session(engine) as session:  # a failed run: not an absence
        source = session.get_one(Source, rows[1])
        run = store.start_run(session=session, source=source, at=SEEN + dt.timedelta(days=1))
        store.finish_run(session=session, run=run, source=source, at=SEEN, error="GET answered HTTP 503")
        session.commit()
    half = {d.url: Check(d.url, 404) for d in theo().documents}
    half |= {zac().documents[0].url: Check(zac().documents[0].url, 404)}
    half |= {zac().documents[1].url: Check(zac().documents[1].url, 200)}
    for day in (2, 3, 4):
        at = SEEN + dt.timedelta(days=day)
        harvest_run(engine, rows, [theo()], at)
        assert check_and_remove(engine, rows, at, half) == []  # one document still answers


def test_bytes_replaced_under_the_same_url_are_a_change_of_the_review(
    engine: Engine, rows: tuple[int, int]
) -> None:
    harvest_run(engine, rows, [zac()], SEEN)
    report = zac().documents[0].url
    first = {
        d.url: Check(d.url, 200, size=700, media_type="application/pdf", content_hash="a" * 64, etag='"1"')
        for d in zac().documents
    }
    assert check_and_remove(engine, rows, SEEN, first) == []
    later = SEEN + dt.timedelta(days=8)
    harvest_run(engine, rows, [zac()], later)
    replaced = first | {report: Check(report, 200, size=720, content_hash="b" * 64, etag='"2"')}
    with Session(engine) as session:
        source = session.get_one(Source, rows[1])
        due = store.documents_to_check(session=session, source=source, seen_at=later, limit=10)
        changed = store.record_document_checks(
            session=session, checks=[(d.id, replaced[d.url]) for d in due], at=later
        )  # type: ignore[misc]
        session.commit()
    assert changed == 1
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        document = review.documents[0]
        assert (document.content_hash, document.size, document.etag, document.changed_at) == (
            "b" * 64,
            720,
            '"2"',
            later,
        )
        assert review.documents[1].changed_at is None and review.content_updated_at == later
        event = review.events[-1]
        assert (event.fact, event.old, event.new, event.evidence) == ("document", "a" * 64, "b" * 64, report)
        assert event.reason == "'ZDS22 report' was replaced under the same URL"


def test_documents_are_checked_weekly_and_within_the_budget(engine: Engine, rows: tuple[int, int]) -> None:
    harvest_run(engine, rows, [zac(), theo()], SEEN)
    ok = {d.url: Check(d.url, 200) for d in [*zac().documents, *theo().documents]}
    with Session(engine) as session:
        source = session.get_one(Source, rows[1])
        assert len(store.documents_to_check(session=session, source=source, seen_at=SEEN, limit=3)) == 3
    check_and_remove(engine, rows, SEEN, ok)
    for day, due in ((6, 0), (7, 4)):
        at = SEEN + dt.timedelta(days=day)
        harvest_run(engine, rows, [zac(), theo()], at)
        with Session(engine) as session:
            source = session.get_one(Source, rows[1])
            assert len(store.documents_to_check(session=session, source=source, seen_at=at, limit=10)) == due


def test_a_review_keeps_its_feed_id_when_its_date_appears_and_then_its_report_moves(
    engine: Engine, rows: tuple[int, int]
) -> None:
    """Read as normalise reads it: first with no date (keyed by its report's URL), then dated (keyed by child
    and year, found by its report), then with its report under a new URL (found by child and year)."""
    page = "https://www.ddscp.org.uk/case-reviews/serious-case-reviews"

    def reading(report: str, published: str | None) -> ReviewIn:
        raw = RawEntry(
            title="LCSPR Child Willow",
            url=page,
            published_text=published,
            documents=(RawDocument(f"https://www.ddscp.org.uk/media/{report}.pdf", "LCSPR Child Willow"),),
        )
        return normalise(raw, PartnershipWords("derby-and-derbyshire"))

    first = reading("willow-report", None)
    assert first.key.startswith("derby-and-derbyshire/url/")
    upsert(engine, rows, [first], SEEN)
    upsert(engine, rows, [reading("willow-report", "published May 2024")], LATER)
    upsert(engine, rows, [reading("willow-report-final", "published May 2024")], LATER + dt.timedelta(days=1))
    with Session(engine) as session:
        review = session.exec(select(Review)).one()
        assert review.key == first.key  # the feed id never changed
        assert review.published_on == dt.date(2024, 5, 1)
        assert [d.url for d in review.documents] == ["https://www.ddscp.org.uk/media/willow-report-final.pdf"]
