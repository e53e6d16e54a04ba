"""What a partnership pushes to the API, and how it becomes a ReviewIn like a harvested entry.

The body is the shared schema (README "Add your partnership"): title, pseudonyms, case reference, review
type, publication date at its precision, summary and documents. It is cleaned by the same functions as a
page's entries (aggregator/normalise.py) and keyed by the same rule, so a review a partnership pushes and
the same review harvested from its page are one review.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, assert_never

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, field_validator

from aggregator.models import DatePrecision, DocumentKind, Review, ReviewIn, ReviewType, SiteStatus
from aggregator.normalise import clean_text, clean_url, main_report, normalise_documents, review_key
from sources.base import RawDocument

_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
PUBLISHED_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
HTTP_URL = r"^https?://\S+$"
EXAMPLE: dict[str, JsonValue] = {
    "title": "Local Child Safeguarding Practice Review: Child Q",
    "pseudonyms": ["Q"],
    "case_reference": None,
    "review_type": "local-cspr",
    "published": "2025-05",
    "summary": "The review of the help given to Child Q before she was criminally exploited.",
    "documents": [{"url": "https://example.org/q.pdf", "title": "Overview report", "kind": "report"}],
}
# Short enough that a review's key ("<slug>/child/<pseudonyms>-<year>") fits its 300-character column.
Pseudonym = Annotated[str, StringConstraints(min_length=1, max_length=20)]


class DocumentPush(BaseModel):
    """One document of a pushed review."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(pattern=HTTP_URL, max_length=2000, description="Absolute http(s) URL of the file")
    title: str = Field(min_length=1, max_length=500, description="What the link says: 'Overview report'")
    kind: DocumentKind = Field(DocumentKind.OTHER, description="What the document is")


class ReviewPush(BaseModel):
    """One review, as a partnership pushes it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE]})

    title: str = Field(min_length=1, max_length=500)
    pseudonyms: list[Pseudonym] = Field(
        default_factory=list, max_length=6, description="The child's or children's names: 'Q', 'Harper'"
    )
    case_reference: str | None = Field(None, max_length=50, description="The partnership's reference")
    review_type: ReviewType = ReviewType.OTHER
    published: str | None = Field(
        None,
        pattern=PUBLISHED_PATTERN,
        description="Publication date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD",
    )
    summary: str | None = Field(None, max_length=5000)
    url: str | None = Field(
        None,
        pattern=HTTP_URL,
        max_length=2000,
        description="The review's page on the partnership's site (default: its report, else the homepage)",
    )
    documents: list[DocumentPush] = Field(default_factory=list, max_length=50)

    @field_validator("title")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not clean_text(value):
            raise ValueError("must not be blank")
        return value

    @field_validator("published")
    @classmethod
    def _a_date(cls, value: str | None) -> str | None:
        if value is not None:
            parse_published(value)
        return value


class ReviewOut(BaseModel):
    """A stored review, as the API lists it: what was pushed (or harvested), and where it stands."""

    key: str
    title: str
    url: str
    pseudonyms: list[str]
    case_reference: str | None
    review_type: ReviewType
    published: str | None
    summary: str | None
    documents: list[DocumentPush]
    site_status: SiteStatus
    updated: dt.datetime = Field(description="The last change of its content: the feeds' <updated>")
    first_seen: dt.datetime
    last_seen: dt.datetime
    removed_at: dt.datetime | None

    @classmethod
    def of(cls, review: Review) -> ReviewOut:
        published = None
        if review.published_on is not None:
            published = published_text(review.published_on, review.published_precision)
        return cls(
            key=review.key,
            title=review.title,
            url=review.url,
            pseudonyms=list(review.pseudonyms),
            case_reference=review.case_reference,
            review_type=review.review_type,
            published=published,
            summary=review.summary,
            documents=[DocumentPush(url=d.url, title=d.title, kind=d.kind) for d in review.documents],
            site_status=review.site_status,
            updated=review.content_updated_at,
            first_seen=review.first_seen_at,
            last_seen=review.last_seen_at,
            removed_at=review.removed_at,
        )


class PushResult(BaseModel):
    outcome: Literal["created", "changed", "unchanged"]
    review: ReviewOut


class WithdrawResult(BaseModel):
    outcome: Literal["withdrawn", "already-withdrawn"]
    review: ReviewOut


def parse_published(text: str) -> tuple[dt.date, DatePrecision]:
    """ "2025", "2025-05" or "2025-05-14": the date and its precision; ValueError for another or no date."""
    parts = [int(part) for part in text.split("-")]
    precision = (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY)[len(parts) - 1]
    try:
        return dt.date(*parts, *[1] * (3 - len(parts))), precision
    except ValueError:
        raise ValueError(f"{text!r} is no date; expected YYYY, YYYY-MM or YYYY-MM-DD") from None


def published_text(day: dt.date, precision: DatePrecision | None) -> str:
    """A date as pushed: "2025", "2025-05" or "2025-05-14"."""
    match precision:
        case DatePrecision.YEAR:
            return f"{day:%Y}"
        case DatePrecision.MONTH | DatePrecision.SEASON:  # a season as its first month: "Spring 2023" 2023-03
            return f"{day:%Y-%m}"
        case DatePrecision.DAY | None:
            return day.isoformat()
        case _:
            assert_never(precision)


def to_review(push: ReviewPush, partnership: str, homepage: str) -> ReviewIn:
    """The pushed review as the store wants it, cleaned and keyed as a harvested entry would be."""
    title = clean_text(push.title)
    pseudonyms = list(dict.fromkeys(name for name in map(clean_text, push.pseudonyms) if name))
    reference = clean_text(push.case_reference) or None
    day, precision = parse_published(push.published) if push.published else (None, None)
    documents = normalise_documents(tuple(RawDocument(url=d.url, title=d.title) for d in push.documents))
    kinds: dict[str, DocumentKind] = {}
    for given in push.documents:  # the partnership says what each document is; the first link wins
        kinds.setdefault(clean_url(given.url), given.kind)
    for document in documents:
        document.kind = kinds[document.url]
    report = main_report(documents)
    report_url = report.url if report else None
    url = clean_url(push.url, keep_fragment=True) if push.url else report_url or homepage
    year = day.year if day else None
    key = review_key(partnership, reference, pseudonyms, year, report_url, fallback=f"{url} {title}")
    summary = clean_text(push.summary) or None
    return ReviewIn(key=key, title=title, url=url, review_type=push.review_type, case_reference=reference,
                    pseudonyms=pseudonyms, published_on=day, published_precision=precision, summary=summary,
                    documents=documents)  # fmt: skip


def unstorable(value: Any, field: str = "") -> list[tuple[str, str]]:
    """(field, message) for each value in a request's data the store cannot keep: text holding NUL or
    other control characters or lone surrogates (PostgreSQL refuses them), and numbers that are not finite
    (JSON has none). Checked before anything is written, so such a request is refused, never half-stored."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            return [(field or "(body)", "holds a control character or a lone surrogate")]
        return []
    if isinstance(value, float) and not math.isfinite(value):
        return [(field or "(body)", "must be a finite number")]
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, list | tuple):
        items = list(enumerate(value))
    else:
        return []
    prefix = f"{field}." if field else ""
    found = []
    for key, item in items:
        found += unstorable(key, f"{prefix}{key}") if isinstance(key, str) else []
        found += unstorable(item, f"{prefix}{key}")
    return found
