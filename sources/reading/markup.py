"""What one tag says: its text as a reader sees it, the link it is, a file-type icon, its classes.

Screen-reader helpers ("<span class="visually-hidden">(opens in new window)</span>") and aria-hidden
decoration are no part of what a reader sees.
"""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import NavigableString, PreformattedString

from sources.reading.documents import Link, clean
from sources.reading.words import ICON_TYPE

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "blockquote", "details", "figure", "figcaption", "address", "hr", "pre",
}  # fmt: skip
# As lists, for bs4's find(): made once, not for every tag walked.
BLOCK_TAGS, HEADING_TAGS = sorted(BLOCKS), sorted(HEADINGS)


def text_of(tag: Tag) -> str:
    """The words a reader sees: no comments, screen-reader helpers or aria-hidden decoration."""
    parts: list[str] = []
    for child in tag.children:
        if isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            parts.append(str(child))
        elif isinstance(child, Tag) and not is_hidden_helper(child) and child.get("aria-hidden") != "true":
            parts.append(" " if child.name == "br" else text_of(child))
    return clean("".join(parts))


def link_of(tag: Tag) -> Link:
    icons = (icon_hint(t) for t in tag.find_all(True) if isinstance(t, Tag))
    # A link around an image alone is named by the image's alt text (a thumbnail of the document).
    alts = (str(img.get("alt", "")) for img in tag.find_all("img") if isinstance(img, Tag))
    return Link(
        href=str(tag.get("href", "")),
        text=text_of(tag) or clean(" ".join(alts)),
        media_type=str(tag.get("type", "")),
        hint=next((icon for icon in icons if icon), ""),
        label=clean(str(tag.get("title") or tag.get("aria-label") or "")),
    )


def icon_hint(tag: Tag) -> str:
    """ "(PDF)" for a file-type icon: <img src="pdf.gif">, <img alt="PDF document">, <i class="icon-pdf">."""
    if tag.name == "img":
        described = f"{tag.get('alt', '')} {tag.get('src', '')} {classes_of(tag)}"
    elif tag.name in {"i", "span"} and ICON_TYPE.search(classes_of(tag)) and not text_of(tag):
        described = classes_of(tag)
    else:
        return ""
    match = ICON_TYPE.search(described)
    return f"({match.group(1).upper()})" if match else ""


def is_hidden_helper(tag: Tag) -> bool:
    """An inline screen-reader helper ("<span class="visually-hidden">(opens in new window)</span>"). Only
    inline elements without links: a collapsed accordion panel classed "hidden" still holds content."""
    if tag.name in BLOCKS or tag.name in HEADINGS or tag.name == "a" or tag.find(["a", *BLOCK_TAGS]):
        return False
    return any(
        token.lower() in {"hidden", "invisible", "element-invisible", "visuallyhidden"}
        or re.search(r"visually-hidden|sr-only|screen-?reader", token, re.IGNORECASE)
        for token in classes_of(tag).split()
    )


def classes_of(tag: Tag) -> str:
    value = tag.get("class")
    return " ".join(value) if isinstance(value, list) else str(value or "")


def is_accordion_button(tag: Tag) -> bool:
    return tag.name == "button" and (tag.has_attr("aria-expanded") or tag.has_attr("aria-controls"))
