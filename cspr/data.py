"""Data shipped with cspr: the default configuration and the demo's recorded pages.

In a checkout (and an editable install) they are where the repository keeps them, `config/` and
`tests/fixtures/pages/`; a wheel carries copies inside this package (pyproject.toml's `package-dir` maps
them to `cspr/default_config` and `cspr/recordings`), so an installed `cspr` runs from any folder.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _shipped(inside: str, in_checkout: str) -> Path:
    folder = PACKAGE / inside
    return folder if folder.is_dir() else PACKAGE.parent / in_checkout


DEFAULT_CONFIG_DIR = _shipped("default_config", "config")
RECORDED_PAGES = _shipped("recordings", "tests/fixtures/pages")
