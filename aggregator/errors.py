"""Errors the aggregator raises on purpose.

    AggregatorError
     ├── ConfigError     a settings or partnership file is wrong (names the file and the field)
     └── SourceError     one source could not be harvested; the others go on
          ├── FetchError   the page could not be fetched (names the URL and the HTTP status)
          └── ParseError   the page did not look as the adapter expects (names the URL and what was missing)
    SkipEntry            drop one entry and keep the rest (Scrapy's DropItem)

Anything else that escapes is a bug and should fail loudly.
"""

from __future__ import annotations


class AggregatorError(Exception):
    """Base of every error raised on purpose."""


class ConfigError(AggregatorError):
    """A configuration file is missing, unreadable or invalid."""


class SourceError(AggregatorError):
    """One source failed; recorded on its HarvestRun, never stops the others."""


class FetchError(SourceError):
    """The source's page could not be fetched."""


class ParseError(SourceError):
    """The fetched page did not contain what the adapter keys on."""


class SkipEntry(Exception):
    """Raised while normalising one entry to drop it with a logged reason."""
