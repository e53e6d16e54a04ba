"""A partnership's own RSS (0.9x, 1.0, 2.0) or Atom feed of its reviews, read with feedparser.

Each feed entry is one review: its title, its link (where the review is listed), its summary, its
publication date (RSS `pubDate`, Atom `published`; an Atom `updated` alone says when the entry was edited,
not when the review was published, so it is no date) and its documents: enclosures, and links to files in
its content or summary. The entry's id is kept, so an entry the partnership edits updates the same review.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import feedparser
from bs4 import BeautifulSoup, Tag

from aggregator.errors import ParseError
from sources.base import AdapterOptions, Page, RawDocument, RawEntry, SourceInfo
from sources.reading.documents import Link, clean, document_title, is_document

INFO = SourceInfo(
    name="A partnership's RSS or Atom feed",
    homepage="https://www.rfc-editor.org/rfc/rfc4287",
    maintainer="@cspr-feed",
    description="Reviews a partnership already publishes as a feed: entries, enclosures and linked files.",
)


class Options(AdapterOptions):
    """Nothing to set."""


def parse(page: Page, options: Options) -> Iterator[RawEntry]:
    feed = feedparser.parse(page.content, response_headers={"content-location": page.url, **page.headers})
    if not feed.entries:
        problem = f" ({feed.bozo_exception})" if feed.bozo else ""
        raise ParseError(f"no entries in the feed at {page.url}{problem}: expected an RSS or Atom feed")
    for entry in feed.entries:
        yield _entry(page, entry)


def _entry(page: Page, entry: Any) -> RawEntry:
    title = clean(entry.get("title", ""))
    html = " ".join(content.get("value", "") for content in entry.get("content", [])) or entry.get(
        "summary", ""
    )
    soup = BeautifulSoup(html, "lxml")
    summary = clean(BeautifulSoup(entry.get("summary", ""), "lxml").get_text(" ")) or None
    published = entry.get("published_parsed")
    return RawEntry(
        title=title,
        url=urljoin(page.url, entry.get("link") or ""),
        text=f"{title} {clean(soup.get_text(' '))}",
        summary=summary,
        # "published 15 May 2025": as a page would say it; normalise reads the date and its precision.
        published_text=time.strftime("published %d %B %Y", published) if published else None,
        documents=_documents(page, entry, soup),
        entry_id=entry.get("id") or None,
    )


def _documents(page: Page, entry: Any, soup: BeautifulSoup) -> tuple[RawDocument, ...]:
    links = [
        Link(href=str(e.get("href", "")), text=clean(e.get("title", "")), media_type=str(e.get("type", "")))
        for e in entry.get("links", [])
        if e.get("rel") == "enclosure"
    ]
    links += [
        Link(href=str(a["href"]), text=clean(a.get_text(" ")), media_type=str(a.get("type", "")))
        for a in soup.find_all("a", href=True)
        if isinstance(a, Tag)
    ]
    documents: dict[str, RawDocument] = {}
    for link in links:
        if is_document(link):
            url = urljoin(page.url, link.href.strip())  # feedparser resolved xml:base
            # An enclosure has no text of its own; the same file linked in the content names it.
            if url not in documents or not documents[url].title:
                documents[url] = RawDocument(url=url, title=document_title(link) if link.text else "")
    return tuple(documents.values())
