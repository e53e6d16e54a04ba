"""Files set out as cards or table rows: a name beside a link that names nothing ("Download").

A file card is a heading naming a file, maybe its type and size, then a "Download" link; a file row is a
table row with a cell naming a file, maybe cells with its type and size, and a "Download" link. Each is
read as the line "<a>Name</a> (PDF, 245 KB)": its name names a file, not a review. A table row with
sentences of its own is one item (a review and its reports, side by side).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bs4 import Tag

from sources.reading.blocks import Block, documents_in, is_hint_only, is_link_item
from sources.reading.documents import Link, clean, is_document, is_file_type, is_generic
from sources.reading.markup import HEADING_TAGS, link_of, text_of
from sources.reading.words import NAMES_A_REVIEW


def name_card_links(blocks: Sequence[Block]) -> list[Block]:
    """A file card: a heading naming a file, maybe its type and size, then one link that names nothing
    ("Download"). The card becomes the line "<a>Name</a> (PDF, 245 KB)": its heading names a file, not
    a review."""
    named: list[Block] = []
    for block in blocks:
        docs = documents_in([block])
        if len(docs) == 1 and is_generic(docs[0].text) and is_link_item(block):
            start = len(named)
            while start and named[start - 1].kind == "text" and is_hint_only(named[start - 1].text):
                start -= 1  # "PDF · 245 KB"
            heading = named[start - 1] if start else None
            if (
                heading
                and heading.kind == "heading"
                and not heading.links
                and not is_generic(heading.text)
                and not NAMES_A_REVIEW.search(heading.text)
            ):
                hint = docs[0].hint or _as_hint(
                    " ".join([*(b.text for b in named[start:]), _file_type(docs[0])])
                )
                link = replace(docs[0], text=heading.text, hint=hint)
                block = Block("text", heading.text, (link,), tag="card")
                del named[start - 1 :]
        named.append(block)
    return named


def _file_type(link: Link) -> str:
    """A link whose text is a file type ("PDF") says what the file is."""
    return link.text if is_file_type(link.text) else ""


def _as_hint(text: str) -> str:
    text = clean(text)
    return f"({text})" if text and not text.startswith(("(", "[")) else text


def describes_something(row: Tag) -> bool:
    """Whether a table row has a sentence of its own, besides its links' words (and is not a layout row,
    holding a nested table or headings: the whole page set out in columns)."""
    if row.find(["table", *HEADING_TAGS]):
        return False
    words = text_of(row)
    for a in row.find_all("a"):
        if isinstance(a, Tag) and (text := text_of(a)):
            words = words.replace(text, " ")
    return len(words.split()) >= 8


def file_row(row: Tag) -> Block | None:
    """A table row listing one file: a cell naming it, maybe cells with its type and size, and one link
    that names nothing ("Download"). Read as the line "<a>Name</a> (PDF, 245 KB)"; other rows cell by cell."""
    anchors = [a for a in row.find_all("a", href=True) if isinstance(a, Tag)]
    cells = [text_of(cell) for cell in row.find_all(["td", "th"]) if isinstance(cell, Tag)]
    names = [c for c in cells if c and not is_hint_only(c) and not is_generic(c)]
    hints = [c for c in cells if c and is_hint_only(c)]
    if len(anchors) != 1 or len(names) != 1 or re.search(r"[.:;!?]$|\.\s", names[0]):
        return None  # a sentence ("The review concerns ... Available reports:") is no file's name
    link = link_of(anchors[0])
    link = replace(link, text=names[0], hint=link.hint or _as_hint(", ".join(hints)))
    if not is_generic(text_of(anchors[0])) or not is_document(link):
        return None
    return Block("text", names[0], (link,), tag="tr")
