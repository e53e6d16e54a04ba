"""A partnership's own RSS 2.0 and Atom feeds read into entries: titles, dates, documents and entry ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.errors import ParseError
from sources import get_adapter
from sources.base import Page, RawDocument, RawEntry

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def read(path: str, url: str) -> list[RawEntry]:
    adapter = get_adapter("feed")
    return list(adapter.parse(Page(url=url, content=(FEEDS / path).read_bytes()), adapter.options()))


def test_rss_items_with_their_documents_and_ids() -> None:
    q, j = read("rotherham/case-reviews.rss", "https://www.rscp.org.uk/category/case-reviews/feed/")
    assert q.title == "Local Child Safeguarding Practice Review: Child Q"
    assert q.url == "https://www.rscp.org.uk/case-reviews/lcspr-child-q/"
    assert q.published_text == "published 15 May 2025" and q.entry_id == "https://www.rscp.org.uk/?p=4821"
    uploads = "https://www.rscp.org.uk/wp-content/uploads/2025/05/"
    assert q.documents == (
        RawDocument(f"{uploads}LCSPR-Child-Q-Overview-Report.pdf", "Overview report (PDF, 1.2MB)"),
        RawDocument(f"{uploads}Child-Q-7-Minute-Briefing.pdf", "7 minute briefing (PDF, 220KB)"),
    )  # the enclosure is the report linked in the content, named by its link; the privacy page is no document
    assert "criminally exploited" in (q.summary or "")
    assert j.documents == (
        RawDocument(
            "https://www.rscp.org.uk/wp-content/uploads/2025/02/Baby-J-Learning-Review.pdf",
            "Learning review report",
        ),
    )


def test_atom_entries_use_published_never_updated() -> None:
    harper, thematic = read("wirral/reviews.atom", "https://www.wirralsafeguarding.co.uk/reviews/feed.atom")
    assert harper.published_text == "published 30 September 2025"
    assert thematic.published_text is None  # only <updated>: when it was edited, not published
    assert [d.title for d in harper.documents] == ["Full report", "Summary of progress (October 2025)"]
    assert thematic.entry_id == "tag:wirralsafeguarding.co.uk,2020:reviews/thematic-adolescents"
    assert [d.url for d in thematic.documents] == [
        "https://www.wirralsafeguarding.co.uk/media/2024/thematic-adolescents.pdf"
    ]


def test_a_page_that_is_no_feed_is_a_parse_error() -> None:
    adapter = get_adapter("feed")
    with pytest.raises(ParseError, match=r"no entries in the feed at https://example\.org/x"):
        list(
            adapter.parse(
                Page(url="https://example.org/x", content=b"<html><p>hi</p></html>"), adapter.options()
            )
        )
