"""Atom 1.0 feeds (RFC 4287) of reviews: one per partnership and one combining them all; and a feed of
lifecycle events (published, retention due, removed, back, archived, a document replaced) for researchers
who follow reports before they leave the partnerships' sites.

The only module that imports feedgen. Things about feedgen that shape this code:
- it is pinned to 0.9.0: 1.0.0 drops rel, type and length from entry links (python-feedgen#135), which would
  silently lose every enclosure and alternate link; tests/feeds/test_atom.py looks for both;
- `add_entry()` prepends unless told `order="append"`;
- naive datetimes raise, and an entry or feed left without `updated` gets now(): we always set it from the
  data, so the same reviews give byte-identical feeds (ETags stay put, golden files can be compared);
- it has no atom:source support, so `_SourceExtension` writes the element for entries of the combined feed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, assert_never

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from lxml.html import builder as h
from lxml.html import tostring as html_tostring

from aggregator import PROJECT_URL
from aggregator.lifecycle import EventKind, event_kind
from aggregator.models import REVIEW_TYPE_LABELS, ArchiveState, Partnership, Review, StatusEvent
from feeds.site import (
    ATOM_MEDIA_TYPE,
    COMBINED_FEED_PATH,
    EPOCH,
    EVENT_WORDS,
    LIFECYCLE_FEED_PATH,
    STATE_WORDS,
    Site,
    document_gone,
    document_notes,
    enclosures,
    format_date,
    homepage,
    latest_change,
    nspcc_record,
    nspcc_url,
    partnership_feed_path,
    publication_text,
    reading_url,
    retention_text,
    sort_reviews,
    state_label,
)

LANGUAGE = "en-GB"
GENERATOR = "cspr-feed"
# The lifecycle feed holds the latest events only; a reader polling weekly misses none of them.
LIFECYCLE_FEED_EVENTS = 500


def build_partnership_feed(site: Site, partnership: Partnership, reviews: Sequence[Review]) -> bytes:
    """The feed of one partnership's reviews, newest first; valid (and empty) before its first review."""
    strays = sorted(r.key for r in reviews if r.partnership.slug != partnership.slug)
    if strays:
        raise ValueError(f"reviews of other partnerships given for {partnership.slug!r}: {strays}")
    path = partnership_feed_path(partnership.slug)
    fg = _new_feed(
        site,
        feed_id=_feed_id(site, path),
        title=partnership.name,
        subtitle=f"Child safeguarding practice reviews published by {partnership.name}",
        self_url=site.base_url + path,
        alternate_url=homepage(partnership, site),
        author={"name": partnership.name, "uri": homepage(partnership, site)},
        reviews=reviews,
    )
    for review in sort_reviews(reviews):
        _add_entry(fg, site, review)
    return _serialise(fg)


def build_combined_feed(site: Site, partnerships: Sequence[Partnership], reviews: Sequence[Review]) -> bytes:
    """Every partnership's reviews in one feed, each entry naming its partnership's feed in atom:source."""
    count = len(partnerships)
    fg = _new_feed(
        site,
        feed_id=_feed_id(site, COMBINED_FEED_PATH),
        title=site.title,
        subtitle=(
            f"Child safeguarding practice reviews published by {count} local safeguarding children "
            f"partnership{'' if count == 1 else 's'} in England, gathered from their websites"
        ),
        self_url=site.base_url + COMBINED_FEED_PATH,
        alternate_url=site.base_url,
        author={"name": site.title, "uri": site.base_url},
        reviews=reviews,
    )
    # atom:source carries the partnership feed's own `updated`, so it is computed over all its reviews here.
    latest: dict[str, dt.datetime] = {}
    for review in reviews:
        slug = review.partnership.slug
        latest[slug] = max(latest.get(slug, EPOCH), _utc(review.content_updated_at))
    for review in sort_reviews(reviews):
        entry = _add_entry(fg, site, review)
        entry.register_extension("atom_source", _SourceExtension, atom=True, rss=False)
        partnership = review.partnership
        path = partnership_feed_path(partnership.slug)
        entry.atom_source.set(
            feed_id=_feed_id(site, path),
            title=partnership.name,
            updated=latest[partnership.slug],
            self_url=site.base_url + path,
            alternate_url=homepage(partnership, site),
        )
    return _serialise(fg)


def build_lifecycle_feed(site: Site, reviews: Sequence[Review]) -> bytes:
    """The latest LIFECYCLE_FEED_EVENTS lifecycle events of every review, newest first: one entry each, which
    never changes once written (its `updated` is the event's time)."""
    events = [(e, kind, r) for r in reviews for e in r.events if (kind := event_kind(e)) is not None]
    events.sort(key=lambda item: (item[0].at, item[0].id or 0), reverse=True)
    fg = FeedGenerator()
    fg.id(_feed_id(site, LIFECYCLE_FEED_PATH))
    fg.title(f"{site.title}: lifecycle")
    fg.subtitle(
        "Reviews published on the partnerships' sites, past their retention period, removed, back, archived "
        "in the NSPCC repository, or with a document replaced"
    )
    fg.language(LANGUAGE)
    fg.link(href=site.base_url + LIFECYCLE_FEED_PATH, rel="self", type=ATOM_MEDIA_TYPE)
    fg.link(href=site.base_url, rel="alternate", type="text/html")
    fg.author({"name": site.title, "uri": site.base_url})
    fg.updated(_utc(events[0][0].at) if events else EPOCH)
    for event, kind, review in events[:LIFECYCLE_FEED_EVENTS]:
        _add_event(fg, site, review, event, kind)
    return _serialise(fg)


def _add_event(fg: FeedGenerator, site: Site, review: Review, event: StatusEvent, kind: EventKind) -> None:
    partnership = review.partnership
    entry: FeedEntry = fg.add_entry(order="append")
    entry.id(f"tag:{site.tag_authority}:{review.key}/events/{event.id}")
    entry.title(f"{EVENT_WORDS[kind]}: {review.title}")
    entry.updated(_utc(event.at))
    entry.author({"name": partnership.name, "uri": homepage(partnership, site)})
    entry.link(href=reading_url(review, site), rel="alternate", type="text/html")
    if kind is EventKind.DOCUMENT_CHANGED and event.evidence:
        entry.link(href=event.evidence, rel="related", title="The replaced document")
    entry.category(term=kind, scheme=f"{site.base_url}lifecycle-events", label=EVENT_WORDS[kind])
    entry.category(term=partnership.slug, scheme=f"{site.base_url}partnerships", label=partnership.name)
    said = [h.P(f"{partnership.name}, {format_date(event.at.date())}: {event.reason}.")]
    if event.evidence and kind is not EventKind.DOCUMENT_CHANGED:
        said.append(h.P(f"Evidence: {event.evidence}"))
    said.append(h.P(h.A("Where to read it now", href=reading_url(review, site))))
    entry.content("".join(html_tostring(part, encoding="unicode") for part in said), type="html")


# ---------------------------------------------------------------------------------------------------------
# Feed and entries
# ---------------------------------------------------------------------------------------------------------


def _new_feed(
    site: Site,
    *,
    feed_id: str,
    title: str,
    subtitle: str,
    self_url: str,
    alternate_url: str,
    author: dict[str, str],
    reviews: Iterable[Review],
) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.language(LANGUAGE)
    fg.link(href=self_url, rel="self", type=ATOM_MEDIA_TYPE)
    fg.link(href=alternate_url, rel="alternate", type="text/html")
    fg.author(author)
    # No version: a release of this project should not change the bytes (and ETags) of every feed.
    fg.generator(GENERATOR, uri=PROJECT_URL)
    # From the data, never now(): an empty feed gets the epoch, so it too is the same bytes every run.
    fg.updated(max((_utc(r.content_updated_at) for r in reviews), default=EPOCH))
    return fg


def _add_entry(fg: FeedGenerator, site: Site, review: Review) -> FeedEntry:
    partnership = review.partnership
    entry: FeedEntry = fg.add_entry(order="append")
    entry.id(f"tag:{site.tag_authority}:{review.key}")
    entry.title(review.title)
    entry.updated(_utc(review.content_updated_at))
    if review.published_on is not None:
        entry.published(dt.datetime.combine(review.published_on, dt.time(), tzinfo=dt.UTC))
    entry.author({"name": partnership.name, "uri": homepage(partnership, site)})

    # Links follow the review: its partnership's page while it is there, the NSPCC repository once removed;
    # a document that answered 404/410 since is no longer offered.
    entry.link(href=reading_url(review, site), rel="alternate", type="text/html")
    record = nspcc_record(review)
    if record and record != reading_url(review, site):
        entry.link(href=record, rel="related", type="text/html", title="NSPCC repository")
    for document in enclosures(review):
        link: dict[str, str] = {"href": document.url, "rel": "enclosure", "title": document.title}
        if document.media_type:
            link["type"] = document.media_type
        if document.size is not None:
            link["length"] = str(document.size)  # feedgen writes the value as given: an attribute is a str
        entry.link(link)

    label = REVIEW_TYPE_LABELS[review.review_type]
    entry.category(term=review.review_type, scheme=f"{site.base_url}review-types", label=label)
    entry.category(term=partnership.slug, scheme=f"{site.base_url}partnerships", label=partnership.name)
    status = STATE_WORDS[review.site_status].category
    entry.category(term=review.site_status, scheme=f"{site.base_url}site-status", label=status)
    archived = STATE_WORDS[review.archive_state].category  # `archived` once archived; none before
    if archived is not None:
        entry.category(term=review.archive_state, scheme=f"{site.base_url}archive", label=archived)
    for theme in review.themes:
        entry.category(term=theme, scheme=f"{site.base_url}themes", label=theme)

    if review.summary:
        entry.summary(review.summary, type="text")
    entry.content(_content_html(site, review), type="html")
    return entry


def _content_html(site: Site, review: Review) -> str:
    """A short HTML account of the review: summary, facts, documents and where it can be read."""
    facts: list[tuple[str, Any]] = [
        ("Type", REVIEW_TYPE_LABELS[review.review_type]),
        ("Partnership", review.partnership.name),
    ]
    if review.case_reference:
        facts.append(("Case reference", review.case_reference))
    if review.pseudonyms:
        noun = "Child known as" if len(review.pseudonyms) == 1 else "Children known as"
        facts.append((noun, ", ".join(review.pseudonyms)))
    facts.append(("Published", publication_text(review) or "Date not given"))
    facts.append(("Status", state_label(review, review.site_status)))
    if (retention := retention_text(review)) is not None:
        facts.append(("Retention period ends", retention))
    archive = review.archive_state
    in_nspcc = state_label(review, archive)
    match archive:
        case ArchiveState.ARCHIVED:
            facts.append(("NSPCC repository", h.A(in_nspcc, href=nspcc_url(review, site))))
        case ArchiveState.NOT_ARCHIVED:
            facts.append(("NSPCC repository", in_nspcc))
        case _:
            assert_never(archive)
    if (change := latest_change(review)) is not None:
        event, kind = change
        facts.append(
            ("Latest change", f"{EVENT_WORDS[kind]} on {format_date(event.at.date())}: {event.reason}")
        )

    parts: list[Any] = []
    if review.summary:
        parts.append(h.P(review.summary))
    definitions: list[Any] = []
    for term, value in facts:
        definitions += [h.DT(term), h.DD(value)]
    parts.append(h.DL(*definitions))
    if review.documents:
        items = []
        for document in review.documents:
            notes = document_notes(document, gone=document_gone(review, document))
            items.append(h.LI(h.A(document.title, href=document.url), f" ({notes})"))
        parts.append(h.UL(*items))
    for heading, listed in (
        ("Learning themes (NSPCC)", review.learning_themes),
        ("Recommendations (NSPCC)", review.recommendations),
    ):
        if listed:
            parts += [h.P(heading), h.UL(*(h.LI(item) for item in listed))]
    parts.append(h.P(h.A("Read the review", href=reading_url(review, site))))
    return "".join(html_tostring(part, encoding="unicode") for part in parts)


class _SourceExtension(BaseEntryExtension):  # type: ignore[misc]  # feedgen is untyped
    """Writes atom:source (RFC 4287 4.2.11) into a combined feed's entry: the partnership feed it is from.

    feedgen builds its tree without namespaces and declares Atom's as the default on the root, so the
    elements here are unqualified too and come out in the Atom namespace.
    """

    def set(
        self, *, feed_id: str, title: str, updated: dt.datetime, self_url: str, alternate_url: str
    ) -> None:
        self._source = (feed_id, title, updated, self_url, alternate_url)

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        feed_id, title, updated, self_url, alternate_url = self._source
        source = etree.SubElement(entry, "source")
        etree.SubElement(source, "id").text = feed_id
        etree.SubElement(source, "title").text = title
        etree.SubElement(source, "updated").text = updated.isoformat()
        etree.SubElement(source, "link", href=self_url, rel="self", type=ATOM_MEDIA_TYPE)
        etree.SubElement(source, "link", href=alternate_url, rel="alternate", type="text/html")
        return entry


def _feed_id(site: Site, path: str) -> str:
    # "feeds/all.atom" -> "tag:...:feeds/all": ids name the feed, not the file format it is served in.
    return f"tag:{site.tag_authority}:{path.removesuffix('.atom')}"


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: feeds take aware UTC datetimes only")
    return moment.astimezone(dt.UTC)


def _serialise(fg: FeedGenerator) -> bytes:
    atom: bytes = fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return atom
