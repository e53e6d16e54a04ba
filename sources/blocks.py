"""Flatten a partnership page into headings, paragraphs and document links, and group them into reviews.

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

Site furniture (nav, site header and footer, sidebars, cookie banners, breadcrumbs, search forms, scripts,
"Related ..." sections) and screen-reader helpers ("(opens in new window)") are skipped.
Which links are documents is `sources.files`' business; a hint found beside a link is added to its title,
where normalise reads the media type from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal
from urllib.parse import urldefrag

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PageElement, PreformattedString

from aggregator.errors import ParseError
from sources.base import Page, RawDocument
from sources.files import (
    AVAILABLE_WORDS,
    FILE_HINT,
    FILE_TYPES,
    HINT_AFTER,
    ICON_TYPE,
    SIZE_HINT,
    Link,
    clean,
    document_title,
    is_document,
    is_generic,
    names_a_kind,
    strip_file_hint,
)

# Paragraphs that say what a review is about talk about the review, briefing or report.
DESCRIBES = re.compile(r"\b(?:reviews?|briefings?|reports?)\b", re.IGNORECASE)
# "Available reports:" introduces the links; it says nothing about the review itself.
AVAILABLE = re.compile(rf"[\s,;]*\b{AVAILABLE_WORDS}\b[^:]*:?\s*$", re.IGNORECASE)
_DATE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?,?\s+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{4}|\d{4}"
)
PUBLISHED = re.compile(
    rf"(?:{AVAILABLE_WORDS}\s+)?(?:published|publication date:?|date published:?)"
    rf"\s+(?:on\s+|in\s+)?(?:{_DATE})\b",
    re.IGNORECASE,
)

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "blockquote", "details", "figure", "figcaption", "address", "hr", "pre",
}  # fmt: skip
# As lists, for bs4's find(): made once, not for every tag walked.
BLOCK_TAGS, HEADING_TAGS = sorted(BLOCKS), sorted(HEADINGS)
WHOLE_PAGE_FORM = 2000  # characters of text
SKIPPED = {
    "script", "style", "noscript", "template", "nav", "aside", "iframe", "marquee", "svg", "select", "input",
    "label", "caption", "object", "video", "audio", "dialog",
}  # fmt: skip
SKIPPED_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
# Last resort for furniture a CMS marks only by name (a breadcrumb <p>, a cookie <div>, a page builder's
# sidebar column), though not a layout wrapper that merely has a sidebar ("ast-no-sidebar", "has-sidebar").
FURNITURE = re.compile(
    r"cookie|breadcrumb|skip-link|share-?bar|social-share|widget[-_]?area|ticker"
    r"|(?:^|\s)(?!\S*(?:no|has|with|without|page)[-_]sidebar)\S*(?<![a-z])sidebar"
    r"(?:[-_](?:left|right|primary|secondary|first|second|\d+|widgets?|inner|wrap|container))?(?=\s|$)",
    re.IGNORECASE,
)
TITLE_CLASS = re.compile(r"title|heading", re.IGNORECASE)


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


# Ids CMSs give the element holding a page's own content: "content", "main-content", "content_text",
# "pageContent", "primary" (not a site-wide wrapper such as "page" or "body").
CONTENT_ID = re.compile(
    r"^(?:(?:main|content|primary)(?:[-_]?(?:content|text|area|body|main|copy|inner|col|column))?"
    r"|(?:page|body)[-_]?content)$",
    re.IGNORECASE,
)


def main_content(soup: BeautifulSoup) -> Tag:
    """The element holding the page's own content, by landmark first and common ids after."""
    for found in (
        soup.find("main"),
        soup.find(role="main"),
        soup.find(id=CONTENT_ID),
        soup.find("article"),
        soup.body,
    ):
        if isinstance(found, Tag) and clean(found.get_text()):
            return found
    return soup


def flatten(page: Page) -> list[Block]:
    """The page's main content as headings, text blocks and breaks, in document order."""
    flattener = _Flattener()
    try:
        flattener.walk(main_content(page.soup))
    except RecursionError:
        raise ParseError(f"{page.url}: markup nested too deeply to read") from None
    flattener.flush()
    return _name_card_links(_without_related(flattener.blocks))


# A heading naming one review: "Child Safeguarding Practice Review: Zac (ZDS22)", "Thematic briefing: ...".
NAMES_A_REVIEW = re.compile(r"\b(?:review|briefing)\s*:\s*\S", re.IGNORECASE)
# Headings over material related to the page rather than part of it.
RELATED = re.compile(r"^(?:related|see also)\b", re.IGNORECASE)


def _without_related(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without any "Related policies" or "Useful links" section (up to the next heading)."""
    kept: list[Block] = []
    related = False
    for block in blocks:
        if block.kind == "heading":
            related = block.tag != "h1" and bool(RELATED.match(block.text))
        if not related:
            kept.append(block)
    return kept


def _name_card_links(blocks: Sequence[Block]) -> list[Block]:
    """A file card: a heading naming a file, maybe its type and size, then one link that names nothing
    ("Download"). The card becomes the line "<a>Name</a> (PDF, 245 KB)": its heading names a file, not
    a review."""
    named: list[Block] = []
    for block in blocks:
        docs = documents_in([block])
        if len(docs) == 1 and is_generic(docs[0].text) and is_link_item(block):
            start = len(named)
            while start and named[start - 1].kind == "text" and is_hint_only(named[start - 1].text):
                start -= 1  # "PDF · 245 KB"
            heading = named[start - 1] if start else None
            if (
                heading
                and heading.kind == "heading"
                and not heading.links
                and not is_generic(heading.text)
                and not NAMES_A_REVIEW.search(heading.text)
            ):
                hint = docs[0].hint or _as_hint(
                    " ".join([*(b.text for b in named[start:]), _file_type(docs[0])])
                )
                link = replace(docs[0], text=heading.text, hint=hint)
                block = Block("text", heading.text, (link,), tag="card")
                del named[start - 1 :]
        named.append(block)
    return named


def _file_type(link: Link) -> str:
    """A link whose text is a file type ("PDF") says what the file is."""
    return link.text if re.fullmatch(rf"(?:{FILE_TYPES})", link.text, re.IGNORECASE) else ""


def _as_hint(text: str) -> str:
    text = clean(text)
    return f"({text})" if text and not text.startswith(("(", "[")) else text


def _describes_something(row: Tag) -> bool:
    """Whether a table row has a sentence of its own, besides its links' words (and is not a layout row,
    holding a nested table or headings: the whole page set out in columns)."""
    if row.find(["table", *HEADING_TAGS]):
        return False
    words = _text(row)
    for a in row.find_all("a"):
        if isinstance(a, Tag) and (text := _text(a)):
            words = words.replace(text, " ")
    return len(words.split()) >= 8


def _file_row(row: Tag) -> Block | None:
    """A table row listing one file: a cell naming it, maybe cells with its type and size, and one link
    that names nothing ("Download"). Read as the line "<a>Name</a> (PDF, 245 KB)"; other rows cell by cell."""
    anchors = [a for a in row.find_all("a", href=True) if isinstance(a, Tag)]
    cells = [_text(cell) for cell in row.find_all(["td", "th"]) if isinstance(cell, Tag)]
    names = [c for c in cells if c and not is_hint_only(c) and not is_generic(c)]
    hints = [c for c in cells if c and is_hint_only(c)]
    if len(anchors) != 1 or len(names) != 1 or re.search(r"[.:;!?]$|\.\s", names[0]):
        return None  # a sentence ("The review concerns ... Available reports:") is no file's name
    link = _link(anchors[0])
    link = replace(link, text=names[0], hint=link.hint or _as_hint(", ".join(hints)))
    if not is_generic(_text(anchors[0])) or not is_document(link):
        return None
    return Block("text", names[0], (link,), tag="tr")


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


LIST_ENTRY_WORDS = 12
STATEMENT = re.compile(r"\bstatement\b", re.IGNORECASE)
# A paragraph that goes on about the document just linked, or leads into a list of them.
GOES_ON = re.compile(
    r"^(?:(?:\w+\s+){0,3}?(?:this|these)\s+(?:reports?|briefings?|reviews?|documents?)\b"
    rf"|The (?:report|following)\b|{AVAILABLE_WORDS}\b)",
    re.IGNORECASE,
)


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
    return not re.search(r"[\w.]", _without_hints(_without_links(block.text[first:], docs)))


def documents_in(blocks: Iterable[Block]) -> list[Link]:
    return [link for block in blocks for link in block.links if is_document(link)]


def raw_documents(page: Page, blocks: Iterable[Block]) -> tuple[RawDocument, ...]:
    return tuple(
        RawDocument(url=page.absolute(link.href), title=document_title(link)) for link in documents_in(blocks)
    )


def is_link_item(block: Block) -> bool:
    """A block that is only document links and file hints: "Report (PDF, 612KB)"."""
    docs = documents_in([block])
    return block.kind == "text" and bool(docs) and is_hint_only(_without_links(block.text, docs))


def is_hint_only(text: str) -> bool:
    return not re.search(r"\w", _without_hints(text))


def _without_links(text: str, links: Iterable[Link]) -> str:
    for link in links:
        text = text.replace(link.text, " ")
    return text


def _without_hints(text: str) -> str:
    return SIZE_HINT.sub(" ", FILE_HINT.sub(" ", text))


def prose(blocks: Iterable[Block]) -> list[Block]:
    """The text blocks that are sentences, not lists of links or stray file sizes."""
    return [b for b in blocks if b.kind == "text" and not is_hint_only(b.text) and not is_link_item(b)]


def summary_of(blocks: Sequence[Block]) -> str | None:
    """The first paragraph that talks about a review, briefing or report, without its "Available reports:"."""
    paragraphs = [b.text for b in prose(blocks)]
    best = next((p for p in paragraphs if DESCRIBES.search(p)), paragraphs[0] if paragraphs else None)
    return strip_file_hint(AVAILABLE.sub("", best) or best) if best else None


def published_text_of(blocks: Iterable[Block]) -> str | None:
    """The words that date the review ("Available reports published August 2024"), as found."""
    for block in prose(blocks):
        if match := PUBLISHED.search(block.text):
            return match.group(0)
    return None


def entry_url(page: Page, anchor: str | None) -> str:
    base = urldefrag(page.url).url
    return f"{base}#{anchor}" if anchor else base


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
            elif isinstance(child, Tag) and not _skipped(child) and not _is_hidden_helper(child):
                self._visit(child)

    def _visit(self, tag: Tag) -> None:
        if _is_heading(tag):
            self.flush()
            links = tuple(_link(a) for a in tag.find_all("a", href=True) if isinstance(a, Tag))
            self.blocks.append(Block("heading", _text(tag), links, _anchor(tag), tag.name))
        elif tag.name == "tr" and (row := _file_row(tag)):
            self.flush()
            self.blocks.append(row)
        elif tag.name == "tr" and self._in_list_of_rows(tag) and _describes_something(tag):
            # A row with sentences of its own is one item (a review and its reports, side by side).
            self.flush()
            self.blocks.append(Block("break", tag="item"))
            self.walk(tag)
            self.flush()
            self.blocks.append(Block("break"))
        elif tag.name == "br":
            self._line_break()
        elif tag.name in BLOCKS:
            self.flush()
            self.walk(tag)
            self.flush(tag.name)
            if tag.name == "details":
                self.blocks.append(Block("break"))
        elif tag.name == "a" and tag.get("href"):
            self._settle()
            self._links.append(_link(tag))
            self.walk(tag)
            self._after = []
        elif tag.name in {"b", "strong"} or (tag.name == "font" and tag.has_attr("size")):
            so_far = clean("".join(self._strings))
            bold = not self._links and (not so_far or so_far == self._bold)  # nothing yet, or only bold
            self.walk(tag)
            self._bold = clean("".join(self._strings)) if bold else None
        elif (icon := _icon_hint(tag)) and self._after is not None and not clean("".join(self._after)):
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


def _names_something(line: str) -> bool:
    """A bold line that can be a title: short, not leading into a list ("Available reports:")."""
    return (
        len(line) <= 200
        and not line.endswith(":")
        and not AVAILABLE.match(line)
        and not PUBLISHED.match(line)
    )


def _text(tag: Tag) -> str:
    """The words a reader sees: no comments, screen-reader helpers or aria-hidden decoration."""
    parts: list[str] = []
    for child in tag.children:
        if isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            parts.append(str(child))
        elif isinstance(child, Tag) and not _is_hidden_helper(child) and child.get("aria-hidden") != "true":
            parts.append(" " if child.name == "br" else _text(child))
    return clean("".join(parts))


def _link(tag: Tag) -> Link:
    icons = (_icon_hint(t) for t in tag.find_all(True) if isinstance(t, Tag))
    # A link around an image alone is named by the image's alt text (a thumbnail of the document).
    alts = (str(img.get("alt", "")) for img in tag.find_all("img") if isinstance(img, Tag))
    return Link(
        href=str(tag.get("href", "")),
        text=_text(tag) or clean(" ".join(alts)),
        media_type=str(tag.get("type", "")),
        hint=next((icon for icon in icons if icon), ""),
        label=clean(str(tag.get("title") or tag.get("aria-label") or "")),
    )


def _icon_hint(tag: Tag) -> str:
    """ "(PDF)" for a file-type icon: <img src="pdf.gif">, <img alt="PDF document">, <i class="icon-pdf">."""
    if tag.name == "img":
        described = f"{tag.get('alt', '')} {tag.get('src', '')} {_classes(tag)}"
    elif tag.name in {"i", "span"} and ICON_TYPE.search(_classes(tag)) and not _text(tag):
        described = _classes(tag)
    else:
        return ""
    match = ICON_TYPE.search(described)
    return f"({match.group(1).upper()})" if match else ""


def _is_hidden_helper(tag: Tag) -> bool:
    """An inline screen-reader helper ("<span class="visually-hidden">(opens in new window)</span>"). Only
    inline elements without links: a collapsed accordion panel classed "hidden" still holds content."""
    if tag.name in BLOCKS or tag.name in HEADINGS or tag.name == "a" or tag.find(["a", *BLOCK_TAGS]):
        return False
    return any(
        token.lower() in {"hidden", "invisible", "element-invisible", "visuallyhidden"}
        or re.search(r"visually-hidden|sr-only|screen-?reader", token, re.IGNORECASE)
        for token in _classes(tag).split()
    )


def _classes(tag: Tag) -> str:
    value = tag.get("class")
    return " ".join(value) if isinstance(value, list) else str(value or "")


def _skipped(tag: Tag) -> bool:
    if tag.name in SKIPPED or tag.get("role") in SKIPPED_ROLES or tag.get("aria-hidden") == "true":
        return True
    if tag.name == "form":  # a search box, unless it is ASP.NET's <form> around the whole page
        return tag.find("h1") is None and len(tag.get_text()) < WHOLE_PAGE_FORM
    # A header or footer inside an article is the article's own; elsewhere it is the site's.
    if tag.name in {"header", "footer"}:
        return tag.find_parent(["article", "section", "main", "details"]) is None
    if tag.name == "button" and not _is_accordion_button(tag):
        return True
    # A wrapper holding the page's title holds its content, whatever it is called.
    return bool(FURNITURE.search(f"{tag.get('id', '')} {_classes(tag)}")) and tag.find("h1") is None


def _is_accordion_button(tag: Tag) -> bool:
    return tag.name == "button" and (tag.has_attr("aria-expanded") or tag.has_attr("aria-controls"))


def _is_heading(tag: Tag) -> bool:
    if tag.name in HEADINGS or tag.name == "summary" or _is_accordion_button(tag):
        return True
    if tag.name not in {"p", "div", "span", "dt"} or tag.find([*BLOCK_TAGS, *HEADING_TAGS]):
        return False
    if tag.name in {"span", "dt"} and not TITLE_CLASS.search(_classes(tag)):
        return False  # only a <p> or <div> is a heading by being one bold run
    if len(tag.get_text()) > 400:
        return False
    text = _text(tag)
    if not text or len(text) > 200 or any(is_document(_link(a)) for a in tag.find_all("a", href=True)):
        return False
    if TITLE_CLASS.search(_classes(tag)):
        return True
    # <p><strong>Learning Review: Baby L</strong></p>, or Word's <p><span style=..><b>...</b></span></p>; but
    # "<strong>Available reports:</strong>" leads into a list rather than naming anything.
    bold = [
        b for b in tag.find_all(["strong", "b"]) if isinstance(b, Tag) and not b.find_parent(["strong", "b"])
    ]
    return (
        tag.name in {"p", "div"}
        and bool(bold)
        and clean(" ".join(map(_text, bold))) == text
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
