"""How a page is cut into candidate reviews, on small pages that each show one rule."""

from __future__ import annotations

import pytest

from aggregator.errors import ParseError
from sources.base import Page
from sources.reading.blocks import documents_in
from sources.reading.fields import raw_documents
from sources.reading.flatten import flatten
from sources.reading.grouping import group_blocks

URL = "https://example.org/reviews"


def page(body: str) -> Page:
    return Page(url=URL, content=f"<html><body><main>{body}</main></body></html>".encode())


def reviews(body: str) -> list[list[str]]:
    """Each candidate review that links documents, as the texts of its blocks."""
    groups = group_blocks(flatten(page(body)))
    return [
        [b.text for b in ([g.heading] if g.heading else []) + g.blocks]
        for g in groups
        if documents_in(g.blocks)
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


def test_a_related_section_is_not_part_of_the_page() -> None:
    body = """<p>The review concerns a child. Available reports:</p>
    <ul><li><a href="/a.pdf">Report</a></li></ul>
    <h3>Related policies</h3><p><a href="/policy.pdf">Learning framework</a></p>"""
    assert reviews(body) == [["The review concerns a child. Available reports:", "Report"]]


def test_a_table_row_with_sentences_is_one_review() -> None:
    body = """<table><tr><th>Review</th><th>Reports</th></tr>
    <tr><td><p>The board published a <a href="/r.pdf">report</a> on themes.</p><p>It explains a lot of things
    about the themes.</p></td><td><ul><li><a href="/b.pdf">Briefing</a></li></ul></td></tr></table>"""
    assert [len(r) for r in reviews(body)] == [3]


def test_file_cards_and_file_rows_name_their_download_links() -> None:
    body = """<h4 class="card__title">2 Minute Briefing - C Review</h4><p>PDF · 245 KB</p>
    <a href="/media/12/download">Download</a>
    <table><tr><td>2 Minute Briefing - TS Review</td><td>Word</td>
    <td><a href="/download/235/">Download</a></td></tr>
    </table><p><a href="/ts.pdf" title="TS review report">PDF</a></p>"""
    blocks = flatten(page(body))
    assert [(d.url, d.title) for d in raw_documents(page(body), blocks)] == [
        ("https://example.org/media/12/download", "2 Minute Briefing - C Review (PDF · 245 KB)"),
        ("https://example.org/download/235/", "2 Minute Briefing - TS Review (Word)"),
        ("https://example.org/ts.pdf", "TS review report (PDF)"),
    ]


def test_an_old_editors_br_paragraphs_and_bold_lines() -> None:
    body = """<div id="content_text">Intro words here.<br><br><font size="4"><b>Review:&nbsp;</b></font><b>Zac
    (ZDS22)</b><br><br>The review of Zac.<br>Available reports:<br><a href="/zac.pdf">Report</a><br>
    <a href="index.php?option=com_docman&amp;task=doc_download&amp;gid=5">Summary</a><br><br>
    <a href="index2.php?option=com_content&amp;do_pdf=1&amp;id=87"><img src="pdf.png" alt="PDF"></a></div>"""
    blocks = flatten(Page(url=URL, content=f"<html><body>{body}</body></html>".encode()))
    assert [(b.kind, b.text) for b in blocks] == [
        ("text", "Intro words here."),
        ("heading", "Review: Zac (ZDS22)"),
        ("text", "The review of Zac. Available reports: Report Summary"),
        ("text", ""),
    ]
    assert [d.url for d in raw_documents(page(body), blocks)] == [
        "https://example.org/zac.pdf",
        "https://example.org/index.php?option=com_docman&task=doc_download&gid=5",
    ]  # the page's own "PDF" icon is not a document


def test_a_sentence_linking_its_own_list_opens_a_review_unless_it_goes_on() -> None:
    body = """<p>The board published a <a href="/r.pdf">review of reviews</a>.</p>
    <p>The following two briefings were produced:
    <a href="/p.pdf">Briefing</a> <a href="/m.pdf">Briefing</a></p>
    <p>The learning review concerns a baby. Available reports: <a href="/b.pdf">Learning review report</a></p>
    <ul><li><a href="/c.pdf">Briefing</a> (practitioners)</li></ul>"""
    assert [len(r) for r in reviews(body)] == [2, 2]


def test_an_asp_net_form_around_the_page_is_content_and_a_search_form_is_not() -> None:
    html = """<html><body>
    <form class="search"><label>Search</label><a href="/search-help.pdf">Search help (PDF)</a></form>
    <form id="aspnetForm" action="./reviews" method="post"><h1>Reviews</h1>
    <p>The learning review concerns a baby. Available reports:</p>
    <ul><li><a href="/b.pdf">Report</a></li></ul></form></body></html>"""
    blocks = flatten(Page(url=URL, content=html.encode()))
    assert [d.url for d in raw_documents(page(""), blocks)] == ["https://example.org/b.pdf"]


def test_markup_nested_beyond_reading_is_a_parse_error_naming_the_page() -> None:
    deep = "<div>" * 3000 + "<p>The review. <a href='/r.pdf'>Report</a></p>" + "</div>" * 3000
    with pytest.raises(ParseError, match=f"{URL}: markup nested too deeply"):
        flatten(page(deep))


# Cases a review of the rules above found (each once went wrong).


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


def test_a_downloads_label_inside_a_review_and_sidebar_layouts_are_read_as_content() -> None:
    body = """<div class="content-area left-sidebar-layout"><h2>Review: Zac</h2><p>About Zac.</p>
    <h3>Downloads</h3><ul><li><a href="/zac.pdf">Full report</a></li></ul></div>"""
    assert reviews(body) == [["Review: Zac", "About Zac.", "Full report"]]


def test_document_links_that_are_not_what_they_seem() -> None:
    body = """<div id="page"><div id="content"><p>The review. <a href="/media/print/zac-report.pdf">Report</a>
    <a href="/r.pdf" title="Opens in a new window">Download</a> <a href="/downloads/2023/">2023</a></p></div>
    <div id="footer"><a href="/annual-report.pdf">Annual report</a></div></div>"""
    whole = Page(url=URL, content=f"<html><body>{body}</body></html>".encode())  # no <main>: ids decide
    assert [(d.url.rsplit("/", 1)[-1], d.title) for d in raw_documents(whole, flatten(whole))] == [
        ("zac-report.pdf", "Report"),
        ("r.pdf", "Download"),
    ]


def test_word_paste_headings_file_name_links_and_tickers() -> None:
    body = """<div class="ticker"><marquee>Latest news <a href="/news.pdf">News (PDF)</a></marquee></div>
    <p class="MsoNormal"><span style="font-size:16pt"><b>Review: Theo</b></span><o:p></o:p></p>
    <p class="MsoNormal">About Theo.<br>
    <a href="/download.aspx?id=4521&amp;name=x"><u>TDS20_Summary.pdf</u></a></p>"""
    blocks = flatten(page(body))
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Review: Theo"),
        ("text", "About Theo. TDS20_Summary.pdf"),
    ]
    assert [d.url for d in raw_documents(page(body), blocks)] == [
        "https://example.org/download.aspx?id=4521&name=x"
    ]
