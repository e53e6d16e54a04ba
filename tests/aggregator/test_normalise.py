"""normalise() and the small functions it is made of, one table each."""

from __future__ import annotations

import datetime as dt

import pytest

from aggregator.errors import SkipEntry
from aggregator.models import DatePrecision, DocumentKind, ReviewType
from aggregator.normalise import (
    PartnershipWords,
    classify_document,
    classify_review,
    clean_document_title,
    clean_text,
    clean_url,
    find_case_reference,
    find_pseudonyms,
    media_type_for,
    normalise,
    parse_date,
    review_key,
)
from sources.base import RawDocument, RawEntry

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
DERBY = PartnershipWords("derby")
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SCR_INTRO = "Within the Resources section on this page are some learning materials form Serious Case Reviews"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Child\u00a0Safeguarding \n\t Practice Review  ", "Child Safeguarding Practice Review"),
        ("Zac\u200b (ZDS22)\u202f", "Zac (ZDS22)"),
        ("Cameron\u2019s death", "Cameron\u2019s death"),  # curly quotes stay as published
        ("", ""),
        (None, ""),
    ],
)
def test_clean_text(text: str | None, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("published August 2024", (dt.date(2024, 8, 1), MONTH)),
        ("Available reports published August 2024", (dt.date(2024, 8, 1), MONTH)),
        ("Available reports published August 2024:", (dt.date(2024, 8, 1), MONTH)),
        ("ZDS22 Summary of Progress ( published July 2024)", (dt.date(2024, 7, 1), MONTH)),
        ("January 2023", (dt.date(2023, 1, 1), MONTH)),
        ("Latest LCSPR 'Child Cameron' January 2023 now published.", (dt.date(2023, 1, 1), MONTH)),
        ("12 August 2024", (dt.date(2024, 8, 12), DAY)),
        ("12th August 2024", (dt.date(2024, 8, 12), DAY)),
        ("1st Sept 2024", (dt.date(2024, 9, 1), DAY)),
        ("12/08/2024", (dt.date(2024, 8, 12), DAY)),  # UK order
        ("published 2019", (dt.date(2019, 1, 1), YEAR)),
        ("Publication date: 2021", (dt.date(2021, 1, 1), YEAR)),
        ("Aug 2024", (dt.date(2024, 8, 1), MONTH)),
        ("Sept 2024", (dt.date(2024, 9, 1), MONTH)),
        ("sep. 2024", (dt.date(2024, 9, 1), MONTH)),
        ("published March 2024, updated May 2024", (dt.date(2024, 3, 1), MONTH)),
        ("Published: 24th February 2025", (dt.date(2025, 2, 24), DAY)),
        ("Tue 03 Dec 2024", (dt.date(2024, 12, 3), DAY)),
        ("2024-01-22", (dt.date(2024, 1, 22), DAY)),
        ("22/06/2021", (dt.date(2021, 6, 22), DAY)),
        ("Published 03/2025", (dt.date(2025, 3, 1), MONTH)),
        ("Published: Spring 2023", (dt.date(2023, 3, 1), DatePrecision.SEASON)),
        ("Winter 2023", (dt.date(2023, 12, 1), DatePrecision.SEASON)),  # winter is December to February
        ("This review was published 12 June 2023.", (dt.date(2023, 6, 12), DAY)),
        ("Date of publication: 2011", (dt.date(2011, 1, 1), YEAR)),
        ("LCSPR Child Willow \u2013 May 2024 (PDF, 1.1MB)", (dt.date(2024, 5, 1), MONTH)),
        ("Learning Reviews 2008-2014", None),  # a bare year is no date
        ("child sexual exploitation 1997 \u2013 2016", None),
        ("Learning Review Summary: Operation Kern 2013", None),
        ("31/02/2024", None),
        # A year alone does not say it is a publication date ("Learning Review: Child B (2015)").
        ("(2015)", None),
        ("2015", None),
        ("(2018-2020)", None),
        ("Available reports:", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text: str | None, expected: tuple[dt.date, DatePrecision] | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Child Safeguarding Practice Review: Zac (ZDS22)", "ZDS22"),
        ("Child Safeguarding Practice Review: Theo (TDS20)", "TDS20"),
        ("Child Safeguarding Practice Review: MDS20/PDS20", "MDS20/PDS20"),
        ("report anonymised as MDS20 / PDS20.", "MDS20/PDS20"),
        ("DSCB Review of Serious Case Reviews and Learning Reviews 2008-2014", None),
        ("Latest LCSPR 'Child Cameron' January 2023", None),
        ("referred to as young people YP1 and YP2", None),
        ("Conducting Child Safeguarding Practice Reviews (CSPR)", None),
        ("zds22-child-safeguarding-practice-review.pdf", None),  # lower case is a file name, not a reference
        (None, None),
    ],
)
def test_find_case_reference(text: str | None, expected: str | None) -> None:
    assert find_case_reference(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The DDSCP have published the local Child Safeguarding Practice Review report anonymised as "
            "MDS20/PDS20.",
            "MDS20/PDS20",
        ),
        ("The review, known as 'ZDS22', concerns a child.", "ZDS22"),
        ("This briefing draws on the learning from TDS20 and ZDS22.", None),  # cites other reviews
    ],
)
def test_body_text_gives_a_reference_only_where_it_introduces_one(text: str, expected: str | None) -> None:
    assert find_case_reference(text, introduced=True) == expected


def test_a_briefing_citing_a_review_does_not_take_its_key() -> None:
    raw = RawEntry(
        title="Thematic briefing: Babies under one year",
        url="https://example.org/reviews",
        text="This briefing draws on the learning from TDS20.",
    )
    review = normalise(raw, PartnershipWords("derby-and-derbyshire"))
    assert review.case_reference is None and "tds20" not in review.key


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Child Safeguarding Practice Review: Zac (ZDS22)", "the death of a child known as Zac.", ["Zac"]),
        ("Child Safeguarding Practice Review: Theo (TDS20)", "a baby known as Theo.", ["Theo"]),
        ("Child Cameron", "Latest LCSPR 'Child Cameron' January 2023; the family of Cameron", ["Cameron"]),
        (
            "Child Safeguarding Practice Review: MDS20/PDS20",
            "They will subsequently be referred to as young people YP1 and YP2 in recognition of their age",
            ["YP1", "YP2"],
        ),
        (
            "Multi-Agency Learning Review: Aaron",
            "a young man, referred to as Aaron (not his real name)",
            ["Aaron"],
        ),
        ("2 Minute Briefing - P and A Review", SCR_INTRO, ["P", "A"]),
        ("2 minute Briefing - C Review", SCR_INTRO, ["C"]),
        ("2 minute Briefing - TS Review", SCR_INTRO, ["TS"]),
        ("2 Minute Briefing - Professional Curiosity", SCR_INTRO, []),
        ("Learning Review: Child J", "The learning review concerns a 15 year old male.", ["J"]),
        ("Learning Review: Baby D (2016)", "the death of a 4 month old baby", ["D"]),
        ("Learning Review: Young Person G (2018)", "a 17 year old male", ["G"]),
        ("Learning Review: Young Person I (2019)", "a young person", ["I"]),  # an initial, not "I"
        ("Learning Review: Child A", "", ["A"]),
        ("Sibling X review", "", ["X"]),
        ("Learning review", "a baby, known as Baby E, and her sibling known as Sibling F", ["E", "F"]),
        ("A Review of practice", "The Derby Safeguarding Children Board. Available reports:", []),
        ("Child Safeguarding Practice Review", "The Keeping Babies Safe section of the website", []),
        ("DSCB Review of Serious Case Reviews", "Derby Safeguarding Children Board has published", []),
        ("Thematic briefing", "the lived experiences of nine school age children", []),
        ("Child Zac", "known as \u2018Zac\u2019, called Zac", ["Zac"]),  # deduplicated, curly quotes folded
        (None, None, []),
    ],
)
def test_find_pseudonyms(title: str | None, text: str | None, expected: list[str]) -> None:
    assert find_pseudonyms(title, text) == expected


def test_the_words_of_the_partnerships_own_names_are_no_pseudonyms() -> None:
    text = "a review by the partnership, known as Derby and Derbyshire, of the death of a child known as Zac"
    assert find_pseudonyms("", text) == ["Derby", "Derbyshire", "Zac"]
    assert find_pseudonyms("", text, not_names={"Derby", "Derbyshire", "DDSCP"}) == ["Zac"]
    ddscp = PartnershipWords("derby-and-derbyshire", frozenset({"Derby", "Derbyshire", "DDSCP"}))
    assert normalise(raw(title="Learning review", text=text), ddscp).pseudonyms == ["Zac"]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Child Safeguarding Practice Review: Zac (ZDS22)", "", ReviewType.LOCAL_CSPR),
        ("Child Safeguarding Practice Review: MDS20/PDS20", "", ReviewType.LOCAL_CSPR),
        ("Child Cameron", "Latest LCSPR 'Child Cameron' January 2023 now published.", ReviewType.LOCAL_CSPR),
        (
            "2 minute Briefing - C Review",
            f"{SCR_INTRO} 2 minute Briefing - C Review",
            ReviewType.SERIOUS_CASE_REVIEW,
        ),
        ("2 Minute Briefing - P and A Review", SCR_INTRO, ReviewType.SERIOUS_CASE_REVIEW),
        ("2 Minute Briefing - Professional Curiosity", SCR_INTRO, ReviewType.THEMATIC_BRIEFING),
        (
            "An independent review of South Yorkshire Police\u2019s handling of child sexual exploitation",
            SCR_INTRO,
            ReviewType.INDEPENDENT_REVIEW,
        ),
        ("Multi-Agency Learning Review: Aaron", "", ReviewType.MULTI_AGENCY_LEARNING_REVIEW),
        (
            "Aaron",
            "DSAB conducted a Multi Agency Learning Review in 2019",
            ReviewType.MULTI_AGENCY_LEARNING_REVIEW,
        ),
        (
            "Learning Review: Operation Kern",
            "the subject of a serious case review",
            ReviewType.LEARNING_REVIEW,
        ),
        ("Serious Case Review: Child S", "", ReviewType.SERIOUS_CASE_REVIEW),
        ("Child T", "The SCR concerns", ReviewType.SERIOUS_CASE_REVIEW),
        ("Thematic briefing: Babies under one year", "case reviews", ReviewType.THEMATIC_BRIEFING),
        ("Themes and good practice briefings", "", ReviewType.THEMATIC_BRIEFING),
        ("Learning from a 2014 Serious Incident Learning Review", "top tips", ReviewType.THEMATIC_BRIEFING),
        ("Review of Serious Case Reviews and Learning Reviews 2008-2014", "", ReviewType.THEMATIC_BRIEFING),
        ("Learning from a Domestic Homicide Review", "", ReviewType.DOMESTIC_HOMICIDE_REVIEW_LEARNING),
        (
            "Child Protection in England",
            "national child safeguarding practice review",
            ReviewType.NATIONAL_REVIEW,
        ),
        ("National review: safeguarding children with disabilities", "", ReviewType.NATIONAL_REVIEW),
        ("Annual report 2023", "What we did this year.", ReviewType.OTHER),
    ],
)
def test_classify_review(title: str, text: str, expected: ReviewType) -> None:
    assert classify_review(title, text) == expected


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("ZDS22 Summary of Progress ( published July 2024)", None, DocumentKind.SUMMARY_OF_PROGRESS),
        ("TDS20 Learning on one page", None, DocumentKind.LEARNING_ON_A_PAGE),
        ("Learning on a page", None, DocumentKind.LEARNING_ON_A_PAGE),
        ("One page learning summary", None, DocumentKind.LEARNING_ON_A_PAGE),
        ("Child J 7 minute briefing", None, DocumentKind.BRIEFING),  # a briefing, not learning-on-a-page
        ("Early Help audit findings", None, DocumentKind.AUDIT_FINDINGS),
        ("2 minute Briefing - C Review", None, DocumentKind.BRIEFING),
        ("statement about the publication of the learning briefing", None, DocumentKind.STATEMENT),
        ("Child Safeguarding Practice Review ZDS22 - Zac", None, DocumentKind.REPORT),
        ("Child S executive summary", None, DocumentKind.REPORT),
        ("Learning Review Summary: Operation Kern 2013", None, DocumentKind.REPORT),
        (
            "Child Cameron",
            "https://dscp.org.uk/wp-content/uploads/LCSPR-Child-Cameron-Final-Report.pdf",
            "report",
        ),
        ("Download", "https://x.org/files/zds22-summary-of-progress.pdf", DocumentKind.SUMMARY_OF_PROGRESS),
        ("Baby L multi-agency action plan", "https://x.org/baby-l-action-plan.docx", DocumentKind.OTHER),
        # Named for the review it reports on: the announced review's report.
        ("LCSPR Child Cameron January 2023", "https://x.org/_files/ugd/8a7c3e_4f1b.pdf", DocumentKind.REPORT),
        ("Child Cameron", "https://x.org/_files/ugd/8a7c3e_4f1b.pdf", DocumentKind.OTHER),
    ],
)
def test_classify_document(title: str, url: str | None, expected: DocumentKind) -> None:
    assert classify_document(title, url) == expected


@pytest.mark.parametrize(
    ("url", "title", "expected"),
    [
        ("https://x.org/a/report.pdf", "Report", PDF),
        ("https://x.org/a/report.PDF?ver=3", "Report", PDF),
        ("https://x.org/media/10482/download", "Report (PDF 1 MB)", PDF),
        ("https://x.org/media/10482/download", "Report [PDF, 310 KB]", PDF),
        ("https://x.org/a/plan.docx", "Plan", DOCX),
        ("https://x.org/a/plan.doc", "Plan", "application/msword"),
        ("https://x.org/media/1/download", "Plan (Word, 58KB)", DOCX),
        ("https://x.org/a/page", "Keeping Babies Safe", None),
        ("https://x.org/a/briefing.pptx", "Briefing", PPTX),
        ("https://x.org/a/briefing.ppt", "Briefing", "application/vnd.ms-powerpoint"),
        (
            "https://x.org/a/data.xlsx",
            "Data",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("https://x.org/a/data.xls", "Data", "application/vnd.ms-excel"),
        ("https://x.org/GatewayLink.aspx?alId=1", "7 minute briefing (PowerPoint, 1.1MB)", PPTX),
        ("https://x.org/downloads/file.asp?File=/uploads/YPG%20Review.pdf&Type=pdf", "Report", PDF),
        (
            "https://x.org/downloads/file.asp?File=/uploads/YPG%20Briefing.doc",
            "Briefing",
            "application/msword",
        ),
        ("https://x.org/file.asp?id=7&Type=docx", "Briefing", DOCX),
        ("https://x.org/GatewayLink.aspx?alId=1", "Report", None),
    ],
)
def test_media_type_for(url: str, title: str, expected: str | None) -> None:
    assert media_type_for(url, title) == expected


@pytest.mark.parametrize(
    ("url", "keep_fragment", "expected"),
    [
        ("  HTTPS://WWW.DDSCP.org.uk/Media/Report.pdf  ", False, "https://www.ddscp.org.uk/Media/Report.pdf"),
        ("https://x.org/a/report.pdf?ver=3#page=2", False, "https://x.org/a/report.pdf?ver=3"),
        ("https://x.org/case-reviews#zac-zds22", True, "https://x.org/case-reviews#zac-zds22"),
        ("https://x.org/a/2 Minute Briefing.pdf", False, "https://x.org/a/2%20Minute%20Briefing.pdf"),
    ],
)
def test_clean_url(url: str, keep_fragment: bool, expected: str) -> None:
    assert clean_url(url, keep_fragment=keep_fragment) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Child Safeguarding Practice Review ZDS22 - Zac (PDF, 612KB)",
            "Child Safeguarding Practice Review ZDS22 - Zac",
        ),
        ("TDS20 Summary of Progress (PDF 131 KB)", "TDS20 Summary of Progress"),
        ("Themes briefing [PDF, 310 KB]", "Themes briefing"),
        (
            "ZDS22 Summary of Progress ( published July 2024) (PDF, 148KB)",
            "ZDS22 Summary of Progress (published July 2024)",
        ),
        (
            "Serious harm to babies under one year (2018 to 2020)",
            "Serious harm to babies under one year (2018 to 2020)",
        ),
        # Screen-reader helpers and editors' notes about the link, not the document.
        ("TDS20 Summary of progress (opens in new window)", "TDS20 Summary of progress"),
        ("TDS20 report (opens in a new tab) (PDF, 2.4MB)", "TDS20 report"),
        ("Aaron learning briefing (external link)", "Aaron learning briefing"),
        ("Child C 7 Minute Briefing (PowerPoint, 1.1MB)", "Child C 7 Minute Briefing"),
        ("\u2018Child Cameron\u2019", "Child Cameron"),  # quotes around the whole title
        ("The \u2018Keeping Babies Safe\u2019 strategy", "The \u2018Keeping Babies Safe\u2019 strategy"),
    ],
)
def test_clean_document_title(title: str, expected: str) -> None:
    assert clean_document_title(title) == expected


@pytest.mark.parametrize(
    ("reference", "pseudonyms", "year", "report_url", "expected"),
    [
        ("ZDS22", ["Zac"], 2024, "https://x.org/zds22.pdf", "derby/ref/zds22"),
        ("MDS20/PDS20", ["YP1", "YP2"], 2023, None, "derby/ref/mds20-pds20"),
        (None, ["Cameron"], 2023, "https://x.org/report.pdf", "derby/child/cameron-2023"),
        (None, ["P", "A"], 2021, None, "derby/child/p-a-2021"),
        (
            None,
            ["C"],
            None,
            "https://x.org/wp-content/uploads/2021/03/2-minute-Briefing-C-Review.pdf",
            "derby/url/wp-content-uploads-2021-03-2-minute-briefing-c-review",
        ),
        (
            None,
            [],
            None,
            "https://x.org/files/2021-03/2%20minute%20C%20Review.pdf?v=16",
            "derby/url/files-2021-03-2-minute-c-review",
        ),
        (
            None,
            [],
            None,
            "https://x.org/media/ddscp/documents/2231/download",
            "derby/url/media-ddscp-documents-2231-download",
        ),
        # The query identifies the file behind a gateway: five reviews' GatewayLink.aspx are five keys.
        (
            None,
            [],
            None,
            "https://x.org/EasySiteWeb/GatewayLink.aspx?alId=101",
            "derby/url/easysiteweb-gatewaylink-aspx-alid-101",
        ),
        (
            None,
            [],
            None,
            "https://x.org/downloads/file.asp?File=/uploads/YPG%20Review.pdf&Type=pdf&v=3",
            "derby/url/downloads-file-asp-file-uploads-ypg-review-pdf-type-pdf",
        ),
        # ... but cache-busters and trackers do not make a new review.
        (
            None,
            [],
            None,
            "https://x.org/media/2201/tds20-report.pdf?v=2&utm_source=news&dn=TDS20.pdf&index=true",
            "derby/url/media-2201-tds20-report",
        ),
        (None, [], None, "https://x.org/a/report.pdf?ver=3&t=1700000000", "derby/url/a-report"),
    ],
)
def test_review_key(
    reference: str | None, pseudonyms: list[str], year: int | None, report_url: str | None, expected: str
) -> None:
    assert review_key("derby", reference, pseudonyms, year, report_url) == expected


def test_review_key_without_any_document_hashes_the_fallback() -> None:
    key = review_key("derby", None, [], None, None, fallback="https://x.org/page Thematic briefing")
    assert key.startswith("derby/url/") and len(key) == len("derby/url/") + 12
    assert key == review_key("derby", None, [], None, None, fallback="https://x.org/page Thematic briefing")


def raw(**fields: object) -> RawEntry:
    defaults: dict[str, object] = {
        "title": "Learning Review: Child J",
        "url": "https://x.org/reviews#child-j",
    }
    return RawEntry(**{**defaults, **fields})  # type: ignore[arg-type]


def test_normalise_takes_the_date_only_from_published_text() -> None:
    review = normalise(raw(title="Review of Serious Case Reviews and Learning Reviews 2008-2014"), DERBY)
    assert (review.published_on, review.published_precision) == (None, None)
    dated = normalise(raw(published_text="Available reports published August 2024"), DERBY)
    assert (dated.published_on, dated.published_precision) == (dt.date(2024, 8, 1), MONTH)


def test_normalise_merges_documents_with_the_same_url() -> None:
    review = normalise(
        raw(
            documents=(
                RawDocument("https://x.org/j.pdf#page=1", "Child J report (PDF, 1 MB)"),
                RawDocument("https://x.org/j.pdf", "Download"),
                RawDocument("https://x.org/j-briefing.pdf", "Child J briefing"),
            )
        ),
        DERBY,
    )
    assert [(d.url, d.title, d.kind) for d in review.documents] == [
        ("https://x.org/j.pdf", "Child J report", DocumentKind.REPORT),
        ("https://x.org/j-briefing.pdf", "Child J briefing", DocumentKind.BRIEFING),
    ]


def test_normalise_keys_on_the_report_rather_than_the_first_document() -> None:
    review = normalise(
        raw(
            documents=(
                RawDocument("https://x.org/docs/j-briefing.pdf", "Child J 7 minute briefing"),
                RawDocument("https://x.org/docs/j-report.pdf?ver=2", "Child J learning review report"),
            )
        ),
        DERBY,
    )
    assert review.key == "derby/url/docs-j-report"


def test_normalise_cleans_every_field() -> None:
    review = normalise(
        raw(
            title=" Child Safeguarding Practice Review:\u00a0Zac (ZDS22) ",
            url="HTTPS://WWW.DDSCP.ORG.UK/case-reviews#zac-zds22",
            text="The DDSCP have published ... known as Zac.",
            summary="  The DDSCP have published the review.  ",
            published_text="Available reports published August 2024",
        ),
        PartnershipWords("derby-and-derbyshire"),
    )
    assert review.model_dump() == {
        "key": "derby-and-derbyshire/ref/zds22",
        "title": "Child Safeguarding Practice Review: Zac (ZDS22)",
        "url": "https://www.ddscp.org.uk/case-reviews#zac-zds22",
        "review_type": ReviewType.LOCAL_CSPR,
        "case_reference": "ZDS22",
        "pseudonyms": ["Zac"],
        "published_on": dt.date(2024, 8, 1),
        "published_precision": MONTH,
        "summary": "The DDSCP have published the review.",
        "themes": [],
        "documents": [],
        "entry_id": None,
    }


def test_normalise_keeps_the_id_a_feed_gives_the_entry() -> None:
    entry = RawEntry(title="Child Q", url="https://x.org/q", entry_id="https://x.org/?p=1")
    assert normalise(entry, PartnershipWords("x")).entry_id == "https://x.org/?p=1"


@pytest.mark.parametrize("title", ["", "   ", "\u00a0"])
def test_normalise_skips_an_entry_without_a_title_or_text(title: str) -> None:
    with pytest.raises(SkipEntry, match="no title and no text"):
        normalise(raw(title=title), DERBY)


def test_an_untitled_review_is_named_by_its_type_and_child_else_its_first_sentence() -> None:
    aaron = (
        "Derbyshire Safeguarding Adults Board (DSAB) conducted a Multi Agency Learning Review in 2019 "
        "to identify learning from a case in which a young man, referred to as Aaron (not his real name), "
        "died. Available Reports:"
    )
    assert normalise(raw(title="", text=aaron), DERBY).title == "Multi-agency learning review: Aaron"
    overdose = "The learning review concerns the death of a 15 year old male due to drugs overdose."
    overdose += " Available reports:"
    named = normalise(raw(title=" ", text=overdose, summary=overdose), DERBY)
    assert (
        named.title == "The learning review concerns the death of a 15 year old male due to drugs overdose."
    )
    assert named.review_type == ReviewType.LEARNING_REVIEW
    long = normalise(raw(title="", text="word " * 50), DERBY).title
    assert long == "word " * 39 + "word\u2026"


def test_url_keys_stay_short_and_distinct() -> None:
    base = "https://www.ddscp.org.uk/media/derby-scb/content-assets/documents/case-reviews/"
    first = review_key("derby-and-derbyshire", None, [], None, base + "a" * 230 + "-1.pdf")
    second = review_key("derby-and-derbyshire", None, [], None, base + "a" * 230 + "-2.pdf")
    assert first != second
    assert max(len(first), len(second)) <= 200
    assert first.startswith("derby-and-derbyshire/url/media-derby-scb-content-assets")
