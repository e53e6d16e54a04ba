"""The `cspr` command end to end: recorded pages served on loopback, harvest, publish, read the feeds."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from sqlalchemy import create_engine, inspect

from aggregator.normalise import normalise
from aggregator.pipeline import partnership_words
from aggregator.settings import load_partnerships
from cspr import cli
from cspr.demo import RECORDED_PAGES, recorded_pages, serve_directory
from sources import get_adapter
from sources.base import Page
from tests.conftest import LOCAL_TOML, repoint_config

REPO = Path(__file__).resolve().parents[2]
RNG = etree.RelaxNG(etree.parse(str(REPO / "tests" / "fixtures" / "schemas" / "atom.rng")))


def expected_keys() -> set[str]:
    """Every review the recorded pages name, by parsing them directly (the feed must hold them all)."""
    keys = set()
    recordings = recorded_pages()
    for partnership in load_partnerships(REPO / "config"):
        for source in partnership.sources:
            adapter = get_adapter(source.adapter)
            path = RECORDED_PAGES / recordings[source.url]
            page = Page(url=source.url, content=path.read_bytes())
            words = partnership_words(partnership)
            keys |= {normalise(raw, words).key for raw in adapter.parse(page, adapter.options())}
    return keys


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """A copy of the shipped config whose sources point at the recordings served on loopback."""
    folder = tmp_path / "config"
    shutil.copytree(REPO / "config", folder)
    with (folder / "settings.toml").open("a") as settings:
        settings.write(LOCAL_TOML)
    return folder


def run(*args: str) -> int:
    return cli.main(list(args))


def test_harvest_then_publish_gives_valid_feeds_with_every_review(
    config_dir: Path, database_url: str, tmp_path: Path
) -> None:
    with serve_directory(RECORDED_PAGES) as base:
        repoint_config(config_dir, base, nspcc=False)
        common = ("--config", str(config_dir), "--database-url", database_url)
        assert run(*common, "harvest") == 0
        assert run(*common, "publish", "--out", str(tmp_path / "site")) == 0
        first = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*.atom")}
        assert run(*common, "harvest") == 0
        assert run(*common, "publish", "--out", str(tmp_path / "site2")) == 0

    site = tmp_path / "site"
    assert {p.relative_to(site).as_posix() for p in first} == {
        "feeds/all.atom",
        "feeds/lifecycle.atom",
        "feeds/partnerships/derby-and-derbyshire.atom",
        "feeds/partnerships/doncaster.atom",
    }
    assert (site / "index.html").exists()
    # A second harvest changed nothing, so every feed is byte-identical (every `updated` unchanged).
    assert {p: (tmp_path / "site2" / p.relative_to(site)).read_bytes() for p in first} == first

    for path in first:
        RNG.assertValid(etree.parse(str(path)))
        assert not feedparser.parse(path.read_bytes()).bozo, path

    feed = feedparser.parse((site / "feeds" / "all.atom").read_bytes())
    ids = {e.id.split(":", 2)[2] for e in feed.entries}
    assert ids == expected_keys()
    zac = next(e for e in feed.entries if e.id.endswith(":derby-and-derbyshire/ref/zds22"))
    assert zac.published.startswith("2024-08-01")
    assert {t.term for t in zac.tags} >= {"local-cspr", "derby-and-derbyshire"}
    enclosures = [link for link in zac.links if link.rel == "enclosure"]
    assert len(enclosures) >= 2 and all(link.href.startswith("http://127.0.0.1:") for link in enclosures)
    assert zac.source.title == "Derby and Derbyshire Safeguarding Children Partnership"
    cameron = next(e for e in feed.entries if e.id.endswith(":doncaster/child/cameron-2023"))
    assert cameron.published.startswith("2023-01-01")
    assert any(link.rel == "enclosure" and link.type == "application/pdf" for link in cameron.links)


def test_publish_before_any_harvest_gives_an_empty_feed_per_partnership(tmp_path: Path) -> None:
    assert (
        run("--database-url", f"sqlite:///{tmp_path}/s.db", "publish", "--out", str(tmp_path / "site")) == 0
    )
    for slug in ("derby-and-derbyshire", "doncaster"):
        feed = feedparser.parse((tmp_path / "site" / "feeds" / "partnerships" / f"{slug}.atom").read_bytes())
        assert (
            not feed.bozo
            and feed.entries == []
            and feed.feed.title.endswith("Safeguarding Children Partnership")
        )


def test_failed_source_gives_exit_status_1(config_dir: Path, tmp_path: Path) -> None:
    toml = config_dir / "partnerships" / "doncaster.toml"
    with serve_directory(tmp_path) as base:  # an empty folder: every page is 404
        toml.write_text(toml.read_text().replace("http://dscp.org.uk/", base))
        status = run(
            "--config",
            str(config_dir),
            "--database-url",
            f"sqlite:///{tmp_path}/s.db",
            "harvest",
            "--source",
            "doncaster",
        )
    assert status == 1


def test_bad_config_gives_exit_status_2_and_names_the_file(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir / "partnerships" / "doncaster.toml").write_text('name = "Doncaster"\n')
    assert run("--config", str(config_dir), "sources") == 2
    err = capsys.readouterr().err
    assert "doncaster.toml" in err and "homepage" in err


def test_demo_harvests_recordings_and_publishes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("demo", "--no-serve") == 0
    feed = feedparser.parse((tmp_path / "var/demo/site/feeds/all.atom").read_bytes())
    assert {e.id.split(":", 2)[2] for e in feed.entries} == expected_keys()


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.db"
    assert run("--database-url", url, "db", "upgrade") == 0
    engine = create_engine(url)
    assert {"partnership", "source", "review", "document", "statusevent", "harvestrun"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_sources_lists_every_configured_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--database-url", f"sqlite:///{tmp_path}/s.db", "sources") == 0
    out = capsys.readouterr().out
    for name in (
        "derby-and-derbyshire/case-reviews",
        "derby-and-derbyshire/learning-reviews",
        "doncaster/cspr",
    ):
        assert name in out
    assert "never" in out  # nothing harvested yet


def test_check_shows_what_the_adapter_reads_saves_the_page_and_stores_nothing(
    config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = config_dir / "partnerships" / "doncaster.toml"
    url = "http://dscp.org.uk/professionals/child-safeguarding-practice-reviews"
    recording = RECORDED_PAGES / recorded_pages()[url]
    database = tmp_path / "never-created.db"
    with serve_directory(RECORDED_PAGES) as base:
        toml.write_text(toml.read_text().replace(f'"{url}"', f'"{base}{recorded_pages()[url]}"'))
        common = ("--config", str(config_dir), "--database-url", f"sqlite:///{database}")
        assert run(*common, "check", "doncaster", "--save", str(tmp_path / "saved")) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "doncaster/child/cameron-2023" in out and "Child Cameron" in out and "2023-01-01 (month)" in out
    # The quality summary: the recorded page dates only its announced review.
    assert "check doncaster/cspr: 6 reviews; 1 dated; " in captured.err
    assert captured.err.count("no publication date found") == 5
    assert (tmp_path / "saved" / "doncaster" / "cspr.html").read_bytes() == recording.read_bytes()
    assert not database.exists()


def test_check_of_a_missing_page_gives_exit_status_1_and_names_the_url(
    config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = config_dir / "partnerships" / "doncaster.toml"
    with serve_directory(tmp_path) as base:  # an empty folder: every page is 404
        toml.write_text(toml.read_text().replace("http://dscp.org.uk/", base))
        assert run("--config", str(config_dir), "check", "doncaster/cspr") == 1
    err = capsys.readouterr().err
    assert f"{base}professionals/child-safeguarding-practice-reviews" in err and "404" in err


def test_a_source_that_moved_permanently_is_reported_by_harvest_and_sources(
    config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The page is served as a folder's index: its URL without the slash answers 301 to the one with it.
    url = "http://dscp.org.uk/professionals/child-safeguarding-practice-reviews"
    (tmp_path / "pages" / "cspr").mkdir(parents=True)
    shutil.copy(RECORDED_PAGES / recorded_pages()[url], tmp_path / "pages" / "cspr" / "index.html")
    toml = config_dir / "partnerships" / "doncaster.toml"
    common = ("--config", str(config_dir), "--database-url", f"sqlite:///{tmp_path}/s.db")
    with serve_directory(tmp_path / "pages") as base:
        toml.write_text(toml.read_text().replace(f'"{url}"', f'"{base}cspr"'))
        assert run(*common, "harvest", "--source", "doncaster") == 0
    err = capsys.readouterr().err
    assert f"moved doncaster/cspr: {base}cspr moved permanently to {base}cspr/ (HTTP 301/308)" in err
    assert run(*common, "sources") == 0
    assert f"{base}cspr/" in capsys.readouterr().out


def test_lifecycle_lists_what_is_due_archived_and_matched_to_nothing(
    config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ("--config", str(config_dir), "--database-url", f"sqlite:///{tmp_path}/s.db")
    with serve_directory(RECORDED_PAGES) as base:
        repoint_config(config_dir, base, nspcc=True)
        assert run(*common, "harvest") == 0
    capsys.readouterr()
    assert run(*common, "lifecycle", "--csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["what", "partnership", "review", "since", "link", "reason"]
    archived = {r["review"]: r for r in rows if r["what"] == "archived"}
    assert set(archived) == {
        "derby-and-derbyshire/ref/zds22",
        "derby-and-derbyshire/ref/tds20",
        "derby-and-derbyshire/ref/mds20-pds20",
        "doncaster/child/cameron-2023",
    }
    assert archived["derby-and-derbyshire/ref/tds20"]["reason"].startswith(
        "matched: 'Derby & Derbyshire Safeguarding Children Partnership' is Derby and Derbyshire"
    )
    assert archived["doncaster/child/cameron-2023"]["link"].startswith("https://library.nspcc.org.uk/")
    unmatched = [r for r in rows if r["what"] == "unmatched"]
    assert len(unmatched) == 15 and all(r["link"] and r["reason"] for r in unmatched)
    (partial,) = [r for r in unmatched if r["reason"].startswith("partial: ")]
    assert partial["partnership"] == "Derby and Derbyshire"
    assert partial["reason"].endswith("; catalogued as derby-and-derbyshire/child/theo-2025")
    due = {r["review"] for r in rows if r["what"] == "due"}
    assert "derby-and-derbyshire/ref/zds22" in due  # published August 2024: its 12 months are over
    assert [r["what"] for r in rows] == sorted(
        (r["what"] for r in rows), key=["due", "removed", "archived", "unmatched"].index
    )
    assert run(*common, "lifecycle") == 0
    assert f"Lifecycle: {len(rows)} rows" in capsys.readouterr().out
