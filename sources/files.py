"""What a link to a document looks like, and what kind of file it is: shared by the adapters, which
recognise document links, and by normalise, which reads their media types and cleans their titles.

A link is to a document when its URL ends in a file extension or names a file in its query
(file.asp?File=x.pdf), when it goes to a CMS download endpoint (EasySiteWeb GatewayLink.aspx?alId=N), or
when a type hint goes with it: in its text ("[PDF]"), right after it on the same line ("(PDF, 1.2MB)"), or as
a file-type icon (pdf.gif) inside or just after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

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
# Hints in link text: "(PDF, 612KB)", "[PDF 1.2 MB]", "(Word, 58KB)" ("Word" is taken as .docx).
TYPE_HINTS = (
    (re.compile(r"[(\[]\s*pdf\b", re.I), "application/pdf"),
    (re.compile(r"[(\[]\s*(?:docx|word)\b", re.I), MEDIA_TYPES[".docx"]),
    (re.compile(r"[(\[]\s*doc\b", re.I), MEDIA_TYPES[".doc"]),
    (re.compile(r"[(\[]\s*odt\b", re.I), MEDIA_TYPES[".odt"]),
    (re.compile(r"[(\[]\s*rtf\b", re.I), MEDIA_TYPES[".rtf"]),
    (re.compile(r"[(\[]\s*(?:pptx|powerpoint)\b", re.I), MEDIA_TYPES[".pptx"]),
    (re.compile(r"[(\[]\s*ppt\b", re.I), MEDIA_TYPES[".ppt"]),
    (re.compile(r"[(\[]\s*(?:xlsx|excel)\b", re.I), MEDIA_TYPES[".xlsx"]),
    (re.compile(r"[(\[]\s*xls\b", re.I), MEDIA_TYPES[".xls"]),
)
DOCUMENT_MEDIA_TYPES = (
    "application/pdf", "application/msword", "application/vnd.", "application/rtf", "application/ms",
)  # fmt: skip
# What a CMS calls a file type next to a link.
FILE_TYPES = r"pdf|docx?|word|odt|rtf|pptx?|powerpoint|xlsx?|excel"
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
ICON_TYPE = re.compile(r"(?<![a-z])(pdf|docx?|word|pptx?|powerpoint|xlsx?|excel)(?![a-z])", re.IGNORECASE)
# Download endpoints of CMSs that serve files without an extension in the URL; each only ever serves a file.
DOWNLOAD_ENDPOINT = re.compile(
    r"/gatewaylink\.aspx\?(?:.*&)?alid=\d"  # EasySiteWeb asset links
    # Jadu /downloads/file/N/x, WP Download Monitor /download/N/ (not a year's archive, /downloads/2023/)
    r"|/downloads?/(?:file/)?(?!(?:19|20)\d\d(?:[/?#]|$))\d+(?:[/?#]|$)"
    r"|/\d+/download(?:[/?#]|$)"  # Drupal media /media/N/download
    r"|[?&]attachment_id=\d"  # WordPress attachments
    r"|[?&]task=doc_download\b",  # Joomla DOCman
    re.IGNORECASE,
)
# How a page leads into a review's list of documents: "Available reports published August 2024:".
AVAILABLE_WORDS = r"Available (?:reports|documents)"
# What a screen-reader helper, an editor or a link's title adds: "(opens in a new window)", "External link".
NEW_WINDOW_WORDS = (
    r"(?:this link )?opens? in (?:a )?new (?:window|tab)|external (?:link|site)|link is external"
)
NEW_WINDOW = re.compile(rf"[(\[]?\s*(?:{NEW_WINDOW_WORDS})\s*[)\]]?", re.IGNORECASE)
# The page itself as a PDF or for printing (Joomla's do_pdf, Drupal's /print/pdf/node/N): not a document.
PAGE_AS_FILE = re.compile(r"[?&](?:do_pdf|print|format=pdf|output=pdf)\b|/print(?:/|$)", re.IGNORECASE)
# Link texts that say nothing about the document: "Read the report", "Click here", "Download".
GENERIC_WORDS = {
    "click", "here", "to", "read", "the", "full", "report", "download", "view", "open", "more", "this",
    "link", "document", "documents", "file", "files", "downloads", "attachments", "now", "it", "a", "see",
    "in", "new", "window", "tab", "review", "external", "pdf", "doc", "docx", "word", "odt", "rtf", "ppt",
    "pptx", "powerpoint", "xls", "xlsx", "excel", "kb", "mb",
}  # fmt: skip


# The words that say a document is a review's: "a statement", "Neglect briefing", "easy read version".
DOCUMENT_NOUNS = {"report", "review", "summary", "briefing", "statement", "findings", "learning", "version"}
# What a document's name says when it says only what kind of document it is: "Full report", "Learning
# briefing", "Seven minute briefing", "Learning on a page", "a statement".
KIND_WORDS = DOCUMENT_NOUNS | {
    "reports", "executive", "overview", "briefings", "on", "one", "page", "of", "progress", "audit", "action",
    "plan", "multi", "agency", "practitioner", "practitioners", "top", "tips", "final", "seven", "minute",
    "easy", "and", "for",
}  # fmt: skip


@dataclass(frozen=True)
class Link:
    """A link as found: href, its text and any type attribute (Drupal writes type="application/pdf")."""

    href: str
    text: str
    media_type: str = ""
    hint: str = ""  # a file hint beside the link rather than in it: "(PDF, 1.2MB)", or "(PDF)" from an icon
    label: str = ""  # its title or aria-label, which name it when its text does not ("PDF", an icon)


def clean(text: str) -> str:
    """Collapse whitespace (str.split also splits on no-break spaces)."""
    return " ".join(text.split())


def is_document(link: Link) -> bool:
    """A link to a file: by extension (before any ?query), a file named in the query (file.asp?File=x.pdf,
    ?Type=pdf), a CMS download endpoint, a type attribute, a "(PDF ...)" hint in or beside the link, or link
    text that is a file's name ("TDS20_Summary_of_Progress.pdf")."""
    href = link.href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return False
    parts = urlsplit(href)
    if PAGE_AS_FILE.search(href) and not parts.path.lower().endswith(tuple(MEDIA_TYPES)):
        return False
    if parts.path.lower().endswith(tuple(MEDIA_TYPES)) or link.media_type.lower().startswith(
        DOCUMENT_MEDIA_TYPES
    ):
        return True
    values = [value.lower().strip() for _, value in parse_qsl(parts.query)]
    if any(v.endswith(tuple(MEDIA_TYPES)) or f".{v}" in tuple(MEDIA_TYPES) for v in values):
        return True
    return bool(
        DOWNLOAD_ENDPOINT.search(href) or FILE_HINT.search(link.text) or link.hint or is_file_name(link.text)
    )


def is_generic(text: str) -> bool:
    """Link text that names nothing ("Read the report", "Click here (PDF, 1MB)"): never a title."""
    words = re.findall(r"[a-z]+", strip_file_hint(text).lower())
    return all(word in GENERIC_WORDS for word in words)


def names_a_kind(text: str) -> bool:
    """A document name that says it is a review document: "a statement", "Neglect briefing"."""
    return bool(set(re.findall(r"[a-z]+", text.lower())) & DOCUMENT_NOUNS)


def is_file_name(text: str) -> bool:
    """Link text that is only a file's name ("ZDS22_CSPR_Report_FINAL.pdf"): no title for a review."""
    return bool(
        re.fullmatch(r"\S+\.(?:" + "|".join(e.lstrip(".") for e in MEDIA_TYPES) + ")", text.strip(), re.I)
    )


def names_only_its_kind(text: str) -> bool:
    """A document name that says what kind of document it is and nothing else ("Full report (PDF)")."""
    words = re.findall(r"[a-z]+", strip_file_hint(text).lower())
    return all(word in GENERIC_WORDS or word in KIND_WORDS for word in words)


def document_title(link: Link) -> str:
    """The link text, or its label when the text names nothing, with the file hint found beside it
    (normalise reads the media type from it)."""
    name = link.text
    label = clean(NEW_WINDOW.sub(" ", link.label))
    if is_generic(name) and not is_generic(label):
        # "Download 2 Minute Briefing (PDF)": the label without the words that name nothing before it
        words = label.split()
        while words and is_generic(words[0]):
            words.pop(0)
        name = " ".join(words)
    hint = link.hint or (
        f"({clean(link.text)})" if re.fullmatch(rf"(?:{FILE_TYPES})", link.text, re.I) else ""
    )
    if hint and not FILE_HINT.search(name):
        return clean(f"{name} {hint}")
    return name


def strip_file_hint(text: str) -> str:
    return clean(FILE_HINT.sub(" ", text))


def media_type_for(url: str | None, title: str | None = None) -> str | None:
    """The document's media type from its file extension, else a file named in the query
    ("file.asp?File=/uploads/x.pdf&Type=pdf"), else a hint in its title ("(PDF, 1.2MB)")."""
    parts = urlsplit(url or "")
    values = [value.lower().strip() for _, value in parse_qsl(parts.query)]
    for name in (parts.path.lower(), *values):
        for extension, media_type in MEDIA_TYPES.items():
            if name.endswith(extension) or f".{name}" == extension:
                return media_type
    return next((media_type for pattern, media_type in TYPE_HINTS if pattern.search(title or "")), None)
