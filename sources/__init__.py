"""Source adapters: one small module per kind of page, looked up by the `adapter` name in a source's TOML.

An adapter module defines `INFO` (a SourceInfo), `Options` (an AdapterOptions subclass: what its TOML table
may set) and `parse(page, options) -> Iterator[RawEntry]`, which is pure.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

from sources.base import AdapterOptions, Page, RawEntry, SourceInfo


@dataclass(frozen=True)
class Adapter:
    name: str
    info: SourceInfo
    options: type[AdapterOptions]
    parse: Callable[[Page, AdapterOptions], Iterator[RawEntry]]


# Modules here that adapters share, not adapters themselves.
HELPERS = {"base"}


def adapter_names() -> list[str]:
    """Every adapter in this package, by the name a TOML file uses (module name with hyphens)."""
    modules = pkgutil.iter_modules(__path__)
    return sorted(m.name.replace("_", "-") for m in modules if m.name not in HELPERS and not m.ispkg)


def get_adapter(name: str) -> Adapter:
    """The adapter called `name`; KeyError names the known ones."""
    if name not in adapter_names():
        raise KeyError(f"unknown adapter {name!r}; known adapters: {', '.join(adapter_names())}")
    module: ModuleType = importlib.import_module(f"sources.{name.replace('-', '_')}")
    return Adapter(name=name, info=module.INFO, options=module.Options, parse=module.parse)
