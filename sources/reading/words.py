"""The words partnership pages use, in one place: the shared reading, the adapters and normalise take their
words from here, so what a page can say is taught once.

File types and their media types, the hints beside links ("(PDF, 612KB)"), the words of links that name
nothing ("Read the report"), screen-reader helpers ("opens in a new window"), what documents are called,
the words that name review types and document kinds, how a page leads into a review's documents
("Available reports published August 2024:"), dates, quotes and sentences, and the forms that name a child
("Child Cameron", "known as Zac", "P and A Review") or a case ("ZDS22").
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------------------

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DOCUMENT_MEDIA_TYPES = (
    "application/pdf", "application/msword", "application/vnd.", "application/rtf", "application/ms",
)  # fmt: skip
EXTENSIONS = "|".join(extension.lstrip(".") for extension in MEDIA_TYPES)  # "pdf|doc|docx|..."
# What a CMS calls each type of file beside a link ("(PDF, 612KB)", "(Word, 58KB)", an icon), and the
# extension that name stands for: "Word" is taken as .docx.
FILE_TYPE_NAMES = (
    ("pdf", ".pdf"), ("docx|word", ".docx"), ("doc", ".doc"), ("odt", ".odt"), ("rtf", ".rtf"),
    ("pptx|powerpoint", ".pptx"), ("ppt", ".ppt"), ("xlsx|excel", ".xlsx"), ("xls", ".xls"),
)  # fmt: skip
FILE_TYPES = "|".join(names for names, _ in FILE_TYPE_NAMES)
# "(PDF, 612KB)", "[PDF, 310 KB]", "(Word, 58KB)", "(PDF 1.2 MB)": a CMS's hint that a link is a file.
FILE_HINT = re.compile(rf"[(\[]\s*(?:{FILE_TYPES})\b[^)\]]*[)\]]", re.IGNORECASE)
# A bare size or type next to a link: "PDF, 612 KB", "(312.44 KB)", "PDF".
SIZE_HINT = re.compile(
    rf"[(\[]?\s*(?:(?:{FILE_TYPES})\b(?:\s+(?:document|file))?[\s,]*)?(?:\d+(?:\.\d+)?\s*[kmg]i?b\b)?\s*[)\]]?",
    re.IGNORECASE,
)
# A hint written just after a link, in the same line: "<a>Report</a> (PDF, 1.2MB)", "<a>Report</a> - PDF".
HINT_AFTER = re.compile(
    rf"^[-\u2013|,:]?\s*(?P<hint>{FILE_HINT.pattern}|(?:{FILE_TYPES})\b(?:[\s,]*\d+(?:\.\d+)?\s*[kmg]i?b\b)?)",
    re.IGNORECASE,
)
# File-type icons: <img src="pdf.gif" alt="PDF document">, <i class="icon-pdf">.
ICON_TYPE = re.compile(rf"(?<![a-z])({FILE_TYPES})(?![a-z])", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------------------------------------

# What a screen-reader helper, an editor or a link's title adds: "(opens in a new window)", "External link".
NEW_WINDOW_WORDS = (
    r"(?:this link )?opens? in (?:a )?new (?:window|tab)|external (?:link|site)|link is external"
)
# Link texts that say nothing about the document: "Read the report", "Click here", "Download".
GENERIC_WORDS = {
    "click", "here", "to", "read", "the", "full", "report", "download", "view", "open", "more", "this",
    "link", "document", "documents", "file", "files", "downloads", "attachments", "now", "it", "a", "see",
    "in", "new", "window", "tab", "review", "external", "kb", "mb", *FILE_TYPES.split("|"),
}  # fmt: skip

# ---------------------------------------------------------------------------------------------------------
# Documents and reviews
# ---------------------------------------------------------------------------------------------------------

# The words that say a document is a review's: "a statement", "Neglect briefing", "easy read version".
DOCUMENT_NOUNS = {"report", "review", "summary", "briefing", "statement", "findings", "learning", "version"}
# What a document's name says when it says only what kind of document it is: "Full report", "Learning
# briefing", "Seven minute briefing", "Learning on a page", "a statement".
KIND_WORDS = DOCUMENT_NOUNS | {
    "reports", "executive", "overview", "briefings", "on", "one", "page", "of", "progress", "audit", "action",
    "plan", "multi", "agency", "practitioner", "practitioners", "top", "tips", "final", "seven", "minute",
    "easy", "and", "for",
}  # fmt: skip
STATEMENT = re.compile(r"\bstatement\b", re.IGNORECASE)
# Paragraphs that say what a review is about talk about the review, briefing or report.
DESCRIBES = re.compile(r"\b(?:reviews?|briefings?|reports?)\b", re.IGNORECASE)
# A heading naming one review: "Child Safeguarding Practice Review: Zac (ZDS22)", "Thematic briefing: ...".
NAMES_A_REVIEW = re.compile(r"\b(?:review|briefing)\s*:\s*\S", re.IGNORECASE)
# Headings over material related to the page rather than part of it.
RELATED = re.compile(r"^(?:related|see also)\b", re.IGNORECASE)

# What normalise reads review types from (its _REVIEW_TYPES says which type each is, in which order).
DOMESTIC_HOMICIDE_REVIEW = r"\bdomestic homicide reviews?\b|\bDHR\b"
NATIONAL_REVIEW = r"\bnational (?:child safeguarding practice )?review\b|\bnational panel\b"
INDEPENDENT_REVIEW = r"\bindependent (?:\w+ )?review\b"
# "Review of Serious Case Reviews and Learning Reviews": an overview of many reviews.
REVIEW_OF_REVIEWS = r"\breview of (?:\w+ ){0,3}reviews\b"
MULTI_AGENCY_LEARNING_REVIEW = r"\bmulti[- ]agency learning review\b"
# "Learning from a 2014 Serious Incident Learning Review": a briefing drawn from a review.
THEMATIC = r"^learning from\b|\bthematic\b|\bthemes?\b|\bbriefings?\b|\btop tips\b"
CSPR = r"\bL?CSPRs?\b|\bchild safeguarding practice reviews?\b"
SERIOUS_CASE_REVIEW = r"\bserious case reviews?\b|\bSCRs?\b"
LEARNING_REVIEW = r"\blearning reviews?\b"
# What a title calls a review's document: "2 Minute Briefing - C Review", "Learning briefing".
DOCUMENT_WORDS = (
    r"\b(?:\d+\s+minute\s+briefing|learning\s+(?:on\s+(?:a|one)\s+page|briefing)|briefing|summary|report)\b"
)
# A title naming one review by initials or pseudonym: "2 Minute Briefing - C Review", "Zac Review".
NAMED_REVIEW = r"(?:^|[-:\u2013]\s*)(?:[A-Z]{1,3}(?:\s+and\s+[A-Z]{1,3})*|[A-Z][a-z]+)\s+Review\b"

# What normalise reads document kinds from (its _DOCUMENT_KINDS says which kind each is, in which order).
SUMMARY_OF_PROGRESS = r"\bsummary of progress\b|\bprogress (?:summary|update)\b"
# A "7 minute briefing" is a briefing, as a "2 minute briefing" is; only one-page learning is on a page.
LEARNING_ON_A_PAGE = r"\blearning on (?:a|one) page\b|\bone[- ]page learning\b|\blearning on a page\b"
AUDIT = r"\baudit"
BRIEFING = r"\bbriefing\b|\btop tips\b|\bleaflet\b|\blearning summary\b|^learning from\b"
# What a review's learning materials are called: "7 Minute Briefing - Child Willow", "Case Learning Leaflet".
COMPANION = re.compile(
    r"\b(?:briefing|brief|leaflet|learning on (?:a|one) page|poster|podcast|presentation|slides)\b", re.I
)
# "HSCP response to the review": the partnership's word on it, as a statement is.
RESPONSE = r"\bstatement\b|\bresponse\b"
# "LSCB action plan": a document of the review that is neither its report nor its learning.
ACTION_PLAN = r"\baction plan\b"
# "LCSPR Child Cameron January 2023": a document named for the review is its report.
REPORT = r"\breport\b|\breview\b|\bsummary\b|\bL?CSPR\b|\bSCR\b"
# "... have published a briefing outlining ...": what a review's text says it published.
PUBLISHED_A = r"\bpublished (?:a|an|the|this|its) ((?:[\w-]+ ){0,3}?(?:briefing|report|statement|summary))\b"

# ---------------------------------------------------------------------------------------------------------
# Announcing a review, leading into its documents, and dating them
# ---------------------------------------------------------------------------------------------------------

# Saying that something is out: "Latest LCSPR 'Child Cameron' January 2023 now published."
ANNOUNCES = re.compile(r"\bpublished\b", re.IGNORECASE)
# The words of an announcement that are not what it announces: "Latest ... now published."
ANNOUNCING_WORDS = r"\b(?:latest|new|now|(?:has|have) been|is|are)\b|\bpublished\b"
# What a page calls material drawn from reviews: "learning materials from Serious Case Reviews".
RESOURCES = re.compile(r"resource|learning material", re.IGNORECASE)
# A link to a report: "Click here to read the full report".
A_REPORT = re.compile(r"\breport\b", re.IGNORECASE)

# How a page leads into a review's list of documents: "Available reports published August 2024:".
AVAILABLE_WORDS = r"Available (?:reports|documents)"
# "Available reports:" introduces the links; it says nothing about the review itself.
AVAILABLE = re.compile(rf"[\s,;]*\b{AVAILABLE_WORDS}\b[^:]*:?\s*$", re.IGNORECASE)
# A paragraph that goes on about the document just linked, or leads into a list of them.
GOES_ON = re.compile(
    r"^(?:(?:\w+\s+){0,3}?(?:this|these)\s+(?:reports?|briefings?|reviews?|documents?)\b"
    rf"|The (?:report|following)\b|{AVAILABLE_WORDS}\b)",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------

# Months, in full or short ("August", "Aug", "Sept"; match ignoring case), by their first three letters.
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
ORDINAL = r"st|nd|rd|th"  # "12th August 2024"
DATE_SEPARATOR = r"[/.]"  # "12/08/2024", "12.08.2024": day first
# Seasons by the month each begins: "Spring 2023" is stored as March 2023, at season precision.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
SEASON = r"spring|summer|autumn|fall|winter"
WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"  # "Tue 03 Dec 2024"
# A date as a page writes it: "12th August 2024", "Tue 03 Dec 2024", "August 2024", "Aug. 2024",
# "12/08/2024", "2024-08-12" (ISO), "08/2024", "Spring 2023".
DATE = (
    rf"(?:{WEEKDAY})?(?:\d{{1,2}}(?:{ORDINAL})?\s+)?(?:{MONTH})\.?,?\s+\d{{4}}"
    rf"|\d{{1,2}}{DATE_SEPARATOR}\d{{1,2}}{DATE_SEPARATOR}\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}{DATE_SEPARATOR}\d{{4}}|(?:{SEASON})\s+\d{{4}}"
)
MONTH_YEAR = re.compile(rf"\b(?:{MONTH})\.?,?\s+\d{{4}}\b", re.IGNORECASE)
# What says a date is a publication date: "published in August 2024", "Publication date: 2021",
# "Published: 24th February 2025", "Date of publication: 2011".
PUBLISHED_ON = (
    r"(?:published|publication date|date (?:first )?published|date of publication)\s*:?\s+(?:on\s+|in\s+)?"
)
# The words that date a review: "Available reports published August 2024", "Date published: 12/08/2024".
PUBLISHED = re.compile(rf"(?:{AVAILABLE_WORDS}\s+)?{PUBLISHED_ON}(?:{DATE}|\d{{4}})\b", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------------
# Quotes and sentences
# ---------------------------------------------------------------------------------------------------------

STRAIGHT_QUOTES = "'\""
LEFT_QUOTES = "\u2018\u201c"  # opening single and double
RIGHT_QUOTES = "\u2019\u201d"  # closing single and double
QUOTES = f"{STRAIGHT_QUOTES}{LEFT_QUOTES}{RIGHT_QUOTES}\u201a"  # and a word processor's low single quote
# Curly quotes straightened, for matching: a curly and a straight apostrophe are one to a regex.
STRAIGHTENED = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"'})
# A quoted statement opens and closes with double quotes; a single one may be an apostrophe.
OPENING_DOUBLE_QUOTES, CLOSING_DOUBLE_QUOTES = ('"', "\u201c"), ('"', "\u201d")


def first_sentence(text: str) -> str:
    """The text up to the first full stop, question or exclamation mark that a space follows."""
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


# ---------------------------------------------------------------------------------------------------------
# Pseudonyms and case references
# ---------------------------------------------------------------------------------------------------------

# A case reference, DDSCP style: letters and a two-digit year ("ZDS22"); "MDS20/PDS20" for joint reviews.
REFERENCE = r"[A-Z]{2,5}\d{2}"
NOT_REFERENCES = {"COVID19", "SARS19"}  # shaped like references, and not
# In running text a reference names *this* review only when the text says so ("anonymised as MDS20/PDS20").
INTRODUCES_REFERENCE = (
    r"\b(?:anonymi[sz]ed as|known as|referred to as|reference(?:d as)?:?|ref\.?:?)"
    rf"\s*[{STRAIGHT_QUOTES}{LEFT_QUOTES}(]?$"
)
# A child's pseudonym: a name ("Zac", "Mary-Ann") or initials, maybe numbered ("P", "TS", "YP1").
NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{1,3}\d{0,2}"
# "Child Cameron", "Child M", "Baby D", "Young Person G", "Sibling X" (not "Child Safeguarding": NOT_NAMES)
CHILD = re.compile(rf"\b(?:Child|Baby|Young Person|Sibling)\s+(?P<names>{NAME})\b")
# "known as Zac", "referred to as Aaron", "referred to as young people YP1 and YP2", "known as 'Zac'"
KNOWN_AS = re.compile(
    r"\b(?:known as|referred to as|called)\s+"
    r"(?i:(?:the\s+)?(?:young people|young person|children|child|baby|siblings?)\s+)?"
    rf"[\"']?(?P<names>(?:{NAME})(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)(?:{NAME}))*)"
)
# "Review: Zac (ZDS22)": a name just before a case reference in brackets
NAME_BEFORE_REFERENCE = re.compile(rf"\b(?P<names>[A-Z][a-z]+)\s*\(\s*{REFERENCE}\b")
# Initials naming a review in a title: "P and A Review", "C Review", "TS Review"
INITIALS_REVIEW = re.compile(r"(?<![\w&])(?P<names>[A-Z]{1,3}(?:\s*(?:and|&)\s*[A-Z]{1,3})*)\s+Review\b")
# Between the names of a list: "P and A", "YP1, YP2 & YP3".
SPLIT_NAMES = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
# Capitalised words that follow "Child"/"as" in ordinary prose, and acronyms that are not children. The
# words of a partnership's own name ("Derby", "DDSCP") come from its configuration.
NOT_NAMES = {
    "A", "I", "The", "This", "That", "Safeguarding", "Protection", "Practice", "Death", "Deaths", "Sexual",
    "Criminal", "Exploitation", "Abuse", "Care", "Health", "Review", "Reviews", "Panel", "Act", "In", "Of",
    "And", "Services", "Social", "Mental", "Local", "National", "Serious", "Case", "Learning", "Available",
    "Keeping", "Babies", "Safe", "Young", "Person", "People", "SCR", "DHR", "CSE", "NHS", "CSPR", "SAR",
    "LSCB", "MASH",
}  # fmt: skip
