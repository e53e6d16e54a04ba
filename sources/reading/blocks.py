"""What a page is read into, and what a block holds.

`flatten` turns a page into a sequence of blocks: headings, text (a paragraph, list item or table cell with
its links) and breaks (the end of an accordion item; the bounds of a table row that is one item).
`grouping` cuts the sequence into groups, each a candidate review: a heading (or none) and the blocks
after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sources.reading.documents import Link, is_document
from sources.reading.words import FILE_HINT, SIZE_HINT


@dataclass(frozen=True)
class Block:
    kind: Literal["heading", "text", "break"]
    text: str = ""
    links: tuple[Link, ...] = ()
    anchor: str | None = None
    tag: str = ""


@dataclass
class Group:
    """A heading (or none) and the blocks after it: one candidate review."""

    heading: Block | None
    blocks: list[Block] = field(default_factory=list)


def documents_in(blocks: Iterable[Block]) -> list[Link]:
    return [link for block in blocks for link in block.links if is_document(link)]


def is_link_item(block: Block) -> bool:
    """A block that is only document links and file hints: "Report (PDF, 612KB)"."""
    docs = documents_in([block])
    return block.kind == "text" and bool(docs) and is_hint_only(without_links(block.text, docs))


def is_hint_only(text: str) -> bool:
    return not re.search(r"\w", without_hints(text))


def without_links(text: str, links: Iterable[Link]) -> str:
    for link in links:
        text = text.replace(link.text, " ")
    return text


def without_hints(text: str) -> str:
    return SIZE_HINT.sub(" ", FILE_HINT.sub(" ", text))


def prose(blocks: Iterable[Block]) -> list[Block]:
    """The text blocks that are sentences, not lists of links or stray file sizes."""
    return [b for b in blocks if b.kind == "text" and not is_hint_only(b.text) and not is_link_item(b)]
