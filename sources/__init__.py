"""Source adapters: one small module per kind of page, looked up by the `adapter` name in a source's TOML.

An adapter is a module directly in this package that defines `INFO` (a SourceInfo), `Options` (an
AdapterOptions subclass: what its TOML table may set) and `parse(page, options) -> Iterator[RawEntry]`, which
is pure. Modules are known to be adapters by having those three, so what adapters share (`base`, and the
`reading` sub-package) needs no list of exceptions.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from sources.base import AdapterOptions, Page, RawEntry, SourceInfo


@dataclass(frozen=True)
class Adapter:
    name: str
    info: SourceInfo
    options: type[AdapterOptions]
    parse: Callable[[Page, AdapterOptions], Iterator[RawEntry]]


def is_adapter(module: ModuleType) -> bool:
    """Whether a module is an adapter: it has INFO, Options and parse, each of its kind."""
    options = getattr(module, "Options", None)
    return (
        isinstance(getattr(module, "INFO", None), SourceInfo)
        and isinstance(options, type)
        and issubclass(options, AdapterOptions)
        and callable(getattr(module, "parse", None))
    )


@cache
def _adapters() -> dict[str, ModuleType]:
    """Every adapter module directly in this package, by the name a TOML file uses (hyphens for _)."""
    modules = (
        importlib.import_module(f"sources.{found.name}")
        for found in pkgutil.iter_modules(__path__)
        if not found.ispkg
    )
    return {m.__name__.rpartition(".")[2].replace("_", "-"): m for m in modules if is_adapter(m)}


def adapter_names() -> list[str]:
    """Every adapter in this package, by the name a TOML file uses (module name with hyphens)."""
    return sorted(_adapters())


def get_adapter(name: str) -> Adapter:
    """The adapter called `name`; KeyError names the known ones."""
    module = _adapters().get(name)
    if module is None:
        raise KeyError(f"unknown adapter {name!r}; known adapters: {', '.join(adapter_names())}")
    return Adapter(name=name, info=module.INFO, options=module.Options, parse=module.parse)
