"""Partnerships registered in the store rather than by a file: `cspr partnerships add FILE` and
`PUT /api/v1/partnerships/{slug}`.

Both take a partnership file's schema and validate it exactly as the loader does (aggregator/settings.py),
with the same field-named errors. A file in config/partnerships/ wins over a registration of the same slug
(store.with_registered); `cspr sources` and `cspr partnerships list` show where each comes from.

Sources registered over the API are fetched by the server for someone else, so each URL must be public:
http(s), no credentials, a host resolving only to public addresses (aggregator/addresses.py), and every
redirect it answers with is checked the same way before it is followed (unless `allow_private_hosts`).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from urllib.parse import urljoin

import httpx
from pydantic import Field, ValidationError

from aggregator.addresses import AddressError, Resolver, check_public_url, resolve
from aggregator.errors import ConfigError
from aggregator.push import unstorable
from aggregator.settings import (
    SLUG,
    PartnershipConfig,
    RegisteredPartnership,
    field_errors,
    load_partnership_file,
)

MAX_REDIRECTS = 10
FieldErrors = list[tuple[str, str]]


class PartnershipBody(PartnershipConfig):
    """A partnership file's schema as a request body: the slug comes from the URL (and, if given here too,
    must be the same)."""

    slug: str | None = Field(None, pattern=SLUG.pattern, max_length=100)  # type: ignore[assignment]


def from_file(path: Path) -> RegisteredPartnership:
    """A partnership file, validated as the loader validates config/partnerships/*.toml (ConfigError naming
    the file and field)."""
    config = load_partnership_file(path)
    problems = unstorable(config.model_dump(mode="json"))
    if problems:
        raise ConfigError("\n".join(f"{path}: {field}: {message}" for field, message in problems))
    return RegisteredPartnership.model_validate(config.model_dump())


def from_body(slug: str, body: PartnershipBody) -> RegisteredPartnership | FieldErrors:
    """The partnership a request registers as `slug`, or what is wrong with it, field by field."""
    if body.slug is not None and body.slug != slug:
        return [("slug", f"{body.slug!r} differs from the slug in the URL, {slug!r}")]
    data = body.model_dump(mode="json", exclude={"slug"})
    problems = unstorable(data)
    if problems:
        return problems
    try:
        return RegisteredPartnership.model_validate({**data, "slug": slug})
    except ValidationError as exc:  # validated as a body already: only the URL's slug can be at fault
        return field_errors(exc.errors())


def check_sources(
    config: PartnershipConfig,
    *,
    client: httpx.Client,
    allow_private: bool,
    resolve: Resolver = resolve,
) -> FieldErrors:
    """Each source URL that is not public, or redirects somewhere that is not, with why."""
    problems = []
    for number, source in enumerate(config.sources):
        try:
            follow_redirects(source.url, client=client, allow_private=allow_private, resolve=resolve)
        except AddressError as exc:
            problems.append((f"sources.{number}.url", str(exc)))
    return problems


def follow_redirects(
    url: str, *, client: httpx.Client, allow_private: bool, resolve: Resolver = resolve
) -> None:
    """Check `url`, then GET it without following redirects, and check each place it redirects to before
    going there. AddressError for the first that is not public. A page that cannot be reached now passes:
    the harvest will say so, and nothing was reached that should not be."""
    for _ in range(MAX_REDIRECTS + 1):
        check_public_url(url, allow_private, resolve=resolve)
        try:
            with client.stream("GET", url, follow_redirects=False) as response:
                location = response.headers.get("location") if response.is_redirect else None
        except httpx.HTTPError:
            return
        if not location:
            return
        target = urljoin(url, location)
        try:
            check_public_url(target, allow_private, resolve=resolve)
        except AddressError as exc:
            raise AddressError(f"{url} redirects to {exc}") from None  # exc names the target
        url = target
    raise AddressError(f"more than {MAX_REDIRECTS} redirects from {url}")


def origin(slug: str, configured: Collection[str], registered: Collection[str]) -> str:
    """Where a partnership comes from, as `cspr sources` and `cspr partnerships list` show it."""
    if slug in configured and slug in registered:
        return "file (wins over its registration)"
    if slug in configured:
        return "file"
    if slug in registered:
        return "registered"
    return "neither (disabled)"
