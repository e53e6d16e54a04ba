"""The `cspr` command: harvest, check, publish, serve, demo, db, sources.

Every command loads and validates the configuration first, opens the store (applying migrations) and calls
the same functions the scheduler and tests call. Exit status: 0 success, 1 a source failed, 2 bad config.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine
from sqlmodel import Session

from aggregator import __version__, db, pipeline, store
from aggregator.errors import AggregatorError
from aggregator.fetch import fetch_page
from aggregator.http import make_client
from aggregator.settings import PartnershipConfig, Settings, load_partnerships, load_settings
from cspr import demo
from cspr.web import create_app
from feeds.publish import render_site, write_site
from feeds.site import site_of

log = logging.getLogger("aggregator")
console = Console(stderr=True, soft_wrap=True)


def harvest(
    settings: Settings, partnerships: Sequence[PartnershipConfig], only: Sequence[str] = ()
) -> list[pipeline.SourceOutcome]:
    """Harvest with a progress bar on a terminal and a line per source; returns the outcomes."""
    engine = db.open_store(settings.database_url)
    chosen = pipeline.select_sources(partnerships, only)
    with Progress(
        TextColumn("[bold]harvest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(chosen))

        def done(outcome: pipeline.SourceOutcome) -> None:
            progress.advance(task)
            label = f"{outcome.partnership}/{outcome.source}"
            if outcome.ok and outcome.result:
                r = outcome.result
                console.print(
                    f"[green]ok[/] {label}: {outcome.entries} reviews "
                    f"({r.created} new, {r.changed} changed, {r.unchanged} unchanged)"
                )
            else:
                console.print(f"[red]failed[/] {label}: {outcome.error}")

        outcomes = pipeline.run_all(
            engine=engine, settings=settings, partnerships=partnerships, only=only, on_done=done
        )
    engine.dispose()
    return outcomes


def check(
    settings: Settings, partnerships: Sequence[PartnershipConfig], only: Sequence[str], save: Path | None
) -> bool:
    """Fetch sources and show what their adapters read, storing nothing: for trying a new or changed
    partnership file, and (with `save`) for recording a page as a test fixture. True if every source read."""
    from rich.table import Table

    ok = True
    with make_client(settings) as client:
        for partnership, source in pipeline.select_sources(partnerships, only):
            label = f"{partnership.slug}/{source.name}"
            try:
                page = fetch_page(client, source.url)
                if save is not None:
                    path = save / partnership.slug / f"{source.name}.html"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(page.content)
                    console.print(f"Saved {page.url} to {path}")
                entries = pipeline.parse_page(page, source, partnership)
            except Exception as exc:  # a bug in one adapter must not hide what the others read
                reason = (
                    exc if isinstance(exc, AggregatorError) else f"unexpected {type(exc).__name__}: {exc}"
                )
                console.print(f"[red]failed[/] {label}: {reason}")
                ok = False
                continue
            table = Table("key", "title", "type", "published", "documents", title=f"{label}: {source.url}")
            for entry in entries:
                published = entry.published_on.isoformat() if entry.published_on else "not given"
                if entry.published_precision:
                    published += f" ({entry.published_precision})"
                kinds = ", ".join(d.kind for d in entry.documents) or "none"
                table.add_row(entry.key, entry.title, entry.review_type, published, kinds)
            wide_console().print(table)
    return ok


def wide_console() -> Console:
    """Standard output; piped or captured, wide enough not to squeeze a table into 80 columns."""
    out = Console()
    return out if out.is_terminal else Console(width=250)


def open_synced_store(settings: Settings, partnerships: Sequence[PartnershipConfig]) -> Engine:
    """The store, migrated, with its partnerships and sources matching the configuration."""
    engine = db.open_store(settings.database_url)
    with Session(engine) as session:
        store.sync_registry(session=session, settings=settings, partnerships=partnerships)
        session.commit()
    return engine


def publish(settings: Settings, partnerships: Sequence[PartnershipConfig], out: Path) -> list[Path]:
    """Write the index and feeds; every configured partnership gets a feed, even before its first harvest."""
    engine = open_synced_store(settings, partnerships)
    with Session(engine) as session:
        files = render_site(
            site_of(settings), store.list_partnerships(session=session), store.list_reviews(session=session)
        )
    engine.dispose()
    return write_site(out, files)


def serve(settings: Settings, partnerships: Sequence[PartnershipConfig], schedule: bool = True) -> None:
    import uvicorn

    from cspr.scheduler import harvest_scheduler

    engine = open_synced_store(settings, partnerships)
    scheduler = None
    if schedule:
        scheduler = harvest_scheduler(engine=engine, settings=settings, partnerships=partnerships)
    app = create_app(engine=engine, settings=settings, scheduler=scheduler)
    console.print(f"Listening on http://{settings.host}:{settings.port}/ (index at /, feeds under /feeds/)")
    if not settings.public_url.startswith(f"http://{settings.host}:{settings.port}/"):
        console.print(f"Feeds link to public_url {settings.public_url}")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


def run_demo(settings: Settings, partnerships: Sequence[PartnershipConfig], *, keep_serving: bool) -> int:
    """Harvest the recorded pages from loopback into a fresh demo store, publish, and serve."""
    workdir = Path("var/demo")
    shutil.rmtree(workdir, ignore_errors=True)
    recordings = demo.recorded_pages()
    with demo.serve_directory(demo.RECORDED_PAGES) as base_url:
        console.print(f"Serving the recorded partnership pages on {base_url}")
        # The demo's feeds link to the demo's own server, whatever public_url production uses.
        settings = settings.model_copy(
            update={
                "database_url": f"sqlite:///{workdir}/cspr.sqlite3",
                "public_url": f"http://{settings.host}:{settings.port}/",
            }
        )
        partnerships = demo.repoint(partnerships, recordings, base_url)
        outcomes = harvest(settings, partnerships)
        written = publish(settings, partnerships, workdir / "site")
        console.print(f"Wrote {len(written)} files to {workdir / 'site'}")
        if keep_serving:
            serve(settings, partnerships, schedule=False)
    return 0 if all(o.ok for o in outcomes) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cspr",
        description="Harvest Child Safeguarding Practice Reviews from partnership sites; publish Atom feeds.",
    )
    parser.add_argument("--version", action="version", version=f"cspr {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        help="configuration folder (default: CSPR_CONFIG_DIR, else the config/ beside the code)",
    )
    parser.add_argument("--database-url", help="SQLAlchemy URL of the store (default: CSPR_DATABASE_URL)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("harvest", help="fetch every enabled source now and store what changed")
    p.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="SLUG[/NAME]",
        help="only this partnership or source (repeatable)",
    )
    p = commands.add_parser("check", help="fetch sources and show what their adapters read; store nothing")
    p.add_argument(
        "source", nargs="*", metavar="SLUG[/NAME]", help="partnerships or sources (default: all enabled)"
    )
    p.add_argument("--save", type=Path, metavar="DIR", help="also write each page to DIR/<slug>/<name>.html")
    p = commands.add_parser("publish", help="write the index and feeds as static files")
    p.add_argument("--out", type=Path, help="output folder (default: output_dir setting)")
    p = commands.add_parser("serve", help="serve index and feeds, harvesting each source on its schedule")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--no-scheduler", action="store_true", help="serve only; harvest with `cspr harvest`")
    p = commands.add_parser("demo", help="offline demo: harvest recorded pages from loopback, publish, serve")
    p.add_argument("--port", type=int)
    p.add_argument("--no-serve", action="store_true", help="stop after harvesting and publishing")
    p = commands.add_parser("db", help="database maintenance")
    p.add_argument("action", choices=["upgrade"], help="upgrade: apply schema migrations")
    commands.add_parser("sources", help="list partnerships, sources and their health")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=console)])
    try:
        settings = load_settings(
            args.config,
            overrides={
                "database_url": args.database_url,
                "host": getattr(args, "host", None),
                "port": getattr(args, "port", None),
            },
        )
        partnerships = load_partnerships(settings.config_dir)
        if args.command == "harvest":
            outcomes = harvest(settings, partnerships, args.source)
            return 0 if all(o.ok for o in outcomes) else 1
        if args.command == "check":
            return 0 if check(settings, partnerships, args.source, args.save) else 1
        if args.command == "publish":
            out = args.out or settings.output_dir
            written = publish(settings, partnerships, out)
            console.print(f"Wrote {len(written)} files to {out}")
        elif args.command == "serve":
            serve(settings, partnerships, schedule=not args.no_scheduler)
        elif args.command == "demo":
            return run_demo(settings, partnerships, keep_serving=not args.no_serve)
        elif args.command == "db":
            db.open_store(settings.database_url).dispose()
            console.print("Schema is up to date.")
        elif args.command == "sources":
            list_sources(settings, partnerships)
    except AggregatorError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    return 0


def list_sources(settings: Settings, partnerships: Sequence[PartnershipConfig]) -> None:
    from rich.table import Table

    engine = open_synced_store(settings, partnerships)
    with Session(engine) as session:
        table = Table("source", "adapter", "schedule", "url", "last success", "failures", "last error")
        for p in store.list_partnerships(session=session):
            for s in p.sources:
                table.add_row(
                    f"{p.slug}/{s.name}" + ("" if s.enabled else " (disabled)"),
                    s.adapter,
                    s.schedule,
                    s.url,
                    str(s.last_success_at or "never"),
                    str(s.consecutive_failures),
                    s.last_error or "",
                )
    wide_console().print(table)


if __name__ == "__main__":
    sys.exit(main())
