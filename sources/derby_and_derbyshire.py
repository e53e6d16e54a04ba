"""Derby and Derbyshire Safeguarding Children Partnership (DDSCP): two pages of reviews.

- /case-reviews/serious-case-reviews: local CSPRs, one heading each ("Child Safeguarding Practice Review: Zac
  (ZDS22)"), a paragraph or two ending "Available reports published August 2024:" and a list of PDFs. Reports
  stay up for one year, so reviews come and go. A "see also" paragraph may follow the list (Theo's Keeping
  Babies Safe link) and belongs to the review above it; a document it links to is the review's only when
  its name says it is one (a report, briefing or statement).
- /case-reviews/learning-reviews: earlier reviews and briefings "in date order" that give no publication
  dates; several headings are only bold paragraphs or accordion titles, and one review's report is linked
  from inside a sentence rather than from a list.

Both pages are read the same way: a review is a heading and the blocks up to the next heading, kept when it
links to at least one document (or its heading names one review, "...Review: <name>" or "...briefing: <name>",
awaiting its report). A year closing a heading, "Learning Review: Child B (2015)", is not taken as the
publication date: the page does not say what the year is (the harm, the review or its publication).
"""

from __future__ import annotations

from collections.abc import Iterator

from aggregator.errors import ParseError
from sources.base import AdapterOptions, Page, RawEntry, SourceInfo
from sources.reading.blocks import Group, documents_in, prose
from sources.reading.documents import is_file_name, names_only_its_kind, strip_file_hint
from sources.reading.fields import entry_url, own_links, published_text_of, raw_documents_of, summary_of
from sources.reading.flatten import flatten
from sources.reading.grouping import group_blocks
from sources.reading.words import NAMES_A_REVIEW

INFO = SourceInfo(
    name="Derby and Derbyshire Safeguarding Children Partnership",
    homepage="https://www.ddscp.org.uk/case-reviews",
    maintainer="@cspr-feed",
    description="Local CSPRs (kept for a year) and earlier learning reviews and briefings, one heading each.",
)


class Options(AdapterOptions):
    """Nothing to set: both pages are read the same way."""


def parse(page: Page, options: Options) -> Iterator[RawEntry]:
    entries = [
        _entry(page, group)
        for group in group_blocks(flatten(page), names_one=lambda h: bool(NAMES_A_REVIEW.search(h.text)))
        if _is_review(group)
    ]
    if not entries:
        raise ParseError(
            f"no reviews on {page.url}: expected headings followed by links to PDF documents "
            "(e.g. 'Child Safeguarding Practice Review: ...' and 'Available reports ...')"
        )
    yield from entries


def _is_review(group: Group) -> bool:
    if documents_in(group.blocks) or (group.heading and documents_in([group.heading])):
        return True
    return group.heading is not None and bool(NAMES_A_REVIEW.search(group.heading.text))


def _entry(page: Page, group: Group) -> RawEntry:
    blocks = [group.heading, *group.blocks] if group.heading else group.blocks
    documents = raw_documents_of(page, own_links(blocks))
    # A run of paragraphs with no heading is named by its first document that names more than its kind;
    # failing that, normalise names it from its type, pseudonyms or first sentence.
    named = [
        strip_file_hint(d.title)
        for d in documents
        if not names_only_its_kind(d.title) and not is_file_name(strip_file_hint(d.title))
    ]
    title = group.heading.text if group.heading else next(iter(named), "")
    paragraphs = [b.text for b in prose(group.blocks)]
    return RawEntry(
        title=title,
        url=entry_url(page, group.heading.anchor if group.heading else None),
        text=" ".join([title, *paragraphs]),
        summary=summary_of(group.blocks),
        published_text=published_text_of(group.blocks),
        documents=documents,
    )
