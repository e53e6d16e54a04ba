"""Check a review's documents, politely: is each still there, and are its bytes the ones fetched before?

A document never fetched is fetched once (a GET), for its bytes' hash. After that, one HEAD per check,
conditional (If-None-Match / If-Modified-Since) when an earlier answer gave validators; its bytes are
fetched again, with a conditional GET, only when they may have changed: the HEAD's ETag, Last-Modified or
length differ from the last answer's (or it gives none of them to compare). A site that refuses HEAD (405,
501) gets the conditional GET instead. Nothing is stored here: each check says what the document
answered, for the store to record, and a 404 or 410 is evidence that the review has left the partnership's
site.

The pipeline decides which documents are checked and how many: those of reviews missing from their page at
every plausible harvest, the others at most every CHECK_EVERY, within the `max_document_checks` setting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

CHECK_EVERY = dt.timedelta(days=7)
# Reports are PDFs of a few MB; a response this long, or this slow, is not one and is not hashed.
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
MAX_FETCH_SECONDS = 300.0
REFUSED = frozenset({405, 501})  # HEAD not allowed / not implemented


@dataclass(frozen=True)
class Known:
    """What the store knows of a document from its last answer with content."""

    url: str
    size: int | None = None
    content_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Check:
    """What one document answered. `status` is the HTTP status of the last request made (a 304 says the
    bytes are the ones known), None when nothing answered (then `error` says why). `content_hash` is the
    SHA-256 of the bytes when they were fetched in full, else None. Fields the answer did not give are None.
    """

    url: str
    status: int | None
    size: int | None = None
    media_type: str | None = None
    content_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None

    @property
    def found(self) -> bool:
        """The document is there (its bytes fetched, unchanged, or described by a HEAD)."""
        return (self.status is not None and 200 <= self.status < 300) or self.status == 304


def check_document(client: httpx.Client, known: Known) -> Check:
    """HEAD the document; GET its bytes (conditionally) only when they may have changed or HEAD is refused.
    A document whose bytes were never fetched is fetched at once: a HEAD would tell nothing more."""
    if known.content_hash is None:
        return fetch_document(client, known)
    try:
        head = client.head(known.url, headers=_headers(known))
    except httpx.HTTPError as exc:
        return Check(known.url, None, error=f"HEAD {known.url} failed: {type(exc).__name__}: {exc}")
    if head.status_code in REFUSED:
        return fetch_document(client, known)
    if head.status_code == 304 or head.status_code >= 300:
        return Check(known.url, head.status_code)  # unchanged; or gone, or failing for now
    answer = _described(known.url, head.status_code, head.headers)
    if _may_have_changed(known, answer):
        return fetch_document(client, known)
    return answer


def fetch_document(client: httpx.Client, known: Known, *, deadline: float = MAX_FETCH_SECONDS) -> Check:
    """GET the document's bytes and hash them; conditional when its bytes are known already."""
    started = time.monotonic()
    digest = hashlib.sha256()
    size = 0
    headers = _headers(known) if known.content_hash else {}
    try:
        with client.stream("GET", known.url, headers=headers) as response:
            if response.status_code == 304 or response.status_code >= 300:
                return Check(known.url, response.status_code)
            for chunk in response.iter_bytes():
                digest.update(chunk)
                size += len(chunk)
                if size > MAX_DOCUMENT_BYTES or time.monotonic() - started > deadline:
                    return Check(
                        known.url,
                        None,
                        error=f"GET {known.url}: not received within {deadline:g} s and "
                        f"{MAX_DOCUMENT_BYTES} bytes",
                    )
    except httpx.HTTPError as exc:
        return Check(known.url, None, error=f"GET {known.url} failed: {type(exc).__name__}: {exc}")
    described = _described(known.url, response.status_code, response.headers)
    return Check(
        known.url,
        response.status_code,
        size=size,
        media_type=described.media_type,
        content_hash=digest.hexdigest(),
        etag=described.etag,
        last_modified=described.last_modified,
    )


def _headers(known: Known) -> dict[str, str]:
    headers = {"Accept": "*/*"}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def _described(url: str, status: int, headers: Mapping[str, str]) -> Check:
    """What a response's headers say of the document."""
    length = headers.get("content-length", "")
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    return Check(
        url,
        status,
        size=int(length) if length.isdigit() else None,
        media_type=media_type or None,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
    )


def _may_have_changed(known: Known, head: Check) -> bool:
    """Whether the bytes need fetching again: the HEAD differs from the last answer in what both give
    (validators first, then length), or it gives nothing to compare."""
    for before, now in (
        (known.etag, head.etag),
        (known.last_modified, head.last_modified),
        (known.size, head.size),
    ):
        if before is not None and now is not None:
            return before != now
    return True
