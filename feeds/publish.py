"""Publish the site: every feed and the HTML index as bytes by path, and write them to a folder atomically.

`render_site` is a pure function of the stored data (the web app serves its bytes, `cspr publish` writes them
with `write_site`), so the same reviews always give the same files, and ETags computed from them stay stable.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from aggregator.models import Partnership, Review
from feeds.atom import build_combined_feed, build_lifecycle_feed, build_partnership_feed
from feeds.html_index import build_index
from feeds.site import COMBINED_FEED_PATH, INDEX_PATH, LIFECYCLE_FEED_PATH, Site, partnership_feed_path

# ---------------------------------------------------------------------------------------------------------
# The site
# ---------------------------------------------------------------------------------------------------------


def render_site(
    site: Site,
    partnerships: Sequence[Partnership],
    reviews: Sequence[Review],
    generated_at: dt.datetime | None = None,
) -> dict[str, bytes]:
    """Every published file by its path relative to the site root: index.html, feeds/all.atom, one feed per
    partnership (also for a partnership with no reviews yet), feeds/lifecycle.atom (events; `reviews` are
    given with their events loaded)."""
    by_slug: dict[str, list[Review]] = {p.slug: [] for p in partnerships}
    for review in reviews:
        slug = review.partnership.slug
        if slug not in by_slug:
            raise ValueError(f"review {review.key!r} belongs to partnership {slug!r}, which was not given")
        by_slug[slug].append(review)

    files = {
        INDEX_PATH: build_index(site, partnerships, reviews, generated_at),
        COMBINED_FEED_PATH: build_combined_feed(site, partnerships, reviews),
        LIFECYCLE_FEED_PATH: build_lifecycle_feed(site, reviews),
    }
    for partnership in sorted(partnerships, key=lambda p: p.slug):
        path = partnership_feed_path(partnership.slug)
        files[path] = build_partnership_feed(site, partnership, by_slug[partnership.slug])
    return files


def write_site(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write atomically (temp file + os.replace), creating folders; returns paths written.

    A web server reading the folder meanwhile sees each file either whole and old or whole and new, never
    half-written. Files from earlier runs that are no longer published are left alone.
    """
    written: list[Path] = []
    root = out_dir.resolve()
    for relative, content in files.items():
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"refusing to write {relative!r}: it resolves outside {root}")
        target.parent.mkdir(parents=True, exist_ok=True)
        # The temp file sits beside its target, so os.replace is a rename within one file system.
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(content)
                tmp.flush()
                os.fsync(tmp.fileno())
            # mkstemp creates files readable by their owner only; a web server needs to read them too.
            os.chmod(tmp_name, 0o644)
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        written.append(out_dir / relative)
    return written
