"""Whether a harvest can be believed: the evidence a review's removal rests on.

A review is removed only after it is absent from successive *plausible* harvests (DESIGN.md), so a page that
is cut off, a maintenance page served with 200, an error page, or a layout change that breaks the reader
must never count as "the review is gone". Each rule below is named, with the page it is for; the first that
finds a fault makes the harvest suspicious, and a suspicious harvest removes nothing.

Pure: it looks at the page and at what the source's recent plausible harvests found, nothing else.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sources.base import Page

# A page this much shorter than its usual length, or a count this much lower than the usual, is doubted.
SHORTER = 0.5
FEWER = 0.5
# Counts are compared only once a source usually lists this many reviews: 1 against 2 is no collapse.
USUAL_COUNT = 4
TAIL = 4096  # bytes at the end of a page where its closing markup must be


@dataclass(frozen=True)
class Usual:
    """What the source's recent plausible harvests read: their page lengths and review counts."""

    lengths: Sequence[int] = ()
    counts: Sequence[int] = ()


@dataclass(frozen=True)
class Harvest:
    page: Page
    found: int  # reviews the reader found


@dataclass(frozen=True)
class Rule:
    name: str
    example: str  # the page this rule is for
    fault: Callable[[Harvest, Usual], str | None]  # why the harvest is doubted, or None


def _nothing_read(harvest: Harvest, usual: Usual) -> str | None:
    return "the reader found no reviews on the page" if harvest.found == 0 else None


_CLOSED = re.compile(rb"</\s*(?:html|body)\s*>", re.IGNORECASE)


def _cut_off(harvest: Harvest, usual: Usual) -> str | None:
    content = harvest.page.content
    if b"<html" not in content[:TAIL].lower() or _CLOSED.search(content[-TAIL:]):
        return None  # not an HTML document (a feed), or one that ends as it should
    return f"the page ends before its closing </body></html> ({len(content)} bytes): cut off"


def _much_shorter(harvest: Harvest, usual: Usual) -> str | None:
    if not usual.lengths:
        return None
    typical = statistics.median(usual.lengths)
    length = len(harvest.page.content)
    if length >= SHORTER * typical:
        return None
    return f"the page is {length} bytes against a usual {typical:.0f}: not the whole page"


def _count_collapsed(harvest: Harvest, usual: Usual) -> str | None:
    if not usual.counts:
        return None
    typical = statistics.median(usual.counts)
    if typical < USUAL_COUNT or harvest.found >= FEWER * typical:
        return None
    return f"the reader found {harvest.found} reviews against a usual {typical:.0f}"


_NOT_THE_PAGE = re.compile(
    r"\b(?:under (?:scheduled )?maintenance|scheduled maintenance|(?:we(?:'|\u2019)ll|will) be back"
    r"|temporarily unavailable|service unavailable|page (?:was )?not found|page cannot be found"
    r"|error (?:404|500|503)|404 error|access denied|internal server error)\b",
    re.IGNORECASE,
)
# Where such a page says what it is: its title and top headings, not a review's summary that happens to say
# "the service was temporarily unavailable".
_TITLES = re.compile(rb"(?is)<(title|h1|h2)\b[^>]*>(.*?)</\1\s*>")


def _not_the_page(harvest: Harvest, usual: Usual) -> str | None:
    titles = [m.group(2) for m in _TITLES.finditer(harvest.page.content[:65536])][:4]
    text = re.sub(r"<[^>]+>", " ", b" | ".join(titles).decode("utf-8", "replace"))
    match = _NOT_THE_PAGE.search(text)
    return f"the page is titled {match.group(0)!r}: a maintenance or error page" if match else None


RULES: tuple[Rule, ...] = (
    Rule(
        "not-the-page",
        "<h1>Site under maintenance</h1><p>We'll be back shortly.</p> (HTTP 200)",
        _not_the_page,
    ),
    Rule("nothing-read", "a redesigned page whose reviews the reader no longer finds", _nothing_read),
    Rule(
        "cut-off",
        "<ul><li><a href=r.pdf>Rep (no </ul>, </body> or </html>: the connection dropped)",
        _cut_off,
    ),
    Rule("much-shorter", "a 12 KB page where the last harvests read 60 KB", _much_shorter),
    Rule("count-collapsed", "2 reviews where the last harvests found 14", _count_collapsed),
)


def doubt(harvest: Harvest, usual: Usual) -> str | None:
    """Why the harvest cannot be believed (the first rule that finds a fault), or None if it can."""
    for rule in RULES:
        if (fault := rule.fault(harvest, usual)) is not None:
            return f"{rule.name}: {fault}"
    return None
