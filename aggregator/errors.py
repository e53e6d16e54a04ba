"""Errors the aggregator raises on purpose.

    AggregatorError        exit_code 1
     ├── ConfigError       2  a setting, a partnership file or a command-line value is wrong (names which)
     ├── StoreError        3  the store cannot be opened or written (names the URL, never its password)
     ├── OutputError       4  a file, folder or port the command needs cannot be used (names it)
     └── SourceError          one source could not be harvested; the others go on
          ├── FetchError      the page could not be fetched (names the URL and the HTTP status)
          ├── ParseError      the page did not look as the adapter expects (names the URL and what)
          └── SuspiciousHarvest  the page was read but cannot be believed (names the URL and the rule)
    SkipEntry                 drop one entry and keep the rest (Scrapy's DropItem)

Each message is one line saying what is wrong, where, and what to do. The `cspr` command prints it as
plain text and exits with the error's `exit_code`. Anything else that escapes is a bug and fails loudly.
"""

from __future__ import annotations


class AggregatorError(Exception):
    """Base of every error raised on purpose."""

    exit_code = 1


class ConfigError(AggregatorError):
    """A configuration file, environment variable or command-line value is missing or invalid."""

    exit_code = 2


class StoreError(AggregatorError):
    """The store cannot be used: a bad URL, a missing driver, a refused connection, a file it cannot write."""

    exit_code = 3


class OutputError(AggregatorError):
    """Something the command writes to or listens on cannot be used: an output folder, a port."""

    exit_code = 4


class SourceError(AggregatorError):
    """One source failed; recorded on its HarvestRun, never stops the others."""


class FetchError(SourceError):
    """The source's page could not be fetched."""


class ParseError(SourceError):
    """The fetched page did not contain what the adapter keys on."""


class SuspiciousHarvest(SourceError):
    """The fetched page cannot be believed (cut off, a maintenance page, ...): nothing of it is stored."""


class SkipEntry(Exception):
    """Raised while normalising one entry to drop it with a logged reason."""
