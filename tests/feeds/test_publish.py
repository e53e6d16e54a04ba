"""Tests for feeds/publish.py: the site's files, written atomically, and the wording both outputs share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from aggregator.models import Partnership, Review
from feeds.publish import render_site, write_site
from feeds.site import (
    COMBINED_FEED_PATH,
    INDEX_PATH,
    Site,
    format_date,
    format_size,
    partnership_feed_path,
)

Validate = Callable[[bytes], etree._Element]


def test_render_site_returns_exactly_the_published_paths(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    files = render_site(site, partnerships, reviews)
    assert sorted(files) == [
        "feeds/all.atom",
        "feeds/lifecycle.atom",
        "feeds/partnerships/derby-and-derbyshire.atom",
        "feeds/partnerships/doncaster.atom",
        "feeds/partnerships/example-newcomer.atom",
        "index.html",
    ]
    assert INDEX_PATH == "index.html"
    assert COMBINED_FEED_PATH == "feeds/all.atom"
    assert partnership_feed_path("doncaster") == "feeds/partnerships/doncaster.atom"


def test_every_rendered_feed_is_valid_atom_including_an_empty_one(
    site: Site, partnerships: list[Partnership], reviews: list[Review], assert_valid_atom: Validate
) -> None:
    files = render_site(site, partnerships, reviews)
    for path, content in files.items():
        if path.endswith(".atom"):
            assert_valid_atom(content)
    empty = assert_valid_atom(files[partnership_feed_path("example-newcomer")])
    assert empty.findall("{http://www.w3.org/2005/Atom}entry") == []


def test_render_site_is_deterministic(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    moment = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    first = render_site(site, partnerships, reviews, generated_at=moment)
    again = render_site(site, list(reversed(partnerships)), list(reversed(reviews)), generated_at=moment)
    assert again == first


def test_generated_at_changes_only_the_index(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    early = render_site(site, partnerships, reviews, generated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    late = render_site(site, partnerships, reviews, generated_at=dt.datetime(2025, 2, 1, tzinfo=dt.UTC))
    assert [path for path in early if early[path] != late[path]] == [INDEX_PATH]


def test_render_site_refuses_a_review_of_an_unlisted_partnership(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    with pytest.raises(ValueError, match="doncaster"):
        render_site(site, [p for p in partnerships if p.slug != "doncaster"], reviews)


def test_site_base_url_must_end_with_slash() -> None:
    with pytest.raises(ValueError, match="must end with '/'"):
        Site(base_url="http://127.0.0.1:8000", tag_authority="example.org,2026")


def test_write_site_writes_every_file_and_leaves_no_temp_files(
    tmp_path: Path, site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    files = render_site(site, partnerships, reviews)
    out = tmp_path / "site"
    written = write_site(out, files)
    assert written == [out / path for path in files]
    for path, content in files.items():
        assert (out / path).read_bytes() == content
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert on_disk == sorted(files)


def test_write_site_replaces_existing_files(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "all.atom").write_bytes(b"old and longer than the new one")
    write_site(tmp_path, {"feeds/all.atom": b"new"})
    assert (tmp_path / "feeds" / "all.atom").read_bytes() == b"new"
    assert [p.name for p in (tmp_path / "feeds").iterdir()] == ["all.atom"]


def test_write_site_refuses_paths_outside_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside"):
        write_site(tmp_path / "site", {"../escape.html": b"x"})
    assert not (tmp_path / "escape.html").exists()


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("day", "3 January 2019"), ("month", "January 2019"), ("year", "2019"), (None, "3 January 2019")],
)
def test_format_date_at_its_precision(precision: str | None, expected: str) -> None:
    assert format_date(dt.date(2019, 1, 3), precision) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [(None, None), (0, "0 bytes"), (999, "999 bytes"), (96_000, "96 kB"), (1_234_567, "1.2 MB")],
)
def test_format_size(size: int | None, expected: str | None) -> None:
    assert format_size(size) == expected
