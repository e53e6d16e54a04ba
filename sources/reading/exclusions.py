"""What is not a partnership's children's review, though it sits on the same page and looks like one.

Review pages also list Safeguarding Adults Reviews, Domestic Homicide Reviews, annual reports, strategies,
news and the national Panel's reviews. Each rule below is named, with a title it is for; a candidate whose
title one matches is no entry (tests/sources/test_exclusions.py reads each example).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NotAReview:
    name: str
    example: str  # a title this rule is for
    pattern: re.Pattern[str]


RULES: tuple[NotAReview, ...] = (
    NotAReview(
        "adults' review",
        "Safeguarding Adults Review \u2013 Mrs H \u2013 October 2024 (PDF, 900KB)",
        re.compile(r"\bsafeguarding adults? reviews?\b|\bSARs?\b|\badults? (?:safeguarding )?board\b", re.I),
    ),
    NotAReview(
        "domestic homicide review",
        "Domestic Homicide Review \u2013 Ms F (published 12/05/2023)",
        re.compile(r"\bdomestic homicide reviews?\b|\bDHRs?\b", re.I),
    ),
    NotAReview(
        "annual report or plan",
        "Barnsley Safeguarding Children Partnership annual report 2023 to 2024",
        re.compile(r"\b(?:annual|yearly) report\b|\bbusiness plan\b|\bannual review\b", re.I),
    ),
    NotAReview(
        "strategy, policy or guidance",
        "Southampton Neglect Strategy 2022-2025",
        re.compile(
            r"\b(?:strateg(?:y|ies)|polic(?:y|ies)|procedures?|framework|toolkit|template|guidance|protocol"
            r"|arrangements|referral form|threshold|action plan|terms of reference|privacy notice)\b",
            re.I,
        ),
    ),
    NotAReview(
        "news item",
        "News \u2013 9 September 2025: Practitioner forum on learning from case reviews",
        re.compile(r"^news\b|\bnews story\b|\bbook (?:your|a) place\b|\bnewsletter\b", re.I),
    ),
    NotAReview(
        "about reviews",
        "How we decide on a review",
        re.compile(r"^(?:how|what|why|when|about)\b", re.I),
    ),
    NotAReview(
        "the national Panel's review",
        "Child Safeguarding Practice Review Panel: national review into the murders of Arthur and Star",
        re.compile(
            r"\breview panel\b|\bnational (?:child safeguarding practice )?review\b|\bpanel publications?\b",
            re.I,
        ),
    ),
)


def not_a_review(title: str) -> str | None:
    """The name of the rule that says this title is no children's review of the partnership, or None."""
    return next((rule.name for rule in RULES if rule.pattern.search(title)), None)
