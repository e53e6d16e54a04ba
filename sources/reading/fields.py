"""A candidate review's fields, as found: its summary, the words that date it, its documents and its URL.

Strings stay as found; normalise reads dates, references and kinds from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urldefrag

from sources.base import Page, RawDocument
from sources.reading.blocks import Block, documents_in, is_link_item, prose
from sources.reading.documents import Link, document_title, names_a_kind, strip_file_hint
from sources.reading.words import AVAILABLE, DESCRIBES, PUBLISHED


def summary_of(blocks: Sequence[Block]) -> str | None:
    """The first paragraph that talks about a review, briefing or report, without its "Available reports:"."""
    paragraphs = [b.text for b in prose(blocks)]
    best = next((p for p in paragraphs if DESCRIBES.search(p)), paragraphs[0] if paragraphs else None)
    return strip_file_hint(AVAILABLE.sub("", best) or best) if best else None


def published_text_of(blocks: Iterable[Block]) -> str | None:
    """The words that date the review ("Available reports published August 2024"), as found."""
    for block in prose(blocks):
        if match := PUBLISHED.search(block.text):
            return match.group(0)
    return None


def own_links(blocks: Sequence[Block]) -> list[Link]:
    """A review's document links: its list, and after the list only what names itself a review document
    ("a statement about the publication"), not something related a sentence mentions ("the Keeping Babies
    Safe Strategy")."""
    listed = max((i for i, b in enumerate(blocks) if is_link_item(b)), default=len(blocks))
    return documents_in(blocks[: listed + 1]) + [
        link
        for block in blocks[listed + 1 :]
        for link in documents_in([block])
        if names_a_kind(document_title(link)) or names_a_kind(block.text)
    ]


def raw_documents_of(page: Page, links: Iterable[Link]) -> tuple[RawDocument, ...]:
    return tuple(RawDocument(url=page.absolute(link.href), title=document_title(link)) for link in links)


def raw_documents(page: Page, blocks: Iterable[Block]) -> tuple[RawDocument, ...]:
    return raw_documents_of(page, documents_in(blocks))


def entry_url(page: Page, anchor: str | None) -> str:
    base = urldefrag(page.url).url
    return f"{base}#{anchor}" if anchor else base
