"""The wheel carries every package of the code and the data an installed `cspr` needs (cspr/data.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from cspr.demo import recorded_pages

REPO = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_code_package_is_listed() -> None:
    code = {
        ".".join(init.parent.relative_to(REPO).parts)
        for top in ("aggregator", "sources", "feeds", "cspr")
        for init in (REPO / top).rglob("__init__.py")
    } | {"aggregator.migrations", "aggregator.migrations.versions"}
    assert set(SETUPTOOLS["packages"]) == code | {"cspr.default_config", "cspr.recordings"}


def test_the_wheel_carries_every_page_the_demo_serves() -> None:
    shipped = set(SETUPTOOLS["package-data"]["cspr.recordings"])
    assert shipped == {"pages.toml", *recorded_pages().values()}


def test_the_wheel_carries_the_shipped_configuration() -> None:
    config = REPO / SETUPTOOLS["package-dir"]["cspr.default_config"]
    patterns = SETUPTOOLS["package-data"]["cspr.default_config"]
    files = {p.relative_to(config).as_posix() for p in config.rglob("*") if p.is_file()}
    assert files and all(any(Path(f).match(pattern) for pattern in patterns) for f in files)
