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
from sources.reading.documents import media_type_for
from sources.reading.words import (
    AVAILABLE_WORDS,
    DATE_SEPARATOR,
    EXTENSIONS,
    FILE_HINT,
    LEFT_QUOTES,
    MONTH,
    MONTHS,
    NEW_WINDOW_WORDS,
    ORDINAL,
    PUBLISHED_ON,
    RIGHT_QUOTES,
    STRAIGHT_QUOTES,
    STRAIGHTENED,
    first_sentence,
)

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
    return clean_text(text).translate(STRAIGHTENED)


# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------

_MONTH = rf"(?P<month>{MONTH})\.?"
_DAY_MONTH_YEAR = re.compile(rf"\b(?P<day>\d{{1,2}})(?:{ORDINAL})?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I)
_NUMERIC = re.compile(  # UK order
    rf"\b(?P<day>\d{{1,2}}){DATE_SEPARATOR}(?P<month>\d{{1,2}}){DATE_SEPARATOR}(?P<year>\d{{4}})\b"
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I)
# A bare year is a date only when the page says it is one: "published 2019", not "1997 - 2016".
_PUBLISHED_YEAR = re.compile(rf"\b{PUBLISHED_ON}(?P<year>\d{{4}})\b", re.I)


def parse_date(text: str | None) -> tuple[dt.date, DatePrecision] | None:
    """The first date the text gives, with how precise it is; None when it gives none."""
    if not text:
        return None
    found: list[tuple[int, int, dt.date, DatePrecision]] = []
    for pattern, precision in (
        (_DAY_MONTH_YEAR, DatePrecision.DAY),
        (_NUMERIC, DatePrecision.DAY),
        (_MONTH_YEAR, DatePrecision.MONTH),
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
    month = (groups.get("month") or "1").lower()
    month_number = int(month) if month.isdigit() else MONTHS[month[:3]]
    try:
        return dt.date(year, month_number, int(groups.get("day") or 1))
    except ValueError:  # 31/02/2024: not a date
        return None


# ---------------------------------------------------------------------------------------------------------
# References and pseudonyms
# ---------------------------------------------------------------------------------------------------------

# DDSCP style: letters and a two-digit year, joint reviews joined by "/" ("MDS20/PDS20"). Two digits exactly,
# so "YP1" and years stay out; acronyms without digits (DSCB, LCSPR) never match.
_REFERENCE = re.compile(r"(?<![\w/])[A-Z]{2,5}\d{2}(?:\s*/\s*[A-Z]{2,5}\d{2})*(?![\w/])")
_NOT_REFERENCES = {"COVID19", "SARS19"}
# In running text a reference names *this* review only when the text says so ("anonymised as MDS20/PDS20");
# "draws on the learning from TDS20" names another one.
_INTRODUCES = re.compile(
    r"\b(?:anonymi[sz]ed as|known as|referred to as|reference(?:d as)?:?|ref\.?:?)"
    rf"\s*[{STRAIGHT_QUOTES}{LEFT_QUOTES}(]?$",
    re.IGNORECASE,
)


def find_case_reference(text: str | None, *, introduced: bool = False) -> str | None:
    """The review's case reference ("ZDS22", "MDS20/PDS20"), upper-case, or None. With `introduced`, only
    one the text introduces as this review's ("anonymised as MDS20/PDS20"), for body text that may cite
    other reviews."""
    text = text or ""
    for match in _REFERENCE.finditer(text):
        reference = re.sub(r"\s+", "", match.group(0)).upper()
        if reference in _NOT_REFERENCES:
            continue
        if not introduced or _INTRODUCES.search(text[max(0, match.start() - 40) : match.start()]):
            return reference
    return None


_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{1,3}\d{0,2}"
# "known as Zac", "referred to as Aaron", "referred to as young people YP1 and YP2", "known as 'Zac'"
_KNOWN_AS = re.compile(
    r"\b(?:known as|referred to as|called)\s+"
    r"(?i:(?:the\s+)?(?:young people|young person|children|child|baby|siblings?)\s+)?"
    rf"[\"']?(?P<names>(?:{_NAME})(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)(?:{_NAME}))*)"
)
# "Child Cameron", "Child M", "Baby D", "Young Person G", "Sibling X" (but not "Child Safeguarding")
_CHILD = re.compile(rf"\b(?:Child|Baby|Young Person|Sibling)\s+(?P<names>{_NAME})\b")
# "Review: Zac (ZDS22)": a name just before a case reference in brackets
_NAME_BEFORE_REFERENCE = re.compile(r"\b(?P<names>[A-Z][a-z]+)\s*\(\s*[A-Z]{2,5}\d{2}\b")
# Initials naming a review in a title: "P and A Review", "C Review", "TS Review"
_INITIALS_REVIEW = re.compile(r"(?<![\w&])(?P<names>[A-Z]{1,3}(?:\s*(?:and|&)\s*[A-Z]{1,3})*)\s+Review\b")
_SPLIT_NAMES = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
# Capitalised words that follow "Child"/"as" in ordinary prose, and acronyms that are not children.
_NOT_NAMES = {
    "A", "I", "The", "This", "That", "Safeguarding", "Protection", "Practice", "Death", "Deaths", "Sexual",
    "Criminal", "Exploitation", "Abuse", "Care", "Health", "Review", "Reviews", "Panel", "Act", "In", "Of",
    "And", "Services", "Social", "Mental", "Local", "National", "Serious", "Case", "Learning", "Derby",
    "Derbyshire", "Available", "Keeping", "Babies", "Safe", "Young", "Person", "People", "SCR", "DHR", "CSE",
    "NHS", "CSPR", "SAR", "LSCB", "DSCB", "DSCP", "MASH",
}  # fmt: skip


def find_pseudonyms(title: str | None, text: str | None) -> list[str]:
    """The names or initials a review gives the child or children, title first, deduplicated in order."""
    title, text = _fold(title or ""), _fold(text or "")
    found: list[str] = []
    for pattern, where in (
        (_NAME_BEFORE_REFERENCE, title),
        (_CHILD, title),
        (_INITIALS_REVIEW, title),
        (_KNOWN_AS, title),
        (_KNOWN_AS, text),
        (_CHILD, text),
    ):
        for match in pattern.finditer(where):
            names = _SPLIT_NAMES.split(match.group("names"))
            for name in names:
                # "A" alone is an article; in "P and A Review" or "Child A" it is an initial.
                initial = len(name) <= 3 and name.isupper() and (len(names) > 1 or pattern is _CHILD)
                if name and (name not in _NOT_NAMES or initial) and name not in found:
                    found.append(name)
    return found


# ---------------------------------------------------------------------------------------------------------
# Review types and document kinds
# ---------------------------------------------------------------------------------------------------------

_DOCUMENT_WORDS = re.compile(
    r"\b(?:\d+\s+minute\s+briefing|learning\s+(?:on\s+(?:a|one)\s+page|briefing)|briefing|summary|report)\b",
    re.I,
)
# A title naming one review by initials or pseudonym: "2 Minute Briefing - C Review", "Zac Review".
_NAMED_REVIEW = re.compile(
    r"(?:^|[-:\u2013]\s*)(?:[A-Z]{1,3}(?:\s+and\s+[A-Z]{1,3})*|[A-Z][a-z]+)\s+Review\b"
)

# (pattern, type), in order: the first that matches wins. Applied to the title, then to the text.
_REVIEW_TYPES: tuple[tuple[re.Pattern[str], ReviewType], ...] = (
    (
        re.compile(r"\bdomestic homicide reviews?\b|\bDHR\b", re.I),
        ReviewType.DOMESTIC_HOMICIDE_REVIEW_LEARNING,
    ),
    (
        re.compile(r"\bnational (?:child safeguarding practice )?review\b|\bnational panel\b", re.I),
        ReviewType.NATIONAL_REVIEW,
    ),
    (re.compile(r"\bindependent (?:\w+ )?review\b", re.I), ReviewType.INDEPENDENT_REVIEW),
    # "Review of Serious Case Reviews and Learning Reviews": an overview of many reviews' themes.
    (re.compile(r"\breview of (?:\w+ ){0,3}reviews\b", re.I), ReviewType.THEMATIC_BRIEFING),
    (re.compile(r"\bmulti[- ]agency learning review\b", re.I), ReviewType.MULTI_AGENCY_LEARNING_REVIEW),
    # "Learning from a 2014 Serious Incident Learning Review": a briefing drawn from a review.
    (
        re.compile(r"^learning from\b|\bthematic\b|\bthemes?\b|\bbriefings?\b|\btop tips\b", re.I),
        ReviewType.THEMATIC_BRIEFING,
    ),
    (
        re.compile(r"\bL?CSPRs?\b|\bchild safeguarding practice reviews?\b", re.I),
        ReviewType.LOCAL_CSPR,
    ),
    (re.compile(r"\bserious case reviews?\b|\bSCRs?\b", re.I), ReviewType.SERIOUS_CASE_REVIEW),
    (re.compile(r"\blearning reviews?\b", re.I), ReviewType.LEARNING_REVIEW),
)


def classify_review(title: str | None, text: str | None) -> ReviewType:
    """What kind of review this is: what the title says wins over what the text says."""
    title, text = _fold(title or ""), _fold(text or "")
    if _DOCUMENT_WORDS.search(title) and _NAMED_REVIEW.search(title):
        # "2 Minute Briefing - C Review" is a product of the C review, not a thematic briefing: its type is
        # what the page says the reviews are ("learning materials from Serious Case Reviews").
        words = [_DOCUMENT_WORDS.sub(" ", title), _DOCUMENT_WORDS.sub(" ", text)]
        return next((kind for kind in map(_first_type, words) if kind), ReviewType.OTHER)
    return _first_type(title) or _first_type(text) or ReviewType.OTHER


def _first_type(text: str) -> ReviewType | None:
    return next((kind for pattern, kind in _REVIEW_TYPES if pattern.search(text)), None)


_DOCUMENT_KINDS: tuple[tuple[re.Pattern[str], DocumentKind], ...] = (
    (
        re.compile(r"\bsummary of progress\b|\bprogress (?:summary|update)\b", re.I),
        DocumentKind.SUMMARY_OF_PROGRESS,
    ),
    # A "7 minute briefing" is a briefing, like a "2 minute briefing"; only one-page learning is
    # learning-on-a-page.
    (
        re.compile(r"\blearning on (?:a|one) page\b|\bone[- ]page learning\b|\blearning on a page\b", re.I),
        DocumentKind.LEARNING_ON_A_PAGE,
    ),
    (re.compile(r"\baudit", re.I), DocumentKind.AUDIT_FINDINGS),
    (re.compile(r"\bstatement\b", re.I), DocumentKind.STATEMENT),
    (re.compile(r"\bbriefing\b|\btop tips\b", re.I), DocumentKind.BRIEFING),
    # "LCSPR Child Cameron January 2023": a document named for the review is its report.
    (re.compile(r"\breport\b|\breview\b|\bsummary\b|\bL?CSPR\b|\bSCR\b", re.I), DocumentKind.REPORT),
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
_NEW_WINDOW = re.compile(rf"\s*[(\[]\s*(?:{NEW_WINDOW_WORDS})\s*[)\]]\s*$", re.I)
_ENCLOSING_QUOTES = re.compile(
    rf"^[{LEFT_QUOTES}{STRAIGHT_QUOTES}](?P<inner>[^{LEFT_QUOTES}{RIGHT_QUOTES}\"]+)[{RIGHT_QUOTES}{STRAIGHT_QUOTES}]$"
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
    text = _NEW_WINDOW.sub("", clean_text(FILE_HINT.sub("", title)))
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
        path = re.sub(rf"\.(?:{EXTENSIONS})$", "", unquote(parts.path), flags=re.I)
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
_PUBLISHED_A = re.compile(
    r"\bpublished (?:a|an|the|this|its) ((?:[\w-]+ ){0,3}?(?:briefing|report|statement|summary))\b", re.I
)


def _title_from(text: str, summary: str, pseudonyms: list[str]) -> str:
    """A title for a review its page gives none: its type and the child's name ("Multi-agency learning
    review: Aaron"), else the first sentence that says what it is, cut at TITLE_WORDS words."""
    if pseudonyms:
        kind = classify_review(None, text)
        label = REVIEW_TYPE_LABELS[kind] if kind != ReviewType.OTHER else "Review"
        return f"{label}: {' and '.join(pseudonyms)}"
    words: list[str] = []
    for source in (summary, text):  # the summary may be only "Available reports ...:"
        sentence = first_sentence(source or "")
        words = re.sub(rf"[\s,;]*\b{AVAILABLE_WORDS}\b.*$", "", sentence, flags=re.I).split()
        if words:
            break
    if not words:
        return text  # nothing but "Available reports ...": better the words than no title
    return " ".join(words[:TITLE_WORDS]) + ("\u2026" if len(words) > TITLE_WORDS else "")


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


def normalise(raw: RawEntry, partnership: str) -> ReviewIn:
    """A RawEntry as the store wants it; SkipEntry when it has neither title nor text."""
    title = clean_text(raw.title)
    text = clean_text(raw.text) or title
    if not text:
        raise SkipEntry(f"entry on {raw.url} has no title and no text")
    reference = find_case_reference(title) or find_case_reference(text, introduced=True)
    pseudonyms = find_pseudonyms(title, text)
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
    report = next(
        (d for d in documents if d.kind == DocumentKind.REPORT), documents[0] if documents else None
    )
    url = clean_url(raw.url, keep_fragment=True)
    return ReviewIn(
        key=review_key(
            partnership,
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
    )
