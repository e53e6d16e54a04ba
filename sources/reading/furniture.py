"""What is not the page's own content: site furniture, skipped while flattening, and "Related ..." sections.

The page's own content is found by landmark first and common ids after. Within it, navigation, site headers
and footers, sidebars, cookie banners, breadcrumbs, search forms, scripts and buttons that are not an
accordion's are skipped, and so is a section headed "Related ..." or "See also".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bs4 import BeautifulSoup, Tag

from sources.reading.blocks import Block
from sources.reading.documents import clean
from sources.reading.markup import classes_of, is_accordion_button
from sources.reading.words import RELATED

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


# A panel inside the content that holds learning materials: "Resources", "Downloads", "Learning materials".
RESOURCES = re.compile(r"\b(?:resources|downloads|learning materials|useful documents)\b", re.IGNORECASE)


def resource_panels(soup: BeautifulSoup) -> list[Tag]:
    """Panels inside the page's content that the walk skips as furniture (an <aside>, role="complementary")
    but whose heading says they hold resources: the reviews' briefings often sit there."""
    content = main_content(soup)
    panels = []
    for tag in content.find_all(True):
        if not isinstance(tag, Tag) or not (tag.name == "aside" or tag.get("role") == "complementary"):
            continue
        heading = tag.find(["h2", "h3", "h4", "h5", "h6", "strong"])
        if isinstance(heading, Tag) and RESOURCES.search(heading.get_text()) and tag.find("a", href=True):
            panels.append(tag)
    return panels


def is_skipped(tag: Tag) -> bool:
    if tag.name in SKIPPED or tag.get("role") in SKIPPED_ROLES or tag.get("aria-hidden") == "true":
        return True
    if tag.name == "form":  # a search box, unless it is ASP.NET's <form> around the whole page
        return tag.find("h1") is None and len(tag.get_text()) < WHOLE_PAGE_FORM
    # A header or footer inside an article is the article's own; elsewhere it is the site's.
    if tag.name in {"header", "footer"}:
        return tag.find_parent(["article", "section", "main", "details"]) is None
    if tag.name == "button" and not is_accordion_button(tag):
        return True
    # A wrapper holding the page's title holds its content, whatever it is called.
    return bool(FURNITURE.search(f"{tag.get('id', '')} {classes_of(tag)}")) and tag.find("h1") is None


def without_related(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without any "Related policies" or "Useful links" section (up to the next heading)."""
    kept: list[Block] = []
    related = False
    for block in blocks:
        if block.kind == "heading":
            related = block.tag != "h1" and bool(RELATED.match(block.text))
        if not related:
            kept.append(block)
    return kept
