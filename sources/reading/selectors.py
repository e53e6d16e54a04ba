"""The escape hatch for a page the generic reader gets wrong, like RSS-Bridge's CSS selector bridge: CSS
selectors in the source's TOML say where each review is and where its fields are; what they do not say is
still read generically.

    [sources.options]
    entry = "div.review"               # each review's element
    title = "h3"                       # inside an entry: its title (default: its first heading)
    date = ".published"                # its date text
    summary = "p.intro"                # its summary
    documents = "a.download"           # its document links (default: every document link in the entry)
    date_pattern = 'Issued (\\w+ \\d{4})'  # a date the words give (first group, or the whole match)
    reference_pattern = '\\b(LCSPR\\d+)\\b'
"""

from __future__ import annotations

import re

from bs4 import Tag
from pydantic import field_validator

from sources.base import AdapterOptions, Page
from sources.reading.blocks import Block, Group
from sources.reading.flatten import flatten
from sources.reading.markup import link_of, text_of

SUMMARY = "summary"  # the tag of the block the `summary` selector found: the review's summary as given


class Selectors(AdapterOptions):
    entry: str | None = None
    title: str | None = None
    date: str | None = None
    summary: str | None = None
    documents: str | None = None
    date_pattern: str | None = None
    reference_pattern: str | None = None

    @field_validator("date_pattern", "reference_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from None
        return value


def selected_groups(page: Page, options: Selectors) -> list[Group]:
    """One candidate review per element the `entry` selector finds, its fields where the selectors say."""
    groups = []
    for element in page.soup.select(options.entry or ""):
        if not isinstance(element, Tag):
            continue
        inner = flatten(Page(url=page.base_url, content=str(element).encode()))
        title = _first(element, options.title)
        heading = (
            Block("heading", text_of(title), anchor=str(element.get("id") or "") or None, tag=title.name)
            if title is not None
            else next((b for b in inner if b.kind == "heading"), None)
        )
        blocks = [
            b
            for b in inner
            if b is not heading and b.kind == "text" and b.text != (heading.text if heading else None)
        ]
        if (date := _first(element, options.date)) is not None:
            blocks.insert(0, Block("text", f"Published: {text_of(date)}"))
        if (summary := _first(element, options.summary)) is not None:
            blocks.insert(0, Block("text", text_of(summary), tag=SUMMARY))
        if options.documents:
            links = tuple(link_of(a) for a in element.select(options.documents) if isinstance(a, Tag))
            blocks = [Block(b.kind, b.text, (), b.anchor, b.tag) for b in blocks] + [
                Block("text", links=links)
            ]
        groups.append(Group(heading=heading, blocks=blocks))
    return groups


def _first(element: Tag, selector: str | None) -> Tag | None:
    found = element.select_one(selector) if selector else None
    return found if isinstance(found, Tag) else None
