"""The README documents every setting, adapter and command (datasette's test_docs)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sources
from aggregator.settings import Settings
from cspr.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    assert f"| `{name}` |" in README


@pytest.mark.parametrize("name", sources.adapter_names())
def test_every_adapter_is_documented(name: str) -> None:
    assert f"| `{name}` |" in README


def test_every_command_is_documented() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    missing = [c for c in commands if f"`cspr {c}" not in README]
    assert missing == []


def test_quick_start_commands_are_the_ones_ci_runs() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest" in README
    assert ".venv/bin/pip install -q -e '.[test]'" in ci and ".venv/bin/pytest" in ci
