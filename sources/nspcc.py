"""The NSPCC National case review repository's lists: the monthly "Case reviews update" and the yearly "Case
reviews published in <year>".

Each entry is headed "<year> - <partnership> - <child>" ("2024 - Derby and Derbyshire - Zac"; the partnership
may be "Anonymous", the dashes hyphens or en dashes), followed by a summary, "Learning themes include: a;
b; and c." (or "Learning includes:"), "Recommendations include: ..." (or "... to the partnership
include:", or a bulleted list after it) and a link to the record. These are not a partnership's own
listings: the pipeline matches each to a stored review (by partnership, pseudonym or reference, and year)
to mark it archived, and keeps what matches nothing as a review of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from aggregator.errors import ParseError
from sources.base import AdapterOptions, Page, RawDocument, RawEntry, SourceInfo
from sources.reading.blocks import Block
from sources.reading.flatten import flatten

INFO = SourceInfo(
    name="NSPCC National case review repository",
    homepage="https://learning.nspcc.org.uk/case-reviews/national-case-review-repository",
    maintainer="@cspr-feed",
    description="The repository's monthly update and yearly lists, for archive matching.",
)

HEADING = re.compile(
    r"^(?P<year>(?:19|20)\d\d)\s*[-\u2013\u2014]\s*(?P<partnership>.+?)\s*[-\u2013\u2014]\s*(?P<child>.+)$"
)
THEMES = re.compile(r"^\s*Learning(?: themes)? includes?\s*:\s*", re.IGNORECASE)
RECOMMENDATIONS = re.compile(r"^\s*Recommendations(?: [\w ]+?)? includes?\s*:\s*", re.IGNORECASE)
ANONYMOUS = re.compile(r"^anonymous$", re.IGNORECASE)
# "Child Q", "Baby E", "Young Person D", "Siblings A and B": the names without the words before them.
NAMED_AS = re.compile(r"^(?:(?:child|baby|young (?:person|people)|siblings?|children)\s+)", re.IGNORECASE)
REFERENCE = re.compile(r"\((?P<reference>[A-Z]{2,5}\d{2}(?:\s*/\s*[A-Z]{2,5}\d{2})*)\)")
# A name is a capitalised word or an initial with digits ("YP1"); a title such as "Children missing from
# care: a national review" is none.
NAME = re.compile(r"^(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{1,3}\d{0,2})$")


class Options(AdapterOptions):
    """Nothing to set."""


def parse(page: Page, options: Options) -> Iterator[RawEntry]:
    blocks = [b for b in flatten(page) if b.kind != "break"]
    starts = [i for i, b in enumerate(blocks) if b.kind == "heading" and HEADING.match(b.text)]
    if not starts:
        raise ParseError(f"no entries on {page.url}: expected headings like '2025 - Partnership - Child'")
    for start, end in zip(starts, [*starts[1:], len(blocks)], strict=True):
        following = blocks[start + 1 : end]
        cut = next((i for i, b in enumerate(following) if b.kind == "heading"), len(following))
        yield _entry(page, blocks[start], following[:cut])


def _entry(page: Page, heading: Block, blocks: Sequence[Block]) -> RawEntry:
    match = HEADING.match(heading.text)
    assert match is not None  # only headings that match are entries
    partnership = None if ANONYMOUS.match(match["partnership"]) else match["partnership"]
    summary: list[str] = []
    themes: list[str] = []
    recommendations: list[str] = []
    current = summary
    for block in blocks:
        for line in _lines(block):
            if THEMES.match(line):
                current, line = themes, THEMES.sub("", line)
            elif RECOMMENDATIONS.match(line):
                current, line = recommendations, RECOMMENDATIONS.sub("", line)
            elif block.links and current is not summary and not line.endswith((".", ";")):
                continue  # "Read the overview report"
            if line and not (block.links and _only_links(line, block)):
                current.append(line)
    text = " ".join(summary)
    reference = REFERENCE.search(text)
    links = [link for block in blocks for link in block.links if not link.href.startswith("mailto:")]
    return RawEntry(
        title=heading.text,
        url=page.absolute(links[0].href) if links else page.url,
        text=f"{heading.text} {text}",
        summary=text or None,
        published_text=f"published {match['year']}",
        documents=tuple(RawDocument(page.absolute(link.href), link.text) for link in links[:1]),
        partnership=partnership,
        pseudonyms=_names(match["child"]),
        case_reference=re.sub(r"\s+", "", reference["reference"]) if reference else None,
        themes=tuple(item for part in themes for item in _items(part)),
        recommendations=tuple(item for part in recommendations for item in _items(part)),
    )


def _lines(block: Block) -> list[str]:
    """A paragraph's lines: the NSPCC writes summary, themes and recommendations as one <p> with <br>s."""
    return [
        line
        for line in re.split(
            r"\s*(?=\b(?:Learning(?: themes)? includes?|Recommendations\b[^:]{0,40}"
            r"includes?)\s*:)",
            block.text,
        )
        if line.strip()
    ]


def _only_links(line: str, block: Block) -> bool:
    rest = line
    for link in block.links:
        rest = rest.replace(link.text, " ")
    return not rest.strip(" .")


def _items(text: str) -> list[str]:
    """ "a; b; and c." -> ["a", "b", "c"]; a bulleted list gives one item per block already."""
    parts = re.split(r";\s*(?:and\s+)?", text.strip().rstrip("."))
    return [part.strip() for part in parts if part.strip()]


def _names(child: str) -> tuple[str, ...]:
    names = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", NAMED_AS.sub("", child.strip()))
    return tuple(names) if all(NAME.match(name) for name in names) else ()
