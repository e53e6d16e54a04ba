"""The page words, one table each: what the shared reading, the adapters and normalise all recognise."""

from __future__ import annotations

import re

import pytest

from sources.reading import words


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Available reports published August 2024:", "Available reports published August 2024"),
        ("Published in Sept. 2024", "Published in Sept. 2024"),
        ("Publication date: 12/08/2024", "Publication date: 12/08/2024"),
        ("Date published 12.08.2024", "Date published 12.08.2024"),
        ("published 2019", "published 2019"),
        ("Published: August 2024", None),  # a colon only after "publication date" and "date published"
        ("Learning Reviews 2008-2014", None),
    ],
)
def test_the_words_that_date_a_review(text: str, found: str | None) -> None:
    match = words.PUBLISHED.search(text)
    assert (match.group(0) if match else None) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Latest LCSPR 'Child Cameron' January 2023 now published.", "January 2023"),
        ("1st Sept 2024", "Sept 2024"),
        ("in aug. 2024", "aug. 2024"),
        ("Junee 2024", None),
    ],
)
def test_a_month_and_year(text: str, found: str | None) -> None:
    match = words.MONTH_YEAR.search(text)
    assert (match.group(0) if match else None) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Latest LCSPR 'Child Cameron' January 2023", "Cameron"),
        ("Learning Review: Baby D (2016)", "D"),
        ("Learning Review: Young Person G", "G"),
        ("Sibling X review", "X"),
        ("Child Cameron-Smith", "Cameron-Smith"),
        ("children in care", None),
    ],
)
def test_the_forms_that_name_a_child(text: str, found: str | None) -> None:
    match = words.CHILD.search(text)
    assert (match.group("names") if match else None) == found


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
