"""Score a reader against pages written blind: what a person says each page holds
(`tests/fixtures/pages/<slug>/blind-expected.json`) against what the reader and normalise make of it.

Per page: reviews found (an expected review is found when a read review shares a document with it, or has
its title), each found review's fields (title, publication date with its precision, documents with their
kinds, pseudonyms, review type), extras (read reviews that are none of the expected ones: an adult review,
an annual report, a briefing split off its review) and invented dates (a date where the page gives none).

`python -m tests.sources.scoring [ADAPTER]` prints the table.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aggregator.models import ReviewIn
from aggregator.normalise import clean_url, normalise
from aggregator.pipeline import partnership_words
from aggregator.settings import PartnershipConfig, load_partnership_file
from sources import get_adapter
from sources.base import Page
from sources.reading import words

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "tests" / "fixtures" / "pages"
FIELDS = ("title", "published", "documents", "pseudonyms", "review_type")
# The fields the bar is set on: at least 98% right.
CORE = ("title", "published", "documents")


@dataclass(frozen=True)
class BlindPage:
    slug: str
    name: str
    url: str
    expected: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.slug}/{self.name}"


@dataclass
class Score:
    page: str
    expected: int = 0
    found: int = 0
    extras: list[str] = field(default_factory=list)
    invented_dates: list[str] = field(default_factory=list)
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    wrong: list[str] = field(default_factory=list)  # "field of review: got ... want ..."
    error: str | None = None

    def fraction(self, fields: tuple[str, ...] = CORE) -> float:
        total = self.expected * len(fields)
        return sum(self.right[f] for f in fields) / total if total else 1.0


def blind_pages() -> Iterator[BlindPage]:
    for path in sorted(PAGES.glob("*/blind-expected.json")):
        for name, expected in json.loads(path.read_text()).items():
            yield BlindPage(path.parent.name, name, expected["url"], expected)


def config_of(slug: str) -> PartnershipConfig:
    """The partnership's file, in config/partnerships/ or config/examples/."""
    path = REPO / "config" / "partnerships" / f"{slug}.toml"
    return load_partnership_file(path if path.exists() else REPO / "config" / "examples" / f"{slug}.toml")


def adapter_for(slug: str) -> str:
    """The adapter the partnership's config names (the generic reader's when it names none)."""
    return config_of(slug).sources[0].adapter


def read(page: BlindPage, adapter_name: str) -> list[ReviewIn]:
    adapter = get_adapter(adapter_name)
    fetched = Page(url=page.url, content=(PAGES / page.slug / page.name).read_bytes())
    words = partnership_words(config_of(page.slug))
    return [normalise(raw, words) for raw in adapter.parse(fetched, adapter.options())]


_HINT = re.compile(r"[(\[][^)\]]*(?:pdf|docx?|word|kb|mb)[^)\]]*[)\]]", re.I)
_TRAILING_DATE = re.compile(
    r"[\s,\u2013\u2014-]*(?:\(?(?:published\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\)?|\d{4})\s*$",
    re.I,
)


def same_title(got: str, want: str) -> bool:
    """Equal once case, quotes, dashes, spacing, file hints and a trailing date are set aside."""

    def tidy(text: str) -> str:
        text = _TRAILING_DATE.sub("", _HINT.sub(" ", text))
        return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())

    return tidy(got) == tidy(want)


def published(review: ReviewIn) -> str | None:
    if review.published_on is None:
        return None
    day = review.published_on
    match review.published_precision:
        case "day":
            return day.isoformat()
        case "month":
            return day.strftime("%Y-%m")
        case "year":
            return str(day.year)
        case "season":
            return f"{day.year}-{_SEASONS[day.month]}"
    return f"{day.isoformat()} ({review.published_precision})"


# The vocabulary's seasons by the month each is stored as ("fall" is autumn's other name).
_SEASONS = {month: name for name, month in words.SEASONS.items() if name != "fall"}


def documents(items: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(clean_url(d["url"]), d["kind"]) for d in items}


def score(page: BlindPage, adapter_name: str) -> Score:
    result = Score(page.id, expected=len(page.expected["reviews"]))
    try:
        reviews = read(page, adapter_name)
    except Exception as exc:  # a reader that fails on a page scores nothing on it
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    unmatched = list(reviews)
    for want in page.expected["reviews"]:
        wanted_urls = {url for url, _ in documents(want["documents"])}
        match = next((r for r in unmatched if wanted_urls & {d.url for d in r.documents}), None)
        match = match or next((r for r in unmatched if same_title(r.title, want["title"])), None)
        if match is None:
            result.wrong.append(f"missing: {want['title']}")
            continue
        unmatched.remove(match)
        result.found += 1
        got = {
            "title": same_title(match.title, want["title"]),
            "published": published(match) == want["published"],
            "documents": {(d.url, d.kind) for d in match.documents} == documents(want["documents"]),
            "pseudonyms": sorted(match.pseudonyms) == sorted(want["pseudonyms"]),
            "review_type": match.review_type == want["review_type"],
        }
        shown = {
            "title": match.title,
            "published": published(match),
            "documents": sorted((d.url.rsplit("/", 1)[-1], d.kind) for d in match.documents),
            "pseudonyms": match.pseudonyms,
            "review_type": match.review_type,
        }
        expected_shown = {
            "documents": sorted((url.rsplit("/", 1)[-1], kind) for url, kind in documents(want["documents"])),
        }
        for name, ok in got.items():
            if ok:
                result.right[name] += 1
            else:
                wanted = expected_shown.get(name, want[name])
                result.wrong.append(f"{name} of {want['title']!r}: got {shown[name]!r}, want {wanted!r}")
        if want["published"] is None and match.published_on is not None:
            result.invented_dates.append(f"{want['title']}: {published(match)}")
    result.extras = [r.title for r in unmatched]
    return result


def report(scores: list[Score]) -> str:
    lines = [
        f"{'page':<62} {'found':>7} {'title':>6} {'date':>6} {'docs':>6} {'names':>6} {'type':>6} extras"
    ]
    totals = Score("all pages")
    for s in scores:
        totals.expected += s.expected
        totals.found += s.found
        totals.extras += s.extras
        for name in FIELDS:
            totals.right[name] += s.right[name]
    for s in [*scores, totals]:
        cells = [f"{s.right[f]}/{s.expected}" for f in FIELDS]
        lines.append(
            f"{s.page:<62} {s.found:>3}/{s.expected:<3} "
            + " ".join(f"{c:>6}" for c in cells)
            + f" {len(s.extras)}"
            + (f"  ERROR {s.error}" if s.error else "")
        )
    lines.append(f"core fields right (title, date, documents): {totals.fraction():.1%}")
    return "\n".join(lines)


if __name__ == "__main__":
    chosen = sys.argv[1] if len(sys.argv) > 1 else None
    scores = [score(p, chosen or adapter_for(p.slug)) for p in blind_pages()]
    print(report(scores))
    for s in scores:
        for line in [
            *s.wrong,
            *(f"extra: {e}" for e in s.extras),
            *(f"invented date: {d}" for d in s.invented_dates),
        ]:
            print(f"  {s.page}: {line}")
