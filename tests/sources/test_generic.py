"""The generic reader's escape hatch: CSS selectors and patterns in a source's options say where reviews and
their fields are on a page it would read wrongly; what they do not give is still read generically."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sources import get_adapter
from sources.base import Page, RawEntry

# A page of cards whose titles are plain <span>s and whose dates follow "Issued", with no "published".
PAGE = b"""<!doctype html><html><body><main><h1>Our reviews</h1>
<div class="review" id="r1"><span class="name">Child Robin</span><span class="when">Issued March 2024</span>
<p class="intro">Robin was seriously injured at home (ref ABC24).</p>
<a class="download" href="/files/robin.pdf">Report</a> <a href="/files/leaflet.pdf">Leaflet</a></div>
<div class="review" id="r2"><span class="name">Baby Wren</span><span class="when">Issued June 2023</span>
<p class="intro">Wren's review.</p><a class="download" href="/files/wren.pdf">Report</a></div>
</main></body></html>"""


def read(**options: object) -> list[RawEntry]:
    adapter = get_adapter("generic")
    return list(
        adapter.parse(Page(url="https://scp.example/reviews", content=PAGE), adapter.options(**options))
    )


def test_selectors_say_where_each_review_and_its_fields_are() -> None:
    robin, wren = read(
        entry="div.review", title=".name", date=".when", summary="p.intro", documents="a.download",
        date_pattern=r"Issued (\w+ \d{4})", reference_pattern=r"\(ref (\w+)\)",
    )  # fmt: skip
    assert (robin.title, robin.summary, robin.published_text) == (
        "Child Robin",
        "Robin was seriously injured at home (ref ABC24).",
        "March 2024",
    )
    assert [d.url for d in robin.documents] == ["https://scp.example/files/robin.pdf"]  # not the leaflet
    assert robin.case_reference == "ABC24" and robin.url == "https://scp.example/reviews#r1"
    assert (wren.title, wren.published_text) == ("Baby Wren", "June 2023")


def test_what_the_selectors_do_not_give_is_read_generically() -> None:
    robin, _ = read(entry="div.review", title=".name")
    assert robin.published_text is None  # "Issued" is no publication cue, and no pattern was given
    assert [d.url for d in robin.documents] == [
        "https://scp.example/files/robin.pdf",
        "https://scp.example/files/leaflet.pdf",
    ]


def test_a_pattern_that_is_no_regular_expression_is_refused() -> None:
    with pytest.raises(ValidationError, match="not a regular expression"):
        get_adapter("generic").options(date_pattern="Issued (")
