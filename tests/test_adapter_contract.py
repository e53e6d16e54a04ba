"""The same checks over every adapter (RSS-Bridge's BridgeImplementationTest): INFO complete, Options an
AdapterOptions, a partnership config that uses it, and every recorded page of those partnerships parses to
at least one entry, the same entries every time (parse is pure). And the registry finds adapters by what
they are, and nothing else."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import ModuleType

import pytest

import sources
from sources.base import AdapterOptions, Page, SourceInfo

REPO = Path(__file__).resolve().parent.parent
PARTNERSHIPS = REPO / "config" / "partnerships"
REPOSITORIES = REPO / "config" / "repositories"
EXAMPLES = REPO / "config" / "examples"
PAGES = REPO / "tests" / "fixtures" / "pages"


def test_the_registry_finds_adapters_by_what_they_are() -> None:
    module = ModuleType("sources.example")
    assert not sources.is_adapter(module)
    info = SourceInfo(name="Example SCP", homepage="https://example.org", maintainer="@handle")
    module.__dict__.update(INFO=info, Options=type("Options", (AdapterOptions,), {}))
    assert not sources.is_adapter(module)  # no parse
    module.__dict__.update(parse=lambda page, options: iter(()))
    assert sources.is_adapter(module)
    module.__dict__.update(Options=dict)
    assert not sources.is_adapter(module)  # Options that are not AdapterOptions


def test_what_adapters_share_is_no_adapter() -> None:
    assert {"base", "reading"}.isdisjoint(sources.adapter_names())
    with pytest.raises(KeyError, match="unknown adapter 'base'; known adapters: derby-and-derbyshire"):
        sources.get_adapter("base")


def sources_using(adapter: str) -> list[tuple[str, str]]:
    """(slug, source URL) for every source in config/{partnerships,repositories,examples}/*.toml with this
    adapter."""
    found = []
    for path in sorted(p for folder in (PARTNERSHIPS, REPOSITORIES, EXAMPLES) for p in folder.glob("*.toml")):
        config = tomllib.loads(path.read_text(encoding="utf-8"))
        found += [
            (path.stem, s["url"]) for s in config.get("sources", []) if s.get("adapter", "generic") == adapter
        ]
    return found


def recorded_urls() -> dict[tuple[str, str], str]:
    """(slug, file name) -> the real URL it records, from pages.toml."""
    manifest = tomllib.loads((PAGES / "pages.toml").read_text(encoding="utf-8"))
    return {(slug, name): url for slug, files in manifest.items() for name, url in files.items()}


@pytest.mark.parametrize("name", sources.adapter_names())
def test_info_is_complete(name: str) -> None:
    info = sources.get_adapter(name).info
    assert info.name.strip() and info.maintainer.strip()
    assert info.homepage.startswith(("http://", "https://"))


@pytest.mark.parametrize("name", sources.adapter_names())
def test_options_are_adapter_options(name: str) -> None:
    options = sources.get_adapter(name).options
    assert issubclass(options, AdapterOptions)


@pytest.mark.parametrize("name", sources.adapter_names())
def test_a_partnership_config_uses_the_adapter(name: str) -> None:
    sources.get_adapter(name)
    assert sources_using(name), f"no [[sources]] table in config/*/*.toml has adapter = {name!r}"


@pytest.mark.parametrize("name", sources.adapter_names())
def test_every_recorded_page_parses_to_entries(name: str) -> None:
    adapter = sources.get_adapter(name)
    manifest = recorded_urls()
    checked = 0
    for slug, source_url in sources_using(name):
        for path in sorted(p for p in (PAGES / slug).iterdir() if p.suffix in {".html", ".rss", ".atom"}):
            page = Page(url=manifest.get((slug, path.name), source_url), content=path.read_bytes())
            entries = list(adapter.parse(page, adapter.options()))
            assert entries, f"{path} gave no entries"
            assert entries == list(adapter.parse(page, adapter.options())), f"{path}: parse is not repeatable"
            checked += 1
    assert checked, f"no recorded page in {PAGES}/<slug>/ for the partnerships that use {name!r}"


def test_every_recorded_page_in_the_manifest_exists() -> None:
    for slug, name in recorded_urls():
        assert (PAGES / slug / name).is_file(), f"pages.toml lists {slug}/{name}, which is missing"
