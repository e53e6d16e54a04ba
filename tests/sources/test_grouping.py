"""How a page is cut into candidate reviews: each rule of the table on the page it is for, each kind of
section, and cases a review of the rules found."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sources.reading.flatten import flatten
from sources.reading.grouping import RULES, Place, Rule, SectionKind, group_blocks, sections
from tests.sources.tiny_pages import page, reviews

ZAC = ["The review concerns Zac. Available reports:", "Report"]
AMY = ["The review concerns Amy. Available reports:", "Report"]

# What each rule's page reads as. A rule added to the table without a line here fails its test.
READS_AS: dict[str, list[list[str]]] = {
    "a section that is one review goes on however many paragraphs it holds": [
        [
            "The board published a report on what agencies learnt.",
            "It explains what went well and what did not.",
            "Briefing",
        ]
    ],
    "the page's introduction ends where its first review begins": [
        [
            "The review concerning Zac examined how agencies worked together.",
            "Available reports published August 2024:",
            "Full report",
        ]
    ],
    "a review goes on until it links documents": [
        ["The review concerns Zac.", "It was published in 2024.", *ZAC]
    ],
    "a stray file type or size goes with the link above it": [[*ZAC, "(PDF, 245 KB)"], AMY],
    "file cards in a row with no heading of their own are one file each": [
        ["Zac briefing"],
        ["Amy briefing"],
    ],
    "a file card under a review's heading is one of the review's files": [
        ["Zac", "Zac briefing", "Zac's family briefing"]
    ],
    "the next entry of a list of documents goes on with the list": [[*ZAC, "Briefing (practitioners)"], AMY],
    "a link to something related, or a statement about the review, goes with it": [
        [*ZAC, "See also our Keeping Babies Safe strategy."]
    ],
    "a paragraph going on about the document just linked, before any list, goes with it": [
        [
            "The board published a report Review of reviews on themes.",
            "The aim of this report is to support learning.",
        ],
        AMY,
    ],
    "any other paragraph after a review's documents opens the next review": [ZAC, AMY],
}


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_each_rule_decides_on_its_page(rule: Rule) -> None:
    assert rule.name in READS_AS, f"rule {rule.name!r} has no test: say in READS_AS what its page reads as"
    decided: list[bool] = []

    def watched(place: Place) -> bool:
        decided.append(rule.when(place))
        return decided[-1]

    table = [replace(r, when=watched) if r is rule else r for r in RULES]
    assert reviews(rule.example, rules=table) == READS_AS[rule.name]
    assert any(decided), f"no block of its page is decided by {rule.name!r}"


def test_rule_names_are_unique() -> None:
    assert len({rule.name for rule in RULES}) == len(RULES)


# A page for each kind of section, and the kinds its sections are.
SECTION_PAGES: dict[SectionKind, tuple[str, list[SectionKind]]] = {
    SectionKind.REVIEWS: (
        "<p>Intro.</p><details><summary>Zac</summary><p>About Zac.</p></details><p>After.</p>",
        [SectionKind.REVIEWS, SectionKind.REVIEWS, SectionKind.REVIEWS],
    ),
    SectionKind.ONE_REVIEW: (
        "<h2>Review: Zac (ZDS22)</h2><p>About Zac.</p><table><tr><th>Review</th></tr><tr><td>The board"
        " published a review of what agencies learnt from Amy.</td></tr></table><p>After.</p>",
        [SectionKind.ONE_REVIEW, SectionKind.ONE_REVIEW, SectionKind.REVIEWS],
    ),
    SectionKind.AFTER_TITLE: (
        "<h1>Reviews</h1><p>We publish what we learn.</p><h2>Zac</h2><p>About Zac.</p>",
        [SectionKind.AFTER_TITLE, SectionKind.REVIEWS],
    ),
}


@pytest.mark.parametrize("kind", SectionKind, ids=[kind.name for kind in SectionKind])
def test_each_kind_of_section_on_its_page(kind: SectionKind) -> None:
    assert kind in SECTION_PAGES, f"{kind} has no test: add a page for it to SECTION_PAGES"
    body, kinds = SECTION_PAGES[kind]
    found = sections(flatten(page(body)), names_one=lambda h: "Review:" in h.text)
    assert [section.kind for section in found] == kinds


def test_a_downloads_label_inside_a_review_and_sidebar_layouts_are_read_as_content() -> None:
    body = """<div class="content-area left-sidebar-layout"><h2>Review: Zac</h2><p>About Zac.</p>
    <h3>Downloads</h3><ul><li><a href="/zac.pdf">Full report</a></li></ul></div>"""
    assert reviews(body) == [["Review: Zac", "About Zac.", "Full report"]]


def test_what_links_only_statements_or_nothing_after_a_review_is_part_of_it() -> None:
    body = """<p>The review concerns Zac. Available reports:</p>
    <ul><li><a href="/zac.pdf">Report</a></li></ul>
    <p>The chair has written about the publication.</p><ul><li><a href="/s.pdf">Statement</a></li></ul>
    <p>See also our Keeping Babies Safe strategy.</p>"""
    groups = group_blocks(flatten(page(body)))
    assert [[b.text for b in g.blocks] for g in groups] == [
        [
            *ZAC,
            "The chair has written about the publication.",
            "Statement",
            "See also our Keeping Babies Safe strategy.",
        ]
    ]


def test_paragraph_reviews_each_end_with_their_documents() -> None:
    body = """<h1>Earlier reviews</h1><p>We publish learning from reviews.</p>
    <p>The learning review concerns a 15 year old. Available reports:</p>
    <ul><li><a href="/a.pdf">Report</a></li><li><a href="/b.pdf">Briefing</a></li></ul>
    <p>The learning review concerns a baby. Available reports:</p>
    <ul><li><a href="/c.pdf">Report</a></li></ul>
    <p>Someone provides a <a href="/s.pdf">statement</a> about the publication.</p>
    <p>This briefing sets out themes: <a href="/d.pdf">This briefing</a>.</p>"""
    assert reviews(body) == [
        ["The learning review concerns a 15 year old. Available reports:", "Report", "Briefing"],
        [
            "The learning review concerns a baby. Available reports:",
            "Report",
            "Someone provides a statement about the publication.",
        ],
        ["This briefing sets out themes: This briefing."],
    ]


def test_a_paragraph_about_the_document_just_linked_goes_on_with_it() -> None:
    body = """<p>The board published a report <a href="/r.pdf">Review of reviews</a> on themes.</p>
    <p>The aim of this report is to support learning.</p>
    <p>The following two briefings have been produced for:</p>
    <ul><li><a href="/p.pdf">practitioners</a></li><li><a href="/m.pdf">managers</a></li></ul>
    <p>The board carried out a learning review of Operation X.</p>
    <p>The <a href="/x.pdf">Learning Review Summary: Operation X</a> sets out more.</p>"""
    assert [len(r) for r in reviews(body)] == [5, 2]


def test_a_heading_naming_one_review_keeps_all_its_paragraphs() -> None:
    body = """<h2>Review: Zac (ZDS22)</h2><p>We published the <a href="/zac.pdf">review</a> of Zac.</p>
    <p>A summary of progress is published along with the report.</p>
    <ul><li><a href="/progress.pdf">Summary of progress</a></li></ul>"""
    named = group_blocks(flatten(page(body)), names_one=lambda h: "Review:" in h.text)
    assert [len(g.blocks) for g in named] == [3]
    assert len(reviews(body)) == 2  # without the adapter's say-so, the second paragraph starts a review


def test_a_table_row_with_sentences_is_one_review() -> None:
    body = """<table><tr><th>Review</th><th>Reports</th></tr>
    <tr><td><p>The board published a <a href="/r.pdf">report</a> on themes.</p><p>It explains a lot of things
    about the themes.</p></td><td><ul><li><a href="/b.pdf">Briefing</a></li></ul></td></tr></table>"""
    assert [len(r) for r in reviews(body)] == [3]


def test_a_sentence_linking_its_own_list_opens_a_review_unless_it_goes_on() -> None:
    body = """<p>The board published a <a href="/r.pdf">review of reviews</a>.</p>
    <p>The following two briefings were produced:
    <a href="/p.pdf">Briefing</a> <a href="/m.pdf">Briefing</a></p>
    <p>The learning review concerns a baby. Available reports: <a href="/b.pdf">Learning review report</a></p>
    <ul><li><a href="/c.pdf">Briefing</a> (practitioners)</li></ul>"""
    assert [len(r) for r in reviews(body)] == [2, 2]


def test_a_review_heading_over_a_lone_download_link_stays_a_review() -> None:
    body = """<h2>Child Safeguarding Practice Review: Amy</h2><p>About Amy.</p>
    <ul><li><a href="/amy.pdf">Full report</a></li></ul>
    <h2>Child Safeguarding Practice Review: Zac</h2><p><a href="/zac.pdf">Download</a></p>"""
    assert [r[0] for r in reviews(body)] == [
        "Child Safeguarding Practice Review: Amy",
        "Child Safeguarding Practice Review: Zac",
    ]


def test_the_first_review_after_the_page_title_keeps_its_paragraph() -> None:
    body = """<h1>Reviews</h1><p>The review concerning Zac examined how agencies worked together.</p>
    <p>Available reports published August 2024:</p><ul><li><a href="/zac.pdf">Full report</a></li></ul>"""
    assert reviews(body)[0][0] == "The review concerning Zac examined how agencies worked together."
