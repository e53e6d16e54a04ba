"""What adapters receive and return: a fetched Page in, RawEntry items out.

Adapters are pure: they never open the database, talk HTTP or read the clock. They yield strings as found on
the page; `aggregator.normalise` turns them into dates, references, pseudonyms, types and kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True)
class SourceInfo:
    """Who an adapter is for and who looks after it (shown in docs and by `cspr sources`)."""

    name: str
    homepage: str
    maintainer: str
    description: str = ""


class AdapterOptions(BaseModel):
    """Settings a source's TOML table may give its adapter; adapters subclass it."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Page:
    """One fetched page: the final URL after redirects, the body and the response headers."""

    url: str
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    status: int = 200

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.content, "lxml")

    @cached_property
    def base_url(self) -> str:
        """What the page's links are relative to: its own URL, or its <base href>."""
        base = self.soup.find("base", href=True)
        return urljoin(self.url, str(base["href"])) if base else self.url

    def absolute(self, href: str) -> str:
        """Resolve a link as found on the page against the page's own URL (and any <base href>)."""
        return urljoin(self.base_url, href.strip())


@dataclass(frozen=True)
class RawDocument:
    """A link to one of a review's documents, as found: absolute URL and link text."""

    url: str
    title: str


@dataclass(frozen=True)
class RawEntry:
    """One review as found on a page. Text is as found; normalise() does the interpreting.

    - title: the heading (or announcement) that names the review; empty if the page gives none, and
      normalise() names it from its type and pseudonyms or its first sentence;
    - text: every sentence of the review's block, for references, pseudonyms and the review type;
    - summary: the paragraph that best says what the review is about;
    - published_text: the words that give its publication date ("Available reports published August 2024");
    - url: where the review is listed (the page, with a fragment when the page gives an anchor).

    Where a page states a field in a place of its own (the NSPCC's "2025 - Doncaster - Child Cameron"
    headings, a "Reference:" line), the adapter gives it as found and normalise takes it as given:
    - partnership: the partnership a listing of many partnerships' reviews names ("Derby and Derbyshire");
    - pseudonyms: the child's or children's names, without "Child"/"Baby" ("Cameron"; "YP1", "YP2");
    - case_reference: the review's reference ("MDS20/PDS20");
    - themes, recommendations: the learning themes and recommendations a catalogue lists for it;
    - entry_id: the id a feed gives the entry, which stays when the partnership edits it.
    """

    title: str
    url: str
    text: str = ""
    summary: str | None = None
    published_text: str | None = None
    documents: tuple[RawDocument, ...] = ()
    partnership: str | None = None
    pseudonyms: tuple[str, ...] = ()
    case_reference: str | None = None
    themes: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    entry_id: str | None = None
