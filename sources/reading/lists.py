"""Reviews that are only links: a list of documents whose link texts carry each review's name and date.

Some partnerships list reviews as nothing but document links: "LCSPR Child Willow - May 2024 (PDF)", then
"7 Minute Briefing - Child Willow (PDF)". Each link that names a subject of its own opens a review; a link
that names only its kind ("Full report") or the same subject as a review already open ("7 Minute Briefing -
Child Willow", "2 Minute Briefing - R and S Review" after "LCSPR Siblings R and S") is that review's
document, wherever on the page it sits (a Resources panel holds the reviews' briefings).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sources.reading.documents import Link, document_title, names_only_its_kind, strip_file_hint
from sources.reading.words import DATE, GENERIC_WORDS, KIND_WORDS

# Words that say what a review or document is, not whom it is about: "LCSPR", "Serious Case Review",
# "Case Learning Leaflet", "Siblings".
ABOUT_WORDS = GENERIC_WORDS | KIND_WORDS | {
    "lcspr", "cspr", "scr", "local", "child", "children", "baby", "young", "person", "people", "sibling",
    "siblings", "safeguarding", "practice", "serious", "case", "reviews", "multi", "agency", "leaflet",
    "thematic", "rapid", "independent", "partnership", "published", "minute", "brief", "from", "with",
}  # fmt: skip
# A date closing a link's name: "LCSPR Child Willow - May 2024", "... - 12 September 2023".
TRAILING_DATE = re.compile(rf"[\s,(\u2013\u2014-]*(?:published\s+)?(?:{DATE})\)?\s*$", re.IGNORECASE)


@dataclass
class LinkedReview:
    """A review read from links: the link that names it and the documents that go with it."""

    name: str  # the naming link's text without its file hint and trailing date
    date: str | None  # the trailing date, as found
    subject: frozenset[str]
    links: list[Link] = field(default_factory=list)


def subject_of(name: str) -> frozenset[str]:
    """Whom or what a name is about: its words less those saying what kind of review or document it is.
    "LCSPR Child Willow" and "7 Minute Briefing - Child Willow" are both about {"willow"}."""
    words = re.findall(r"[a-z][a-z']*", strip_file_hint(name).lower())
    return frozenset(w for w in words if w not in ABOUT_WORDS and not w.isdigit())


def name_and_date(link: Link) -> tuple[str, str | None]:
    title = strip_file_hint(document_title(link))
    match = TRAILING_DATE.search(title)
    if match and match.start() > 0:
        return title[: match.start()].strip(" \u2013\u2014-,("), match.group(0).strip(" \u2013\u2014-,()")
    return title, None


def reviews_in(links: Sequence[Link]) -> list[LinkedReview]:
    """The reviews a run of document links names, each with its documents, in page order."""
    reviews: list[LinkedReview] = []
    for link in links:
        name, date = name_and_date(link)
        subject = subject_of(name)
        same = next((r for r in reviews if subject and subject == r.subject), None)
        if same is not None:
            same.links.append(link)
        elif (names_only_its_kind(name) or not subject) and reviews:
            reviews[-1].links.append(link)  # "Full report" under the review it follows
        else:
            reviews.append(LinkedReview(name, date, subject, [link]))
    return reviews


def names_several(links: Sequence[Link]) -> bool:
    """Whether links name more than one subject: a list of reviews, not one review's documents."""
    subjects = {subject_of(name_and_date(link)[0]) for link in links}
    return len({s for s in subjects if s}) > 1
