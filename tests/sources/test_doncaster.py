"""The Doncaster adapter on its recorded page and an alternative rendering, then through normalise."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from aggregator.errors import ParseError
from aggregator.models import DatePrecision, DocumentKind, ReviewIn, ReviewType
from aggregator.normalise import normalise
from sources import doncaster as adapter
from sources.base import Page, RawDocument, RawEntry
from tests.conftest import configured_words

DSCP = configured_words("doncaster")
PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "doncaster"
URL = "http://dscp.org.uk/professionals/child-safeguarding-practice-reviews"
UPLOADS = "https://dscp.org.uk/wp-content/uploads"
NAMES = ["cspr.html", "cspr-alt.html"]
INTRO = "Within the Resources section on this page are some learning materials form Serious Case Reviews"
RESOURCES = [
    "2 Minute Briefing - Professional Curiosity",
    "2 Minute Briefing - P and A Review",
    "2 minute Briefing - C Review",
    "2 minute Briefing - TS Review",
    "An independent review of South Yorkshire Police\u2019s handling of child sexual exploitation "
    "1997 \u2013 2016",
]
STATEMENT = (
    "I would like to offer, on behalf of the Doncaster Safeguarding Children Partnership, my sincere "
    "condolences to the family of Cameron for their tragic loss. We are all deeply saddened by his death. "
    "A practice review of the circumstances surrounding Cameron\u2019s death has made a number of "
    "recommendations for practice improvement and public awareness and these have been fully accepted and "
    "are being fully implemented. The Doncaster Safeguarding Children Partnership is committed to the "
    "safety and welfare of all children across the city."
)
SUMMARY = (
    "A practice review of the circumstances surrounding Cameron\u2019s death has made a number of "
    "recommendations for practice improvement and public awareness and these have been fully accepted and "
    "are being fully implemented."
)
CAMERON = RawEntry(
    title="Child Cameron",
    url=URL,
    text="Latest LCSPR \u2018Child Cameron\u2019 January 2023 now published. Please see statement on behalf "
    f"of the DSCP by independent chair Dot Evans: \u201c{STATEMENT}\u201d Dot Evans Chair of the Doncaster "
    "Safeguarding Children Partnership",
    summary=SUMMARY,
    published_text="January 2023",
    documents=(
        # Linked on the child's name only: titled from the announcement.
        RawDocument(
            f"{UPLOADS}/2023/01/LCSPR-Child-Cameron-Final-Report-January-2023.pdf",
            "LCSPR Child Cameron January 2023",
        ),
    ),
)
FURNITURE = re.compile(r"privacy|cookie|threshold|annual-report|working.together|nspcc|gov\.uk", re.I)

NOT_FOUND = b"""<!DOCTYPE html><html><head><title>Page not found &#8211; DSCP</title></head>
<body class="error404"><header id="masthead"><nav><a href="https://dscp.org.uk/">Home</a>
<a href="https://dscp.org.uk/wp-content/uploads/2022/09/DSCP-Multi-Agency-Threshold-Guidance.pdf">Threshold
guidance (PDF)</a></nav></header>
<main id="main" class="site-main"><section class="error-404 not-found"><header class="page-header">
<h1 class="page-title">Oops! That page can&rsquo;t be found.</h1></header>
<div class="page-content"><p>It looks like nothing was found at this location. Maybe try a search?</p>
<form role="search"><input type="search" name="s"></form></div></section></main>
<footer><a href="https://dscp.org.uk/wp-content/uploads/2021/05/DSCP-Privacy-Notice.pdf">Privacy notice
(PDF)</a>
</footer></body></html>"""


def parse(name: str) -> list[RawEntry]:
    return list(adapter.parse(Page(url=URL, content=(PAGES / name).read_bytes()), adapter.Options()))


@pytest.mark.parametrize("name", NAMES)
def test_page_yields_the_latest_review_and_each_resource(name: str) -> None:
    assert [e.title for e in parse(name)] == ["Child Cameron", *RESOURCES]


def test_cameron_is_read_in_full() -> None:
    assert parse("cspr.html")[0] == CAMERON


def test_cameron_from_the_alternative_rendering() -> None:
    cameron = parse("cspr-alt.html")[0]
    assert (cameron.title, cameron.url, cameron.summary, cameron.published_text) == (
        "Child Cameron",
        URL,
        SUMMARY,
        "January 2023",
    )
    assert f'"{STATEMENT}"' in cameron.text
    assert cameron.text.endswith("Chair of the Doncaster Safeguarding Children Partnership")
    assert "Conducting" not in cameron.text  # the general text after the signature is not the review's
    assert cameron.documents == (
        RawDocument(
            "http://dscp.org.uk/sites/default/files/2023-01/lcspr-child-cameron-final-report",
            "Read the Child Cameron report (PDF, 1.4 MB)",
        ),
    )


@pytest.mark.parametrize("name", NAMES)
def test_resources_carry_the_sentence_that_says_they_come_from_serious_case_reviews(name: str) -> None:
    for entry in parse(name)[1:]:
        assert entry.text.startswith(INTRO)
        assert (entry.summary, entry.published_text, len(entry.documents)) == (None, None, 1)


def test_resource_documents() -> None:
    assert [e.documents for e in parse("cspr.html")[1:3]] == [
        (RawDocument(f"{UPLOADS}/2021/03/2-Minute-Briefing-Professional-Curiosity.pdf", RESOURCES[0]),),
        (RawDocument(f"{UPLOADS}/2021/03/2-Minute-Briefing-P-and-A-Review.pdf", RESOURCES[1]),),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_document_urls_are_absolute_and_furniture_is_never_a_document(name: str) -> None:
    documents = [d for e in parse(name) for d in e.documents]
    assert len(documents) == 6
    for document in documents:
        assert re.match(r"https?://dscp\.org\.uk/(?:wp-content|sites)/", document.url), document
        assert not FURNITURE.search(document.url) and not FURNITURE.search(document.title), document


def test_parse_raises_on_a_page_without_reviews() -> None:
    with pytest.raises(ParseError, match=re.escape(URL)):
        list(adapter.parse(Page(url=URL, content=NOT_FOUND), adapter.Options()))


# ---------------------------------------------------------------------------------------------------------
# Through normalise
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reviews() -> dict[str, ReviewIn]:
    return {r.title: r for r in (normalise(e, DSCP) for e in parse("cspr.html"))}


def test_cameron_normalised(reviews: dict[str, ReviewIn]) -> None:
    cameron = reviews["Child Cameron"]
    assert (cameron.key, cameron.review_type, cameron.pseudonyms, cameron.case_reference) == (
        "doncaster/child/cameron-2023",
        ReviewType.LOCAL_CSPR,
        ["Cameron"],
        None,
    )
    assert (cameron.published_on, cameron.published_precision) == (dt.date(2023, 1, 1), DatePrecision.MONTH)
    assert cameron.summary == SUMMARY
    [report] = cameron.documents
    assert (report.kind, report.media_type) == (DocumentKind.REPORT, "application/pdf")


@pytest.mark.parametrize(
    ("title", "review_type", "pseudonyms"),
    [
        (RESOURCES[0], ReviewType.THEMATIC_BRIEFING, []),
        (RESOURCES[1], ReviewType.SERIOUS_CASE_REVIEW, ["P", "A"]),
        (RESOURCES[2], ReviewType.SERIOUS_CASE_REVIEW, ["C"]),
        (RESOURCES[3], ReviewType.SERIOUS_CASE_REVIEW, ["TS"]),
        (RESOURCES[4], ReviewType.INDEPENDENT_REVIEW, []),
    ],
)
def test_resources_normalised(
    reviews: dict[str, ReviewIn], title: str, review_type: ReviewType, pseudonyms: list[str]
) -> None:
    review = reviews[title]
    assert (review.review_type, review.pseudonyms, review.published_on) == (review_type, pseudonyms, None)
    assert review.documents[0].media_type == "application/pdf"


def test_keys_are_unique_and_uri_safe(reviews: dict[str, ReviewIn]) -> None:
    keys = [r.key for r in reviews.values()]
    assert len(set(keys)) == len(keys) == 6
    assert all(re.fullmatch(r"doncaster/(?:ref|child|url)/[a-z0-9/-]+", k) for k in keys), keys


def test_alternative_rendering_normalises_to_the_same_reviews() -> None:
    alt = [normalise(e, DSCP) for e in parse("cspr-alt.html")]
    assert [(r.title, r.review_type, r.pseudonyms) for r in alt] == [
        (r.title, r.review_type, r.pseudonyms) for r in (normalise(e, DSCP) for e in parse("cspr.html"))
    ]
    assert alt[0].key == "doncaster/child/cameron-2023"
    assert alt[0].documents[0].media_type == "application/pdf"  # from the "(PDF, 1.4 MB)" hint


# ---------------------------------------------------------------------------------------------------------
# Pages written blind from the seed text, as another CMS (Wix) might serve them (see the fixtures' README)
# ---------------------------------------------------------------------------------------------------------

# cspr-blind.html: the report linked on the curly-quoted name only, and again from a "Read the report" button.
# cspr-separate-link.html: the announcement is plain bold text; "Click here to read the full report (PDF,
# 1.4MB)" follows the chair's signature.
BLIND = ["cspr-blind.html", "cspr-separate-link.html"]
WIX_REPORT = "https://www.dscp.org.uk/_files/ugd/8a7c3e_4f1b2e9d0c8a4b7e9f3a2d1c6b5e4f3a.pdf"
GENERIC = re.compile(r"^(?:read the report|click here|download|read more|view)\b", re.I)


@pytest.mark.parametrize("name", BLIND)
def test_blind_page_yields_cameron_and_each_resource_once(name: str) -> None:
    titles = [e.title for e in parse(name)]
    assert titles == ["Child Cameron", *RESOURCES]
    assert not [t for t in titles if GENERIC.search(t)]


@pytest.mark.parametrize("name", BLIND)
def test_blind_page_cameron_normalised(name: str) -> None:
    reviews = [normalise(e, DSCP) for e in parse(name)]
    cameron = reviews[0]
    assert (cameron.key, cameron.review_type, cameron.pseudonyms) == (
        "doncaster/child/cameron-2023",
        ReviewType.LOCAL_CSPR,
        ["Cameron"],
    )
    assert (cameron.published_on, cameron.published_precision) == (dt.date(2023, 1, 1), DatePrecision.MONTH)
    assert cameron.summary == SUMMARY
    [report] = cameron.documents
    assert (report.url, report.title, report.kind, report.media_type) == (
        WIX_REPORT,
        "LCSPR Child Cameron January 2023",  # titled from the announcement, not "Click here" or the name
        DocumentKind.REPORT,
        "application/pdf",
    )
    keys = [r.key for r in reviews]
    assert len(set(keys)) == len(keys) == 6
    assert [d.url for r in reviews for d in r.documents].count(WIX_REPORT) == 1


def test_blind_page_the_independent_review_is_no_dated_review() -> None:
    review = normalise(parse("cspr-blind.html")[-1], DSCP)
    assert (review.title, review.published_on) == (RESOURCES[4], None)


def test_an_announcement_whose_report_is_not_linked_nearby_is_no_entry_nor_is_a_generic_link() -> None:
    page = Page(
        url=URL,
        content=b"""<main><p>Latest LCSPR 'Child Cameron' January 2023 now published.</p>
        <h2>Resources</h2><ul>
        <li><a href="/a/2-Minute-Briefing-C-Review.pdf">2 minute Briefing - C Review</a></li>
        <li><a href="/a/2-Minute-Briefing-C-Review.docx">Download</a></li></ul></main>""",
    )
    assert [e.title for e in adapter.parse(page, adapter.Options())] == ["2 minute Briefing - C Review"]


def test_a_downloads_box_after_an_announcement_holds_its_report_only_if_it_links_one() -> None:
    def titles(box: str) -> list[str]:
        html = f"""<main><p>The LCSPR concerning 'Child Dylan' will be published in March 2025.</p>
        <h2>Downloads</h2><ul>{box}</ul></main>"""
        return [e.title for e in adapter.parse(Page(url=URL, content=html.encode()), adapter.Options())]

    briefings = '<li><a href="/neglect.pdf">2 minute briefing: neglect</a></li>'
    assert titles(briefings) == ["2 minute briefing: neglect"]
    report = '<li><a href="/dylan.pdf">Read the full review report</a></li>'
    assert titles(report + briefings) == ["Child Dylan", "2 minute briefing: neglect"]
