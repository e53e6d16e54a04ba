"""The `cspr` command: harvest, check, publish, serve, demo, db, sources, lifecycle, tokens, partnerships.

Every command loads and validates the configuration first, opens the store (applying migrations) and calls
the same functions the scheduler and tests call. Heavy modules (SQLAlchemy, FastAPI, feedgen) are imported
by the commands that use them, so `cspr --help` answers at once.

Exit status: 0 success, 1 a source failed (the others were still harvested), 2 bad configuration or
arguments, 3 the store cannot be used, 4 an output folder or port cannot be used, 70 a bug. Every error is
one line of plain text naming what is at fault; a traceback is shown only with -v.
"""

from __future__ import annotations

import argparse
import logging
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from aggregator import __version__
from aggregator.errors import AggregatorError, ConfigError, OutputError

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy import Engine

    from aggregator.pipeline import SourceOutcome
    from aggregator.settings import PartnershipConfig, Settings

log = logging.getLogger("cspr")
BUG = 70  # EX_SOFTWARE
MOVED = "moved permanently to {} (HTTP 301/308); give that url in the partnership's file"


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def say(message: str, label: str = "", style: str = "") -> None:
    """One line on standard error; the message is plain text, never read as markup."""
    from rich.text import Text

    stderr().print(Text.assemble((label, style), message))


def wide_console() -> Console:
    """Standard output; piped or captured, wide enough not to squeeze a table into 80 columns."""
    from rich.console import Console

    out = Console(highlight=False)
    return out if out.is_terminal else Console(width=250, highlight=False)


def harvest(
    settings: Settings, partnerships: Sequence[PartnershipConfig], only: Sequence[str] = ()
) -> list[SourceOutcome]:
    """Harvest with a progress bar on a terminal, a line per source and a summary; returns the outcomes."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from aggregator import pipeline
    from aggregator.store import StoreResult

    engine = open_store(settings)
    chosen = pipeline.select_sources(partnerships, only)
    console = stderr()
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

        def done(outcome: SourceOutcome) -> None:
            progress.advance(task)
            label = f"{outcome.partnership}/{outcome.source}: "
            if outcome.suspicious:
                say(f"{label}{outcome.error}", "suspicious ", "red")
            elif not outcome.ok:
                say(f"{label}{outcome.error}", "failed ", "red")
            elif outcome.unchanged:
                say(f"{label}page unchanged since the last harvest (HTTP 304)", "unchanged ", "green")
            else:
                r = outcome.result or StoreResult()
                removed = f"; {outcome.removed} removed" if outcome.removed else ""
                say(
                    f"{label}{outcome.entries} reviews ({r.created} new, {r.changed} changed, "
                    f"{r.unchanged} unchanged{removed})",
                    "ok ",
                    "green",
                )
            if outcome.moved_to:
                say(f"{label}{outcome.url} {MOVED.format(outcome.moved_to)}", "moved ", "yellow")

        outcomes = pipeline.run_all(
            engine=engine, settings=settings, partnerships=partnerships, only=only, on_done=done
        )
    engine.dispose()
    say(pipeline.summary(outcomes) + f" (store: {_store_name(settings)})", "harvest: ", "bold")
    return outcomes


def check(
    settings: Settings, partnerships: Sequence[PartnershipConfig], only: Sequence[str], save: Path | None
) -> bool:
    """Fetch sources and show what their adapters read, storing nothing: for trying a new or changed
    partnership file, and (with `save`) for recording a page as a test fixture. True if every source read."""
    from rich.table import Table

    from aggregator import pipeline
    from aggregator.fetch import Fetcher
    from aggregator.http import make_client

    if save is not None and save.exists() and not save.is_dir():
        raise OutputError(
            f"{save}: cannot write pages there: it is a file, not a folder; give --save a folder"
        )
    ok = True
    with make_client(settings) as client:
        fetcher = Fetcher(client, settings)
        for partnership, source in pipeline.select_sources(partnerships, only):
            label = f"{partnership.slug}/{source.name}: "
            try:
                fetched = fetcher.fetch(source.url)
                page = fetched.page
                if fetched.moved_to:
                    say(f"{label}{source.url} {MOVED.format(fetched.moved_to)}", "moved ", "yellow")
                if save is not None:
                    path = save / partnership.slug / f"{source.name}.html"
                    _write_bytes(path, page.content)
                    say(f"Saved {page.url} to {path}")
                entries = pipeline.parse_page(page, source, partnership)
            except Exception as exc:  # a bug in one adapter must not hide what the others read
                if isinstance(exc, OutputError):
                    raise
                reason = (
                    exc if isinstance(exc, AggregatorError) else f"unexpected {type(exc).__name__}: {exc}"
                )
                say(f"{label}{reason}", "failed ", "red")
                ok = False
                continue
            table = Table("key", "title", "type", "published", "documents", title=f"{label}{source.url}")
            for entry in entries:
                published = entry.published_on.isoformat() if entry.published_on else "not given"
                if entry.published_precision:
                    published += f" ({entry.published_precision})"
                kinds = ", ".join(d.kind for d in entry.documents) or "none"
                table.add_row(entry.key, entry.title, entry.review_type, published, kinds)
            wide_console().print(table)
            warnings = pipeline.reading_warnings(entries)
            for warning in warnings:
                say(f"{label}{warning}", "warning ", "yellow")
            dated = sum(e.published_on is not None for e in entries)
            say(f"{label}{len(entries)} reviews; {dated} dated; {len(warnings)} warnings", "check ", "bold")
    return ok


def open_store(settings: Settings) -> Engine:
    """The store, migrated; the data folder is made when the SQLite store lives in it."""
    from sqlalchemy.engine import make_url

    from aggregator import db

    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and Path(url.database or "").parent == settings.data_dir:
        _make_folder(settings.data_dir, "data_dir")
    return db.open_store(settings.database_url)


def open_synced_store(settings: Settings, partnerships: Sequence[PartnershipConfig]) -> Engine:
    """The store, migrated, with its partnerships and sources matching the configuration."""
    from sqlmodel import Session

    from aggregator import store

    engine = open_store(settings)
    with Session(engine) as session:
        store.sync_registry(session=session, settings=settings, partnerships=partnerships)
        session.commit()
    return engine


def publish(settings: Settings, partnerships: Sequence[PartnershipConfig], out: Path) -> list[Path]:
    """Write the index and feeds; every configured partnership gets a feed, even before its first harvest."""
    from sqlmodel import Session

    from aggregator import store
    from feeds.publish import render_site, write_site
    from feeds.site import site_of

    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; give --out a folder")
    engine = open_synced_store(settings, partnerships)
    with Session(engine) as session:
        files = render_site(
            site_of(settings), store.list_partnerships(session=session), store.list_reviews(session=session)
        )
    engine.dispose()
    try:
        return write_site(out, files)
    except OSError as exc:
        raise OutputError(
            f"{out}: cannot write the site there ({exc.strerror or exc}); give --out a folder "
            "you can write to"
        ) from None


def serve(settings: Settings, partnerships: Sequence[PartnershipConfig], schedule: bool = True) -> None:
    """Serve the index and feeds (and harvest on schedule). The port is bound before anything is said, so
    "Listening" is printed only once it is true."""
    import uvicorn

    from cspr.scheduler import harvest_scheduler
    from cspr.web import create_app

    sock = _bind(settings.host, settings.port)  # before anything is stored: a busy port changes nothing
    engine = open_synced_store(settings, partnerships)
    scheduler = None
    if schedule:
        scheduler = harvest_scheduler(engine=engine, settings=settings, partnerships=partnerships)
    app = create_app(engine=engine, settings=settings, scheduler=scheduler, partnerships=partnerships)
    host, port = sock.getsockname()[:2]
    say(f"Listening on http://{host}:{port}/ (index at /, feeds under /feeds/, API at /docs); Ctrl-C stops")
    if not settings.public_url.startswith(f"http://{settings.host}:{settings.port}/"):
        say(f"Feeds link to public_url {settings.public_url}")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])


def _bind(host: str, port: int) -> socket.socket:

    sock: socket.socket | None = None
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        if sock is not None:
            sock.close()
        raise OutputError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another port with --port"
        ) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def run_demo(settings: Settings, partnerships: Sequence[PartnershipConfig], *, keep_serving: bool) -> int:
    """Harvest the recorded pages from loopback into a fresh demo store, publish, and serve."""
    import shutil

    from cspr import demo

    workdir = settings.data_dir / "demo"
    shutil.rmtree(workdir, ignore_errors=True)
    _make_folder(workdir, "data_dir")
    recordings = demo.recorded_pages()
    with demo.serve_directory(demo.RECORDED_PAGES) as base_url:
        say(f"Serving the recorded partnership pages on {base_url}; demo data in {workdir}")
        # The demo's feeds link to the demo's own server, whatever public_url production uses; it checks no
        # documents, whose links lead to the partnerships' real sites.
        settings = settings.model_copy(
            update={
                "database_url": f"sqlite:///{workdir}/cspr.sqlite3",
                "public_url": f"http://{settings.host}:{settings.port}/",
                # The recordings are served on loopback, by this process: no need to be polite to it.
                "allow_private_hosts": True,
                "host_delay": 0.0,
                "max_document_checks": 0,
            }
        )
        partnerships = demo.repoint(partnerships, recordings, base_url)
        outcomes = harvest(settings, partnerships)
        written = publish(settings, partnerships, workdir / "site")
        say(f"Wrote {len(written)} files to {workdir / 'site'}")
        if keep_serving:
            serve(settings, partnerships, schedule=False)
    return 0 if all(o.ok for o in outcomes) else 1


def list_sources(settings: Settings, partnerships: Sequence[PartnershipConfig]) -> None:
    from rich.table import Table
    from sqlmodel import Session

    from aggregator import registration, store

    engine = open_synced_store(settings, partnerships)
    configured = _configured(partnerships)
    with Session(engine) as session:
        registered = {p.slug for p in store.registered_partnerships(session=session)}
        table = Table(
            "source",
            "from",
            "adapter",
            "schedule",
            "url",
            "last success",
            "failures",
            "last error",
            "moved to",
        )
        for p in store.list_partnerships(session=session, repositories=True):
            for s in p.sources:
                table.add_row(
                    f"{p.slug}/{s.name}" + ("" if s.enabled else " (disabled)"),
                    registration.origin(p.slug, configured, registered),
                    s.adapter,
                    s.schedule or "when it pushes",
                    s.url,
                    str(s.last_success_at or "never"),
                    str(s.consecutive_failures),
                    s.last_error or "",
                    s.moved_to or "",
                )
    engine.dispose()
    wide_console().print(table)


def with_registered(settings: Settings, partnerships: Sequence[PartnershipConfig]) -> list[PartnershipConfig]:
    """The partnership files' partnerships, then those registered in the store that no file gives."""
    from sqlmodel import Session

    from aggregator import store

    engine = open_store(settings)
    with Session(engine) as session:
        merged = store.with_registered(session=session, partnerships=partnerships)
    engine.dispose()
    return merged


@contextmanager
def closing_engine(engine: Engine) -> Iterator[Engine]:
    try:
        yield engine
    finally:
        engine.dispose()


def _configured(partnerships: Sequence[PartnershipConfig]) -> dict[str, PartnershipConfig]:
    """The partnerships the files in config/partnerships/ give, by slug."""
    from aggregator.settings import RegisteredPartnership

    return {p.slug: p for p in partnerships if not isinstance(p, RegisteredPartnership)}


def tokens_command(
    settings: Settings, partnerships: Sequence[PartnershipConfig], args: argparse.Namespace
) -> None:
    """`cspr tokens issue SLUG | issue --admin | list | revoke ID`. An issued token is printed once, alone
    on the last line of standard output; only its hash is stored."""
    from rich.table import Table
    from sqlmodel import Session

    from aggregator import store, tokens
    from aggregator.pipeline import utcnow

    if args.action == "issue" and args.admin == bool(args.slug):
        raise ConfigError("tokens issue: give a partnership's SLUG, or --admin for an admin token")
    known = sorted(p.slug for p in partnerships)
    if args.action == "issue" and args.slug and args.slug not in known:
        raise ConfigError(f"tokens issue: no partnership {args.slug!r}; known: {', '.join(known)}")
    engine = open_synced_store(settings, partnerships)
    with closing_engine(engine), Session(engine) as session:
        if args.action == "issue":
            partnership = store.get_partnership(session=session, slug=args.slug) if args.slug else None
            row, token = tokens.issue(session=session, partnership=partnership, at=utcnow())
            session.commit()
            say(
                f"Issued token {row.id} ({row.prefix}) for {args.slug or 'admin'}. It is shown once, below; "
                f"keep it secret. `cspr tokens revoke {row.id}` revokes it."
            )
            sys.stdout.write(token + "\n")
        elif args.action == "list":
            table = Table("id", "prefix", "for", "issued", "revoked")
            for t in store.list_tokens(session=session):
                writes = t.partnership.slug if t.partnership else "admin"
                table.add_row(str(t.id), t.prefix, writes, str(t.created_at), str(t.revoked_at or ""))
            wide_console().print(table)
        else:
            revoked = store.revoke_token(session=session, token_id=args.id, at=utcnow())
            if revoked is None:
                raise ConfigError(f"tokens revoke: no token {args.id}; `cspr tokens list` shows them")
            session.commit()
            say(f"Token {revoked.id} ({revoked.prefix}) is revoked since {revoked.revoked_at}.")


def partnerships_command(
    settings: Settings, partnerships: Sequence[PartnershipConfig], args: argparse.Namespace
) -> None:
    """`cspr partnerships add FILE | list | remove SLUG`: partnerships registered in the store. A file in
    config/partnerships/ wins over a registration of the same slug."""
    from rich.table import Table
    from sqlmodel import Session

    from aggregator import registration, store
    from aggregator.pipeline import utcnow

    configured = _configured(partnerships)
    slug = args.file.stem if args.action == "add" else getattr(args, "slug", None)
    if slug in configured:
        raise ConfigError(
            f"{settings.config_dir / 'partnerships' / f'{slug}.toml'} configures {slug}, and a file wins "
            "over a registration; change or remove that file instead"
        )
    config = registration.from_file(args.file) if args.action == "add" else None
    engine = open_synced_store(settings, partnerships)
    with closing_engine(engine), Session(engine) as session:
        if config is not None:
            created = store.save_registration(session=session, settings=settings, config=config, at=utcnow())
            session.commit()
            say(
                f"{'Registered' if created else 'Updated the registration of'} {slug} from {args.file} "
                f"({len(config.sources)} sources): `cspr harvest --source {slug}` harvests it now, and "
                "`cspr serve` from its next start."
            )
        elif args.action == "list":
            registered = {p.slug: p for p in store.registered_partnerships(session=session)}
            table = Table("partnership", "name", "from", "sources")
            for p in store.list_partnerships(session=session):
                origin = registration.origin(p.slug, configured, registered)
                table.add_row(p.slug, p.name, origin, str(sum(s.enabled for s in p.sources)))
            wide_console().print(table)
        else:
            revoked = store.remove_registration(session=session, slug=args.slug, at=utcnow())
            if revoked is None:
                known = ", ".join(p.slug for p in store.registered_partnerships(session=session)) or "none"
                raise ConfigError(
                    f"partnerships remove: {args.slug!r} is not registered; registered: {known}"
                )
            session.commit()
            say(
                f"Removed the registration of {args.slug}: its sources are disabled and {revoked} token(s) "
                "revoked; its reviews stay, as the record of what was published."
            )


def lifecycle_report(settings: Settings, partnerships: Sequence[PartnershipConfig], as_csv: bool) -> None:
    """Print what is due, removed, archived and unmatched, with why: a table, or CSV on standard output."""
    import csv

    from rich.table import Table
    from sqlmodel import Session

    from aggregator import lifecycle, store

    engine = open_synced_store(settings, partnerships)
    with Session(engine) as session:
        reviews = store.list_reviews(session=session)
        rows = lifecycle.report(reviews, store.list_archive_records(session=session))
    engine.dispose()
    header = ("what", "partnership", "review", "since", "link", "reason")
    cells = [
        (
            r.section.value,
            r.partnership,
            r.review,
            r.since.isoformat() if r.since else "",
            r.link or "",
            r.reason,
        )
        for r in rows
    ]
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(cells)
        return
    table = Table(*header, title=f"Lifecycle: {len(rows)} rows")
    for row in cells:
        table.add_row(*row)
    wide_console().print(table)


def _make_folder(folder: Path, setting: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{folder}: cannot create the folder ({exc.strerror or exc}); set {setting}"
        ) from None


def _write_bytes(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc}); give --save a folder") from None


def _store_name(settings: Settings) -> str:
    from aggregator.db import describe

    return describe(settings.database_url)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cspr",
        description="Harvest Child Safeguarding Practice Reviews from partnership sites; publish Atom feeds.",
    )
    parser.add_argument("--version", action="version", version=f"cspr {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        help="configuration folder (default: CSPR_CONFIG_DIR, else the configuration shipped with cspr)",
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
    p.add_argument("--port", type=_port)
    p.add_argument("--no-scheduler", action="store_true", help="serve only; harvest with `cspr harvest`")
    p = commands.add_parser("demo", help="offline demo: harvest recorded pages from loopback, publish, serve")
    p.add_argument("--port", type=_port)
    p.add_argument("--no-serve", action="store_true", help="stop after harvesting and publishing")
    p = commands.add_parser("db", help="database maintenance")
    p.add_argument("action", choices=["upgrade"], help="upgrade: apply schema migrations")
    commands.add_parser("sources", help="list partnerships, sources and their health")
    p = commands.add_parser("tokens", help="issue, list and revoke tokens for the push API")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("issue", help="a new token for a partnership (or --admin); printed once")
    q.add_argument("slug", nargs="?", metavar="SLUG", help="the partnership whose reviews it writes")
    q.add_argument("--admin", action="store_true", help="a token that registers partnerships")
    actions.add_parser("list", help="every token: id, prefix, partnership, when issued and revoked")
    q = actions.add_parser("revoke", help="revoke a token")
    q.add_argument("id", type=int, metavar="ID", help="the token's id, as `cspr tokens list` shows it")
    p = commands.add_parser("partnerships", help="register partnerships in the store; list and remove them")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("add", help="register (or update) the partnership FILE describes")
    q.add_argument("file", type=Path, metavar="FILE", help="a partnership file; its name is the slug")
    actions.add_parser("list", help="every partnership and where it comes from (file or registration)")
    q = actions.add_parser("remove", help="remove a registered partnership (its reviews stay)")
    q.add_argument("slug", metavar="SLUG")
    p = commands.add_parser(
        "lifecycle", help="list the reviews due, removed and archived, and the NSPCC entries matched to none"
    )
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging(args.verbose)
    try:
        return _run(args)
    except AggregatorError as exc:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            say(line, "error: ", "red")
        return exc.exit_code
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except Exception as exc:  # a bug: one line for users, the traceback with -v
        if args.verbose:
            log.exception("internal error")
        say(
            f"{type(exc).__name__}: {exc} (a bug in cspr; run with -v for the traceback)",
            "internal error: ",
            "red",
        )
        return BUG


def _run(args: argparse.Namespace) -> int:
    from aggregator.settings import load_registry, load_settings
    from cspr.data import DEFAULT_CONFIG_DIR

    settings = load_settings(
        args.config,
        overrides={
            "database_url": args.database_url,
            "host": getattr(args, "host", None),
            "port": getattr(args, "port", None),
        },
        default_config_dir=DEFAULT_CONFIG_DIR,
    )
    partnerships = load_registry(settings.config_dir)  # the partnerships, then the NSPCC's lists
    if args.command in {"harvest", "publish", "serve", "sources", "tokens", "partnerships"}:
        partnerships = with_registered(settings, partnerships)  # `check` reads only files: it stores nothing
    if args.command == "harvest":
        outcomes = harvest(settings, partnerships, args.source)
        return 0 if all(o.ok for o in outcomes) else 1
    if args.command == "check":
        return 0 if check(settings, partnerships, args.source, args.save) else 1
    if args.command == "publish":
        out = (args.out or settings.output_dir).absolute()
        written = publish(settings, partnerships, out)
        say(f"Wrote {len(written)} files to {out}")
    elif args.command == "serve":
        serve(settings, partnerships, schedule=not args.no_scheduler)
    elif args.command == "demo":
        return run_demo(settings, partnerships, keep_serving=not args.no_serve)
    elif args.command == "db":
        open_store(settings).dispose()
        say(f"Schema of {_store_name(settings)} is up to date.")
    elif args.command == "sources":
        list_sources(settings, partnerships)
    elif args.command == "tokens":
        tokens_command(settings, partnerships, args)
    elif args.command == "partnerships":
        partnerships_command(settings, partnerships, args)
    elif args.command == "lifecycle":
        lifecycle_report(settings, partnerships, args.csv)
    else:  # argparse allows only the commands above
        raise ConfigError(f"unknown command {args.command!r}")
    return 0


def _configure_logging(verbose: int) -> None:
    """Warnings by default; -v info and tracebacks; -vv debug. Harvest failures are reported by the
    command itself, once, so the pipeline's own warnings about them are shown only with -v."""
    from rich.logging import RichHandler

    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=stderr())])
    if not verbose:
        logging.getLogger("aggregator.pipeline").setLevel(logging.CRITICAL)


if __name__ == "__main__":
    sys.exit(main())
