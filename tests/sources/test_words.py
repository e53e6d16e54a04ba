"""The page words: what the shared reading, the adapters and normalise all recognise, in tables."""

from __future__ import annotations

import re

import pytest

from sources.reading import words

# What each pattern finds in a page's text (its "names" group where it has one): None for nothing.
FINDS = [
    (words.PUBLISHED, "Available reports published August 2024:", "Available reports published August 2024"),
    (words.PUBLISHED, "Published in Sept. 2024", "Published in Sept. 2024"),
    (words.PUBLISHED, "Publication date: 12/08/2024", "Publication date: 12/08/2024"),
    (words.PUBLISHED, "Date published 12.08.2024", "Date published 12.08.2024"),
    (words.PUBLISHED, "published 2019", "published 2019"),
    # A label with a colon, as cards, tables and definition lists write it.
    (words.PUBLISHED, "Published: August 2024", "Published: August 2024"),
    (words.PUBLISHED, "Date of publication: 24/09/2013", "Date of publication: 24/09/2013"),
    (words.PUBLISHED, "Learning Reviews 2008-2014", None),
    (words.MONTH_YEAR, "Latest LCSPR 'Child Cameron' January 2023 now published.", "January 2023"),
    (words.MONTH_YEAR, "1st Sept 2024", "Sept 2024"),
    (words.MONTH_YEAR, "in aug. 2024", "aug. 2024"),
    (words.MONTH_YEAR, "Junee 2024", None),
    (words.CHILD, "Latest LCSPR 'Child Cameron' January 2023", "Cameron"),
    (words.CHILD, "Learning Review: Baby D (2016)", "D"),
    (words.CHILD, "Learning Review: Young Person G", "G"),
    (words.CHILD, "Sibling X review", "X"),
    (words.CHILD, "Child Cameron-Smith", "Cameron-Smith"),
    (words.CHILD, "children in care", None),
]


@pytest.mark.parametrize(("pattern", "text", "found"), FINDS, ids=[f"{row[1]!r}" for row in FINDS])
def test_what_each_pattern_finds(pattern: re.Pattern[str], text: str, found: str | None) -> None:
    match = pattern.search(text)
    group = "names" if "names" in pattern.groupindex else 0
    assert (match.group(group) if match else None) == found


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Latest LCSPR now published. Please see the statement.", "Latest LCSPR now published."),
        ("Why? Because.", "Why?"),
        ("No full stop", "No full stop"),
        ("The 2.5 hour meeting ended.", "The 2.5 hour meeting ended."),
    ],
)
def test_first_sentence(text: str, first: str) -> None:
    assert words.first_sentence(text) == first


def test_every_file_type_name_stands_for_a_known_extension() -> None:
    assert {extension for _, extension in words.FILE_TYPE_NAMES} == set(words.MEDIA_TYPES)
    for names, _ in words.FILE_TYPE_NAMES:
        assert all(name in words.GENERIC_WORDS for name in names.split("|"))  # "PDF" names no document
        assert re.fullmatch(f"(?:{words.FILE_TYPES})", names.split("|")[0])


def test_curly_quotes_straighten() -> None:
    assert "\u2018Zac\u2019 \u201cCameron\u201d".translate(words.STRAIGHTENED) == "'Zac' \"Cameron\""
