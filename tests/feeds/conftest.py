"""Sample partnerships, reviews and documents for the feed tests, plus an Atom validity check.

Plain constructors, no database: relationships are set directly. The reviews are the Derby and Derbyshire and
Doncaster ones in shared/seeds (titles, references, months as published); URLs, sizes, harvest times and
lifecycle states are made up to cover every case: live, retention due, removed and archived, a document of
unknown type and size, an undated briefing, and a partnership with no reviews yet. `sample_data()` is a plain
function so a script can render the same data (see the golden files in tests/fixtures/feeds/).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from aggregator.models import (
    DatePrecision,
    Document,
    DocumentKind,
    Partnership,
    Review,
    ReviewType,
    SiteStatus,
)
from feeds.site import Site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ATOM_RNG = FIXTURES / "schemas" / "atom.rng"
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}
PDF = "application/pdf"

SITE = Site(base_url="http://127.0.0.1:8000/", tag_authority="cspr-feed.github.io,2026")


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _review(partnership: Partnership, documents: list[Document], **fields: object) -> Review:
    seen = fields.pop("first_seen_at")
    fields.setdefault("content_updated_at", seen)
    fields.setdefault("last_seen_at", _at("2025-06-01T06:00:00"))
    review = Review(partnership_id=partnership.id, content_hash="0" * 64, first_seen_at=seen, **fields)
    review.partnership = partnership
    for position, document in enumerate(documents):
        document.position = position
    review.documents = documents
    return review


def sample_data() -> tuple[list[Partnership], list[Review]]:
    """Three partnerships (one without reviews) and five reviews, deliberately not in feed order."""
    derby = Partnership(
        id=1,
        slug="derby-and-derbyshire",
        name="Derby and Derbyshire Safeguarding Children Partnership",
        short_name="DDSCP",
        homepage="https://www.ddscp.org.uk/",
        region="East Midlands",
        retention_months=12,
    )
    doncaster = Partnership(
        id=2,
        slug="doncaster",
        name="Doncaster Safeguarding Children Partnership",
        short_name="DSCP",
        homepage="https://www.safeguardingdoncaster.co.uk/",
        region="Yorkshire and the Humber",
        retention_months=12,
    )
    newcomer = Partnership(
        id=3,
        slug="example-newcomer",
        name="Example Newcomer Safeguarding Children Partnership",
        homepage="https://newcomer.example.org/",
    )
    cspr_page = "https://www.ddscp.org.uk/case-reviews/child-safeguarding-practice-reviews/"
    reviews = [
        _review(
            derby,
            [
                Document(
                    url=cspr_page + "mds20-pds20-report.pdf",
                    title="MDS20/PDS20 report",
                    kind=DocumentKind.REPORT,
                    media_type=PDF,
                    size=812_345,
                ),
            ],
            key="derby-and-derbyshire:mds20-pds20",
            title="Child Safeguarding Practice Review: MDS20/PDS20",
            url=cspr_page + "#mds20-pds20",
            review_type=ReviewType.LOCAL_CSPR,
            case_reference="MDS20/PDS20",
            pseudonyms=["YP1", "YP2"],
            published_on=dt.date(2023, 8, 1),
            published_precision=DatePrecision.MONTH,
            summary="The experience of two young people from different families and areas of Derbyshire. "
            "School attendance, mental health and neglect are significant features in both cases.",
            themes=["neglect", "mental health"],
            first_seen_at=_at("2023-08-21T07:00:00"),
            site_status=SiteStatus.REMOVED,
            retention_due_on=dt.date(2024, 8, 1),
            removed_at=_at("2024-09-15T07:00:00"),
            archived_at=_at("2024-10-01T12:00:00"),
            nspcc_url="https://library.nspcc.org.uk/HeritageScripts/Hapi.dll/search2?searchterm=MDS20",
            content_updated_at=_at("2024-09-15T07:00:00"),
        ),
        _review(
            derby,
            [
                Document(
                    url=cspr_page + "zds22-report.pdf",
                    title="Child Safeguarding Practice Review: Zac",
                    kind=DocumentKind.REPORT,
                    media_type=PDF,
                    size=1_234_567,
                ),
                Document(
                    url=cspr_page + "zds22-summary-of-progress.pdf",
                    title="Summary of progress: ZDS22",
                    kind=DocumentKind.SUMMARY_OF_PROGRESS,
                    media_type=PDF,
                ),
            ],
            key="derby-and-derbyshire:zds22",
            title="Child Safeguarding Practice Review: Zac (ZDS22)",
            url=cspr_page + "#zac",
            review_type=ReviewType.LOCAL_CSPR,
            case_reference="ZDS22",
            pseudonyms=["Zac"],
            published_on=dt.date(2024, 8, 1),
            published_precision=DatePrecision.MONTH,
            summary="The local child safeguarding practice review concerning the death of a child known as "
            "Zac, published with a summary of the progress agencies have made.",
            themes=["early help", "elective home education"],
            first_seen_at=_at("2024-08-14T09:30:00"),
            content_updated_at=_at("2024-08-20T09:30:00"),
        ),
        _review(
            derby,
            [
                Document(
                    url="https://www.ddscp.org.uk/learning/babies-briefing/",
                    title="Learning briefing",
                    kind=DocumentKind.BRIEFING,
                ),
            ],
            key="derby-and-derbyshire:learning-briefing-babies-2018-2020",
            title="Learning briefing: serious harm to babies under one, 2018 to 2020",
            url="https://www.ddscp.org.uk/learning/babies-briefing/",
            review_type=ReviewType.THEMATIC_BRIEFING,
            summary="The main themes and key learning from case reviews after serious harm to babies.",
            first_seen_at=_at("2024-05-02T08:00:00"),
        ),
        _review(
            doncaster,
            [
                Document(
                    url="https://www.safeguardingdoncaster.co.uk/media/child-cameron.pdf",
                    title="LCSPR Child Cameron",
                    kind=DocumentKind.REPORT,
                    media_type=PDF,
                    size=2_048_000,
                ),
                Document(
                    url="https://www.safeguardingdoncaster.co.uk/media/cameron-statement.pdf",
                    title="Statement by the independent chair",
                    kind=DocumentKind.STATEMENT,
                    media_type=PDF,
                    size=96_000,
                ),
            ],
            key="doncaster:child-cameron",
            title="LCSPR 'Child Cameron'",
            url="https://www.safeguardingdoncaster.co.uk/child-safeguarding-practice-reviews",
            review_type=ReviewType.LOCAL_CSPR,
            pseudonyms=["Cameron"],
            published_on=dt.date(2023, 1, 1),
            published_precision=DatePrecision.MONTH,
            summary="A practice review of the circumstances surrounding Cameron's death.",
            first_seen_at=_at("2023-01-16T10:00:00"),
            site_status=SiteStatus.LIVE,
            archived_at=_at("2024-02-01T12:00:00"),
            nspcc_url="https://library.nspcc.org.uk/HeritageScripts/Hapi.dll/search2?searchterm=Cameron",
        ),
        _review(
            derby,
            [
                Document(
                    url=cspr_page + "tds20-report.pdf",
                    title="Child Safeguarding Practice Review: Theo",
                    kind=DocumentKind.REPORT,
                    media_type=PDF,
                    size=640_000,
                ),
            ],
            key="derby-and-derbyshire:tds20",
            title="Child Safeguarding Practice Review: Theo (TDS20)",
            url=cspr_page + "#theo",
            review_type=ReviewType.LOCAL_CSPR,
            case_reference="TDS20",
            pseudonyms=["Theo"],
            published_on=dt.date(2024, 3, 12),
            published_precision=DatePrecision.DAY,
            summary="The local child safeguarding practice review concerning the death of a baby known as "
            "Theo.",
            first_seen_at=_at("2024-03-12T11:00:00"),
            site_status=SiteStatus.RETENTION_DUE,
            retention_due_on=dt.date(2025, 3, 12),
        ),
    ]
    return [derby, doncaster, newcomer], reviews


@pytest.fixture
def site() -> Site:
    return SITE


@pytest.fixture
def sample() -> tuple[list[Partnership], list[Review]]:
    return sample_data()


@pytest.fixture
def partnerships(sample: tuple[list[Partnership], list[Review]]) -> list[Partnership]:
    return sample[0]


@pytest.fixture
def reviews(sample: tuple[list[Partnership], list[Review]]) -> list[Review]:
    return sample[1]


@pytest.fixture
def by_slug(partnerships: list[Partnership]) -> dict[str, Partnership]:
    return {p.slug: p for p in partnerships}


@pytest.fixture(scope="session")
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(ATOM_RNG))


@pytest.fixture
def assert_valid_atom(atom_schema: etree.RelaxNG) -> Callable[[bytes], etree._Element]:
    """Check a feed against RFC 4287's schema, its two Schematron rules, and feedparser; return its root."""

    def check(feed: bytes) -> etree._Element:
        root = etree.fromstring(feed)
        assert atom_schema.validate(root), atom_schema.error_log
        # The schema's Schematron rules (Schematron 1.5, which lxml cannot run), by hand:
        feed_has_author = bool(root.xpath("a:author", namespaces=ATOM_NS))
        for entry in root.xpath("a:entry", namespaces=ATOM_NS):
            assert feed_has_author or entry.xpath("a:author or a:source/a:author", namespaces=ATOM_NS)
            assert entry.xpath("a:link[@rel='alternate'] or a:content", namespaces=ATOM_NS)
        parsed = feedparser.parse(feed)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        return root

    return check
