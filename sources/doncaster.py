"""Doncaster Safeguarding Children Partnership (DSCP): one page, two kinds of entry.

- The latest CSPR is an announcement sentence, not a heading: "Latest LCSPR 'Child Cameron' January 2023
  now published." with the report linked from it (on part of the sentence, or a "read the report" link
  beside it), followed by the independent chair's statement in quotes and her signature. The child named in
  the announcement is the title; the month and year in it are the publication date.
- "Within the Resources section on this page are some learning materials form Serious Case Reviews": a list
  of PDFs (2 minute briefings, an independent review) that are each their own entry. That sentence goes into
  each entry's text, since it is what says they come from serious case reviews.

Full reports stay for 12 months and then go to the NSPCC repository, so the announcement changes yearly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from aggregator.errors import ParseError
from sources.base import AdapterOptions, Page, RawDocument, RawEntry, SourceInfo
from sources.blocks import (
    HEADINGS,
    Block,
    documents_in,
    entry_url,
    flatten,
    is_link_item,
    prose,
    published_text_of,
    raw_documents,
    strip_file_hint,
    summary_of,
)

INFO = SourceInfo(
    name="Doncaster Safeguarding Children Partnership",
    homepage="https://dscp.org.uk/professionals/child-safeguarding-practice-reviews",
    maintainer="@cspr-feed",
    description="The latest CSPR, announced with the chair's statement, and learning resources.",
)

ANNOUNCEMENT = re.compile(r"\bpublished\b", re.IGNORECASE)
CHILD = re.compile(r"\bChild\s+[A-Z][\w-]*")
MONTH_YEAR = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\b"
)
OPENING_QUOTES = ('"', "\u201c")
CLOSING_QUOTES = ('"', "\u201d")


class Options(AdapterOptions):
    """Nothing to set."""


def parse(page: Page, options: Options) -> Iterator[RawEntry]:
    blocks = [b for b in flatten(page) if b.kind != "break"]
    entries: list[RawEntry] = []
    claimed: set[int] = set()
    for i, block in enumerate(blocks):
        if _is_announcement(block):
            statement = _statement(blocks, i + 1)
            claimed.update(range(i, i + 1 + len(statement)))
            entries.append(_announced(page, block, statement))
    for i, block in enumerate(blocks):
        if i not in claimed and is_link_item(block):
            intro = _resources_intro(blocks[:i])
            entries.extend(_resource(page, document, intro) for document in raw_documents(page, [block]))
    if not entries:
        raise ParseError(
            f"no reviews on {page.url}: expected an announcement ('Latest LCSPR ... now published') linking "
            "to a report, or a list of links to PDF learning materials"
        )
    yield from entries


def _is_announcement(block: Block) -> bool:
    """A sentence saying something is published, with a link to a document in it."""
    return (
        block.kind == "text"
        and bool(ANNOUNCEMENT.search(block.text))
        and bool(documents_in([block]))
        and not is_link_item(block)
    )


def _statement(blocks: Sequence[Block], start: int) -> list[Block]:
    """The quoted statement after an announcement, and the one or two signature lines after the quote."""
    quoted: list[Block] = []
    signature: list[Block] = []
    in_quote = bool(blocks[start:]) and blocks[start].text.startswith(OPENING_QUOTES)
    for block in blocks[start:]:
        if in_quote:
            quoted.append(block)
            in_quote = not block.text.endswith(CLOSING_QUOTES)
        elif quoted and len(signature) < 2 and _is_signature_line(block):
            signature.append(block)  # "Dot Evans", "Chair of the Doncaster Safeguarding Children Partnership"
        else:
            break
    return quoted + signature


def _is_signature_line(block: Block) -> bool:
    text = block.text
    return block.tag not in HEADINGS and len(text) <= 80 and not text.endswith(".")


def _announced(page: Page, announcement: Block, statement: list[Block]) -> RawEntry:
    blocks = [announcement, *statement]
    documents = raw_documents(page, blocks)
    child = CHILD.search(announcement.text)
    month = MONTH_YEAR.search(announcement.text)
    return RawEntry(
        title=child.group(0) if child else strip_file_hint(documents[0].title),
        url=entry_url(page, None),
        # The signature may be a bold line, which flatten() reads as a heading: keep every block's words.
        text=" ".join(b.text for b in blocks if b.text and not is_link_item(b)),
        summary=summary_of(statement) or summary_of([announcement]),
        published_text=published_text_of([announcement]) or (month.group(0) if month else None),
        documents=documents,
    )


def _resources_intro(before: Sequence[Block]) -> str | None:
    """The nearest sentence before a resource list that talks about resources or learning materials."""
    for block in reversed(prose(before)):
        if len(block.text.split()) >= 5 and re.search(r"resource|learning material", block.text, re.I):
            return block.text
    return None


def _resource(page: Page, document: RawDocument, intro: str | None) -> RawEntry:
    title = strip_file_hint(document.title)
    return RawEntry(
        title=title,
        url=entry_url(page, None),
        text=f"{intro} {title}" if intro else title,
        documents=(document,),
    )
