"""Archive matching: which review a NSPCC repository entry is, decided from what both say of it.

An entry of the NSPCC's lists ("2024 - Derby and Derbyshire - Zac") is matched to a review we saw on its
partnership's site when the partnership, the review's identity (its case reference when both give one, else
a pseudonym) and the year of publication all agree, and exactly one review does. Several reviews agreeing is
ambiguous, and one agreeing on its identity but not its year (or on name and year but not its case
reference) is partial: neither is made into a match, both are reported, because a wrong match would tell
researchers a report is archived when it is not. An entry matching nothing is catalogued as a review of its
own, so the catalogue also covers partnerships not yet registered and the Panel's national reviews.

Partnership names are compared after normalising: case, punctuation, "&" for "and", and the words every
partnership's name shares ("Safeguarding Children Partnership", "Board", ...), so "Derby & Derbyshire
Safeguarding Children Partnership" is "Derby and Derbyshire"; both a partnership's name and its short name
are compared.

Pure: entries and reviews in, decisions out; the store applies them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from aggregator.models import DatePrecision, MatchOutcome, Partnership, Review, ReviewIn
from aggregator.normalise import classify_review, clean_text, clean_url, review_key, slugify
from sources.base import RawEntry

ANONYMOUS = "Anonymous"
# Words that name what every partnership is rather than which one it is.
_SHARED_WORDS = frozenset(
    {
        "and", "the", "of", "safeguarding", "children", "childrens", "child", "partnership", "partnerships",
        "board", "boards", "local", "multi", "agency", "arrangements", "lscb", "lscp", "scp",
    }
)  # fmt: skip
_NAME_SUFFIX = re.compile(
    r"\s*\b(?:local\s+)?safeguarding\s+children(?:['\u2019]s)?\s+(?:partnership|board)s?\b\s*", re.IGNORECASE
)


@dataclass(frozen=True)
class ArchiveEntry:
    """One entry of the NSPCC's lists, as matching needs it."""

    url: str  # the record's own link: the entry's identity
    title: str  # its heading, "2024 - Derby and Derbyshire - Zac"
    year: int | None
    partnership: str | None  # as the heading writes it; None: published anonymously
    pseudonyms: tuple[str, ...] = ()
    case_reference: str | None = None
    summary: str | None = None
    themes: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()

    @property
    def evidence(self) -> str:
        """How a StatusEvent cites the entry."""
        return f"{self.title} <{self.url}>"


_YEAR = re.compile(r"\b(19|20)\d\d\b")


def read_entry(raw: RawEntry) -> ArchiveEntry:
    """A RawEntry of the `nspcc` adapter, cleaned: its fields are as the list states them."""
    year = _YEAR.search(raw.published_text or "")
    return ArchiveEntry(
        url=clean_url(raw.url),
        title=clean_text(raw.title),
        year=int(year.group(0)) if year else None,
        partnership=clean_text(raw.partnership) or None,
        pseudonyms=tuple(clean_text(p) for p in raw.pseudonyms if clean_text(p)),
        case_reference=clean_text(raw.case_reference).upper() or None,
        summary=clean_text(raw.summary) or None,
        themes=tuple(clean_text(t) for t in raw.themes if clean_text(t)),
        recommendations=tuple(clean_text(r) for r in raw.recommendations if clean_text(r)),
    )


# ---------------------------------------------------------------------------------------------------------
# Partnerships
# ---------------------------------------------------------------------------------------------------------


def partnership_words(name: str) -> str:
    """A partnership's name as compared: "Derby & Derbyshire Safeguarding Children Partnership" and "Derby
    and Derbyshire" both give "derby derbyshire"."""
    words = re.findall(r"[a-z0-9]+", clean_text(name).casefold().replace("&", " and ").replace("'", ""))
    return " ".join(word for word in words if word not in _SHARED_WORDS)


def find_partnership(name: str, partnerships: Iterable[Partnership]) -> Partnership | None:
    """The partnership `name` is (by its name or short name, normalised), or None."""
    wanted = partnership_words(name)
    if not wanted:
        return None
    for partnership in partnerships:
        names = (partnership.name, partnership.short_name or "")
        if any(partnership_words(n) == wanted for n in names):
            return partnership
    return None


def partnership_slug(name: str) -> str:
    """The slug a partnership first known from the NSPCC's lists is given: its name without the words every
    partnership's name ends with, "&" as "and" ("Derby & Derbyshire SCP" -> "derby-and-derbyshire")."""
    return slugify(_NAME_SUFFIX.sub(" ", name.replace("&", " and "))) or "partnership"


# ---------------------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """What an entry is: the review it matches (`matched`), or why it matches none."""

    outcome: MatchOutcome
    reason: str
    review: Review | None = None  # the one review matched
    others: tuple[Review, ...] = field(default=())  # the reviews that agree in part, or all too well


def _references(reference: str | None) -> set[str]:
    return {part for part in re.split(r"[\s/,]+", (reference or "").upper()) if part}


def _identity(entry: ArchiveEntry, review: Review) -> tuple[bool | None, str]:
    """Whether the entry and the review name the same child or case (None: nothing to compare), and how."""
    ours, theirs = _references(review.case_reference), _references(entry.case_reference)
    if ours and theirs:
        return bool(ours & theirs), f"case reference {entry.case_reference}"
    names = {n.casefold() for n in review.pseudonyms} & {n.casefold() for n in entry.pseudonyms}
    if review.pseudonyms and entry.pseudonyms:
        agreed = [n for n in entry.pseudonyms if n.casefold() in names]
        return bool(names), f"pseudonym{'s' if len(agreed) > 1 else ''} {' and '.join(agreed) or '-'}"
    return None, "no pseudonym or case reference to compare"


def _same_names(entry: ArchiveEntry, review: Review) -> bool:
    return bool({n.casefold() for n in review.pseudonyms} & {n.casefold() for n in entry.pseudonyms})


def _year(review: Review) -> int | None:
    return review.published_on.year if review.published_on else None


def match_entry(entry: ArchiveEntry, partnership: Partnership | None, reviews: Sequence[Review]) -> Match:
    """Match `entry` to one of `reviews`: the reviews of its `partnership` (None: no partnership of ours is
    the one it names) seen on the partnership's own site."""
    if entry.partnership is None:
        return Match(MatchOutcome.UNMATCHED, "published anonymously: no partnership to match it by")
    if partnership is None or not reviews:
        return Match(MatchOutcome.UNMATCHED, f"no review from {entry.partnership} was seen on its own site")
    full: list[tuple[Review, str]] = []
    partial: list[tuple[Review, str]] = []
    for review in reviews:
        same, how = _identity(entry, review)
        year = _year(review)
        if same and year == entry.year:
            full.append((review, how))
        elif same:
            partial.append((review, f"{how} but not the year ({year or 'not given'} against {entry.year})"))
        elif same is False and _same_names(entry, review) and year == entry.year:
            ours = review.case_reference
            partial.append((review, f"pseudonym and year but not the case reference ({ours})"))
    named = f"{entry.partnership!r} is {partnership.name}"
    if len(full) == 1:
        review, how = full[0]
        return Match(MatchOutcome.MATCHED, f"matched: {named}; {how}; year {entry.year}", review)
    if full:
        keys = ", ".join(review.key for review, _ in full)
        return Match(
            MatchOutcome.AMBIGUOUS,
            f"{len(full)} of our reviews agree on partnership, identity and year: {keys}",
            others=tuple(review for review, _ in full),
        )
    if partial:
        said = "; ".join(f"{review.key} agrees on {how}" for review, how in partial)
        return Match(MatchOutcome.PARTIAL, f"{named}, but {said}", others=tuple(r for r, _ in partial))
    known = " and ".join(entry.pseudonyms) or entry.case_reference or "its title"
    return Match(
        MatchOutcome.UNMATCHED,
        f"none of our {len(reviews)} reviews from {partnership.name} is known as {known} ({entry.year})",
    )


def own_review(entry: ArchiveEntry, slug: str) -> ReviewIn:
    """The review an entry that matched nothing is catalogued as, under the partnership `slug`. Its key is
    the one its partnership's page would give it (case reference, else pseudonyms and year), so a later
    harvest of that page finds it; an anonymous review, whose names say nothing across areas, is keyed by
    its record."""
    anonymous = entry.partnership is None
    return ReviewIn(
        key=review_key(
            slug,
            None if anonymous else entry.case_reference,
            [] if anonymous else list(entry.pseudonyms),
            None if anonymous else entry.year,
            entry.url,
        ),
        title=entry.title,
        url=entry.url,
        review_type=classify_review(entry.title, entry.summary),
        case_reference=entry.case_reference,
        pseudonyms=list(entry.pseudonyms),
        published_on=dt.date(entry.year, 1, 1) if entry.year else None,
        published_precision=DatePrecision.YEAR if entry.year else None,
        summary=entry.summary,
    )


def record_key(entry: ArchiveEntry, slug: str) -> str:
    """The key of a catalogued review whose usual key another review holds already."""
    return review_key(slug, None, [], None, entry.url)
