"""A pushed review becomes a ReviewIn as a harvested entry would: cleaned, keyed by the same rule."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from aggregator.models import DatePrecision, DocumentKind, ReviewType
from aggregator.push import ReviewPush, parse_published, published_text, to_review, unstorable


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2025", dt.date(2025, 1, 1), DatePrecision.YEAR),
        ("2025-05", dt.date(2025, 5, 1), DatePrecision.MONTH),
        ("2025-05-14", dt.date(2025, 5, 14), DatePrecision.DAY),
    ],
)
def test_published_gives_its_precision_and_reads_back_as_given(
    text: str, date: dt.date, precision: DatePrecision
) -> None:
    assert parse_published(text) == (date, precision)
    assert published_text(date, precision) == text


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "2025-00"])
def test_a_published_that_is_no_date_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="is no date"):
        ReviewPush(title="Child Q", published=text)


def test_a_push_is_cleaned_and_keyed_like_a_harvested_entry() -> None:
    push = ReviewPush.model_validate(
        {
            "title": "  Local Child Safeguarding Practice Review:\u00a0Child Q ",
            "pseudonyms": ["Q", " Q "],
            "review_type": "local-cspr",
            "published": "2025-05",
            "documents": [
                {
                    "url": "https://x.org/q-brief.pdf",
                    "title": "7 minute briefing (PDF, 220KB)",
                    "kind": "briefing",
                },
                {"url": "https://X.ORG/q.pdf", "title": "Overview report", "kind": "report"},
                {"url": "https://x.org/q.pdf", "title": "Same report again", "kind": "other"},
            ],
        }
    )
    review = to_review(push, "example", "https://x.org")
    assert review.key == "example/child/q-2025"
    assert review.title == "Local Child Safeguarding Practice Review: Child Q"
    assert review.pseudonyms == ["Q"]
    assert review.review_type == ReviewType.LOCAL_CSPR
    assert (review.published_on, review.published_precision) == (dt.date(2025, 5, 1), DatePrecision.MONTH)
    assert [(d.url, d.title, d.kind) for d in review.documents] == [
        ("https://x.org/q-brief.pdf", "7 minute briefing", DocumentKind.BRIEFING),
        ("https://x.org/q.pdf", "Overview report", DocumentKind.REPORT),
    ]
    assert review.url == "https://x.org/q.pdf"  # no page given: its report


def test_a_case_reference_is_the_key_and_a_bare_review_links_to_the_homepage() -> None:
    assert to_review(ReviewPush(title="x", case_reference="ZDS22"), "e", "https://x.org").key == "e/ref/zds22"
    bare = to_review(ReviewPush(title="A thematic briefing"), "e", "https://x.org")
    assert bare.url == "https://x.org" and bare.key.startswith("e/url/")


def test_unstorable_values_are_named_by_their_field() -> None:
    data = {"title": "a\x00b", "documents": [{"title": "ok\tfine"}, {"title": "\ud800"}], "n": float("inf")}
    assert [field for field, _ in unstorable(data)] == ["title", "documents.1.title", "n"]
