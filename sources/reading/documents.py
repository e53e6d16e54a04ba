"""Which links are documents, and what kind of file each is: shared by the adapters, which recognise
document links, and by normalise, which reads their media types.

A link is to a document when its URL ends in a file extension or names a file in its query
(file.asp?File=x.pdf), when it goes to a CMS download endpoint (EasySiteWeb GatewayLink.aspx?alId=N), or
when a type hint goes with it: in its text ("[PDF]"), right after it on the same line ("(PDF, 1.2MB)"), or as
a file-type icon (pdf.gif) inside or just after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from sources.reading.words import (
    DOCUMENT_MEDIA_TYPES,
    DOCUMENT_NOUNS,
    EXTENSIONS,
    FILE_HINT,
    FILE_TYPE_NAMES,
    FILE_TYPES,
    GENERIC_WORDS,
    KIND_WORDS,
    MEDIA_TYPES,
    NEW_WINDOW_WORDS,
)

# Hints in link text: "(PDF, 612KB)", "[PDF 1.2 MB]", "(Word, 58KB)".
TYPE_HINTS = tuple(
    (re.compile(rf"[(\[]\s*(?:{names})\b", re.I), MEDIA_TYPES[extension])
    for names, extension in FILE_TYPE_NAMES
)
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
# A screen-reader helper in a link's title: "Download report (opens in a new window)".
NEW_WINDOW = re.compile(rf"[(\[]?\s*(?:{NEW_WINDOW_WORDS})\s*[)\]]?", re.IGNORECASE)
# The page itself as a PDF or for printing (Joomla's do_pdf, Drupal's /print/pdf/node/N): not a document.
PAGE_AS_FILE = re.compile(r"[?&](?:do_pdf|print|format=pdf|output=pdf)\b|/print(?:/|$)", re.IGNORECASE)


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
    return bool(re.fullmatch(rf"\S+\.(?:{EXTENSIONS})", text.strip(), re.I))


def is_file_type(text: str) -> bool:
    """Link text that is a file type ("PDF", "Word"): it says what the file is, not what it holds."""
    return bool(re.fullmatch(rf"(?:{FILE_TYPES})", text, re.IGNORECASE))


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
    hint = link.hint or (f"({clean(link.text)})" if is_file_type(link.text) else "")
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
