"""Each plausibility rule on the page it is for, and the recorded pages and timeline believed or doubted."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.plausibility import RULES, Harvest, Usual, doubt
from sources.base import Page

TIMELINE = Path(__file__).resolve().parents[1] / "fixtures" / "timelines" / "derby-and-derbyshire"
PAGE = b"<!doctype html><html><body><main><h1>Case reviews</h1>%s</main></body></html>"


def harvest(body: bytes, found: int = 5) -> Harvest:
    return Harvest(Page(url="https://example.org/reviews", content=body), found)


CASES = {
    "not-the-page": (harvest(PAGE.replace(b"Case reviews", b"Site under maintenance")), Usual()),
    "nothing-read": (harvest(PAGE % b"<p>New look!</p>", found=0), Usual()),
    "cut-off": (harvest(b"<html><body><main><ul><li><a href='r.pdf'>Rep"), Usual()),
    "much-shorter": (harvest(PAGE % b"<p>x</p>"), Usual(lengths=[60_000, 61_000, 59_000])),
    "count-collapsed": (harvest(PAGE % (b"<p>x</p>" * 200), found=2), Usual(counts=[14, 14, 13])),
}


def test_every_rule_has_a_case() -> None:
    assert sorted(rule.name for rule in RULES) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_rule_doubts_the_page_it_is_for(name: str) -> None:
    found, usual = CASES[name]
    assert (doubt(found, usual) or "").startswith(f"{name}: ")


def test_an_ordinary_page_is_believed() -> None:
    ordinary = harvest(PAGE % (b"<p>Review of Child A</p>" * 50), found=5)
    assert doubt(ordinary, Usual(lengths=[1400, 1500], counts=[5, 6])) is None
    assert doubt(ordinary, Usual(counts=[2, 2])) is None  # few reviews: 1 against 2 is no collapse


@pytest.mark.parametrize(
    ("step", "doubted"),
    [
        ("01-initial.html", None),
        ("03-progress-added.html", None),
        ("04-maintenance.html", "not-the-page"),
        ("05-truncated.html", "cut-off"),
        ("06-review-removed.html", None),
    ],
)
def test_the_timeline_pages(step: str, doubted: str | None) -> None:
    usual = Usual(lengths=[len((TIMELINE / "03-progress-added.html").read_bytes())] * 3, counts=[4, 4, 4])
    page = harvest((TIMELINE / step).read_bytes(), found=0 if doubted == "not-the-page" else 4)
    assert (doubt(page, usual) or "").split(":")[0] == (doubted or "")


def test_a_review_that_mentions_an_outage_is_not_a_maintenance_page() -> None:
    text = b"<h2>Review: Child A</h2><p>The service was temporarily unavailable; we'll be back to it.</p>"
    assert doubt(harvest(PAGE % text), Usual()) is None
