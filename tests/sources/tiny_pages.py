"""Tiny pages for the tests of the shared reading: a body put in a page, and the reviews it reads as."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sources.base import Page
from sources.reading.blocks import Block, documents_in
from sources.reading.flatten import flatten
from sources.reading.grouping import RULES, Rule, group_blocks

URL = "https://example.org/reviews"


def page(body: str) -> Page:
    return Page(url=URL, content=f"<html><body><main>{body}</main></body></html>".encode())


def reviews(
    body: str, names_one: Callable[[Block], bool] = lambda _: False, rules: Sequence[Rule] = RULES
) -> list[list[str]]:
    """Each candidate review that links documents, as the texts of its blocks (its heading first)."""
    groups = group_blocks(flatten(page(body)), names_one, rules)
    return [
        [b.text for b in ([g.heading] if g.heading else []) + g.blocks]
        for g in groups
        if documents_in(g.blocks)
    ]
