"""Doncaster Safeguarding Children Partnership (DSCP): one page, two kinds of entry.

- The latest CSPR is an announcement sentence (or heading), not a review heading: "Latest LCSPR 'Child
  Cameron' January 2023 now published." with the report linked from it (on part of the sentence) or from a
  link just after the chair's statement ("Click here to read the full report"), the statement in quotes and
  her signature between. The child named in the announcement is the title; the month and year in it are the
  publication date; a report linked on words that name nothing else is titled from the announcement.
  A second link to the same report ("Read the report" button) makes no second entry.
- "Within the Resources section on this page are some learning materials form Serious Case Reviews": a list
  of PDFs (2 minute briefings, an independent review) that are each their own entry. That sentence goes into
  each entry's text, since it is what says they come from serious case reviews.

Full reports stay for 12 months and then go to the NSPCC repository, so the announcement changes yearly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from aggregator.errors import ParseError
from sources.base import AdapterOptions, Page, RawDocument, RawEntry, SourceInfo
from sources.reading.blocks import Block, documents_in, is_link_item, prose
from sources.reading.documents import Link, is_generic, strip_file_hint
from sources.reading.exclusions import not_a_review
from sources.reading.fields import entry_url, published_text_of, raw_documents, summary_of
from sources.reading.flatten import flatten, flatten_element
from sources.reading.furniture import resource_panels
from sources.reading.lists import name_and_date, subject_of
from sources.reading.markup import HEADINGS
from sources.reading.words import (
    A_REPORT,
    ANNOUNCES,
    ANNOUNCING_WORDS,
    CHILD,
    CLOSING_DOUBLE_QUOTES,
    COMPANION,
    FILE_HINT,
    MONTH_YEAR,
    OPENING_DOUBLE_QUOTES,
    QUOTES,
    RESOURCES,
    first_sentence,
)

INFO = SourceInfo(
    name="Doncaster Safeguarding Children Partnership",
    homepage="https://dscp.org.uk/professionals/child-safeguarding-practice-reviews",
    maintainer="@cspr-feed",
    description="The latest CSPR, announced with the chair's statement, and learning resources.",
)

# The words of an announcement that are not the review's name: "Latest ... now published."
ANNOUNCING = re.compile(rf"{ANNOUNCING_WORDS}|[.{QUOTES}]", re.I)
# A report linked apart from its announcement ("Click here to read the full report") comes within this many
# blocks after the statement.
REPORT_REACH = 2


class Options(AdapterOptions):
    """Nothing to set."""


def parse(page: Page, options: Options) -> Iterator[RawEntry]:
    panels = [block for panel in resource_panels(page.soup) for block in flatten_element(panel)]
    blocks = [b for b in [*flatten(page), *panels] if b.kind != "break"]
    entries: list[RawEntry] = []
    claimed: set[int] = set()
    for i, block in enumerate(blocks):
        if i in claimed or not _is_announcement(block):
            continue
        statement = _statement(blocks, i + 1)
        report = _report_link(blocks, i, len(statement))
        if report is None:
            continue  # "... are published and remain on the website": not an announcement of one review
        claimed.update(range(i, i + 1 + len(statement)))
        entries.append(
            _announced(page, block, statement, blocks[report] if report > i + len(statement) else None)
        )
        if is_link_item(blocks[report]):
            claimed.add(report)
    # A link to a document an entry already has ("Read the report" under the announcement) is no new entry.
    seen = {document.url for entry in entries for document in entry.documents}
    intros = _resources_intros(blocks)
    for i, block in enumerate(blocks):
        if i not in claimed and is_link_item(block):
            intro = intros[i]
            for document in raw_documents(page, [block]):
                if document.url not in seen and not is_generic(document.title):
                    seen.add(document.url)
                    name, date = name_and_date(Link(document.url, document.title))
                    if not_a_review(name):
                        continue  # "DSCP Escalation Policy" in the Resources panel
                    owner = _owner(entries, name)
                    if owner is None:
                        entries.append(_resource(page, document, intro, name, date))
                    else:  # "2 Minute Briefing - Child Willow" in the Resources panel is Willow's
                        entries[owner] = replace(
                            entries[owner], documents=(*entries[owner].documents, document)
                        )
    if not entries:
        raise ParseError(
            f"no reviews on {page.url}: expected an announcement ('Latest LCSPR ... now published') linking "
            "to a report, or a list of links to PDF learning materials"
        )
    yield from entries


def _is_announcement(block: Block) -> bool:
    """A sentence or heading saying something is published, with a document linked from it or naming the
    child or the month ("Latest LCSPR 'Child Cameron' January 2023 now published.")."""
    text = block.text
    return (
        bool(ANNOUNCES.search(text))
        and not is_link_item(block)
        and (bool(documents_in([block])) or bool(CHILD.search(text) or MONTH_YEAR.search(text)))
    )


def _report_link(blocks: Sequence[Block], at: int, statement: int) -> int | None:
    """The block holding the announced review's report: the announcement itself, else the nearest block with
    a document link in the statement or just after it (before the next heading). Past a heading that names
    nothing (a "Documents" box) only a link to a report, or one that names nothing, is the report."""
    boxed = False
    for j in range(at, min(at + 1 + statement + REPORT_REACH, len(blocks))):
        if j > at + statement and blocks[j].kind == "heading":
            if not is_generic(blocks[j].text):
                return None  # a heading naming something else
            boxed = True
        links = documents_in([blocks[j]])
        if links and (
            not boxed or any(is_generic(link.text) or A_REPORT.search(link.text) for link in links)
        ):
            return j
    return None


def _statement(blocks: Sequence[Block], start: int) -> list[Block]:
    """The quoted statement after an announcement (and its lead-in, "Please see statement ...:"), and the
    one or two signature lines after the quote."""
    quoted: list[Block] = []
    signature: list[Block] = []
    lead_in = start + 1 < len(blocks) and blocks[start].text.endswith(":") and not blocks[start].links
    if lead_in and blocks[start + 1].text.startswith(OPENING_DOUBLE_QUOTES):
        quoted.append(blocks[start])
        start += 1
    in_quote = bool(blocks[start:]) and blocks[start].text.startswith(OPENING_DOUBLE_QUOTES)
    for block in blocks[start:]:
        if in_quote:
            quoted.append(block)
            in_quote = not block.text.endswith(CLOSING_DOUBLE_QUOTES)
        elif quoted and len(signature) < 2 and _is_signature_line(block):
            signature.append(block)  # "Dot Evans", "Chair of the Doncaster Safeguarding Children Partnership"
        else:
            break
    return quoted + signature


def _is_signature_line(block: Block) -> bool:
    text = block.text
    return block.tag not in HEADINGS and len(text) <= 80 and not text.endswith(".") and not block.links


def _announced(page: Page, announcement: Block, statement: list[Block], report: Block | None) -> RawEntry:
    blocks = [announcement, *statement]
    documents = raw_documents(page, blocks) or raw_documents(page, [report] if report else [])[:1]
    child = CHILD.search(announcement.text)
    month = MONTH_YEAR.search(announcement.text)
    # The report linked on the child's name only (curly-quoted "Child Cameron"), on "Click here" or on the
    # whole announcement is titled from the announcement: "LCSPR Child Cameron January 2023".
    named = _named_in(announcement.text)
    documents = tuple(
        RawDocument(d.url, f"{named} {_hint(d.title)}".strip()) if _names_nothing(d.title, child) else d
        for d in documents
    )
    return RawEntry(
        title=child.group(0) if child else (named or strip_file_hint(documents[0].title)),
        url=entry_url(page, None),
        # The signature may be a bold line, which flatten() reads as a heading: keep every block's words.
        text=" ".join(b.text for b in blocks if b.text and not is_link_item(b)),
        summary=summary_of(statement) or summary_of([announcement]),
        published_text=published_text_of([announcement]) or (month.group(0) if month else None),
        documents=documents,
    )


def _named_in(announcement: str) -> str:
    """The review as the announcement names it: its first sentence without "Latest", "now published"."""
    return " ".join(ANNOUNCING.sub(" ", first_sentence(announcement)).split())


def _names_nothing(title: str, child: re.Match[str] | None) -> bool:
    name = " ".join(re.sub(rf"[{QUOTES}]", " ", strip_file_hint(title)).split())
    announces = bool(ANNOUNCES.search(title))
    return is_generic(title) or announces or (child is not None and name == child.group(0))


def _hint(title: str) -> str:
    return match.group(0) if (match := FILE_HINT.search(title)) else ""


def _resources_intros(blocks: Sequence[Block]) -> list[str | None]:
    """For each block, the nearest sentence before it that talks about resources or learning materials,
    else the nearest after it (a resources box may come before the sentence introducing it)."""
    intros = [b.text if _introduces_resources(b) else None for b in blocks]
    before, after = _nearest_earlier(intros), _nearest_earlier(intros[::-1])[::-1]
    return [b or a for b, a in zip(before, after, strict=True)]


def _nearest_earlier(values: Sequence[str | None]) -> list[str | None]:
    """For each position, the nearest value before it that is not None."""
    nearest: list[str | None] = []
    last = None
    for value in values:
        nearest.append(last)
        last = value or last
    return nearest


def _introduces_resources(block: Block) -> bool:
    return bool(prose([block])) and len(block.text.split()) >= 5 and bool(RESOURCES.search(block.text))


def _resource(page: Page, document: RawDocument, intro: str | None, name: str, date: str | None) -> RawEntry:
    """A learning material of its own, or a report whose link names it: "LCSPR Child Willow - May 2024"."""
    return RawEntry(
        title=name,
        url=entry_url(page, None),
        text=f"{intro} {name}" if intro else name,
        published_text=date,
        documents=(document,),
    )


def _owner(entries: Sequence[RawEntry], name: str) -> int | None:
    """The one entry a briefing or leaflet belongs to: the review whose name is about the same child."""
    subject = subject_of(name)
    if not subject or not COMPANION.search(name):
        return None
    owners = [
        i for i, e in enumerate(entries) if subject_of(e.title) == subject and not COMPANION.search(e.title)
    ]
    return owners[0] if len(owners) == 1 else None
