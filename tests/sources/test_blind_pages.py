"""The reader each partnership's config names (the generic one for those that name none) on pages written
blind in layouts real partnerships use: every review found, nothing else, no date invented, and the core
fields (title, date with its precision, documents with their kinds) right. `tests/sources/scoring.py` does
the scoring; the figures are printed at the end of the run (and `python -m tests.sources.scoring` prints
every miss)."""

from __future__ import annotations

import pytest

from tests.sources.scoring import CORE, Score, adapter_for, blind_pages, report, score

PAGES = list(blind_pages())
SCORES: dict[str, Score] = {}
# The share of core fields right across all pages, at least: the bar (today every field is right).
FLOOR = 0.98


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    if not SCORES:
        SCORES.update({p.id: score(p, adapter_for(p.slug)) for p in PAGES})
    return SCORES


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_every_review_found_nothing_else_and_no_date_invented(page: object, scores: dict[str, Score]) -> None:
    result = scores[page.id]  # type: ignore[attr-defined]
    assert result.error is None
    assert result.found == result.expected, [w for w in result.wrong if w.startswith("missing")]
    assert result.extras == []
    assert result.invented_dates == []


def test_core_fields_right_across_all_pages(
    scores: dict[str, Score], capsys: pytest.CaptureFixture[str]
) -> None:
    results = list(scores.values())
    right = sum(s.right[f] for s in results for f in CORE)
    total = sum(s.expected for s in results) * len(CORE)
    with capsys.disabled():
        print("\n" + report(results))
    assert right / total >= FLOOR
