"""Turn what an adapter found (RawEntry: strings as on the page) into a ReviewIn for the store.

Pure and shared by every adapter: dates, case references, pseudonyms, review types, document kinds and the
stable key all come from here, so two partnerships' pages that say the same thing give the same answer.
Each step is a small public function with a table-driven test; normalise() only joins them up.

Never invent: a review's publication date comes only from the words the adapter says give it
(raw.published_text); a year inside a title ("Learning Reviews 2008-2014") is not a publication date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from aggregator.errors import SkipEntry
from aggregator.models import (
    REVIEW_TYPE_LABELS,
    DatePrecision,
    DocumentIn,
    DocumentKind,
    ReviewIn,
    ReviewType,
)
from sources.base import RawDocument, RawEntry
from sources.reading import words
from sources.reading.documents import media_type_for

# ---------------------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean_text(text: str | None) -> str:
    """Whitespace collapsed (no-break and thin spaces included), invisible characters dropped, stripped.
    Curly quotes stay as published; matching functions fold them with _fold()."""
    if not text:
        return ""
    return " ".join(text.translate(_INVISIBLE).split())


def _fold(text: str) -> str:
    """Straight quotes, for matching only: a curly and a straight apostrophe are one to a regex."""
    return clean_text(text).translate(words.STRAIGHTENED)


# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------

_MONTH = rf"(?P<month>{words.MONTH})\.?"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:{words.ORDINAL})?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I
)
_SEPARATOR = words.DATE_SEPARATOR
_NUMERIC = re.compile(  # UK order
    rf"\b(?P<day>\d{{1,2}}){_SEPARATOR}(?P<month>\d{{1,2}}){_SEPARATOR}(?P<year>\d{{4}})\b"
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")  # "2024-01-22"
_NUMERIC_MONTH = re.compile(rf"(?<![\d/.])(?P<month>\d{{1,2}}){_SEPARATOR}(?P<year>\d{{4}})\b")  # "03/2025"
_SEASON = re.compile(rf"\b(?P<season>{words.SEASON})\s+(?P<year>\d{{4}})\b", re.I)  # "Spring 2023"
# A bare year is a date only when the page says it is one: "published 2019", not "1997 - 2016".
_PUBLISHED_YEAR = re.compile(
    rf"\b{words.PUBLISHED_ON}(?P<year>\d{{4}})\b(?![-/.]\d)", re.I
)  # not "2023-11-07"


def parse_date(text: str | None) -> tuple[dt.date, DatePrecision] | None:
    """The first date the text gives, with how precise it is; None when it gives none."""
    if not text:
        return None
    found: list[tuple[int, int, dt.date, DatePrecision]] = []
    for pattern, precision in (
        (_DAY_MONTH_YEAR, DatePrecision.DAY),
        (_NUMERIC, DatePrecision.DAY),
        (_ISO, DatePrecision.DAY),
        (_MONTH_YEAR, DatePrecision.MONTH),
        (_NUMERIC_MONTH, DatePrecision.MONTH),
        (_SEASON, DatePrecision.SEASON),
        (_PUBLISHED_YEAR, DatePrecision.YEAR),
    ):
        for match in pattern.finditer(text):
            if (date := _date_of(match, precision)) is not None:
                # Earliest match first; at one position the longest (most precise) wins.
                found.append((match.start(), -len(match.group(0)), date, precision))
    if not found:
        return None
    _, _, date, precision = min(found, key=lambda f: (f[0], f[1]))
    return date, precision


def _date_of(match: re.Match[str], precision: DatePrecision) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if not 1900 <= year <= 2100:
        return None
    if groups.get("season"):
        month_number = words.SEASONS[groups["season"].lower()]
    else:
        month = (groups.get("month") or "1").lower()
        month_number = int(month) if month.isdigit() else words.MONTHS[month[:3]]
    try:
        return dt.date(year, month_number, int(groups.get("day") or 1))
    except ValueError:  # 31/02/2024: not a date
        return None


# ---------------------------------------------------------------------------------------------------------
# References and pseudonyms
# ---------------------------------------------------------------------------------------------------------

# Two digits exactly, so "YP1" and years stay out; acronyms without digits (DSCB, LCSPR) never match.
_REFERENCE = re.compile(rf"(?<![\w/]){words.REFERENCE}(?:\s*/\s*{words.REFERENCE})*(?![\w/])")
# In running text a reference names *this* review only when the text says so ("anonymised as MDS20/PDS20");
# "draws on the learning from TDS20" names another one.
_INTRODUCES = re.compile(words.INTRODUCES_REFERENCE, re.IGNORECASE)


def find_case_reference(text: str | None, *, introduced: bool = False) -> str | None:
    """The review's case reference ("ZDS22", "MDS20/PDS20"), upper-case, or None. With `introduced`, only
    one the text introduces as this review's ("anonymised as MDS20/PDS20"), for body text that may cite
    other reviews."""
    text = text or ""
    for match in _REFERENCE.finditer(text):
        reference = re.sub(r"\s+", "", match.group(0)).upper()
        if reference in words.NOT_REFERENCES:
            continue
        if not introduced or _INTRODUCES.search(text[max(0, match.start() - 40) : match.start()]):
            return reference
    return None


def find_pseudonyms(title: str | None, text: str | None, not_names: Collection[str] = ()) -> list[str]:
    """The names or initials a review gives the child or children, title first, deduplicated in order;
    never one of `not_names` (the words of the partnership's own names: "known as Derby and Derbyshire
    Safeguarding Children Partnership")."""
    title, text = _fold(title or ""), _fold(text or "")
    found: list[str] = []
    for pattern, where in (
        (words.NAME_BEFORE_REFERENCE, title),
        (words.CHILD, title),
        (words.INITIALS_REVIEW, title),
        (words.KNOWN_AS, title),
        (words.KNOWN_AS, text),
        (words.CHILD, text),
    ):
        for match in pattern.finditer(where):
            names = words.SPLIT_NAMES.split(match.group("names"))
            for name in names:
                # "A" alone is an article; in "P and A Review" or "Child A" it is an initial.
                initial = len(name) <= 3 and name.isupper() and (len(names) > 1 or pattern is words.CHILD)
                if (
                    name
                    and (not (name in words.NOT_NAMES or name in not_names) or initial)
                    and name not in found
                ):
                    found.append(name)
    return found


# ---------------------------------------------------------------------------------------------------------
# Review types and document kinds
# ---------------------------------------------------------------------------------------------------------

_DOCUMENT_WORDS = re.compile(words.DOCUMENT_WORDS, re.I)
_NAMED_REVIEW = re.compile(words.NAMED_REVIEW)


T = TypeVar("T")


def _table(rows: Iterable[tuple[str, T]]) -> tuple[tuple[re.Pattern[str], T], ...]:
    """A table of (words, meaning) rows, its words compiled to match in any case."""
    return tuple((re.compile(pattern, re.IGNORECASE), meaning) for pattern, meaning in rows)


# (words, type), in order: the first that matches wins. Applied to the title, then to the text.
_REVIEW_TYPES = _table(
    (
        (words.DOMESTIC_HOMICIDE_REVIEW, ReviewType.DOMESTIC_HOMICIDE_REVIEW_LEARNING),
        (words.NATIONAL_REVIEW, ReviewType.NATIONAL_REVIEW),
        (words.INDEPENDENT_REVIEW, ReviewType.INDEPENDENT_REVIEW),
        # An overview of many reviews' themes.
        (words.REVIEW_OF_REVIEWS, ReviewType.THEMATIC_BRIEFING),
        (words.MULTI_AGENCY_LEARNING_REVIEW, ReviewType.MULTI_AGENCY_LEARNING_REVIEW),
        (words.THEMATIC, ReviewType.THEMATIC_BRIEFING),
        (words.CSPR, ReviewType.LOCAL_CSPR),
        (words.SERIOUS_CASE_REVIEW, ReviewType.SERIOUS_CASE_REVIEW),
        (words.LEARNING_REVIEW, ReviewType.LEARNING_REVIEW),
    )
)


def classify_review(title: str | None, text: str | None) -> ReviewType:
    """What kind of review this is: what the title says wins over what the text says."""
    title, text = _fold(title or ""), _fold(text or "")
    if _DOCUMENT_WORDS.search(title) and _NAMED_REVIEW.search(title):
        # "2 Minute Briefing - C Review" is a product of the C review, not a thematic briefing: its type is
        # what the page says the reviews are ("learning materials from Serious Case Reviews").
        said = [_DOCUMENT_WORDS.sub(" ", title), _DOCUMENT_WORDS.sub(" ", text)]
        return next((kind for kind in map(_first_type, said) if kind), ReviewType.OTHER)
    return _first_type(title) or _first_type(text) or ReviewType.OTHER


def _first_type(text: str) -> ReviewType | None:
    return next((kind for pattern, kind in _REVIEW_TYPES if pattern.search(text)), None)


# (words, kind), in order: the first that matches wins.
_DOCUMENT_KINDS = _table(
    (
        (words.SUMMARY_OF_PROGRESS, DocumentKind.SUMMARY_OF_PROGRESS),
        (words.LEARNING_ON_A_PAGE, DocumentKind.LEARNING_ON_A_PAGE),
        (words.AUDIT, DocumentKind.AUDIT_FINDINGS),
        (words.RESPONSE, DocumentKind.STATEMENT),
        (words.ACTION_PLAN, DocumentKind.OTHER),
        (words.BRIEFING, DocumentKind.BRIEFING),
        (words.REPORT, DocumentKind.REPORT),
    )
)


def classify_document(title: str | None, url: str | None = None) -> DocumentKind:
    """What a document is, from its link text, else from its file name."""
    name = urlsplit(url or "").path.rsplit("/", 1)[-1]
    for text in (_fold(title or "").replace("_", " "), re.sub(r"[-_.+]|%20", " ", name)):
        for pattern, kind in _DOCUMENT_KINDS:
            if pattern.search(text):
                return kind
    return DocumentKind.OTHER


# ---------------------------------------------------------------------------------------------------------
# URLs, media types and keys
# ---------------------------------------------------------------------------------------------------------

# "(opens in new window)", "(external link)" closing a link's text.
_NEW_WINDOW = re.compile(rf"\s*[(\[]\s*(?:{words.NEW_WINDOW_WORDS})\s*[)\]]\s*$", re.I)
_OPENING, _CLOSING = words.LEFT_QUOTES + words.STRAIGHT_QUOTES, words.RIGHT_QUOTES + words.STRAIGHT_QUOTES
_ENCLOSING_QUOTES = re.compile(
    rf"^[{_OPENING}](?P<inner>[^{words.LEFT_QUOTES}{words.RIGHT_QUOTES}\"]+)[{_CLOSING}]$"
)
# Query parameters that only bust caches or track clicks: not part of what a document is.
_VOLATILE_PARAMETERS = {"v", "ver", "version", "dn", "index", "t", "ts", "timestamp", "download"}


def clean_url(url: str, *, keep_fragment: bool = False) -> str:
    """Whitespace stripped, scheme and host lower-cased, spaces escaped; the query kept; the fragment
    dropped (documents) unless asked to keep it (a review's anchor on its page)."""
    parts = urlsplit(url.strip())
    path = parts.path.replace(" ", "%20")
    fragment = parts.fragment if keep_fragment else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, fragment))


def clean_document_title(title: str) -> str:
    """Link text without file hints ("(PDF, 612KB)"), "(opens in new window)" or quotes around the whole
    title (curly-quoted "Child Cameron"); a date the title gives stays, tidied:
    "Summary of Progress ( published July 2024)" -> "Summary of Progress (published July 2024)"."""
    text = _NEW_WINDOW.sub("", clean_text(words.FILE_HINT.sub("", title)))
    text = _ENCLOSING_QUOTES.sub(r"\g<inner>", text).strip()
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text).lower()).strip("-")


_MAX_URL_SLUG = 160


def review_key(
    partnership: str,
    case_reference: str | None,
    pseudonyms: list[str],
    year: int | None,
    report_url: str | None,
    *,
    fallback: str = "",
) -> str:
    """A review's permanent identity (DESIGN.md): its case reference, else its pseudonyms and year, else its
    report's URL (path, and the query's identifying parameters: "GatewayLink.aspx?alId=101" is one file and
    "?alId=102" another, while "?ver=3" does not make a new review), else a hash of `fallback`."""
    if case_reference:
        return f"{partnership}/ref/{slugify(case_reference)}"
    if pseudonyms and year:
        return f"{partnership}/child/{'-'.join(slugify(p) for p in pseudonyms)}-{year}"
    if report_url:
        parts = urlsplit(report_url)
        path = re.sub(rf"\.(?:{words.EXTENSIONS})$", "", unquote(parts.path), flags=re.I)
        query = [
            f"{name}-{value}"
            for name, value in parse_qsl(parts.query)
            if name.lower() not in _VOLATILE_PARAMETERS and not name.lower().startswith("utm_")
        ]
        slug = slugify(" ".join([path, *query]))
        if len(slug) > _MAX_URL_SLUG:  # keys are stored in 300 characters; keep them well inside that
            digest = hashlib.sha1(slug.encode()).hexdigest()[:12]
            slug = f"{slug[: _MAX_URL_SLUG - 13].rstrip('-')}-{digest}"
        if slug:
            return f"{partnership}/url/{slug}"
        fallback = report_url
    return f"{partnership}/url/{hashlib.sha1(fallback.encode()).hexdigest()[:12]}"


# ---------------------------------------------------------------------------------------------------------
# The whole entry
# ---------------------------------------------------------------------------------------------------------


TITLE_WORDS = 40
# "... have published a briefing outlining ...": what a review's text says it published.
_PUBLISHED_A = re.compile(words.PUBLISHED_A, re.I)


def _title_from(text: str, summary: str, pseudonyms: list[str]) -> str:
    """A title for a review its page gives none: its type and the child's name ("Multi-agency learning
    review: Aaron"), else the first sentence that says what it is, cut at TITLE_WORDS words."""
    if pseudonyms:
        kind = classify_review(None, text)
        label = REVIEW_TYPE_LABELS[kind] if kind != ReviewType.OTHER else "Review"
        return f"{label}: {' and '.join(pseudonyms)}"
    said: list[str] = []
    for source in (summary, text):  # the summary may be only "Available reports ...:"
        sentence = words.first_sentence(source or "")
        said = re.sub(rf"[\s,;]*\b{words.AVAILABLE_WORDS}\b.*$", "", sentence, flags=re.I).split()
        if said:
            break
    if not said:
        return text  # nothing but "Available reports ...": better the words than no title
    return " ".join(said[:TITLE_WORDS]) + ("\u2026" if len(said) > TITLE_WORDS else "")


def normalise_documents(documents: tuple[RawDocument, ...]) -> list[DocumentIn]:
    """Clean each document; a URL given twice is one document (the first link wins)."""
    result: list[DocumentIn] = []
    seen: set[str] = set()
    for raw in documents:
        url = clean_url(raw.url)
        if url in seen:
            continue
        seen.add(url)
        title = clean_document_title(raw.title) or url.rsplit("/", 1)[-1]
        date = parse_date(title)  # "( published July 2024)"; a bare year ("Kern 2013") is no date
        result.append(
            DocumentIn(
                url=url,
                title=title,
                kind=classify_document(title, url),
                media_type=media_type_for(url, raw.title),
                published_on=date[0] if date else None,
                published_precision=date[1] if date else None,
            )
        )
    return result


def main_report(documents: list[DocumentIn]) -> DocumentIn | None:
    """The document a review's key falls back on: its first report, else its first document."""
    return next((d for d in documents if d.kind == DocumentKind.REPORT), documents[0] if documents else None)


@dataclass(frozen=True)
class PartnershipWords:
    """What normalise knows of the partnership whose page it reads: its slug, which begins every review's
    key, and the words of its own names ("Derby", "Derbyshire", "DDSCP"), which never name a child."""

    slug: str
    names: frozenset[str] = frozenset()


def normalise(raw: RawEntry, partnership: PartnershipWords) -> ReviewIn:
    """A RawEntry as the store wants it; SkipEntry when it has neither title nor text."""
    title = clean_text(raw.title)
    text = clean_text(raw.text) or title
    if not text:
        raise SkipEntry(f"entry on {raw.url} has no title and no text")
    reference = find_case_reference(title) or find_case_reference(text, introduced=True)
    pseudonyms = find_pseudonyms(title, text, partnership.names)
    title = title or _title_from(text, clean_text(raw.summary), pseudonyms)
    published = parse_date(clean_text(raw.published_text)) if raw.published_text else None
    documents = normalise_documents(raw.documents)
    if (
        len(documents) == 1
        and documents[0].kind == DocumentKind.OTHER
        and (said := _PUBLISHED_A.search(text))
    ):
        # A review's one document, named for its subject, is what the review's text says it published
        # ("have published a briefing outlining top tips for <Supporting practitioners ...>").
        documents[0].kind = classify_document(said.group(1))
    report = main_report(documents)
    url = clean_url(raw.url, keep_fragment=True)
    return ReviewIn(
        key=review_key(
            partnership.slug,
            reference,
            pseudonyms,
            published[0].year if published else None,
            report.url if report else None,
            fallback=f"{url} {title}",
        ),
        title=title,
        url=url,
        review_type=classify_review(title, text),
        case_reference=reference,
        pseudonyms=pseudonyms,
        published_on=published[0] if published else None,
        published_precision=published[1] if published else None,
        summary=clean_text(raw.summary) or None,
        documents=documents,
        entry_id=raw.entry_id,
    )
