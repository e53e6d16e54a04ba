"""How a page is read into headings, text and document links, on small pages that each show one rule."""

from __future__ import annotations

import pytest

from aggregator.errors import ParseError
from sources.base import Page
from sources.reading.fields import raw_documents
from sources.reading.flatten import flatten
from tests.sources.tiny_pages import URL, page, reviews


def test_a_related_section_is_not_part_of_the_page() -> None:
    body = """<p>The review concerns a child. Available reports:</p>
    <ul><li><a href="/a.pdf">Report</a></li></ul>
    <h3>Related policies</h3><p><a href="/policy.pdf">Learning framework</a></p>"""
    assert reviews(body) == [["The review concerns a child. Available reports:", "Report"]]


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
