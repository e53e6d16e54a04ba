"""The DDSCP adapter on its two recorded pages and other renderings of each, then normalise.

`learning-reviews.html` is the earlier-reviews page as its seed text reads: paragraphs, each review ending
with its list of documents, and only one heading. `learning-reviews-headed.html` and `-alt.html` give the
same reviews under headings (invented, as the fixtures' README says).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from aggregator.errors import ParseError
from aggregator.models import DatePrecision, DocumentKind, ReviewIn, ReviewType
from aggregator.normalise import normalise
from sources import derby_and_derbyshire as adapter
from sources.base import Page, RawDocument, RawEntry
from tests.conftest import configured_words

DDSCP = configured_words("derby-and-derbyshire")
PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "derby-and-derbyshire"
CASE_REVIEWS = "https://www.ddscp.org.uk/case-reviews/serious-case-reviews"
LEARNING_REVIEWS = "https://www.ddscp.org.uk/case-reviews/learning-reviews"
DOCS = "https://www.ddscp.org.uk/media/ddscp/content-assets/documents/case-reviews"
FILES = {
    "case-reviews.html": CASE_REVIEWS,
    "case-reviews-alt.html": CASE_REVIEWS,
    "learning-reviews.html": LEARNING_REVIEWS,
    "learning-reviews-headed.html": LEARNING_REVIEWS,
    "learning-reviews-alt.html": LEARNING_REVIEWS,
}

# Title -> number of documents, in page order.
CASE_REVIEW_DOCUMENTS = {
    "Child Safeguarding Practice Review: Zac (ZDS22)": 3,
    "Child Safeguarding Practice Review: Theo (TDS20)": 3,
    "Child Safeguarding Practice Review: MDS20/PDS20": 2,
}
LEARNING_REVIEW_DOCUMENTS = {
    "Review of Serious Case Reviews and Learning Reviews 2008-2014": 1,
    "Themes and good practice briefings": 2,
    "Learning from a 2014 Serious Incident Learning Review": 1,
    "Learning Review: Operation Kern": 1,
    "Learning Review: Child J": 2,
    "Learning Review: Young Person K": 1,
    "Learning Review: Baby L": 2,
    "Learning Review: Baby N": 1,
    "Learning Review: Child O": 1,
    "Learning Review: Young Person Q": 2,
    "Learning Review: Child R": 1,
    "Serious Case Review: Child S": 2,
    "Multi-Agency Learning Review: Aaron": 2,
    "Thematic briefing: Babies under one year": 1,
    "Thematic briefing: Nine school age children": 1,
}
# The page as its seed text reads: a review without a heading is named by its first document that names
# more than its kind, else by its first sentence.
RECORDED_LEARNING_REVIEW_DOCUMENTS = {
    "DSCB Review of Serious Case Reviews and Learning Reviews 2008-2014": 3,
    "Learning from a 2014 Serious Incident Learning Review": 1,
    "Learning Review Summary: Operation Kern 2013": 1,
    "The learning review concerns the death of a 15 year old male due to drugs overdose.": 2,
    "The learning review concerns a 16 year old female who took her own life.": 1,
    "The learning review concerns the death of a 4 month old baby": 2,
    "The learning review concerns a baby who had been born to a mother where previous children had been "
    "removed because of sexual abuse.": 1,
    "The learning review concerns a teenager with ASD who had been inappropriately detained under the "
    "mental health act.": 1,
    "The learning review concerns a 17 year old male whose death related to alcohol.": 2,
    "The learning review concerns the death of a young person, where obesity was considered to have "
    "contributed to the death.": 1,
    "The review concerns the death of a young person with complex mental health needs who spent time in a "
    "number of out of County residential placements during the few years before he returned to Derbyshire "
    "and who was found lifeless\u2026": 2,  # the first sentence, cut at 40 words
    "Aaron multi agency learning review: learning briefing": 2,
    "Thematic briefing: serious harm to babies under one year, 2018 to 2020": 1,
    "Thematic briefing: learning from case reviews of nine school age children": 1,
}
EXPECTED_DOCUMENTS = {
    **CASE_REVIEW_DOCUMENTS,
    **LEARNING_REVIEW_DOCUMENTS,
    **RECORDED_LEARNING_REVIEW_DOCUMENTS,
}

ZAC_TEXT = (
    "Child Safeguarding Practice Review: Zac (ZDS22) The DDSCP have published the local Child Safeguarding "
    "Practice Review that concerns the death of a child known as Zac. A summary of progress made by agencies "
    "is published along with the report which sets out the multi-agency action that has been taken to "
    "implement local improvements that were identified as necessary during the process of completing the "
    "review. Available reports published August 2024:"
)
THEO_TEXT = (
    "Child Safeguarding Practice Review: Theo (TDS20) The DDSCP have published the local Child Safeguarding "
    "Practice Review report that concerns the death of a baby known as Theo. A summary of progress made by "
    "agencies is published along with the report which sets out the multi-agency action that has been taken. "
    "Available reports published March 2024: The Keeping Babies Safe section of the website includes the "
    "'Keeping Babies Safe Strategy' and a range of multi-agency resources for parents and professionals."
)
MDS_SENTENCES = (
    "Child Safeguarding Practice Review: MDS20/PDS20",
    "The DDSCP have published the local Child Safeguarding Practice Review report anonymised as MDS20/PDS20.",
    "The review has considered the experience of two children from different families and different areas "
    "of Derbyshire.",
    "They will subsequently be referred to as young people YP1 and YP2 in recognition of their age, "
    "however they remain children as defined by the Children Act and the Derby and Derbyshire Safeguarding "
    "Children Procedures.",
    "The purpose of the joint review is to identify the learning from the individual circumstances of "
    "these young people and the systemic learning arising from their experiences that appears to have led "
    "to similar outcomes.",
    "School attendance, mental health and neglect are significant features in both cases.",
    "Multi-agency action has been taken to address all of the recommendations set out within this review.",
    "Available reports published August 2023:",
)
MDS_TEXT = " ".join(MDS_SENTENCES)
EXPECTED_ENTRIES = [
    RawEntry(
        title="Child Safeguarding Practice Review: Zac (ZDS22)",
        url=f"{CASE_REVIEWS}#zac-zds22",
        text=ZAC_TEXT,
        summary="The DDSCP have published the local Child Safeguarding Practice Review that concerns the "
        "death of a child known as Zac.",
        published_text="Available reports published August 2024",
        documents=(
            RawDocument(
                f"{DOCS}/zds22-child-safeguarding-practice-review.pdf",
                "Child Safeguarding Practice Review ZDS22 - Zac (PDF, 612KB)",
            ),
            RawDocument(
                f"{DOCS}/zds22-summary-of-progress.pdf",
                "ZDS22 Summary of Progress ( published July 2024) (PDF, 148KB)",
            ),
            RawDocument(
                f"{DOCS}/zds22-early-help-audit-findings.pdf", "Early Help audit findings (PDF, 204KB)"
            ),
        ),
    ),
    RawEntry(
        title="Child Safeguarding Practice Review: Theo (TDS20)",
        url=f"{CASE_REVIEWS}#theo-tds20",
        text=THEO_TEXT,
        summary="The DDSCP have published the local Child Safeguarding Practice Review report that concerns "
        "the death of a baby known as Theo.",
        published_text="Available reports published March 2024",
        documents=(
            RawDocument(
                f"{DOCS}/tds20-child-safeguarding-practice-review.pdf",
                "Child Safeguarding Practice Review TDS20 - Theo (PDF, 1MB)",
            ),
            RawDocument(f"{DOCS}/tds20-summary-of-progress.pdf", "TDS20 Summary of Progress (PDF, 131KB)"),
            RawDocument(f"{DOCS}/tds20-learning-on-one-page.pdf", "TDS20 Learning on one page (PDF, 96KB)"),
        ),
    ),
    RawEntry(
        title="Child Safeguarding Practice Review: MDS20/PDS20",
        url=f"{CASE_REVIEWS}#mds20-pds20",
        text=MDS_TEXT,
        summary="The DDSCP have published the local Child Safeguarding Practice Review report anonymised as "
        "MDS20/PDS20.",
        published_text="Available reports published August 2023",
        documents=(
            RawDocument(
                f"{DOCS}/mds20-pds20-child-safeguarding-practice-review.pdf",
                "Child Safeguarding Practice Review MDS20/PDS20 (PDF, 884KB)",
            ),
            RawDocument(
                f"{DOCS}/mds20-pds20-learning-on-one-page.pdf",
                "MDS20/PDS20 Learning on one page (PDF, 102KB)",
            ),
        ),
    ),
]

# Links outside the content (menus, sidebars, footers, cookie banners) in the four files.
FURNITURE = re.compile(r"privacy|cookie|flowchart|framework|/(?:7001|9921|1999)/|accessib|sitemap", re.I)

NOT_FOUND = b"""<!DOCTYPE html><html><head><title>Page not found - DDSCP</title></head><body>
<div class="cookie-banner" role="dialog"><p>We use cookies. <a href="/cookies">Cookie policy</a></p></div>
<header><nav><a href="/">Home</a> <a href="/case-reviews">Case reviews</a></nav></header>
<main id="main-content"><h1>Page not found</h1>
<p>Sorry, we cannot find the page you were looking for. It may have been moved or deleted.</p>
<p>Try the <a href="/search">search</a> or go to the <a href="/">home page</a>.</p></main>
<footer><a href="/media/ddscp/content-assets/documents/privacy-notice-ddscp.pdf">Privacy notice (PDF)</a>
</footer>
</body></html>"""


def parse(name: str) -> list[RawEntry]:
    page = Page(url=FILES[name], content=(PAGES / name).read_bytes())
    return list(adapter.parse(page, adapter.Options()))


def strip_hint(title: str) -> str:
    """Link text without its file hint and with dashes folded, to compare the two renderings."""
    return " ".join(re.sub(r"\s*[(\[](?:PDF|Word)[^)\]]*[)\]]", "", title).replace("\u2013", "-").split())


@pytest.mark.parametrize("name", ["case-reviews.html", "case-reviews-alt.html"])
def test_case_reviews_page_yields_its_three_reviews_in_order(name: str) -> None:
    assert [e.title for e in parse(name)] == list(CASE_REVIEW_DOCUMENTS)


@pytest.mark.parametrize("name", ["learning-reviews-headed.html", "learning-reviews-alt.html"])
def test_learning_reviews_page_yields_every_review_and_briefing_in_order(name: str) -> None:
    assert [e.title for e in parse(name)] == list(LEARNING_REVIEW_DOCUMENTS)


def test_learning_reviews_page_without_headings_yields_one_review_per_run_of_paragraphs() -> None:
    entries = [normalise(e, DDSCP) for e in parse("learning-reviews.html")]
    assert [e.title for e in entries] == list(RECORDED_LEARNING_REVIEW_DOCUMENTS)
    assert [e.summary for e in entries][:4] == [
        "Derby Safeguarding Children Board has published a report DSCB Review of Serious Case Reviews and "
        "Learning Reviews 2008-2014 to set out the themes that have emerged from the reviews carried out in "
        "Derby.",
        "The Derby and Derbyshire Safeguarding Children Boards\u2019 have published a briefing outlining top "
        "tips for Supporting practitioners working with new and emerging communities.",
        "The Derby Safeguarding Children Board carried out a learning review of Operation Kern. This police "
        "operation included the arrest and prosecution of 12 males for sexually exploiting girls in Derby.",
        "The learning review concerns the death of a 15 year old male due to drugs overdose.",
    ]
    # The page names no child but Aaron: no invented pseudonyms, and no date anywhere.
    assert {name for e in entries for name in e.pseudonyms} == {"Aaron"}
    assert {e.published_on for e in entries} == {None}
    aaron = entries[-3]
    assert (aaron.review_type, [d.kind for d in aaron.documents]) == (
        ReviewType.MULTI_AGENCY_LEARNING_REVIEW,
        [DocumentKind.BRIEFING, DocumentKind.STATEMENT],
    )


def test_case_reviews_entries_are_read_in_full() -> None:
    assert parse("case-reviews.html") == EXPECTED_ENTRIES


def test_alternative_rendering_gives_the_same_reviews() -> None:
    for got, want in zip(parse("case-reviews-alt.html"), EXPECTED_ENTRIES, strict=True):
        assert (got.title, got.text, got.summary, got.published_text) == (
            want.title,
            want.text,
            want.summary,
            want.published_text,
        )
        assert [strip_hint(d.title) for d in got.documents] == [strip_hint(d.title) for d in want.documents]
        assert got.url.startswith(f"{CASE_REVIEWS}#review-")


@pytest.mark.parametrize("name", list(FILES))
def test_documents_per_review(name: str) -> None:
    reviews = [normalise(e, DDSCP) for e in parse(name)]
    assert {r.title: len(r.documents) for r in reviews} == {
        r.title: EXPECTED_DOCUMENTS[r.title] for r in reviews
    }


@pytest.mark.parametrize("name", list(FILES))
def test_document_urls_are_absolute_and_on_the_site(name: str) -> None:
    for entry in parse(name):
        for document in entry.documents:
            assert document.url.startswith("https://www.ddscp.org.uk/media/ddscp/"), document
            assert document.title


@pytest.mark.parametrize("name", list(FILES))
def test_menus_sidebars_footers_and_cookie_banners_are_never_documents(name: str) -> None:
    for entry in parse(name):
        for document in entry.documents:
            assert not FURNITURE.search(document.url), document
            assert not FURNITURE.search(document.title), document


@pytest.mark.parametrize("name", ["learning-reviews-headed.html", "learning-reviews-alt.html"])
def test_earlier_reviews_give_no_publication_date(name: str) -> None:
    assert [e.published_text for e in parse(name)] == [None] * len(LEARNING_REVIEW_DOCUMENTS)


def test_aaron_keeps_the_statement_linked_from_a_sentence() -> None:
    aaron = next(e for e in parse("learning-reviews-headed.html") if e.title.endswith("Aaron"))
    assert aaron.url == f"{LEARNING_REVIEWS}#aaron"
    assert [d.title for d in aaron.documents] == [
        "Aaron multi agency learning review: learning briefing (PDF, 265KB)",
        "statement about the publication of the learning briefing",
    ]
    assert aaron.text.endswith("statement about the publication of the learning briefing")


def test_parse_raises_on_a_page_without_reviews() -> None:
    url = "https://www.ddscp.org.uk/case-reviews/serious-case-reviews"
    with pytest.raises(ParseError, match=re.escape(url)):
        list(adapter.parse(Page(url=url, content=NOT_FOUND, status=200), adapter.Options()))


# ---------------------------------------------------------------------------------------------------------
# Through normalise: what the store receives from the recorded pages
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reviews() -> dict[str, ReviewIn]:
    entries = parse("case-reviews.html") + parse("learning-reviews-headed.html")
    return {review.title: review for review in (normalise(e, DDSCP) for e in entries)}


def test_zac_normalised(reviews: dict[str, ReviewIn]) -> None:
    zac = reviews["Child Safeguarding Practice Review: Zac (ZDS22)"]
    assert (zac.key, zac.case_reference, zac.pseudonyms) == (
        "derby-and-derbyshire/ref/zds22",
        "ZDS22",
        ["Zac"],
    )
    assert (zac.review_type, zac.published_on, zac.published_precision) == (
        ReviewType.LOCAL_CSPR,
        dt.date(2024, 8, 1),
        DatePrecision.MONTH,
    )
    kinds = {d.kind: d for d in zac.documents}
    assert list(kinds) == [DocumentKind.REPORT, DocumentKind.SUMMARY_OF_PROGRESS, DocumentKind.AUDIT_FINDINGS]
    progress = kinds[DocumentKind.SUMMARY_OF_PROGRESS]
    assert (progress.published_on, progress.published_precision) == (dt.date(2024, 7, 1), DatePrecision.MONTH)
    assert progress.title == "ZDS22 Summary of Progress (published July 2024)"
    assert kinds[DocumentKind.REPORT].title == "Child Safeguarding Practice Review ZDS22 - Zac"
    assert {d.media_type for d in zac.documents} == {"application/pdf"}


def test_theo_normalised(reviews: dict[str, ReviewIn]) -> None:
    theo = reviews["Child Safeguarding Practice Review: Theo (TDS20)"]
    assert (theo.case_reference, theo.pseudonyms, theo.review_type) == (
        "TDS20",
        ["Theo"],
        ReviewType.LOCAL_CSPR,
    )
    assert (theo.published_on, theo.published_precision) == (dt.date(2024, 3, 1), DatePrecision.MONTH)
    assert [d.kind for d in theo.documents] == [
        DocumentKind.REPORT,
        DocumentKind.SUMMARY_OF_PROGRESS,
        DocumentKind.LEARNING_ON_A_PAGE,
    ]


def test_joint_review_normalised(reviews: dict[str, ReviewIn]) -> None:
    joint = reviews["Child Safeguarding Practice Review: MDS20/PDS20"]
    assert (joint.key, joint.case_reference) == ("derby-and-derbyshire/ref/mds20-pds20", "MDS20/PDS20")
    assert (joint.pseudonyms, joint.review_type) == (["YP1", "YP2"], ReviewType.LOCAL_CSPR)
    assert (joint.published_on, joint.published_precision) == (dt.date(2023, 8, 1), DatePrecision.MONTH)


def test_aaron_normalised(reviews: dict[str, ReviewIn]) -> None:
    aaron = reviews["Multi-Agency Learning Review: Aaron"]
    assert (aaron.review_type, aaron.pseudonyms, aaron.published_on) == (
        ReviewType.MULTI_AGENCY_LEARNING_REVIEW,
        ["Aaron"],
        None,
    )
    assert [d.kind for d in aaron.documents] == [DocumentKind.BRIEFING, DocumentKind.STATEMENT]


@pytest.mark.parametrize(
    ("title", "review_type"),
    [
        ("Review of Serious Case Reviews and Learning Reviews 2008-2014", ReviewType.THEMATIC_BRIEFING),
        ("Themes and good practice briefings", ReviewType.THEMATIC_BRIEFING),
        ("Learning from a 2014 Serious Incident Learning Review", ReviewType.THEMATIC_BRIEFING),
        ("Learning Review: Operation Kern", ReviewType.LEARNING_REVIEW),
        ("Learning Review: Baby N", ReviewType.LEARNING_REVIEW),
        ("Serious Case Review: Child S", ReviewType.SERIOUS_CASE_REVIEW),
        ("Thematic briefing: Babies under one year", ReviewType.THEMATIC_BRIEFING),
        ("Thematic briefing: Nine school age children", ReviewType.THEMATIC_BRIEFING),
    ],
)
def test_earlier_review_types(reviews: dict[str, ReviewIn], title: str, review_type: ReviewType) -> None:
    assert reviews[title].review_type == review_type


def test_keys_are_unique_and_uri_safe(reviews: dict[str, ReviewIn]) -> None:
    keys = [r.key for r in reviews.values()]
    assert len(set(keys)) == len(keys) == len(CASE_REVIEW_DOCUMENTS) + len(LEARNING_REVIEW_DOCUMENTS)
    assert all(re.fullmatch(r"derby-and-derbyshire/(?:ref|child|url)/[a-z0-9/-]+", k) for k in keys), keys


def test_earlier_reviews_have_no_publication_date(reviews: dict[str, ReviewIn]) -> None:
    assert {reviews[t].published_on for t in LEARNING_REVIEW_DOCUMENTS} == {None}


# ---------------------------------------------------------------------------------------------------------
# Pages written blind from the seed texts, as other CMSs might serve them (see the fixtures' README)
# ---------------------------------------------------------------------------------------------------------

# Title -> (documents, publication date as "YYYY-MM" / "YYYY" or None), in page order. A year closing a
# heading ("Child B (2015)") is not a publication date: the page never says it is one.
BLIND_CASE_REVIEWS = {
    "Child Safeguarding Practice Review: Zac (ZDS22)": (3, "2024-08"),
    "Child Safeguarding Practice Review: Theo (TDS20)": (3, "2024-03"),
    "Child Safeguarding Practice Review: MDS20/PDS20": (3, "2023-08"),
}
BLIND_LEARNING_REVIEWS = {
    "Review of Serious Case Reviews and Learning Reviews 2008-2014": (3, None),
    "Learning from a 2014 Serious Incident Learning Review": (1, None),
    "Learning Review: Operation Kern (2013)": (1, None),
    "Learning Review: Child B (2015)": (2, None),
    "Learning Review: Child C (2016)": (3, None),
    "Learning Review: Baby D (2016)": (1, None),
    "Learning Review: Baby E (2017)": (2, None),
    "Learning Review: Young Person F (2017)": (1, None),
    "Learning Review: Young Person G (2018)": (2, None),
    "Learning Review: Child H (2018)": (2, None),
    "Learning Review: Young Person I (2019)": (2, None),
    "Multi Agency Learning Review: Aaron (2019)": (2, None),
    "Thematic Learning Briefing: Babies under 1 year (2018-2020)": (1, None),
    "Thematic Review: School Age Children (2021)": (1, None),
}
BLIND = {
    "case-reviews-blind.html": (CASE_REVIEWS, BLIND_CASE_REVIEWS),
    # <p> and <br> lists, with the "(PDF)" hint outside extensionless /download/187x/ links
    "case-reviews-hint-outside.html": (CASE_REVIEWS, BLIND_CASE_REVIEWS),
    # windows-1252, EasySiteWeb GatewayLink.aspx?alId=N links, pdf.gif icons, file.asp?File=...pdf&Type=pdf
    "learning-reviews-blind.html": (LEARNING_REVIEWS, BLIND_LEARNING_REVIEWS),
}


def normalise_blind(name: str) -> list[ReviewIn]:
    url, _ = BLIND[name]
    entries = adapter.parse(Page(url=url, content=(PAGES / name).read_bytes()), adapter.Options())
    return [normalise(entry, DDSCP) for entry in entries]


def published(review: ReviewIn) -> str | None:
    if review.published_on is None:
        return None
    return (
        str(review.published_on.year)
        if review.published_precision == DatePrecision.YEAR
        else (review.published_on.strftime("%Y-%m"))
    )


@pytest.mark.parametrize("name", list(BLIND))
def test_blind_page_gives_the_expected_reviews_documents_and_dates(name: str) -> None:
    reviews = normalise_blind(name)
    assert {r.title: (len(r.documents), published(r)) for r in reviews} == BLIND[name][1]
    assert [r.title for r in reviews] == list(BLIND[name][1])


@pytest.mark.parametrize("name", list(BLIND))
def test_blind_page_gives_unique_keys(name: str) -> None:
    keys = [r.key for r in normalise_blind(name)]
    assert len(set(keys)) == len(keys), keys
    assert all(re.fullmatch(r"derby-and-derbyshire/(?:ref|child|url)/[a-z0-9/-]+", k) for k in keys), keys


@pytest.mark.parametrize("name", list(BLIND))
def test_blind_page_documents_are_files_not_furniture(name: str) -> None:
    for review in normalise_blind(name):
        for document in review.documents:
            assert not re.search(
                r"annual|threshold|privacy|guidance|nspcc|keeping-babies", document.url, re.I
            )
            assert document.title and "new window" not in document.title, document


@pytest.mark.parametrize("name", ["case-reviews-blind.html", "case-reviews-hint-outside.html"])
def test_blind_case_reviews_documents(name: str) -> None:
    reviews = {r.title: r for r in normalise_blind(name)}
    theo = reviews["Child Safeguarding Practice Review: Theo (TDS20)"]
    assert [d.title for d in theo.documents] == [
        "TDS20 Child Safeguarding Practice Review report",  # "(opens in new window)" is for screen readers
        "TDS20 Summary of progress",
        "TDS20 7 minute briefing",
    ]
    joint = reviews["Child Safeguarding Practice Review: MDS20/PDS20"]
    assert [(d.url.rsplit("/", 2)[-2], d.kind, d.media_type) for d in joint.documents] == [
        ("1876", DocumentKind.REPORT, "application/pdf"),
        ("1877", DocumentKind.SUMMARY_OF_PROGRESS, "application/pdf"),
        ("1878", DocumentKind.AUDIT_FINDINGS, "application/pdf"),
    ]
    zac = reviews["Child Safeguarding Practice Review: Zac (ZDS22)"]
    assert (zac.key, zac.published_on) == ("derby-and-derbyshire/ref/zds22", dt.date(2024, 8, 1))


def test_blind_learning_reviews_pseudonyms_keys_and_media_types() -> None:
    reviews = {r.title: r for r in normalise_blind("learning-reviews-blind.html")}
    assert {title: reviews[title].pseudonyms for title in list(reviews)[3:11]} == {
        "Learning Review: Child B (2015)": ["B"],
        "Learning Review: Child C (2016)": ["C"],
        "Learning Review: Baby D (2016)": ["D"],
        "Learning Review: Baby E (2017)": ["E"],
        "Learning Review: Young Person F (2017)": ["F"],
        "Learning Review: Young Person G (2018)": ["G"],
        "Learning Review: Child H (2018)": ["H"],
        "Learning Review: Young Person I (2019)": ["I"],
    }
    assert (
        reviews["Learning Review: Baby D (2016)"].key
        == "derby-and-derbyshire/url/easysiteweb-gatewaylink-aspx-alid-13101"
    )
    # Without pseudonym or year the key comes from the report's URL, query included: alId tells them apart.
    thematic = reviews["Thematic Learning Briefing: Babies under 1 year (2018-2020)"]
    assert thematic.key == "derby-and-derbyshire/url/easysiteweb-gatewaylink-aspx-alid-13701"
    assert thematic.documents[0].media_type == "application/pdf"  # from the pdf.gif icon inside the link
    child_c = reviews["Learning Review: Child C (2016)"]
    assert [(d.kind, d.media_type) for d in child_c.documents] == [
        (DocumentKind.REPORT, "application/pdf"),
        (DocumentKind.REPORT, "application/pdf"),
        (DocumentKind.BRIEFING, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ]
    young_person_g = reviews["Learning Review: Young Person G (2018)"]
    assert [d.media_type for d in young_person_g.documents] == ["application/pdf", "application/msword"]
    baby_d = reviews["Learning Review: Baby D (2016)"]
    assert [(d.title, d.media_type) for d in baby_d.documents] == [
        ("Baby D Learning Summary", "application/pdf")
    ]


def test_blind_learning_reviews_are_decoded_from_windows_1252() -> None:
    raw = (PAGES / "learning-reviews-blind.html").read_bytes()
    assert b"Boards\x92" in raw  # the file keeps its windows-1252 bytes
    reviews = {r.title: r for r in normalise_blind("learning-reviews-blind.html")}
    summary = reviews["Learning from a 2014 Serious Incident Learning Review"].summary
    assert summary and summary.startswith("The Derby and Derbyshire Safeguarding Children Boards\u2019 have")


def test_documents_in_sentences_after_the_list_are_the_reviews_when_the_sentence_says_so() -> None:
    html = """<main><h2>Child Safeguarding Practice Review: Zac</h2><p>About Zac. Available reports:</p>
    <ul><li><a href="/zac.pdf">Full report</a></li></ul>
    <p>The partnership's statement on the review can be read <a href="/statement.pdf">here</a>.</p>
    <p>An <a href="/easy-read.pdf">easy read version</a> is also available.</p>
    <p>The Keeping Babies Safe section includes the <a href="/kbs-strategy.pdf">Strategy</a>.</p></main>"""
    (zac,) = adapter.parse(Page(url=CASE_REVIEWS, content=html.encode()), adapter.Options())
    assert [d.url.rsplit("/", 1)[-1] for d in zac.documents] == ["zac.pdf", "statement.pdf", "easy-read.pdf"]
