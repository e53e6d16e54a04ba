"""Blocks to candidate reviews."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from sources.reading.blocks import (
    Block,
    Group,
    documents_in,
    is_hint_only,
    is_link_item,
    without_hints,
    without_links,
)
from sources.reading.documents import document_title, is_generic, names_a_kind
from sources.reading.words import GOES_ON, STATEMENT

LIST_ENTRY_WORDS = 12


def group_blocks(
    blocks: Iterable[Block], names_one: Callable[[Block], bool] = lambda _: False
) -> list[Group]:
    """The page cut into candidate reviews.

    Headings and breaks cut it into sections; the page's own title (h1) names no review. A section holds
    one review or several in a row without headings (an earlier-reviews page is often just paragraphs,
    each ending "Available reports:" and a list). A review ends with its documents: the next paragraph
    without any starts the next review, unless it goes on about the document just linked ("The aim of
    this report ...", "The following two briefings ...") before any list. Text after the last review's
    documents with none of its own ("see also ...") is that review's, and so is a statement about it.
    A section under a heading that `names_one` review, or a table row that is one item, is one review
    however many paragraphs it holds.
    """
    sections: list[tuple[Group, str]] = []  # each section, and what it is: "item", "intro" or ""
    current: Group | None = None
    kind = ""
    for block in blocks:
        if block.kind == "heading" and current is not None and is_generic(block.text):
            continue  # "Downloads", "Documents": a label over the review's own list
        if block.kind == "heading" and block.tag != "h1":
            current, kind = Group(heading=block), ""
            sections.append((current, kind))
        elif block.kind in ("heading", "break"):
            current = None
            kind = "intro" if block.kind == "heading" else block.tag
        else:
            if current is None:
                current = Group(heading=None)
                sections.append((current, kind))
            current.blocks.append(block)
    return [
        review
        for section, kind in sections
        for review in _reviews_in(section, "item" if section.heading and names_one(section.heading) else kind)
    ]


def _reviews_in(section: Group, kind: str) -> list[Group]:
    if kind == "item":
        return [section]
    blocks = section.blocks
    if kind == "intro":
        # After the page's title, the paragraphs before the first one linking to or introducing
        # documents are the page's own introduction.
        first = next(
            (i for i, b in enumerate(blocks) if documents_in([b]) or is_link_item(_at(blocks, i + 1))),
            len(blocks),
        )
        if (
            0 < first < len(blocks)
            and GOES_ON.match(blocks[first].text)
            and not documents_in([blocks[first]])
        ):
            first -= 1  # "Available reports published August 2024:" leads on from the review's paragraph
        return [Group(heading=None, blocks=blocks[:first]), *_reviews_in(Group(None, blocks[first:]), "")]
    reviews = [Group(heading=section.heading)]
    for block in blocks:
        if _starts_next_review(reviews[-1], block):
            reviews.append(Group(heading=None))
        reviews[-1].blocks.append(block)
    if len(reviews) > 1 and not documents_in(reviews[-1].blocks):
        reviews[-2].blocks.extend(reviews.pop().blocks)  # "see also ..." after the last review's list
    merged = reviews[:1]
    for review in reviews[1:]:
        if all(STATEMENT.search(link.text) for link in documents_in(review.blocks)):
            merged[-1].blocks.extend(review.blocks)  # "... provides a statement about the publication"
        else:
            merged.append(review)
    return merged


def _at(blocks: Sequence[Block], i: int) -> Block:
    return blocks[i] if i < len(blocks) else Block("break")


def _starts_next_review(review: Group, block: Block) -> bool:
    if not documents_in(review.blocks) or block.kind != "text" or is_hint_only(block.text):
        return False
    if block.tag == "card":  # cards in a row with no heading of their own are one file each
        return review.heading is None
    listed = any(_lists_documents(b) for b in review.blocks)
    if is_link_item(block) or (block.tag == "li" and len(block.text.split()) <= LIST_ENTRY_WORDS):
        return False  # the next entry of a list of documents: "Briefing (practitioners)"
    if docs := documents_in([block]):
        # A sentence linking a review document opens the next review ("This briefing sets out ...",
        # "The learning review concerns ... Available reports: <a>..</a>"), unless it is a statement about
        # this one, links something related ("see also"), or goes on about it before its list ("The
        # following two briefings ...: <a>..</a>").
        names = [document_title(link) for link in docs]
        opens = any(names_a_kind(n) and not STATEMENT.search(n) for n in names)
        return opens and (listed or not GOES_ON.match(block.text))
    return listed or not GOES_ON.match(block.text)


def _lists_documents(block: Block) -> bool:
    """A list of document links, alone or after a sentence ("Available reports: <a>..</a> <a>..</a>")."""
    docs = documents_in([block])
    if not docs or block.kind != "text":
        return False
    first = block.text.find(docs[0].text)
    if first < 0 or not docs[0].text:
        return is_link_item(block)
    # What follows the first link is only links and hints; "<a>report</a>." is a sentence.
    return not re.search(r"[\w.]", without_hints(without_links(block.text[first:], docs)))
