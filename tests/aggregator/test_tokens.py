"""Tokens: issued once, stored as an argon2 hash found by a public prefix, refused when wrong or revoked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine
from sqlmodel import Session

from aggregator import store, tokens
from aggregator.settings import PartnershipConfig, Settings

AT = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def test_a_token_speaks_for_its_partnership_until_revoked(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig]
) -> None:
    with Session(engine) as session:
        store.sync_registry(session=session, settings=settings, partnerships=partnerships)
        doncaster = store.get_partnership(session=session, slug="doncaster")
        row, token = tokens.issue(session=session, partnership=doncaster, at=AT)
        admin_row, admin = tokens.issue(session=session, partnership=None, at=AT)
        assert row.secret_hash.startswith("$argon2id$") and token not in row.secret_hash
        assert token.startswith(f"cspr_{row.prefix}_")
        assert tokens.authenticate(session=session, token=token) == tokens.Caller(row.id or 0, "doncaster")
        assert tokens.authenticate(session=session, token=admin) == tokens.Caller(admin_row.id or 0, None)
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        for wrong in (forged, "cspr_00000000_" + "A" * 43, "Bearer x", ""):
            assert isinstance(tokens.authenticate(session=session, token=wrong), str)
        store.revoke_token(session=session, token_id=row.id or 0, at=AT)
        assert "was revoked on 2026-11-01" in str(tokens.authenticate(session=session, token=token))
