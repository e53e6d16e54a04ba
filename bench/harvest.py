"""Benchmark: a harvest of 200 partnership sites on loopback, concurrent against sequential.

    .venv/bin/python bench/harvest.py [--sites 200] [--wait 0.2] [--concurrency 16] [--host-delay 1]

Each site has an address of its own (127.0.0.2 to 127.0.0.201: on Linux all of 127/8 is loopback) and
answers every request after `--wait` seconds; its page is ~150 KB in DDSCP's layout, with 20 reviews and the
menus, scripts and footer of a council site. The sites are served by another process (asyncio), so serving
takes none of the harvester's CPU. Politeness is kept throughout: robots.txt asked first, `--host-delay`
seconds between two requests to one host.

Prints the wall time of a full cycle harvested sequentially (harvest_concurrency 1) and concurrently, each
into a fresh temporary SQLite store; then a second concurrent cycle where nothing changed (ETag: every
page answers 304) with the bytes it cost against the full cycle's; and the harvester's peak memory.
Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator import db, pipeline
from aggregator.hosts import Hosts
from aggregator.settings import PartnershipConfig, Settings, load_settings
from cspr.data import DEFAULT_CONFIG_DIR
from cspr.demo import RECORDED_PAGES

ETAG = '"v1"'
NAMES = ["Zac", "Theo", "Amelia", "Oliver", "Isla", "Harry", "Ava", "Noah", "Mia", "Leo", "Ivy", "Ruby"]
MONTHS = list(calendar.month_name)[1:]


def address(site: int) -> str:
    return f"127.0.0.{site + 2}"


def listing(site: int, reviews: int = 20) -> bytes:
    """Site `site`'s page: DDSCP's recorded page with `reviews` reviews of its own, and a council site's
    chrome (a menu of every page, an inline configuration script) around them, ~150 KB in all."""
    template = (RECORDED_PAGES / "derby-and-derbyshire" / "case-reviews.html").read_text(encoding="utf-8")
    start, end = template.index('<h2 id="zac-zds22">'), template.index('<h2 id="publication">')
    items = []
    for i in range(reviews):
        name = NAMES[(site * 7 + i) % len(NAMES)]
        ref = f"{name[0]}{chr(65 + site % 26)}{site:03d}{i:02d}"
        items.append(
            f'<h2 id="r{i}">Child Safeguarding Practice Review: {name} ({ref})</h2>\n'
            "<p>The partnership has published the local Child Safeguarding Practice Review that concerns the "
            f"death of a child known as {name}.</p>\n"
            "<p>A summary of progress made by agencies is published along with the report which sets out the "
            "multi-agency action that has been taken to implement local improvements that were identified as "
            "necessary during the process of completing the review. Available reports published "
            f'{MONTHS[(site + i) % 12]} {2019 + i % 7}:</p>\n<ul class="list list--documents">\n'
            f'<li><a href="/media/reviews/{ref.lower()}-report.pdf">'
            f"Child Safeguarding Practice Review {ref} - {name} (PDF, 612KB)</a></li>\n"
            f'<li><a href="/media/reviews/{ref.lower()}-summary.pdf">{ref} Summary of Progress (PDF, 148KB)'
            "</a></li>\n</ul>\n"
        )
    menu = "".join(
        f'<li class="menu__item"><a class="menu__link" href="/section-{k // 20}/page-{k}">Section {k // 20} '
        f"page {k}</a></li>\n"
        for k in range(900)
    )
    script = ",".join(f'"k{k}": "value {k} of the site configuration"' for k in range(900))
    page = template[:start] + "".join(items) + template[end:]
    page = page.replace("</header>", f'<nav class="mega-menu"><ul class="menu">{menu}</ul></nav>\n</header>')
    return page.replace("</body>", f"<script>window.__SITE__ = {{{script}}};</script>\n</body>").encode()


# The sites: run in a process of their own (`--serve`) ------------------------------------------------------


def serve(sites: int, wait: float) -> None:
    """Serve every site on port P of its own address; print "ready P", then answer each "stats" line on
    standard input with the requests and bytes served so far, as JSON."""
    pages = [listing(site) for site in range(sites)]
    stats = {"requests": 0, "bytes": 0}

    async def answer(site: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                path = head[0].split(" ")[1]
                headers = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
                await asyncio.sleep(wait)
                if path != "/case-reviews":
                    status, body, extra = "404 Not Found", b"not found", ""
                elif headers.get("if-none-match") == ETAG:
                    status, body, extra = "304 Not Modified", b"", f"ETag: {ETAG}\r\n"
                else:
                    status, body, extra = "200 OK", pages[site], f"ETag: {ETAG}\r\n"
                length = "" if status.startswith("304") else f"Content-Length: {len(body)}\r\n"
                response = (
                    f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n{length}{extra}\r\n"
                ).encode() + body
                writer.write(response)
                await writer.drain()
                stats["requests"] += 1
                stats["bytes"] += len(response)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        first = await asyncio.start_server(partial(answer, 0), address(0), 0)
        port = first.sockets[0].getsockname()[1]
        for site in range(1, sites):
            await asyncio.start_server(partial(answer, site), address(site), port)
        print(f"ready {port}", flush=True)
        await asyncio.Event().wait()

    def report() -> None:
        for _line in sys.stdin:
            print(json.dumps(stats), flush=True)

    threading.Thread(target=report, daemon=True).start()
    asyncio.run(main())


class Sites:
    """The sites' process, seen from the harvester."""

    def __init__(self, sites: int, wait: float) -> None:
        command = [sys.executable, __file__, "--serve", "--sites", str(sites), "--wait", str(wait)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout and self.process.stdin
        ready = self.process.stdout.readline().split()
        if ready[:1] != ["ready"]:
            raise SystemExit("the sites did not start")
        self.port = int(ready[1])

    def stats(self) -> dict[str, int]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write("stats\n")
        self.process.stdin.flush()
        result: dict[str, int] = json.loads(self.process.stdout.readline())
        return result

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


# The harvester ----------------------------------------------------------------------------------------------


def partnerships(sites: int, port: int) -> list[PartnershipConfig]:
    return [
        PartnershipConfig.model_validate(
            {
                "slug": f"p{site:03d}",
                "name": f"Partnership {site}",
                "homepage": f"http://{address(site)}:{port}/",
                "retention_months": 12,
                "sources": [
                    {
                        "name": "case-reviews",
                        "adapter": "derby-and-derbyshire",
                        "url": f"http://{address(site)}:{port}/case-reviews",
                    }
                ],
            }
        )
        for site in range(sites)
    ]


def cycle(
    label: str, url: str, settings: Settings, configs: list[PartnershipConfig], sites: Sites, hosts: Hosts
) -> tuple[float, int]:
    """One harvest of every site into the store at `url`; prints and returns its wall time and bytes."""
    engine = db.open_store(url)
    before, cpu = sites.stats(), time.process_time()
    started = time.perf_counter()
    outcomes = pipeline.run_all(engine=engine, settings=settings, partnerships=configs, hosts=hosts)
    elapsed = time.perf_counter() - started
    after, cpu = sites.stats(), time.process_time() - cpu
    engine.dispose()
    sent = after["bytes"] - before["bytes"]
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise SystemExit(f"{label}: {len(failed)} sources failed, e.g. {failed[0].error}")
    print(
        f"{label:<44} {elapsed:8.1f} s wall {cpu:7.1f} s CPU {sent / 1024 / 1024:9.2f} MiB "
        f"in {after['requests'] - before['requests']} requests"
    )
    print(f"{'':<44} {pipeline.summary(outcomes)}")
    return elapsed, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--wait", type=float, default=0.2, help="seconds each site takes to answer")
    parser.add_argument("--concurrency", type=int, default=16, help="harvest_concurrency")
    parser.add_argument("--host-delay", type=float, default=1.0, help="host_delay")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.sites, args.wait)
        return
    sites = Sites(args.sites, args.wait)
    try:
        configs = partnerships(args.sites, sites.port)
        page = len(listing(0))
        print(
            f"{args.sites} sites answering after {args.wait:g} s, pages of {page // 1024} KiB with 20 reviews"
        )
        print(f"harvest_concurrency {args.concurrency}, host_delay {args.host_delay:g} s, robots.txt first")
        delay = args.host_delay
        settings = load_settings(
            DEFAULT_CONFIG_DIR,
            environ={},
            overrides={"allow_private_hosts": True, "host_delay": args.host_delay},
        )
        with tempfile.TemporaryDirectory() as tmp:
            one = settings.model_copy(update={"harvest_concurrency": 1})
            many = settings.model_copy(update={"harvest_concurrency": args.concurrency})
            sequential, _ = cycle(
                "full cycle, sequential",
                f"sqlite:///{tmp}/s.sqlite3",
                one,
                configs,
                sites,
                Hosts(delay=delay),
            )
            hosts = Hosts(delay=delay)  # one per process: robots.txt is kept for the next cycle
            label = f"full cycle, {args.concurrency} at a time"
            concurrent, full = cycle(label, f"sqlite:///{tmp}/c.sqlite3", many, configs, sites, hosts)
            ratio = f"{concurrent / sequential:8.3f} of the sequential time (1/{sequential / concurrent:.1f})"
            print(f"{'':<44} {ratio}")
            label = "second cycle, nothing changed (304)"
            _, unchanged = cycle(label, f"sqlite:///{tmp}/c.sqlite3", many, configs, sites, hosts)
            print(f"{'':<44} {unchanged / full:8.3%} of the full cycle's bytes")
    finally:
        sites.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory of the harvester':<44} {peak:8.1f} MiB")
    print(f"{'load average (1 min) at the end':<44} {os.getloadavg()[0]:8.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
