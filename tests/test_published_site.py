"""Golden files of the whole published site: the recorded pages harvested on a fixed clock, then every file
`cspr publish` writes (index, combined feed, partnership feeds), compared byte for byte.

A change that moves code around must leave these bytes alone. A change that means to alter what is
published regenerates them on purpose (`CSPR_REGENERATE_GOLDEN=1 pytest tests/test_published_site.py`),
and the diff is reviewed with it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from aggregator import pipeline, store
from aggregator.http import make_client
from aggregator.settings import PartnershipConfig, Settings
from feeds.publish import render_site
from feeds.site import site_of
from tests.conftest import Transport

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "site"


def test_published_site_matches_golden_files(
    engine: Engine, settings: Settings, partnerships: list[PartnershipConfig], recorded_transport: Transport
) -> None:
    moment = dt.datetime(2026, 11, 20, 6, tzinfo=dt.UTC)
    with make_client(settings, transport=recorded_transport(None)) as client:
        outcomes = pipeline.run_all(
            engine=engine, settings=settings, partnerships=partnerships, client=client, now=lambda: moment
        )
    assert all(o.ok for o in outcomes)
    with Session(engine) as session:
        files = render_site(
            site_of(settings), store.list_partnerships(session=session), store.list_reviews(session=session)
        )
    if os.environ.get("CSPR_REGENERATE_GOLDEN"):
        for relative, content in files.items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relative).write_bytes(content)
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(golden)
    for relative, content in files.items():
        assert content == golden[relative], f"{relative} differs from tests/fixtures/site/{relative}"
