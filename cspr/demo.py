"""The offline demo's plumbing: serve recorded pages on loopback and point the sources at them.

The recorded pages live in tests/fixtures/pages/<slug>/ (shipped in the wheel, see `cspr.data`), with
pages.toml mapping each file to the real URL it records. Tests use the same server, so the demo and the
end-to-end tests exercise one mechanism.
"""

from __future__ import annotations

import logging
import threading
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aggregator.errors import ConfigError
from aggregator.settings import PartnershipConfig
from cspr.data import RECORDED_PAGES

__all__ = ["RECORDED_PAGES", "recorded_pages", "repoint", "serve_directory"]

log = logging.getLogger(__name__)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("recorded-pages server: " + format, *args)


@contextmanager
def serve_directory(folder: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `folder` over HTTP on loopback in a thread; yields the base URL (ending in /)."""
    server = ThreadingHTTPServer((host, port), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="recorded-pages", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def recorded_pages(folder: Path = RECORDED_PAGES) -> dict[str, str]:
    """Real URL -> path of its recording under `folder`, from `folder`/pages.toml."""
    manifest = folder / "pages.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{manifest}: not found; this installation of cspr lacks the demo's recorded pages"
        ) from None
    return {url: f"{slug}/{name}" for slug, files in data.items() for name, url in files.items()}


def repoint(
    partnerships: Sequence[PartnershipConfig], recordings: Mapping[str, str], base_url: str
) -> list[PartnershipConfig]:
    """The same partnerships with each recorded source pointed at `base_url`; sources with no recording are
    disabled, so the demo never leaves the machine."""
    result = []
    for partnership in partnerships:
        repointed = tuple(
            source.model_copy(update={"url": base_url + recordings[source.url]})
            if source.url in recordings
            else source.model_copy(update={"enabled": False})
            for source in partnership.sources
        )
        result.append(partnership.model_copy(update={"sources": repointed}))
    return result
