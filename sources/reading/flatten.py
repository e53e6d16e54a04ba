"""Flatten a partnership page into headings, paragraphs and document links.

Partnership pages come from many CMSs (Umbraco, Jadu, WordPress, Drupal...) and are redesigned without notice,
so class names are a poor thing to key on. What survives a redesign is the *text* and the order of blocks: a
heading naming a review, the paragraphs that describe it ("Available reports published August 2024:") and a
list of links to PDFs. This module turns the main content into that sequence of blocks:

- headings: h1-h6, <summary>, accordion <button>s, short elements classed "...title"/"...heading",
  paragraphs that are nothing but one <strong>, and a bold line of an old editor's "<b>Title</b><br>";
- text: a paragraph (or an old editor's text between <br><br>), list item or table cell with its links;
  a file card or table row that names a file beside a "Download" link becomes that file's named link;
- break: the end of a <details> accordion item, after which text belongs to no review, and the bounds of
  a table row that is one item (a review's sentences in one cell, its reports in the next).

Site furniture and "Related ..." sections are skipped (`furniture`), and so are screen-reader helpers
("(opens in new window)"). Which links are documents is `documents`' business; a hint found beside a link is
added to its title, where normalise reads the media type from it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bs4 import Tag
from bs4.element import NavigableString, PageElement, PreformattedString

from aggregator.errors import ParseError
from sources.base import Page
from sources.reading.blocks import Block
from sources.reading.cards import describes_something, file_row, name_card_links
from sources.reading.documents import Link, clean, is_document
from sources.reading.furniture import is_skipped, main_content, without_related
from sources.reading.markup import (
    BLOCK_TAGS,
    BLOCKS,
    HEADING_TAGS,
    HEADINGS,
    classes_of,
    icon_hint,
    is_accordion_button,
    is_hidden_helper,
    link_of,
    text_of,
)
from sources.reading.words import AVAILABLE, HINT_AFTER, PUBLISHED

TITLE_CLASS = re.compile(r"title|heading", re.IGNORECASE)


def flatten(page: Page) -> list[Block]:
    """The page's main content as headings, text blocks and breaks, in document order."""
    flattener = _Flattener()
    try:
        flattener.walk(main_content(page.soup))
    except RecursionError:
        raise ParseError(f"{page.url}: markup nested too deeply to read") from None
    flattener.flush()
    return name_card_links(without_related(flattener.blocks))


def flatten_element(element: Tag) -> list[Block]:
    """The blocks of one element, walked even where the page marks it as furniture: a Resources panel inside
    the content (role="complementary") that holds reviews' briefings."""
    flattener = _Flattener()
    flattener.walk(element)
    flattener.flush()
    return name_card_links(flattener.blocks)


class _Flattener:
    """Walks the content tree, cutting text into blocks at block-level elements."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._strings: list[str] = []
        self._links: list[Link] = []
        self._after: list[str] | None = None  # the words since the last link ended, on the same line
        # Old editors write paragraphs as text between <br><br>, and titles as a bold line.
        self._breaks = 0  # <br>s since the last words
        self._bold: str | None = None  # the block so far, when it is nothing but one bold run
        self._rows: dict[int, int] = {}  # rows of each table met, by id()
        self._headers: dict[int, list[str]] = {}  # each table's column headings, by id()

    def flush(self, tag: str = "") -> None:
        self._settle()
        text = clean("".join(self._strings))
        if text or self._links:
            self.blocks.append(Block("text", text, tuple(self._links), tag=tag))
        self._strings, self._links, self._bold = [], [], None

    def walk(self, element: Tag) -> None:
        for child in element.children:
            if isinstance(child, PreformattedString):  # comments, CDATA, doctype
                continue
            if isinstance(child, NavigableString):
                self._strings.append(str(child))
                self._breaks = 0 if child.strip() else self._breaks
                if self._after is not None:
                    self._after.append(str(child))
            elif isinstance(child, Tag) and not is_skipped(child) and not is_hidden_helper(child):
                self._visit(child)

    def _visit(self, tag: Tag) -> None:
        if _is_heading(tag):
            self.flush()
            links = tuple(link_of(a) for a in tag.find_all("a", href=True) if isinstance(a, Tag))
            self.blocks.append(Block("heading", text_of(tag), links, _anchor(tag), tag.name))
        elif tag.name == "tr" and (row := file_row(tag)):
            self.flush()
            self.blocks.append(row)
        elif tag.name == "tr" and self._in_list_of_rows(tag) and describes_something(tag):
            # A row with sentences of its own is one item (a review and its reports, side by side).
            self.flush()
            self.blocks.append(Block("break", tag="item"))
            self.walk(tag)
            self.flush()
            self.blocks.append(Block("break"))
        elif tag.name == "br":
            self._line_break()
        elif tag.name == "dt" and _labels_next(tag):
            return  # "Published" over its <dd>: the label goes with the value, "Published: 3 Dec 2024"
        elif tag.name in BLOCKS:
            self.flush()
            if label := _label_of(tag, self._headers):
                self._strings.append(f"{label}: ")
            self.walk(tag)
            self.flush(tag.name)
            if tag.name == "details":
                self.blocks.append(Block("break"))
        elif tag.name == "a" and tag.get("href"):
            self._settle()
            self._links.append(link_of(tag))
            self.walk(tag)
            self._after = []
        elif tag.name in {"b", "strong"} or (tag.name == "font" and tag.has_attr("size")):
            so_far = clean("".join(self._strings))
            bold = not self._links and (not so_far or so_far == self._bold)  # nothing yet, or only bold
            self.walk(tag)
            self._bold = clean("".join(self._strings)) if bold else None
        elif (icon := icon_hint(tag)) and self._after is not None and not clean("".join(self._after)):
            self._settle(icon)  # <a>Report</a>&nbsp;<img src="pdf.gif" alt="PDF document">
        else:
            self.walk(tag)

    def _in_list_of_rows(self, row: Tag) -> bool:
        """Whether the row's table has other rows: a one-row table lays a page out in columns."""
        table = row.find_parent("table")
        if table is None:
            return False
        if id(table) not in self._rows:
            self._rows[id(table)] = sum(1 for r in table.find_all("tr") if r.find_parent("table") is table)
        return self._rows[id(table)] > 1

    def _line_break(self) -> None:
        """<br><br> ends a paragraph; a bold line on its own ("<b>Review: Zac</b><br>") is a heading."""
        self._settle()
        self._breaks += 1
        title = self._bold
        if self._breaks > 1:
            self.flush()
        elif title and clean("".join(self._strings)) == title and _names_something(title):
            self._strings, self._bold = [], None
            self.blocks.append(Block("heading", title, tag="b"))
        else:
            self._strings.append(" ")

    def _settle(self, hint: str = "") -> None:
        """Give the last link the file hint written right after it: "<a>Report</a> (PDF, 1.2MB)"."""
        if self._after is not None and self._links and not self._links[-1].hint:
            if not hint and (match := HINT_AFTER.match(clean("".join(self._after)))):
                hint = match.group("hint")
                hint = hint if hint.startswith(("(", "[")) else f"({hint})"
            if hint:
                self._links[-1] = replace(self._links[-1], hint=hint)
        self._after = None


# A table column or definition that dates what it is beside: "Date published", "Published", "Date". Not a
# date of something else ("Date of death", "Last updated").
DATE_FIELD = re.compile(
    r"^(?!.*\b(?:death|incident|birth|updated|reviewed|modified|event)\b)(?:.*\b(?:published|publication)\b|date)",
    re.IGNORECASE,
)
LABEL_WORDS = 4  # "Date of publication": a label, not a sentence


def _labels_next(dt_tag: Tag) -> bool:
    """A <dt> that is a short label over the <dd> after it."""
    following = dt_tag.find_next_sibling(["dt", "dd"])
    return following is not None and following.name == "dd" and len(text_of(dt_tag).split()) <= LABEL_WORDS


def _label_of(tag: Tag, headers: dict[int, list[str]]) -> str:
    """What a value says it is: its <dt> ("Type"), or its column's heading when that dates it (a table's
    "Date published" column), so the reading sees "Published: 22/06/2021" rather than a bare date."""
    if tag.name == "dd":
        term = tag.find_previous_sibling(["dt", "dd"])
        return (
            text_of(term).rstrip(":") if term is not None and term.name == "dt" and _labels_next(term) else ""
        )
    if (
        tag.name != "td"
        or not isinstance(row := tag.parent, Tag)
        or not isinstance(table := tag.find_parent("table"), Tag)
    ):
        return ""
    if id(table) not in headers:
        headers[id(table)] = _column_headings(table)
    cells = [c for c in row.find_all(["td", "th"], recursive=False) if isinstance(c, Tag)]
    column = cells.index(tag) if tag in cells else -1
    heading = headers[id(table)][column] if 0 <= column < len(headers[id(table)]) else ""
    return "Published" if heading and DATE_FIELD.match(heading) else ""


def _column_headings(table: Tag) -> list[str]:
    """The texts of the table's header row: its <thead>'s, else a first row of <th> cells."""
    row = table.find("tr")
    if not isinstance(row, Tag) or row.find_parent("table") is not table:
        return []
    cells = [c for c in row.find_all(["th", "td"], recursive=False) if isinstance(c, Tag)]
    if not cells or not all(c.name == "th" for c in cells):
        return []
    return [text_of(c) for c in cells]


def _names_something(line: str) -> bool:
    """A bold line that can be a title: short, not leading into a list ("Available reports:")."""
    return (
        len(line) <= 200
        and not line.endswith(":")
        and not AVAILABLE.match(line)
        and not PUBLISHED.match(line)
    )


def _is_heading(tag: Tag) -> bool:
    if tag.name in HEADINGS or tag.name == "summary" or is_accordion_button(tag):
        return True
    if tag.name not in {"p", "div", "span", "dt"} or tag.find([*BLOCK_TAGS, *HEADING_TAGS]):
        return False
    if tag.name in {"span", "dt"} and not TITLE_CLASS.search(classes_of(tag)):
        return False  # only a <p> or <div> is a heading by being one bold run
    if len(tag.get_text()) > 400:
        return False
    text = text_of(tag)
    if not text or len(text) > 200 or any(is_document(link_of(a)) for a in tag.find_all("a", href=True)):
        return False
    if TITLE_CLASS.search(classes_of(tag)):
        return True
    # <p><strong>Learning Review: Baby L</strong></p>, or Word's <p><span style=..><b>...</b></span></p>; but
    # "<strong>Available reports:</strong>" leads into a list rather than naming anything.
    bold = [
        b for b in tag.find_all(["strong", "b"]) if isinstance(b, Tag) and not b.find_parent(["strong", "b"])
    ]
    return (
        tag.name in {"p", "div"}
        and bool(bold)
        and clean(" ".join(map(text_of, bold))) == text
        and not text.endswith(":")
    )


def _anchor(tag: Tag) -> str | None:
    """An id to link to: the heading's own, one inside it, or its accordion item's (<details id>)."""
    if tag.get("id"):
        return str(tag["id"])
    inner = tag.find(lambda t: t.has_attr("id") or (t.name == "a" and t.has_attr("name")))
    if isinstance(inner, Tag):
        return str(inner.get("id") or inner.get("name"))
    parent: PageElement | None = tag.parent
    if (
        isinstance(parent, Tag)
        and parent.name in {"details", "div", "section", "li"}
        and parent.get("id")
        and parent.find(True) is tag
    ):
        return str(parent["id"])
    return None
