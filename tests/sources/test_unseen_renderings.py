"""Both adapters on renderings written blind from the seed texts, in CMS layouts the adapters were not
built from (see each fixture folder's README). `unseen-expected.json` lists, per page, what a person
reading the page says it holds: every review, in page order, with its reference, pseudonyms, publication
month and documents, and the links that are site furniture, not documents. Document URLs are compared
as the store keeps them (`clean_url`: no fragment, no cache-busting query)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aggregator.models import ReviewIn
from aggregator.normalise import clean_url, normalise
from sources import get_adapter
from sources.base import Page
from tests.conftest import configured_words

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
CASES = [
    (slug, name, expected)
    for slug in ("derby-and-derbyshire", "doncaster")
    for name, expected in json.loads((PAGES / slug / "unseen-expected.json").read_text()).items()
]


def read(slug: str, name: str, url: str) -> list[ReviewIn]:
    adapter = get_adapter(slug)
    page = Page(url=url, content=(PAGES / slug / name).read_bytes())
    return [normalise(raw, configured_words(slug)) for raw in adapter.parse(page, adapter.options())]


@pytest.mark.parametrize(("slug", "name", "expected"), CASES, ids=[c[1] for c in CASES])
def test_every_review_with_its_fields_in_page_order(slug: str, name: str, expected: dict[str, Any]) -> None:
    reviews = read(slug, name, expected["url"])
    wanted = expected["reviews"]
    assert len(reviews) == len(wanted), [r.title for r in reviews]
    for review, want in zip(reviews, wanted, strict=True):
        # What the writer was sure the review's title or first sentence holds.
        named = f"{review.title} {review.summary or ''}".lower()
        assert want["title_contains"].lower() in named, (review.title, want["title_contains"])
        if "case_reference" in want:
            assert review.case_reference == want["case_reference"], review.title
        assert sorted(review.pseudonyms) == sorted(want["pseudonyms"]), review.title
        published = review.published_on.strftime("%Y-%m") if review.published_on else None
        assert published == want["published"], review.title
        assert [(d.url, d.kind) for d in review.documents] == [
            (clean_url(d["url"]), d["kind"]) for d in want["documents"]
        ], review.title


@pytest.mark.parametrize(("slug", "name", "expected"), CASES, ids=[c[1] for c in CASES])
def test_furniture_is_never_a_document_and_keys_are_unique(
    slug: str, name: str, expected: dict[str, Any]
) -> None:
    reviews = read(slug, name, expected["url"])
    documents = {d.url for r in reviews for d in r.documents}
    assert expected["not_documents"] and not documents & {clean_url(u) for u in expected["not_documents"]}
    assert len({r.key for r in reviews}) == len(reviews)
