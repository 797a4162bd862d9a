"""End to end: wall time of one full stage-01 run over 50 sources with 300 ms latency each.

    .venv/bin/python -m bench.extraction_e2e [--sites 50] [--latency 0.3]

The real stage (`stages.get("extract_urls").run(ctx)`) on a scratch SQLite database with one
source per fixture site (base URL by host, feed URL when the site has one), default
politeness settings (16 requests at once, 1 request at a time per host with a 1 s gap,
robots.txt on), no LLM; `--repeat` runs, each on a fresh database, the median counts.
Every request to a site waits `--latency` seconds before it is answered. The peer is
newspaper4k: `Source.build()` of the same 50 sources from 16 threads (the same
parallelism), through the same server.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench import _corpus as C
from newsdesk import stages
from newsdesk.core.clock import today_in
from newsdesk.stages import StageContext
from newsdesk.testing.newssites import Faults

TARGET_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--host-delay", type=float, default=None, help="override the 1 s default")
    parser.add_argument("--concurrency", type=int, default=None, help="override the default 16")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median counts")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--md", help="also write the table as markdown to this file")
    args = parser.parse_args()
    sites = C.corpus(args.sites)
    overrides: dict[str, object] = {}
    if args.host_delay is not None:
        overrides["fetch_host_delay"] = args.host_delay
    if args.concurrency is not None:
        overrides["fetch_concurrency"] = args.concurrency
    with C.serving(sites) as server:
        for site in sites:
            server.faults[site.name] = Faults(latency=args.latency)
        walls = []
        for i in range(args.repeat):
            server.hits.clear()
            with C.scratch_settings(**overrides) as settings:
                specs = C.add_sources(settings, sites)
                ctx = StageContext(
                    stage="extract_urls",
                    run_date=today_in(settings.timezone),
                    sources=specs,
                    parameters={"no_llm": True},
                )
                C.console.print(f"run {i + 1}/{args.repeat}: stage 01 over {len(specs)} sources")
                started = time.perf_counter()
                result = stages.get("extract_urls").run(ctx)
                walls.append(time.perf_counter() - started)
                requests = sum(server.hits.values())
                stored = C.stored_articles(settings)
        nd_seconds = statistics.median(walls)
        failed = [o for o in result.sources if o.status == "failed"]
        truth = set()
        for site in sites:
            truth |= site.article_urls(f"http://{site.host}")
        correct = len(set(stored) & truth)
        slowest = max(result.sources, key=lambda o: o.duration_ms)
        peer = None
        if not args.no_peer:
            C.console.print("running newspaper4k...")
            server.hits.clear()
            peer = C.run_peer(
                "newspaper4k",
                "newspaper4k_peer.py",
                {
                    "mode": "e2e",
                    "sites": [{"name": s.name, "url": C.home_url(s)} for s in sites],
                    "threads": 16,
                },
            )
            peer_requests = sum(server.hits.values())
    columns = ["tool", "sources", "failed", "requests", "wall s (median)", "articles", "precision",
               "recall", "wall ratio peer/nd"]  # fmt: skip
    rows: list[list[object]] = [
        ["newsdesk stage 01", len(specs), len(failed), requests, nd_seconds, len(stored),
         correct / len(stored) if stored else 0.0, correct / len(truth), "-"],
    ]  # fmt: skip
    if peer is not None:
        found = {u for urls in peer["results"].values() for u in urls}
        rows.append(
            ["newspaper4k Source.build x16 threads", len(sites), len(peer["errors"]),
             peer_requests, peer["seconds"], len(found), "-", "-",
             f"{peer['seconds'] / nd_seconds:.1f}x"]
        )  # fmt: skip
    title = f"One run, {len(sites)} sources, {args.latency * 1000:.0f} ms per request"
    C.out.print(C.table(title, columns, rows))
    C.out.print(
        f"runs: {', '.join(f'{w:.2f}' for w in walls)} s; "
        f"new_items={result.new_items} total_items={result.total_items}; slowest source "
        f"{slowest.source_name} {slowest.duration_ms} ms; warnings: {len(result.warnings)}"
    )
    for outcome in failed[:5]:
        C.out.print(f"failed: {outcome.source_name}: {outcome.error}")
    verdict = "MET" if nd_seconds < TARGET_SECONDS and not failed else "MISSED"
    C.out.print(f"target < {TARGET_SECONDS:g} s: {verdict} (median {nd_seconds:.2f} s)")
    if args.md:
        with open(args.md, "w") as fh:
            fh.write(C.markdown_table(columns, rows) + "\n")


if __name__ == "__main__":
    main()
