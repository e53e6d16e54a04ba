"""Benchmarks: prints figures for parsing, storing and publishing at national scale.

    .venv/bin/python bench/run.py [--partnerships 150] [--reviews 40] [--database-url URL]

National scale is ~150 partnerships with a few dozen reviews each. Figures, not pass/fail: targets are read
off these numbers (the tests never time anything).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session

from aggregator import db, store
from aggregator.models import DocumentIn, Partnership, ReviewIn, Source
from aggregator.normalise import normalise
from aggregator.pipeline import partnership_words
from aggregator.settings import PartnershipConfig, SourceConfig, load_partnerships, load_settings
from cspr.data import DEFAULT_CONFIG_DIR
from cspr.demo import RECORDED_PAGES, recorded_pages
from feeds.publish import render_site
from feeds.site import Site
from sources import get_adapter
from sources.base import Page

T = TypeVar("T")


def timed(label: str, fn: Callable[[], T], repeat: int = 1) -> T:
    start = time.perf_counter()
    for _ in range(repeat):
        result = fn()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label:<58} {elapsed * 1000:10.1f} ms")
    return result


def bench_parse(config_dir: Path) -> None:
    recordings = recorded_pages()
    for partnership in load_partnerships(config_dir):
        for source in partnership.sources:
            adapter = get_adapter(source.adapter)
            content = (RECORDED_PAGES / recordings[source.url]).read_bytes()
            words = partnership_words(partnership)

            def parse(adapter=adapter, content=content, source=source, words=words) -> int:  # type: ignore[no-untyped-def]
                page = Page(url=source.url, content=content)
                return len([normalise(r, words) for r in adapter.parse(page, adapter.options())])

            n = timed(
                f"parse+normalise {partnership.slug}/{source.name} ({len(content) // 1024} KiB)", parse, 20
            )
            print(f"{'':<58} {n:10d} reviews")


def bench_big_page(reviews: int = 4000) -> None:
    """A listing page far longer than any real one: parsing must stay linear in its length."""
    item = (
        "<p>The learning review concerns the death of a child {0}. Available reports:</p>"
        '<ul><li><a href="/media/review-{0}.pdf">Learning briefing {0} (PDF, 200KB)</a></li></ul>'
    )
    content = (
        "<html><body><main>" + "".join(item.format(i) for i in range(reviews)) + "</main></body></html>"
    ).encode()
    for name in ("derby-and-derbyshire", "doncaster"):
        adapter = get_adapter(name)

        def parse(adapter=adapter) -> int:  # type: ignore[no-untyped-def]
            return len(
                list(adapter.parse(Page(url="https://x.example/reviews", content=content), adapter.options()))
            )

        n = timed(f"parse a {len(content) // 1024} KiB page with {name}", parse)
        print(f"{'':<58} {n:10d} reviews")


def synthetic(slug: str, count: int, generation: int = 0) -> list[ReviewIn]:
    return [
        ReviewIn(
            key=f"{slug}/ref/r{i:04d}",
            title=f"Child Safeguarding Practice Review: Child {i} (R{i:04d})",
            url=f"https://{slug}.example/case-reviews#r{i}",
            review_type="local-cspr",
            case_reference=f"R{i:04d}",
            pseudonyms=[f"Child {i}"],
            published_on=dt.date(2020 + i % 6, 1 + i % 12, 1),
            published_precision="month",
            summary=f"The partnership published the review concerning Child {i}. Generation {generation}.",
            documents=[
                DocumentIn(
                    url=f"https://{slug}.example/media/r{i}-{k}.pdf",
                    title=f"Document {k}",
                    kind="report",
                    media_type="application/pdf",
                )
                for k in range(3)
            ],
        )
        for i in range(count)
    ]


def bench_store(url: str, partnerships: int, reviews: int) -> None:
    settings = load_settings(DEFAULT_CONFIG_DIR, environ={})
    engine = db.open_store(url)
    configs = [
        PartnershipConfig.model_construct(
            slug=f"p{n:03d}",
            name=f"Partnership {n}",
            short_name=None,
            homepage=f"https://p{n:03d}.example",
            nation="England",
            region=None,
            retention_months=12,
            sources=(
                SourceConfig.model_construct(
                    name="cspr",
                    adapter="doncaster",
                    url=f"https://p{n:03d}.example/r",
                    schedule=None,
                    enabled=True,
                    options={},
                ),
            ),
        )
        for n in range(partnerships)
    ]
    with Session(engine) as session:
        rows = store.sync_registry(session=session, settings=settings, partnerships=configs)
        session.commit()
        keys = {k: (s.partnership_id, s.id) for k, s in rows.items()}
    total = partnerships * reviews

    def harvest(generation: int) -> None:
        for (slug, _name), (pid, sid) in keys.items():
            with Session(engine) as session:
                partnership, source = session.get_one(Partnership, pid), session.get_one(Source, sid)
                store.upsert_reviews(
                    session=session,
                    partnership=partnership,
                    source=source,
                    entries=synthetic(slug, reviews, generation),
                    seen_at=dt.datetime.now(dt.UTC),
                )
                session.commit()

    timed(f"first harvest: {total} reviews, {total * 3} documents", lambda: harvest(0))
    timed(f"re-harvest, nothing changed ({total} reviews)", lambda: harvest(0))
    timed(f"re-harvest, every summary changed ({total} reviews)", lambda: harvest(1))
    site = Site(base_url="https://feeds.example/", tag_authority="bench.example,2026")

    def publish() -> int:
        with Session(engine) as session:
            files = render_site(
                site, store.list_partnerships(session=session), store.list_reviews(session=session)
            )
        return sum(len(b) for b in files.values())

    size = timed(f"render index + {partnerships + 1} feeds from the store", publish)
    print(f"{'':<58} {size / 1024 / 1024:10.1f} MiB written")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=150)
    parser.add_argument("--reviews", type=int, default=40, help="reviews per partnership")
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    args = parser.parse_args()
    bench_parse(Path(__file__).resolve().parent.parent / "config")
    bench_big_page()
    with tempfile.TemporaryDirectory() as tmp:
        bench_store(args.database_url or f"sqlite:///{tmp}/bench.sqlite3", args.partnerships, args.reviews)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory':<58} {peak:10.1f} MiB")


if __name__ == "__main__":
    main()
