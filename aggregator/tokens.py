"""API bearer tokens: issued, checked and revoked. The store keeps only an argon2 hash of each.

A token reads `cspr_<prefix>_<secret>`. The prefix (8 hex digits, shown by `cspr tokens list`) finds its row;
the whole token is then checked against the row's argon2 hash, so a stolen database gives no usable token.
A token is shown once, when it is issued. One with a partnership writes only that partnership's reviews; one
without (`--admin`) registers partnerships and writes any partnership's reviews.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session

from aggregator import store
from aggregator.models import ApiToken, Partnership

# argon2id, light: a token holds 256 random bits, so no work factor makes guessing it harder than it is; the
# hash only makes a copy of the store useless. The library's defaults cost ~0.7 s a request on a small server.
_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
_TOKEN = re.compile(r"^cspr_(?P<prefix>[0-9a-f]{8})_[A-Za-z0-9_-]{20,}$")


@dataclass(frozen=True)
class Caller:
    """Who a request's token speaks for: one partnership (its slug), or None for an admin token."""

    token_id: int
    slug: str | None

    @property
    def admin(self) -> bool:
        return self.slug is None


def issue(*, session: Session, partnership: Partnership | None, at: dt.datetime) -> tuple[ApiToken, str]:
    """A new token for `partnership` (None: an admin token): its row, and the token itself, to show once."""
    prefix = secrets.token_hex(4)
    while store.find_token(session=session, prefix=prefix) is not None:  # 1 in 4 billion; still, never two
        prefix = secrets.token_hex(4)
    token = f"cspr_{prefix}_{secrets.token_urlsafe(32)}"
    row = store.add_token(
        session=session, partnership=partnership, prefix=prefix, secret_hash=_HASHER.hash(token), at=at
    )
    return row, token


def authenticate(*, session: Session, token: str | None) -> Caller | str:
    """Whom `token` speaks for, or why it does not (a line naming neither the token nor its secret)."""
    if not token:
        return "no bearer token: send the header 'Authorization: Bearer <token>'"
    match = _TOKEN.match(token)
    row = store.find_token(session=session, prefix=match["prefix"]) if match else None
    if row is None or not _matches(token, row.secret_hash):
        return "unknown token: it is not one `cspr tokens issue` gave"
    if row.revoked_at is not None:
        return f"token {row.prefix} was revoked on {row.revoked_at:%Y-%m-%d %H:%M} UTC"
    if row.id is None:  # a stored row has an id
        return "unknown token"
    return Caller(token_id=row.id, slug=row.partnership.slug if row.partnership else None)


def _matches(token: str, secret_hash: str) -> bool:
    try:
        return _HASHER.verify(secret_hash, token)
    except (VerificationError, InvalidHashError):
        return False
