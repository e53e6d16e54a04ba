"""The generic reader: any partnership's review page, read from what its text says. The default adapter.

It finds the page's content (skipping menus, sidebars and footers), cuts it into candidate reviews whatever
the layout (headed sections, accordion items, table rows, cards, list items, lone document links whose text
carries everything), and reads each one's title, date, summary and documents. A review's briefings given
elsewhere on the page (a Resources panel) join it when they name it. What is not a children's review of
the partnership (an adults' review, an annual report, a strategy, news, the national Panel's reviews) is
left out by the named rules of `reading.exclusions`.

For a page it gets wrong, a source's TOML may give CSS selectors and patterns (see `Options`); what they
do not give is still read generically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from aggregator.errors import ParseError
from sources.base import Page, RawDocument, RawEntry, SourceInfo
from sources.reading.blocks import Block, Group, documents_in, is_link_item, prose
from sources.reading.documents import (
    Link,
    is_file_name,
    is_generic,
    names_only_its_kind,
    strip_file_hint,
)
from sources.reading.exclusions import not_a_review
from sources.reading.fields import entry_url, own_links, published_text_of, raw_documents_of, summary_of
from sources.reading.flatten import flatten, flatten_element
from sources.reading.furniture import RESOURCES, resource_panels
from sources.reading.grouping import group_blocks
from sources.reading.lists import name_and_date, names_several, reviews_in, subject_of
from sources.reading.selectors import SUMMARY, Selectors, selected_groups
from sources.reading.words import COMPANION, NAMES_A_REVIEW, PUBLISHED

INFO = SourceInfo(
    name="Any partnership's review page",
    homepage="https://github.com/cspr-feed/cspr-feed#adding-a-partnership",
    maintainer="@cspr-feed",
    description="The default: reads reviews from what a page's text says, in any CMS layout.",
)

# A heading over several reviews or other material, not one review: "Published reviews", "Resources".
SECTION = re.compile(
    r"\b(?:reviews|briefings|resources|documents|downloads|publications|reports|earlier|older"
    r"|archive|other|related|useful|more)\b",
    re.IGNORECASE,
)
# A document's own date, which dates its review when the review gives none: "Overview report (published
# July 2024)"; a summary of progress or update is later than the review, so it does not.
DOCUMENT_PUBLISHED = re.compile(r"\(\s*published\s+[^)]*\)", re.IGNORECASE)
LATER = re.compile(r"\b(?:progress|update|addendum|response|action)\b", re.IGNORECASE)


class Options(Selectors):
    """Escape hatches for a page the reader gets wrong; everything not given is read generically.

    - entry: CSS selector of each review's element (`"div.review"`); without it the page is cut by reading;
    - title, date, summary, documents: CSS selectors inside an entry for its title, its date text, its
      summary and its document links;
    - date_pattern: a regular expression whose first group (or whole match) is the date text in an entry;
    - reference_pattern: the same for the review's case reference;
    - resources: briefings in a Resources or Downloads section that name no review are entries of their own.
    """

    resources: bool = False


@dataclass
class Candidate:
    title: str
    anchor: str | None
    blocks: list[Block]
    links: list[Link]
    date: str | None = None
    section: str = ""  # the heading over a run of link reviews, or ""

    @cached_property
    def subject(self) -> frozenset[str]:
        return subject_of(name_and_date(Link("", self.title))[0])


def parse(page: Page, options: Options) -> Iterator[RawEntry]:
    if options.entry:
        groups = selected_groups(page, options)
    else:
        panels = [block for panel in resource_panels(page.soup) for block in flatten_element(panel)]
        groups = group_blocks([*flatten(page), *panels], names_one=_names_one)
    candidates = _joined([c for group in groups for c in _candidates(group)], options)
    entries = [_entry(page, c, options) for c in candidates if c.links or _names_one_block(c)]
    entries = [e for e in entries if not not_a_review(e.title)]
    if not entries:
        raise ParseError(
            f"no reviews on {page.url}: found no headings, rows, cards or links naming a review with its "
            "documents; give CSS selectors in the source's TOML (see README, Adding a partnership)"
        )
    yield from entries


def _names_one(heading: Block) -> bool:
    """A heading that names one review: "Review: Zac (ZDS22)", "LCSPR Child Rowan", "Bruising in babies";
    not "Published reviews", "Resources" or "Serious Case Reviews 2008-2014"."""
    if NAMES_A_REVIEW.search(heading.text):
        return True
    return (
        bool(subject_of(heading.text)) and not SECTION.search(heading.text) and not is_generic(heading.text)
    )


def _names_one_block(candidate: Candidate) -> bool:
    return bool(candidate.title) and bool(NAMES_A_REVIEW.search(candidate.title))


def _candidates(group: Group) -> list[Candidate]:
    heading = group.heading
    links = documents_in([heading, *group.blocks] if heading else group.blocks)
    blocks_with_links = [b for b in group.blocks if documents_in([b])]
    only_links = bool(blocks_with_links) and all(is_link_item(b) for b in blocks_with_links)
    if (heading is None or not _names_one(heading)) and only_links and names_several(links):
        section = heading.text if heading else ""
        return [
            Candidate(r.name, None, [], r.links, r.date, section)
            for r in reviews_in(documents_in(group.blocks))
        ]
    title, date = _title(group, links)
    return [
        Candidate(
            title,
            heading.anchor if heading else None,
            group.blocks,
            own_links([heading, *group.blocks] if heading else group.blocks),
            date,
        )
    ]


# "Serious case review: Child W (SCR-W) Commissioned in 2017 ...": a row's first cell names its review
# before the sentences about it.
NAME_CUT = re.compile(r"\s+\(|(?<=[a-z])\.\s")
NAME_WORDS = 8  # a review's name comes first: "Thematic briefing: Safe sleep for babies"


def _title(group: Group, links: Sequence[Link]) -> tuple[str, str | None]:
    """The heading when it names the review; else a first paragraph that opens with the review's name
    ("Serious case review: Child W (SCR-W) Commissioned ..."); else the first document naming more than its
    kind, with the date closing its name."""
    if group.heading and _names_one(group.heading):
        return group.heading.text, None
    first = next((b.text for b in prose(group.blocks)), "")
    if NAMES_A_REVIEW.search(" ".join(first.split()[:NAME_WORDS])):
        return NAME_CUT.split(first, maxsplit=1)[0].strip(), None
    for link in links:
        name, date = name_and_date(link)
        if not names_only_its_kind(name) and not is_file_name(strip_file_hint(name)):
            return name, date
    return (group.heading.text if group.heading and not SECTION.search(group.heading.text) else ""), None


def _joined(candidates: list[Candidate], options: Options) -> list[Candidate]:
    """A briefing or leaflet that names a review read elsewhere on the page joins it; one in a Resources
    section naming no review is dropped, unless the source's options want resources."""
    kept: list[Candidate] = []
    by_subject: dict[frozenset[str], list[Candidate]] = {}
    for candidate in candidates:  # each subject read once, not once per pair of candidates
        by_subject.setdefault(candidate.subject, []).append(candidate)
    for candidate in candidates:
        subject = candidate.subject
        owners = [c for c in by_subject[subject] if c is not candidate] if subject else []
        companion = bool(COMPANION.search(candidate.title)) and len(owners) == 1
        companion = companion and not COMPANION.search(owners[0].title)
        if companion:
            owners[0].links.extend(candidate.links)
        elif RESOURCES.search(candidate.section) and not options.resources:
            continue
        else:
            kept.append(candidate)
    return kept


def _entry(page: Page, candidate: Candidate, options: Options) -> RawEntry:
    documents = raw_documents_of(page, candidate.links)
    paragraphs = [b.text for b in prose(candidate.blocks)]
    title = candidate.title
    return RawEntry(
        title=title,
        url=entry_url(page, candidate.anchor),
        text=" ".join([title, *paragraphs]),
        summary=next((b.text for b in candidate.blocks if b.tag == SUMMARY), None)
        or summary_of(candidate.blocks),
        published_text=_published(candidate, documents, options),
        documents=documents,
        case_reference=_pattern(options.reference_pattern, " ".join([title, *paragraphs])),
    )


def _published(candidate: Candidate, documents: Sequence[RawDocument], options: Options) -> str | None:
    """The words that date the review, in order of trust: a pattern the options give, the review's own
    "published ..." words (a "Published:" label, a date column), a date closing its title or naming link
    ("LCSPR Child Willow - May 2024"), and last its report's "(published July 2024)"."""
    text = " ".join(b.text for b in candidate.blocks)
    if options.date_pattern and (given := _pattern(options.date_pattern, text)):
        return given
    if found := published_text_of(candidate.blocks):
        return found
    if candidate.date:
        return candidate.date
    if (closing := name_and_date(Link("", candidate.title))[1]) is not None:
        return closing
    dated = [d for d in documents if DOCUMENT_PUBLISHED.search(d.title) and not LATER.search(d.title)]
    if len(dated) == 1 and (match := PUBLISHED.search(dated[0].title)):
        return match.group(0)
    return None


def _pattern(pattern: str | None, text: str) -> str | None:
    if not pattern or not (match := re.search(pattern, text)):
        return None
    return match.group(1) if match.groups() else match.group(0)
