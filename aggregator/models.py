"""The shared schema: SQLModel tables for the store and the non-table types passed between stages.

Partnership ─< Source ─< HarvestRun
Partnership ─< Review ─< Document
                Review ─< StatusEvent
     Source ─< ArchiveRecord >─ Review   (a repository's entries, and the review each was matched to)

Every datetime is timezone-aware UTC. SQLite hands back naive values, so the `UTCDateTime` column type
re-attaches UTC on the way out and refuses naive values on the way in.

Every state is a StrEnum, stored as its value in a VARCHAR (`EnumString`) and read back as the member, so code
that branches on one can `match` it exhaustively (`typing.assert_never`, checked by mypy).

No `from __future__ import annotations` here: it breaks SQLModel relationships (sqlmodel#196).
"""

import datetime as dt
from enum import StrEnum
from typing import Any, Optional, TypeVar

from sqlalchemy import JSON, DateTime, String, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, Relationship, SQLModel


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored with its zone where the database can, always returned as aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store keeps aware UTC datetimes only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


E = TypeVar("E", bound=StrEnum)


class EnumString(TypeDecorator[E]):
    """A StrEnum stored as its value in a VARCHAR of `length`, and read back as the member.

    Not SQLAlchemy's `Enum`, which SQLModel gives an enum-typed field by default: that stores the member's
    *name* ("RETENTION_DUE", not "retention-due") and is a native ENUM type on PostgreSQL, so the rows already
    stored would no longer read and every new member would need a migration. Here the column is the VARCHAR it
    always was, with no CHECK constraint: a new member is one line of Python. A value that is not a member is
    refused both ways (ValueError), never written or handed on as a bare string.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length=length)
        self.enum = enum

    @property
    def python_type(self) -> type[E]:
        return self.enum

    def process_bind_param(self, value: E | str | None, dialect: Any) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> E | None:
        return None if value is None else self.enum(value)


class ReviewType(StrEnum):
    LOCAL_CSPR = "local-cspr"
    NATIONAL_REVIEW = "national-review"
    SERIOUS_CASE_REVIEW = "serious-case-review"
    MULTI_AGENCY_LEARNING_REVIEW = "multi-agency-learning-review"
    LEARNING_REVIEW = "learning-review"
    THEMATIC_BRIEFING = "thematic-briefing"
    DOMESTIC_HOMICIDE_REVIEW_LEARNING = "domestic-homicide-review-learning"
    INDEPENDENT_REVIEW = "independent-review"
    OTHER = "other"


REVIEW_TYPE_LABELS: dict[ReviewType, str] = {
    ReviewType.LOCAL_CSPR: "Local child safeguarding practice review",
    ReviewType.NATIONAL_REVIEW: "National child safeguarding practice review",
    ReviewType.SERIOUS_CASE_REVIEW: "Serious case review",
    ReviewType.MULTI_AGENCY_LEARNING_REVIEW: "Multi-agency learning review",
    ReviewType.LEARNING_REVIEW: "Learning review",
    ReviewType.THEMATIC_BRIEFING: "Thematic briefing",
    ReviewType.DOMESTIC_HOMICIDE_REVIEW_LEARNING: "Domestic homicide review learning",
    ReviewType.INDEPENDENT_REVIEW: "Independent review",
    ReviewType.OTHER: "Other review or learning",
}


class DocumentKind(StrEnum):
    REPORT = "report"
    SUMMARY_OF_PROGRESS = "summary-of-progress"
    LEARNING_ON_A_PAGE = "learning-on-a-page"
    AUDIT_FINDINGS = "audit-findings"
    BRIEFING = "briefing"
    STATEMENT = "statement"
    OTHER = "other"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    # "Spring 2023": stored as the season's first month (March, June, September, December of that year).
    SEASON = "season"
    YEAR = "year"


class SiteStatus(StrEnum):
    """Where a review stands on its partnership's own website (one of its two lifecycle facts).

    `not-seen` is a review known only from the NSPCC repository's lists: never seen on a partnership's site,
    so neither live nor removed on any evidence of ours. Seen on its partnership's site later, it is live.
    """

    LIVE = "live"
    RETENTION_DUE = "retention-due"
    REMOVED = "removed"
    NOT_SEEN = "not-seen"


class ArchiveState(StrEnum):
    """Whether the NSPCC repository holds the review (the other lifecycle fact): `Review.archive_state`."""

    NOT_ARCHIVED = "not-archived"
    ARCHIVED = "archived"


class Fact(StrEnum):
    """Which fact of a review a StatusEvent records a change of."""

    SITE = "site"  # old and new are SiteStatus values
    ARCHIVE = "archive"  # old and new are ArchiveState values
    DOCUMENT = "document"  # a document's bytes changed under the same URL: old and new are SHA-256 digests


class HarvestOutcome(StrEnum):
    """How a HarvestRun ended, or that it has not. A page answering 304 Not Modified is OK (the listing it
    confirms is read from the store), as is a page that lists nothing new. A `suspicious` harvest fetched a
    page that cannot be believed (aggregator/plausibility.py): nothing of it is stored, and it counts as a
    failure of the source. (`interrupted`, a run whose worker died, is to come: a member more, no migration.)
    Only `ok` runs are evidence that a review is gone."""

    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    SUSPICIOUS = "suspicious"


class PartnershipKind(StrEnum):
    """What publishes the reviews of a Partnership row. A `repository` (the NSPCC's, config/repositories/)
    has sources like a partnership, but its entries are matched to the reviews partnerships published
    instead of being stored as its own; it has no feed."""

    PARTNERSHIP = "partnership"
    REPOSITORY = "repository"


class MatchOutcome(StrEnum):
    """What became of one entry of a repository's lists (an ArchiveRecord)."""

    MATCHED = "matched"  # one review seen on its partnership's site agrees on everything: it is archived
    AMBIGUOUS = "ambiguous"  # several reviews agree: none is marked, and nothing is stored for the entry
    PARTIAL = "partial"  # a review agrees on some and not all: not matched; catalogued as a review of its own
    UNMATCHED = "unmatched"  # no review of ours agrees: catalogued as a review of its own


# ---------------------------------------------------------------------------------------------------------
# Non-table types passed between stages
# ---------------------------------------------------------------------------------------------------------


class DocumentIn(SQLModel):
    """One normalised document of a review."""

    url: str
    title: str
    kind: DocumentKind = DocumentKind.OTHER
    media_type: str | None = None
    published_on: dt.date | None = None
    published_precision: DatePrecision | None = None


class ReviewIn(SQLModel):
    """One normalised review, as normalise() hands it to the store."""

    key: str
    title: str
    url: str
    review_type: ReviewType = ReviewType.OTHER
    case_reference: str | None = None
    pseudonyms: list[str] = Field(default_factory=list)
    published_on: dt.date | None = None
    published_precision: DatePrecision | None = None
    summary: str | None = None
    themes: list[str] = Field(default_factory=list)
    documents: list[DocumentIn] = Field(default_factory=list)
    # The id its source gives the entry (a feed's <guid> or <id>): an edited entry is the same review.
    entry_id: str | None = None


# ---------------------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------------------


class Partnership(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=100)
    name: str
    short_name: str | None = None
    homepage: str
    nation: str = "England"
    region: str | None = None
    retention_months: int | None = None
    kind: PartnershipKind = Field(
        default=PartnershipKind.PARTNERSHIP, sa_type=EnumString(PartnershipKind, 20)
    )

    sources: list["Source"] = Relationship(back_populates="partnership")
    reviews: list["Review"] = Relationship(back_populates="partnership")


class Source(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("partnership_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = Field(foreign_key="partnership.id", index=True)
    name: str = Field(max_length=100)
    adapter: str
    url: str
    schedule: str
    enabled: bool = True
    options: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    etag: str | None = None
    last_modified: str | None = None
    last_success_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = None
    last_error_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    consecutive_failures: int = 0
    moved_to: str | None = None  # where permanent redirects from `url` led at the last harvest

    partnership: Partnership = Relationship(back_populates="sources")


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = Field(foreign_key="partnership.id", index=True)
    source_id: int | None = Field(default=None, foreign_key="source.id")
    key: str = Field(unique=True, index=True, max_length=300)
    title: str
    url: str
    review_type: ReviewType = Field(default=ReviewType.OTHER, sa_type=EnumString(ReviewType, 60))
    case_reference: str | None = Field(default=None, max_length=100)
    pseudonyms: list[str] = Field(default_factory=list, sa_type=JSON)
    published_on: dt.date | None = None
    published_precision: DatePrecision | None = Field(default=None, sa_type=EnumString(DatePrecision, 10))
    summary: str | None = None
    themes: list[str] = Field(default_factory=list, sa_type=JSON)
    # What the NSPCC repository's lists say of it, once matched or catalogued from them.
    learning_themes: list[str] = Field(default_factory=list, sa_type=JSON)
    recommendations: list[str] = Field(default_factory=list, sa_type=JSON)
    content_hash: str = Field(max_length=64)
    # `updated` in the feeds: the last real change of content (a document's bytes included), or of where the
    # review can be read (removed, back, archived); never a harvest that changed nothing.
    content_updated_at: dt.datetime = Field(sa_type=UTCDateTime)
    first_seen_at: dt.datetime = Field(sa_type=UTCDateTime)
    last_seen_at: dt.datetime = Field(sa_type=UTCDateTime)
    site_status: SiteStatus = Field(default=SiteStatus.LIVE, sa_type=EnumString(SiteStatus, 20))
    retention_due_on: dt.date | None = None
    removed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    archived_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    nspcc_url: str | None = None
    # The id its source gives the entry (a feed's <guid> or <id>), matched before the key (store.py).
    entry_id: str | None = Field(default=None, index=True)

    @property
    def archive_state(self) -> ArchiveState:
        """Whether the NSPCC repository holds the review: read off `archived_at`, so they never disagree."""
        return ArchiveState.NOT_ARCHIVED if self.archived_at is None else ArchiveState.ARCHIVED

    partnership: Partnership = Relationship(back_populates="reviews")
    documents: list["Document"] = Relationship(
        back_populates="review",
        sa_relationship_kwargs={"order_by": "Document.position", "cascade": "all, delete-orphan"},
    )
    events: list["StatusEvent"] = Relationship(
        back_populates="review",
        sa_relationship_kwargs={"order_by": "StatusEvent.at", "cascade": "all, delete-orphan"},
    )


class Document(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("review_id", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    position: int = 0
    url: str
    title: str
    kind: DocumentKind = Field(default=DocumentKind.OTHER, sa_type=EnumString(DocumentKind, 40))
    media_type: str | None = None
    published_on: dt.date | None = None
    published_precision: DatePrecision | None = Field(default=None, sa_type=EnumString(DatePrecision, 10))
    size: int | None = None
    content_hash: str | None = None  # SHA-256 of the bytes, when last fetched
    last_check_status: int | None = None
    last_checked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The validators of the last response with the document's bytes, for a conditional request next time.
    etag: str | None = None
    last_modified: str | None = None
    changed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)  # bytes last replaced

    review: Optional["Review"] = Relationship(back_populates="documents")


class StatusEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    at: dt.datetime = Field(sa_type=UTCDateTime)
    fact: Fact = Field(sa_type=EnumString(Fact, 20))
    old: str | None = None  # the value of the fact's enum before the change; None for a new review
    new: str
    reason: str
    evidence: str | None = None

    review: Optional["Review"] = Relationship(back_populates="events")


class HarvestRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    started_at: dt.datetime = Field(sa_type=UTCDateTime)
    finished_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: HarvestOutcome = Field(default=HarvestOutcome.RUNNING, sa_type=EnumString(HarvestOutcome, 20))
    url: str
    http_status: int | None = None
    entries_found: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    page_bytes: int | None = None  # length of the page read in full; None for a 304 or no page
    error: str | None = None


class ApiToken(SQLModel, table=True):
    """A bearer token for the API. Only its argon2 hash is kept, with the short public prefix it is found by
    (aggregator/tokens.py). It writes one partnership's reviews, or, with no partnership, is an admin token:
    it registers partnerships and writes any partnership's reviews. Revoked, never deleted."""

    id: int | None = Field(default=None, primary_key=True)
    prefix: str = Field(unique=True, index=True, max_length=16)
    secret_hash: str
    partnership_id: int | None = Field(default=None, foreign_key="partnership.id", index=True)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)

    partnership: Optional["Partnership"] = Relationship()


class Registration(SQLModel, table=True):
    """A partnership registered in the store rather than by a file in config/partnerships/: its settings as
    given, in a partnership file's schema without the slug (validated again whenever they are read)."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=100)
    config: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    registered_at: dt.datetime = Field(sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(sa_type=UTCDateTime)


class ArchiveRecord(SQLModel, table=True):
    """One entry of a repository's lists (the NSPCC's record of a review), as last read, and what became of
    it: the review it archived, or the review catalogued from it, and why; or why nothing was made of it."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    url: str = Field(unique=True, index=True)  # the record's own link: the entry's identity
    title: str
    year: int | None = None
    partnership_name: str | None = None  # as the list writes it; None: published anonymously
    outcome: MatchOutcome = Field(sa_type=EnumString(MatchOutcome, 20))
    reason: str
    review_id: int | None = Field(default=None, foreign_key="review.id", index=True)
    first_seen_at: dt.datetime = Field(sa_type=UTCDateTime)
    last_seen_at: dt.datetime = Field(sa_type=UTCDateTime)

    review: Optional["Review"] = Relationship()
