"""Blocks to candidate reviews: where one review ends and the next begins.

Headings and breaks cut the page into sections (`SectionKind` says what each holds). A section holds one
review, or several in a row without headings: an earlier-reviews page is often just paragraphs, each ending
"Available reports:" and a list. Within a section, `RULES` decides for each block, in order, whether it
starts the next review: the first rule that holds decides. Each rule carries the page it is for, and
tests/sources/test_grouping.py checks what that page reads as and that the rule decides on it. What links
nothing but statements after a review is then folded back into it (`_folded`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

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


class SectionKind(Enum):
    """What a section holds, from the heading or break that opens it."""

    # Under a heading, between breaks, or at the top: one review, or several in a row without headings.
    REVIEWS = "reviews"
    # Under a heading that names one review ("Review: Zac (ZDS22)", as the adapter says), or a table row
    # with sentences of its own (a review in one cell, its reports in the next): one review however many
    # paragraphs it holds.
    ONE_REVIEW = "one review"
    # After the page's own title (h1): the page's introduction, then reviews in a row.
    AFTER_TITLE = "after the title"


@dataclass
class Section:
    kind: SectionKind
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)


def sections(blocks: Iterable[Block], names_one: Callable[[Block], bool]) -> list[Section]:
    """The page cut at its headings and breaks; the page's own title (h1) names no review."""
    found: list[Section] = []
    current: Section | None = None
    after = SectionKind.REVIEWS  # what text after the last heading or break is, when no heading opens it
    for block in blocks:
        if block.kind == "heading" and current is not None and is_generic(block.text):
            continue  # "Downloads", "Documents": a label over the review's own list
        if block.kind == "heading" and block.tag != "h1":
            current = Section(SectionKind.ONE_REVIEW if names_one(block) else SectionKind.REVIEWS, block)
            found.append(current)
        elif block.kind == "heading":
            current, after = None, SectionKind.AFTER_TITLE
        elif block.kind == "break":
            current, after = None, SectionKind.ONE_REVIEW if block.tag == "item" else SectionKind.REVIEWS
        else:
            if current is None:
                current = Section(after, None)
                found.append(current)
            current.blocks.append(block)
    return found


@dataclass(frozen=True)
class Place:
    """Where a block stands when a rule looks at it: in its section, after the review so far (under
    AFTER_TITLE, the page's introduction until its first review begins)."""

    section: Section
    index: int
    review: Group
    introduction: bool

    @property
    def block(self) -> Block:
        return self.section.blocks[self.index]

    def after(self, count: int = 1) -> Block:
        """The block `count` after this one in the section; past its end, a break."""
        blocks = self.section.blocks
        return blocks[self.index + count] if self.index + count < len(blocks) else Block("break")


@dataclass(frozen=True)
class Rule:
    """When `when` holds for a block's place, the block starts the next review (`starts`) or goes on with
    the review so far. `example` is the page the rule is for."""

    name: str
    example: str
    when: Callable[[Place], bool]
    starts: bool


def _introduction_ends(place: Place) -> bool:
    """The block links documents or leads into a list of them; or it is the review's paragraph before the
    one that does ("Available reports published August 2024:")."""
    after = place.after()
    return bool(
        documents_in([place.block])
        or is_link_item(after)
        or (GOES_ON.match(after.text) and not documents_in([after]) and is_link_item(place.after(2)))
    )


def _relates_or_states(place: Place) -> bool:
    """The block links documents, none a review document other than a statement: "see also <a>Keeping
    Babies Safe</a>", "provides a <a>statement</a> about the publication"."""
    names = [document_title(link) for link in documents_in([place.block])]
    return bool(names) and not any(names_a_kind(n) and not STATEMENT.search(n) for n in names)


def _goes_on(place: Place) -> bool:
    """Before any list of documents, a paragraph that goes on about the document just linked ("The aim of
    this report ...") or leads into the review's list ("The following two briefings ...: <a>..</a>")."""
    listed = any(_lists_documents(b) for b in place.review.blocks)
    return not listed and bool(GOES_ON.match(place.block.text))


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


def _next_entry(block: Block) -> bool:
    """The next entry of a list of documents: "<a>Briefing</a>", "<a>Briefing</a> (practitioners)"."""
    return is_link_item(block) or (block.tag == "li" and len(block.text.split()) <= LIST_ENTRY_WORDS)


# Pieces of the rules' pages.
REVIEW = '<p>The review concerns {0}. Available reports:</p><ul><li><a href="/{0}.pdf">Report</a></li></ul>'
CARD = '<h4 class="card__title">{} briefing</h4><p>PDF, 245 KB</p><a href="/media/{}/download">Download</a>'

# Whether a block starts the next review, in order: the first rule that holds decides; when none does, the
# block goes on with the review so far.
RULES: tuple[Rule, ...] = (
    Rule(
        "a section that is one review goes on however many paragraphs it holds",
        '<table><tr><th>Review</th><th>Reports</th></tr><tr><td><p>The board published a <a href="/r.pdf">'
        "report</a> on what agencies learnt.</p><p>It explains what went well and what did not.</p></td>"
        '<td><a href="/b.pdf">Briefing</a></td></tr></table>',
        lambda place: place.section.kind is SectionKind.ONE_REVIEW,
        starts=False,
    ),
    Rule(
        "the page's introduction ends where its first review begins",
        "<h1>Reviews</h1><p>We publish what we learn.</p><p>The review concerning Zac examined how agencies"
        ' worked together.</p><p>Available reports published August 2024:</p><ul><li><a href="/zac.pdf">'
        "Full report</a></li></ul>",
        lambda place: place.introduction and _introduction_ends(place),
        starts=True,
    ),
    Rule(
        "a review goes on until it links documents",
        "<p>The review concerns Zac.</p><p>It was published in 2024.</p>" + REVIEW.format("Zac"),
        lambda place: not documents_in(place.review.blocks),
        starts=False,
    ),
    Rule(
        "a stray file type or size goes with the link above it",
        REVIEW.format("Zac") + "<p>(PDF, 245 KB)</p>" + REVIEW.format("Amy"),
        lambda place: is_hint_only(place.block.text),
        starts=False,
    ),
    Rule(
        "file cards in a row with no heading of their own are one file each",
        CARD.format("Zac", 1) + CARD.format("Amy", 2),
        lambda place: place.block.tag == "card" and place.review.heading is None,
        starts=True,
    ),
    Rule(
        "a file card under a review's heading is one of the review's files",
        "<h2>Zac</h2>" + CARD.format("Zac", 1) + CARD.format("Zac's family", 2),
        lambda place: place.block.tag == "card",
        starts=False,
    ),
    Rule(
        "the next entry of a list of documents goes on with the list",
        '<p>The review concerns Zac. Available reports:</p><ul><li><a href="/zac.pdf">Report</a></li>'
        '<li><a href="/zac-b.pdf">Briefing</a> (practitioners)</li></ul>' + REVIEW.format("Amy"),
        lambda place: _next_entry(place.block),
        starts=False,
    ),
    Rule(
        "a link to something related, or a statement about the review, goes with it",
        REVIEW.format("Zac") + '<p>See also our <a href="/kbs.pdf">Keeping Babies Safe strategy</a>.</p>',
        _relates_or_states,
        starts=False,
    ),
    Rule(
        "a paragraph going on about the document just linked, before any list, goes with it",
        '<p>The board published a report <a href="/r.pdf">Review of reviews</a> on themes.</p>'
        "<p>The aim of this report is to support learning.</p>" + REVIEW.format("Amy"),
        _goes_on,
        starts=False,
    ),
    Rule(
        "any other paragraph after a review's documents opens the next review",
        REVIEW.format("Zac") + REVIEW.format("Amy"),
        lambda place: True,
        starts=True,
    ),
)


def group_blocks(
    blocks: Iterable[Block],
    names_one: Callable[[Block], bool] = lambda _: False,
    rules: Sequence[Rule] = RULES,
) -> list[Group]:
    """The page cut into candidate reviews: its sections, each cut by `rules` (a section under a heading
    that `names_one` review is one review however many paragraphs it holds)."""
    return [
        review
        for section in sections(blocks, names_one)
        for review in _folded(_split(section, rules))
        if review.heading or review.blocks
    ]


def _split(section: Section, rules: Sequence[Rule]) -> list[Group]:
    """The section cut before each block that the first rule holding for it says starts the next review."""
    reviews = [Group(heading=section.heading)]
    introduction = section.kind is SectionKind.AFTER_TITLE
    for i, block in enumerate(section.blocks):
        place = Place(section, i, reviews[-1], introduction)
        if next((rule.starts for rule in rules if rule.when(place)), False):
            reviews.append(Group(heading=None))
            introduction = False
        reviews[-1].blocks.append(block)
    return reviews


def _folded(reviews: list[Group]) -> list[Group]:
    """A candidate that links no document but statements is part of the review before it: "The chair has
    written about the publication:" and her statement, or "See also ..." after the last review's list.
    Never part of the page's introduction, which links none."""
    folded = reviews[:1]
    for review in reviews[1:]:
        docs = documents_in(review.blocks)
        if documents_in(folded[-1].blocks) and all(STATEMENT.search(link.text) for link in docs):
            folded[-1].blocks.extend(review.blocks)
        else:
            folded.append(review)
    return folded
