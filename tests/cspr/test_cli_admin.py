"""`cspr tokens` and `cspr partnerships`: tokens printed once and stored as hashes; partnerships registered
in the store, shown with where they come from, a file winning over a registration."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from aggregator import tokens
from cspr import cli

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = """name = "Example Safeguarding Children Partnership"
homepage = "https://www.example-scp.org.uk"
retention_months = 12

[[sources]]
name = "cspr"
adapter = "feed"
url = "https://www.example-scp.org.uk/reviews/feed/"
"""


@pytest.fixture
def common(tmp_path: Path) -> tuple[str, ...]:
    config = tmp_path / "config"
    shutil.copytree(REPO / "config", config)
    return ("--config", str(config), "--database-url", f"sqlite:///{tmp_path}/s.db")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    assert cli.main(list(args)) == 0, capsys.readouterr().err
    captured = capsys.readouterr()
    return captured.out, captured.err


def rows(table: str) -> dict[str, list[str]]:
    """A printed table's rows, by their first cell."""
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in table.splitlines() if "│" in line]
    return {row[0]: row[1:] for row in cells}


def authenticate(database: str, token: str) -> tokens.Caller | str:
    engine = create_engine(database)
    with Session(engine) as session:
        found = tokens.authenticate(session=session, token=token)
    engine.dispose()
    return found


def test_a_token_is_printed_once_alone_on_the_last_line_and_stored_only_as_a_hash(
    common: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    out, err = run(capsys, *common, "tokens", "issue", "doncaster")
    token = out.splitlines()[-1]
    assert re.fullmatch(r"cspr_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", token)
    assert "shown once" in err and token not in err
    found = authenticate(common[-1], token)
    assert isinstance(found, tokens.Caller) and found.slug == "doncaster" and not found.admin
    engine = create_engine(common[-1])
    with engine.connect() as connection:
        stored = " ".join(map(str, connection.execute(text("SELECT * FROM apitoken")).one()))
    engine.dispose()
    assert token not in stored and token.split("_")[2] not in stored and "$argon2id$" in stored
    listed, _ = run(capsys, *common, "tokens", "list")
    assert token.split("_")[1] in listed and token not in listed and "doncaster" in listed


def test_an_admin_token_and_a_revoked_one(
    common: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    out, err = run(capsys, *common, "tokens", "issue", "--admin")
    admin = out.splitlines()[-1]
    found = authenticate(common[-1], admin)
    assert isinstance(found, tokens.Caller) and found.admin
    token_id = re.search(r"Issued token (\d+)", err)
    assert token_id is not None
    _, err = run(capsys, *common, "tokens", "revoke", token_id[1])
    assert "revoked" in err
    assert "was revoked" in str(authenticate(common[-1], admin))


def test_a_registered_partnership_is_listed_with_its_origin_and_removed_keeping_its_reviews(
    common: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "example.toml"
    file.write_text(EXAMPLE)
    _, err = run(capsys, *common, "partnerships", "add", str(file))
    assert "Registered example" in err
    sources, _ = run(capsys, *common, "sources")
    assert rows(sources)["example/cspr"][:2] == ["registered", "feed"]
    assert rows(sources)["doncaster/cspr"][:2] == ["file", "doncaster"]
    listed, _ = run(capsys, *common, "partnerships", "list")
    assert rows(listed)["example"] == ["Example Safeguarding Children Partnership", "registered", "1"]
    out, _ = run(capsys, *common, "tokens", "issue", "example")  # a registered partnership gets tokens
    token = out.splitlines()[-1]
    run(capsys, *common, "publish", "--out", str(tmp_path / "site"))
    assert (tmp_path / "site" / "feeds" / "partnerships" / "example.atom").exists()
    _, err = run(capsys, *common, "partnerships", "remove", "example")
    assert "its sources are disabled and 1 token(s) revoked" in err
    assert "was revoked" in str(authenticate(common[-1], token))
    sources, _ = run(capsys, *common, "sources")
    assert rows(sources)["example/cspr (disabled)"][0] == "neither (disabled)"


def test_a_file_wins_over_a_registration_of_its_slug_and_sources_says_so(
    common: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "example.toml"
    file.write_text(EXAMPLE)
    run(capsys, *common, "partnerships", "add", str(file))
    configured = Path(common[1]) / "partnerships" / "example.toml"
    configured.write_text(EXAMPLE.replace("/reviews/feed/", "/from-the-file/feed/"))
    sources, _ = run(capsys, *common, "sources")
    assert rows(sources)["example/cspr"][:2] == ["file (wins over its registration)", "feed"]
    assert "/from-the-file/feed/" in sources and "/reviews/feed/" not in sources
