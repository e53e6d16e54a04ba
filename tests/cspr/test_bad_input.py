"""Bad input, as a user gives it: every case exits with its stated code and one plain line naming what is at
fault, prints no traceback, and changes nothing already stored.

The store is harvested once from the recorded pages; each case then runs `cspr` against it (or against the
bad store the case names) and the store's rows are compared before and after.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cspr import cli
from cspr.demo import RECORDED_PAGES, serve_directory
from tests.conftest import LOCAL_TOML, repoint_config

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]  # "{root}" is the test's folder
    code: int
    says: str  # what the one line must contain
    env: dict[str, str] = field(default_factory=dict)
    store: bool = True  # run against the harvested store (else the case gives its own database)
    # Files to add: a partnership's by name, a repository's as "repositories/<name>"; "{good}" is doncaster's
    files: dict[str, str] = field(default_factory=dict)


CASES = [
    Case(
        "garbage-url",
        ("sources",),
        2,
        "CSPR_DATABASE_URL: database_url",
        {"CSPR_DATABASE_URL": "garbage"},
        store=False,
    ),
    Case(
        "mysql",
        ("--database-url", "mysql://u@localhost/db", "sources"),
        2,
        "mysql is not supported",
        store=False,
    ),
    Case(
        "missing-driver",
        ("--database-url", "postgresql+pg8000://u@localhost/db", "sources"),
        2,
        "no driver 'postgresql+pg8000' is installed",
        store=False,
    ),
    Case(
        "postgres-refused",
        ("--database-url", "postgresql+psycopg://postgres@127.0.0.1:1/test", "sources"),
        3,
        "Connection refused",
        store=False,
    ),
    Case(
        "postgres-no-database",
        ("--database-url", "postgresql+psycopg://postgres@127.0.0.1:5432/cspr_no_such_db", "sources"),
        3,
        "cannot open the store",
        store=False,
    ),
    Case(
        "sqlite-missing-folder",
        ("--database-url", "sqlite:////nonexistent/dir/x.db", "sources"),
        3,
        "folder /nonexistent/dir does not exist",
        store=False,
    ),
    Case(
        "sqlite-unwritable",
        ("--database-url", "sqlite:////proc/cspr.sqlite3", "sources"),
        3,
        "unable to open database file",
        store=False,
    ),
    Case(
        "sqlite-not-a-database",
        ("--database-url", "sqlite:///{root}/not-a-database.sqlite3", "sources"),
        3,
        "file is not a database",
        store=False,
    ),
    Case(
        "sqlite-is-a-folder",
        ("--database-url", "sqlite:///{root}", "sources"),
        3,
        "cannot open the store",
        store=False,
    ),
    Case(
        "schema-newer",
        ("--database-url", "sqlite:///{root}/newer.sqlite3", "sources"),
        3,
        "made by a newer cspr",
        store=False,
    ),
    Case(
        "data-dir-unwritable",
        ("sources",),
        4,
        "/proc/cspr: cannot create the folder",
        {"CSPR_DATA_DIR": "/proc/cspr"},
        store=False,
    ),
    Case("publish-onto-a-file", ("publish", "--out", "{root}/a-file"), 4, "is a file, not a folder"),
    Case("publish-read-only", ("publish", "--out", "/proc/cspr-site"), 4, "cannot write the site there"),
    Case("check-save-onto-a-file", ("check", "doncaster", "--save", "{root}/a-file"), 4, "cannot write"),
    Case(
        "markup-in-a-value",
        ("sources",),
        2,
        "'[/x]' is not an RFC 4151 tagging entity",
        {"CSPR_TAG_AUTHORITY": "[/x]"},
    ),
    Case(
        "tag-authority-empty",
        ("sources",),
        2,
        "CSPR_TAG_AUTHORITY: tag_authority",
        {"CSPR_TAG_AUTHORITY": ""},
    ),
    Case(
        "tag-authority-space",
        ("sources",),
        2,
        "'example org,2026' is not an RFC 4151",
        {"CSPR_TAG_AUTHORITY": "example org,2026"},
    ),
    Case(
        "tag-authority-no-date",
        ("sources",),
        2,
        "'example.org' is not an RFC 4151",
        {"CSPR_TAG_AUTHORITY": "example.org"},
    ),
    Case(
        "slug-pattern-shown",
        ("sources",),
        2,
        "String should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'",
        files={"Bad_Slug.toml": "{good}"},
    ),
    Case(
        "config-missing",
        ("--config", "{root}/nowhere", "sources"),
        2,
        "configuration folder not found (from --config)",
    ),
    Case(
        "config-is-a-file",
        ("sources",),
        2,
        "configuration folder not found (from CSPR_CONFIG_DIR)",
        {"CSPR_CONFIG_DIR": "{root}/a-file"},
    ),
    Case("no-partnerships", ("--config", "{root}/no-partnerships", "sources"), 2, "no partnership files"),
    Case("bad-toml", ("sources",), 2, "broken.toml: not valid TOML", files={"broken.toml": "name = [\n"}),
    Case(
        "unknown-adapter",
        ("sources",),
        2,
        "unknown adapter 'nope'",
        files={
            "doncaster.toml": "{good}\n[[sources]]\nname = 'x'\nadapter = 'nope'\nurl = 'http://x.org/'\n"
        },
    ),
    Case(
        "bad-cron",
        ("sources",),
        2,
        "not a 5-field cron schedule",
        files={
            "doncaster.toml": "{good}\n[[sources]]\nname = 'x'\nadapter = 'doncaster'\n"
            "url = 'http://x.org/'\nschedule = 'daily'\n"
        },
    ),
    Case(
        "repository-unknown-adapter",
        ("sources",),
        2,
        "repositories/nspcc.toml: sources.0.adapter: unknown adapter 'nope'",
        files={
            "repositories/nspcc.toml": "name = 'NSPCC'\nhomepage = 'https://n.org'\n"
            "[[sources]]\nname = 'x'\nadapter = 'nope'\nurl = 'http://x.org/'\n"
        },
    ),
    Case(
        "repository-takes-a-partnership-slug",
        ("harvest",),
        2,
        "repositories/doncaster.toml: slug: 'doncaster' is a partnership's slug already",
        files={"repositories/doncaster.toml": "{good}"},
    ),
    Case(
        "timeout-not-a-number",
        ("sources",),
        2,
        "CSPR_HTTP_TIMEOUT: http_timeout",
        {"CSPR_HTTP_TIMEOUT": "soon"},
    ),
    Case(
        "public-url-not-http",
        ("sources",),
        2,
        "must be an absolute http(s) URL",
        {"CSPR_PUBLIC_URL": "ftp://example.org/"},
    ),
    Case("port-not-a-number", ("sources",), 2, "CSPR_PORT: port", {"CSPR_PORT": "eighty"}),
    Case("unknown-source", ("harvest", "--source", "nosuch"), 2, "unknown source nosuch"),
    Case("check-unknown-source", ("check", "nosuch/page"), 2, "unknown source nosuch/page"),
    Case("port-out-of-range", ("serve", "--port", "70000"), 2, "70000 is not a port number"),
    Case("token-for-no-partnership", ("tokens", "issue", "atlantis"), 2, "no partnership 'atlantis'; known:"),
    Case("token-for-nobody", ("tokens", "issue"), 2, "give a partnership's SLUG, or --admin"),
    Case(
        "token-for-both",
        ("tokens", "issue", "doncaster", "--admin"),
        2,
        "give a partnership's SLUG, or --admin",
    ),
    Case(
        "revoke-no-such-token", ("tokens", "revoke", "999"), 2, "no token 999; `cspr tokens list` shows them"
    ),
    Case(
        "register-a-bad-file",
        ("partnerships", "add", "{root}/register/example.toml"),
        2,
        "example.toml: sources.0.adapter: unknown adapter 'nope'",
    ),
    Case(
        "register-a-missing-file",
        ("partnerships", "add", "{root}/register/missing.toml"),
        2,
        "file not found",
    ),
    Case(
        "register-a-configured-slug",
        ("partnerships", "add", "{root}/register/doncaster.toml"),
        2,
        "configures doncaster, and a file wins over a registration",
    ),
    Case("unregister-a-configured-slug", ("partnerships", "remove", "doncaster"), 2, "a file wins"),
    Case("unregister-no-such", ("partnerships", "remove", "atlantis"), 2, "'atlantis' is not registered"),
]


@dataclass(frozen=True)
class World:
    root: Path
    config: Path
    store: Path

    @property
    def url(self) -> str:
        return f"sqlite:///{self.store}"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("bad-input")
    config = root / "config"
    shutil.copytree(REPO / "config", config)
    with (config / "settings.toml").open("a") as settings:
        settings.write(LOCAL_TOML)
    (root / "not-a-database.sqlite3").write_bytes(b"these bytes are no SQLite file" * 40)
    (root / "a-file").write_text("not a folder\n")
    (root / "no-partnerships").mkdir()
    (root / "register").mkdir()
    (root / "register" / "example.toml").write_text(
        'name = "Example"\nhomepage = "https://example.org"\n[[sources]]\nname = "r"\nadapter = "nope"\n'
        'url = "https://example.org/r"\n'
    )
    shutil.copy(REPO / "config" / "partnerships" / "doncaster.toml", root / "register" / "doncaster.toml")
    newer = root / "newer.sqlite3"
    with serve_directory(RECORDED_PAGES) as base:
        repoint_config(config, base, nspcc=False)
        assert cli.main(["--config", str(config), "--database-url", f"sqlite:///{root}/s.db", "harvest"]) == 0
    assert cli.main(["--database-url", f"sqlite:///{newer}", "db", "upgrade"]) == 0
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfacecafe'")
    yield World(root=root, config=config, store=root / "s.db")


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25 and len({c.id for c in CASES}) == len(CASES)


def _rows(store: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(store) as connection:
        tables = [t for (t,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}


def run_case(
    world: World, case: Case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    for name in ("CSPR_DATABASE_URL", "CSPR_CONFIG_DIR", "CSPR_DATA_DIR", "CSPR_TAG_AUTHORITY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value.replace("{root}", str(world.root)))
    monkeypatch.chdir(world.root)
    args = [arg.replace("{root}", str(world.root)) for arg in case.args]
    if case.files:
        config = world.root / f"config-{case.id}"
        shutil.copytree(world.config, config, dirs_exist_ok=True)
        good = (world.config / "partnerships" / "doncaster.toml").read_text()
        for name, text in case.files.items():
            (config / ("" if "/" in name else "partnerships") / name).write_text(text.replace("{good}", good))
        args = ["--config", str(config), *args]
    elif "--config" not in args and "CSPR_CONFIG_DIR" not in case.env:
        args = ["--config", str(world.config), *args]
    if case.store:
        args = ["--database-url", world.url, *args]
    before = _rows(world.store)
    try:
        code = cli.main(args)
    except SystemExit as exit:  # argparse refuses bad arguments itself
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    assert code == case.code, captured.err
    assert _rows(world.store) == before, "a bad command changed the store"
    assert "Traceback" not in captured.out + captured.err
    return captured.err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_one_line_and_its_exit_code(
    world: World, case: Case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = run_case(world, case, monkeypatch, capsys)
    lines = [line for line in err.splitlines() if line.strip()]
    if case.id != "port-out-of-range":  # argparse prints its usage line first
        assert len(lines) == 1, lines
    assert case.says in lines[-1], (case.id, lines[-1])


def test_a_busy_port_is_named_with_its_option(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ("serve", "--no-scheduler", "--port", str(port))
        case = Case("busy-port", args, 4, f"cannot listen on 127.0.0.1:{port}")
        err = run_case(world, case, monkeypatch, capsys)
    assert "choose another port with --port" in err and "Listening" not in err
