"""The NSPCC repository's update and yearly list: every entry, with what its heading and paragraphs give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sources import get_adapter
from sources.base import Page, RawEntry

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "nspcc"
EXPECTED: dict[str, Any] = json.loads((PAGES / "expected.json").read_text())


def read(name: str) -> list[RawEntry]:
    adapter = get_adapter("nspcc")
    page = Page(url=EXPECTED[name]["url"], content=(PAGES / name).read_bytes())
    return list(adapter.parse(page, adapter.options()))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_entry_with_its_fields(name: str) -> None:
    entries = read(name)
    wanted = EXPECTED[name]["entries"]
    assert [e.title for e in entries] == [w["heading"] for w in wanted]
    for entry, want in zip(entries, wanted, strict=True):
        assert entry.partnership == want["partnership"], entry.title
        assert list(entry.pseudonyms) == want["pseudonyms"], entry.title
        assert entry.case_reference == want["case_reference"], entry.title
        assert entry.published_text == f"published {want['year']}"
        assert entry.url == want["url"] and [d.url for d in entry.documents] == [want["url"]]
        assert (entry.summary or "").startswith(want["summary_starts"]), entry.title
        assert list(entry.themes) == want["learning_themes"], entry.title
        assert list(entry.recommendations) == want["recommendations"], entry.title
