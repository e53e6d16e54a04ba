"""Tests for feeds/atom.py: valid Atom 1.0, permanent ids, links that follow the review, byte-stable output.

Golden files: tests/fixtures/feeds/derby-and-derbyshire.atom and all.atom are the feeds of the sample data in
conftest.py, compared byte for byte. After a deliberate change to the feeds, regenerate them with

    CSPR_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/feeds/test_atom.py

and review the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from aggregator.models import Fact, Partnership, Review, SiteStatus, StatusEvent
from feeds.atom import (
    LIFECYCLE_FEED_EVENTS,
    build_combined_feed,
    build_lifecycle_feed,
    build_partnership_feed,
)
from feeds.site import Site, sort_reviews

Validate = Callable[[bytes], etree._Element]
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "feeds"
TAG = "tag:cspr-feed.github.io,2026:"


def _xpath(node: etree._Element, path: str) -> list[etree._Element]:
    found: list[etree._Element] = node.xpath(path, namespaces=ATOM_NS)
    return found


def _entry(root: etree._Element, key: str) -> etree._Element:
    (entry,) = _xpath(root, f"a:entry[a:id='{TAG}{key}']")
    return entry


def _derby_feed(site: Site, by_slug: dict[str, Partnership], reviews: list[Review]) -> bytes:
    derby = by_slug["derby-and-derbyshire"]
    return build_partnership_feed(site, derby, [r for r in reviews if r.partnership is derby])


# ---------------------------------------------------------------------------------------------------------
# Validity
# ---------------------------------------------------------------------------------------------------------


def test_schema_copy_matches_shared_schema_when_present() -> None:
    # The copy lets the tests run without shared/ beside the repo; where it is beside it, they must agree.
    shared = Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas" / "atom.rng"
    if not shared.is_file():
        pytest.skip(f"{shared} not present")
    assert (FIXTURES / "schemas" / "atom.rng").read_bytes() == shared.read_bytes()


def test_every_partnership_feed_is_valid_atom(
    site: Site, partnerships: list[Partnership], reviews: list[Review], assert_valid_atom: Validate
) -> None:
    for partnership in partnerships:
        own = [r for r in reviews if r.partnership is partnership]
        root = assert_valid_atom(build_partnership_feed(site, partnership, own))
        assert len(_xpath(root, "a:entry")) == len(own)


def test_combined_feed_is_valid_atom(
    site: Site, partnerships: list[Partnership], reviews: list[Review], assert_valid_atom: Validate
) -> None:
    root = assert_valid_atom(build_combined_feed(site, partnerships, reviews))
    assert len(_xpath(root, "a:entry")) == len(reviews)


def test_feed_of_partnership_without_reviews_is_valid_and_dated_from_data(
    site: Site, by_slug: dict[str, Partnership], assert_valid_atom: Validate
) -> None:
    feed = build_partnership_feed(site, by_slug["example-newcomer"], [])
    root = assert_valid_atom(feed)
    assert _xpath(root, "a:entry") == []
    assert root.findtext("a:updated", namespaces=ATOM_NS) == "1970-01-01T00:00:00+00:00"


def test_combined_feed_without_reviews_is_valid(site: Site, assert_valid_atom: Validate) -> None:
    assert_valid_atom(build_combined_feed(site, [], []))


# ---------------------------------------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------------------------------------


def test_same_data_gives_identical_bytes_whatever_the_input_order(
    site: Site, partnerships: list[Partnership], reviews: list[Review], by_slug: dict[str, Partnership]
) -> None:
    first = build_combined_feed(site, partnerships, reviews)
    assert build_combined_feed(site, partnerships, reviews) == first
    assert build_combined_feed(site, partnerships, list(reversed(reviews))) == first
    derby = _derby_feed(site, by_slug, reviews)
    assert _derby_feed(site, by_slug, list(reversed(reviews))) == derby


def test_entries_are_newest_publication_first_with_undated_last(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    root = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    ids = [node.text for node in _xpath(root, "a:entry/a:id")]
    assert ids == [
        TAG + "derby-and-derbyshire:zds22",  # August 2024
        TAG + "derby-and-derbyshire:tds20",  # 12 March 2024
        TAG + "derby-and-derbyshire:mds20-pds20",  # August 2023
        TAG + "doncaster:child-cameron",  # January 2023
        TAG + "derby-and-derbyshire:learning-briefing-babies-2018-2020",  # no date
    ]


def test_sort_breaks_ties_by_first_seen_then_page_order_then_key(reviews: list[Review]) -> None:
    base = reviews[0]
    same_day = dt.date(2024, 1, 1)
    seen = dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    later = dt.datetime(2024, 1, 3, tzinfo=dt.UTC)
    made = [
        Review(key=key, title=key, url="https://x.example/", content_hash="", published_on=same_day,
               partnership_id=1, content_updated_at=seen, first_seen_at=first, last_seen_at=first)
        for key, first in [("b", seen), ("a", seen), ("c", later)]
    ]  # fmt: skip
    for review in made:
        review.partnership = base.partnership
    assert [r.key for r in sort_reviews(made)] == ["c", "a", "b"]
    # Stored in the order their page lists them ("set out in date order"): that order is kept.
    for stored, review in enumerate(made, start=1):
        review.id = stored
    assert [r.key for r in sort_reviews(made)] == ["c", "b", "a"]


# ---------------------------------------------------------------------------------------------------------
# Feed metadata
# ---------------------------------------------------------------------------------------------------------


def test_feed_ids_titles_and_links(
    site: Site, partnerships: list[Partnership], reviews: list[Review], by_slug: dict[str, Partnership]
) -> None:
    combined = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    assert combined.findtext("a:id", namespaces=ATOM_NS) == TAG + "feeds/all"
    assert combined.findtext("a:title", namespaces=ATOM_NS) == site.title
    assert _xpath(combined, "a:link[@rel='self']/@href") == ["http://127.0.0.1:8000/feeds/all.atom"]
    assert _xpath(combined, "a:link[@rel='self']/@type") == ["application/atom+xml"]
    assert _xpath(combined, "a:link[@rel='alternate']/@href") == [site.base_url]

    derby = etree.fromstring(_derby_feed(site, by_slug, reviews))
    assert derby.findtext("a:id", namespaces=ATOM_NS) == TAG + "feeds/partnerships/derby-and-derbyshire"
    assert derby.findtext("a:title", namespaces=ATOM_NS) == by_slug["derby-and-derbyshire"].name
    assert _xpath(derby, "a:link[@rel='self']/@href") == [
        "http://127.0.0.1:8000/feeds/partnerships/derby-and-derbyshire.atom"
    ]
    assert _xpath(derby, "a:link[@rel='alternate']/@href") == ["https://www.ddscp.org.uk/"]
    for root in (combined, derby):
        assert root.findtext("a:subtitle", namespaces=ATOM_NS)
        assert root.findtext("a:author/a:name", namespaces=ATOM_NS)
        assert root.findtext("a:generator", namespaces=ATOM_NS) == "cspr-feed"


def test_feed_updated_is_latest_content_change(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    root = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    latest = max(r.content_updated_at for r in reviews)
    assert root.findtext("a:updated", namespaces=ATOM_NS) == latest.isoformat()


def test_partnership_feed_refuses_another_partnerships_reviews(
    site: Site, by_slug: dict[str, Partnership], reviews: list[Review]
) -> None:
    with pytest.raises(ValueError, match="doncaster:child-cameron"):
        build_partnership_feed(site, by_slug["derby-and-derbyshire"], reviews)


# ---------------------------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------------------------


def test_links_keep_rel_type_and_length(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    # Guards the feedgen pin: 1.0.0 drops rel/type/length from entry links (python-feedgen#135).
    root = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    zac = _entry(root, "derby-and-derbyshire:zds22")
    assert _xpath(zac, "a:link[@rel='alternate']/@href") == [
        "https://www.ddscp.org.uk/case-reviews/child-safeguarding-practice-reviews/#zac"
    ]
    enclosures = _xpath(zac, "a:link[@rel='enclosure']")
    assert [dict(e.attrib) for e in enclosures] == [
        {
            "href": "https://www.ddscp.org.uk/case-reviews/child-safeguarding-practice-reviews/zds22-report.pdf",
            "rel": "enclosure",
            "type": "application/pdf",
            "title": "Child Safeguarding Practice Review: Zac",
            "length": "1234567",
        },
        {
            "href": "https://www.ddscp.org.uk/case-reviews/child-safeguarding-practice-reviews/"
            "zds22-summary-of-progress.pdf",
            "rel": "enclosure",
            "type": "application/pdf",
            "title": "Summary of progress: ZDS22",
        },
    ]


def test_enclosure_of_unknown_type_has_no_type(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    root = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    briefing = _entry(root, "derby-and-derbyshire:learning-briefing-babies-2018-2020")
    (enclosure,) = _xpath(briefing, "a:link[@rel='enclosure']")
    assert "type" not in enclosure.attrib
    assert "length" not in enclosure.attrib


@pytest.mark.parametrize(
    ("status", "nspcc_url", "expected"),
    [
        (SiteStatus.LIVE, None, "https://partnership.example/review"),
        (SiteStatus.RETENTION_DUE, None, "https://partnership.example/review"),
        (SiteStatus.REMOVED, "https://nspcc.example/record/1", "https://nspcc.example/record/1"),
        (SiteStatus.REMOVED, None, Site.nspcc_repository_url),
    ],
)
def test_alternate_link_follows_the_review(
    site: Site,
    partnerships: list[Partnership],
    reviews: list[Review],
    status: str,
    nspcc_url: str | None,
    expected: str,
) -> None:
    review = reviews[0]
    review.url = "https://partnership.example/review"
    review.site_status = status
    review.nspcc_url = nspcc_url
    root = etree.fromstring(build_combined_feed(site, partnerships, [review]))
    assert _xpath(root, "a:entry/a:link[@rel='alternate']/@href") == [expected]


def test_archived_review_still_live_links_nspcc_record_as_related(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    root = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    cameron = _entry(root, "doncaster:child-cameron")
    assert _xpath(cameron, "a:link[@rel='alternate']/@href") == [
        "https://www.safeguardingdoncaster.co.uk/child-safeguarding-practice-reviews"
    ]
    assert _xpath(cameron, "a:link[@rel='related']/@href") == [
        "https://library.nspcc.org.uk/HeritageScripts/Hapi.dll/search2?searchterm=Cameron"
    ]


def test_entry_dates_author_and_categories(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    root = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    theo = _entry(root, "derby-and-derbyshire:tds20")
    assert theo.findtext("a:updated", namespaces=ATOM_NS) == "2024-03-12T11:00:00+00:00"
    assert theo.findtext("a:published", namespaces=ATOM_NS) == "2024-03-12T00:00:00+00:00"
    assert theo.findtext("a:author/a:name", namespaces=ATOM_NS) == (
        "Derby and Derbyshire Safeguarding Children Partnership"
    )
    assert theo.findtext("a:author/a:uri", namespaces=ATOM_NS) == "https://www.ddscp.org.uk/"
    categories = {(c.get("scheme"), c.get("term")): c.get("label") for c in _xpath(theo, "a:category")}
    assert categories == {
        ("http://127.0.0.1:8000/review-types", "local-cspr"): "Local child safeguarding practice review",
        ("http://127.0.0.1:8000/partnerships", "derby-and-derbyshire"): (
            "Derby and Derbyshire Safeguarding Children Partnership"
        ),
        ("http://127.0.0.1:8000/site-status", "retention-due"): "Past the partnership's retention period",
    }
    undated = _entry(root, "derby-and-derbyshire:learning-briefing-babies-2018-2020")
    assert _xpath(undated, "a:published") == []


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("day", "12 August 2024"), ("month", "August 2024"), ("year", "2024"), (None, "12 August 2024")],
)
def test_content_gives_publication_date_at_its_precision(
    site: Site, partnerships: list[Partnership], reviews: list[Review], precision: str | None, expected: str
) -> None:
    review = reviews[0]
    review.published_on = dt.date(2024, 8, 12)
    review.published_precision = precision
    root = etree.fromstring(build_combined_feed(site, partnerships, [review]))
    content = root.findtext("a:entry/a:content", namespaces=ATOM_NS)
    assert f"<dt>Published</dt><dd>{expected}</dd>" in content


def test_content_and_summary_describe_the_review(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    root = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    mds = _entry(root, "derby-and-derbyshire:mds20-pds20")
    assert _xpath(mds, "a:summary/@type") == ["text"]
    assert mds.findtext("a:summary", namespaces=ATOM_NS).startswith("The experience of two young people")
    assert _xpath(mds, "a:content/@type") == ["html"]
    content = mds.findtext("a:content", namespaces=ATOM_NS)
    for expected in [
        "<dd>MDS20/PDS20</dd>",
        "<dt>Children known as</dt><dd>YP1, YP2</dd>",
        "<dd>August 2023</dd>",
        "Removed from the partnership's site (on 15 September 2024)",
        "Archived in the NSPCC repository on 1 October 2024",
        "searchterm=MDS20",
        "(Report, PDF, 812 kB)",
    ]:
        assert expected in content
    # The content is one well-formed fragment list a reader can render: parse it back.
    etree.fromstring(f"<div>{content}</div>")


def test_content_escapes_markup_in_titles(
    site: Site, partnerships: list[Partnership], reviews: list[Review], assert_valid_atom: Validate
) -> None:
    review = reviews[0]
    review.title = "Review <script>alert(1)</script> & more"
    review.documents[0].title = "<b>report</b>"
    root = assert_valid_atom(build_combined_feed(site, partnerships, [review]))
    assert root.findtext("a:entry/a:title", namespaces=ATOM_NS) == review.title
    assert "&lt;b&gt;report&lt;/b&gt;" in root.findtext("a:entry/a:content", namespaces=ATOM_NS)


def test_naive_datetime_is_refused(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    review = reviews[0]
    review.content_updated_at = dt.datetime(2024, 1, 1)  # naive on purpose
    with pytest.raises(ValueError, match="naive"):
        build_combined_feed(site, partnerships, [review])


# ---------------------------------------------------------------------------------------------------------
# atom:source in the combined feed
# ---------------------------------------------------------------------------------------------------------


def test_combined_entries_carry_their_partnership_feed_as_source(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    root = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    for entry in _xpath(root, "a:entry"):
        (source,) = _xpath(entry, "a:source")
        slug = _xpath(entry, "a:category[@scheme='http://127.0.0.1:8000/partnerships']/@term")[0]
        assert source.findtext("a:id", namespaces=ATOM_NS) == f"{TAG}feeds/partnerships/{slug}"
        assert _xpath(source, "a:link[@rel='self']/@href") == [
            f"http://127.0.0.1:8000/feeds/partnerships/{slug}.atom"
        ]
    cameron = _entry(root, "doncaster:child-cameron")
    assert (
        cameron.findtext("a:source/a:title", namespaces=ATOM_NS)
        == "Doncaster Safeguarding Children Partnership"
    )
    # The source's updated is the partnership feed's own: Derby's latest change, not this entry's.
    zac = _entry(root, "derby-and-derbyshire:zds22")
    assert zac.findtext("a:source/a:updated", namespaces=ATOM_NS) == "2024-09-15T07:00:00+00:00"


def test_source_matches_the_partnership_feed(
    site: Site, partnerships: list[Partnership], reviews: list[Review], by_slug: dict[str, Partnership]
) -> None:
    combined = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    derby = etree.fromstring(_derby_feed(site, by_slug, reviews))
    source = _xpath(_entry(combined, "derby-and-derbyshire:zds22"), "a:source")[0]
    for name in ("a:id", "a:title", "a:updated"):
        assert source.findtext(name, namespaces=ATOM_NS) == derby.findtext(name, namespaces=ATOM_NS)


def test_partnership_feed_entries_have_no_source(
    site: Site, by_slug: dict[str, Partnership], reviews: list[Review]
) -> None:
    root = etree.fromstring(_derby_feed(site, by_slug, reviews))
    assert _xpath(root, "a:entry/a:source") == []


# ---------------------------------------------------------------------------------------------------------
# The lifecycle in the feeds
# ---------------------------------------------------------------------------------------------------------


def _categories(entry: etree._Element, scheme: str) -> list[tuple[str | None, str | None]]:
    return [(c.get("term"), c.get("label")) for c in _xpath(entry, f"a:category[@scheme='{scheme}']")]


def test_archived_reviews_carry_an_archived_category_and_others_none(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    root = etree.fromstring(build_combined_feed(site, partnerships, reviews))
    scheme = "http://127.0.0.1:8000/archive"
    archived = [("archived", "Archived in the NSPCC repository")]
    assert _categories(_entry(root, "derby-and-derbyshire:mds20-pds20"), scheme) == archived
    assert _categories(_entry(root, "doncaster:child-cameron"), scheme) == archived
    assert _categories(_entry(root, "derby-and-derbyshire:zds22"), scheme) == []
    status = _categories(
        _entry(root, "derby-and-derbyshire:mds20-pds20"), "http://127.0.0.1:8000/site-status"
    )
    assert status == [("removed", "Removed from the partnership's site")]


def test_a_removed_review_points_at_the_nspcc_and_offers_no_document_that_answered_404(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    removed = reviews[0]  # MDS20/PDS20: removed and archived
    (report,) = removed.documents
    report.last_check_status, report.last_checked_at = 404, dt.datetime(2024, 9, 15, 7, tzinfo=dt.UTC)
    root = etree.fromstring(build_combined_feed(site, partnerships, [removed]))
    assert _xpath(root, "a:entry/a:link[@rel='alternate']/@href") == [removed.nspcc_url]
    assert _xpath(root, "a:entry/a:link[@rel='enclosure']") == []
    content = root.findtext("a:entry/a:content", namespaces=ATOM_NS) or ""
    assert "no longer online: it answered 404 on 15 September 2024" in content
    removed.site_status = SiteStatus.LIVE  # still on its site: a broken link is still offered
    root = etree.fromstring(build_combined_feed(site, partnerships, [removed]))
    assert _xpath(root, "a:entry/a:link[@rel='enclosure']/@href") == [report.url]


def _event(
    review: Review, number: int, at: str, fact: Fact, old: str | None, new: str, reason: str
) -> StatusEvent:
    event = StatusEvent(
        id=number, review_id=0, at=dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC), fact=fact, old=old,
        new=new, reason=reason, evidence="https://e.example/r.pdf" if fact is Fact.DOCUMENT else None,
    )  # fmt: skip
    review.events = [*review.events, event]
    return event


def test_an_entry_says_which_document_was_replaced_and_when(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    zac = reviews[1]
    zac.documents[0].changed_at = zac.content_updated_at = dt.datetime(2025, 9, 8, 6, tzinfo=dt.UTC)
    _event(
        zac,
        1,
        "2025-09-08T06:00:00",
        Fact.DOCUMENT,
        "a" * 64,
        "b" * 64,
        "'ZDS22 report' was replaced under the same URL",
    )
    root = etree.fromstring(build_combined_feed(site, partnerships, [zac]))
    assert root.findtext("a:entry/a:updated", namespaces=ATOM_NS) == "2025-09-08T06:00:00+00:00"
    content = root.findtext("a:entry/a:content", namespaces=ATOM_NS) or ""
    assert (
        "<dt>Latest change</dt><dd>Document replaced on 8 September 2025: 'ZDS22 report' was replaced "
        "under the same URL</dd>"
    ) in content
    assert "(Report, PDF, 1.2 MB, replaced 8 September 2025)" in content


def test_the_lifecycle_feed_has_an_entry_per_event_newest_first(
    site: Site, reviews: list[Review], assert_valid_atom: Validate
) -> None:
    mds, zac = reviews[0], reviews[1]
    _event(mds, 1, "2023-08-21T07:00:00", Fact.SITE, None, "live", "seen on the partnership's site")
    _event(
        mds, 2, "2024-09-02T07:00:00", Fact.SITE, "live", "retention-due", "seen after its retention period"
    )
    _event(mds, 3, "2024-09-15T07:00:00", Fact.SITE, "retention-due", "removed", "missing and 404")
    _event(mds, 4, "2024-10-01T12:00:00", Fact.ARCHIVE, "not-archived", "archived", "matched: pseudonyms")
    _event(zac, 5, "2025-09-08T06:00:00", Fact.DOCUMENT, "a" * 64, "b" * 64, "'Zac' was replaced")
    _event(
        zac, 6, "2025-01-01T06:00:00", Fact.SITE, None, "not-seen", "known from the NSPCC's list"
    )  # no news
    root = assert_valid_atom(build_lifecycle_feed(site, reviews))
    assert root.findtext("a:id", namespaces=ATOM_NS) == f"{TAG}feeds/lifecycle"
    assert root.findtext("a:updated", namespaces=ATOM_NS) == "2025-09-08T06:00:00+00:00"
    entries = _xpath(root, "a:entry")
    assert [e.findtext("a:id", namespaces=ATOM_NS) for e in entries] == [
        f"{TAG}derby-and-derbyshire:zds22/events/5",
        *(f"{TAG}derby-and-derbyshire:mds20-pds20/events/{n}" for n in (4, 3, 2, 1)),
    ]
    assert [e.findtext("a:title", namespaces=ATOM_NS) for e in entries][:3] == [
        "Document replaced: Child Safeguarding Practice Review: Zac (ZDS22)",
        "Archived in the NSPCC repository: Child Safeguarding Practice Review: MDS20/PDS20",
        "Removed from the partnership's site: Child Safeguarding Practice Review: MDS20/PDS20",
    ]
    assert [_categories(e, "http://127.0.0.1:8000/lifecycle-events")[0][0] for e in entries] == [
        "document-changed", "archived", "removed", "retention-due", "published",
    ]  # fmt: skip
    assert _xpath(entries[0], "a:link[@rel='related']/@href") == ["https://e.example/r.pdf"]
    assert _xpath(entries[2], "a:link[@rel='alternate']/@href") == [mds.nspcc_url]  # where to read it now
    assert build_lifecycle_feed(site, list(reversed(reviews))) == build_lifecycle_feed(site, reviews)
    assert LIFECYCLE_FEED_EVENTS >= 100


def test_the_lifecycle_feed_without_events_is_valid(site: Site, assert_valid_atom: Validate) -> None:
    root = assert_valid_atom(build_lifecycle_feed(site, []))
    assert root.findtext("a:updated", namespaces=ATOM_NS) == "1970-01-01T00:00:00+00:00"


# ---------------------------------------------------------------------------------------------------------
# Golden files
# ---------------------------------------------------------------------------------------------------------


def _compare_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("CSPR_REGENERATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.is_file(), f"{path} missing: run with CSPR_REGENERATE_GOLDEN=1 to create it"
    assert actual == path.read_bytes(), f"{name} differs from {path}; regenerate on purpose (see docstring)"


def test_partnership_feed_matches_golden_file(
    site: Site, by_slug: dict[str, Partnership], reviews: list[Review]
) -> None:
    _compare_golden("derby-and-derbyshire.atom", _derby_feed(site, by_slug, reviews))


def test_combined_feed_matches_golden_file(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    _compare_golden("all.atom", build_combined_feed(site, partnerships, reviews))
