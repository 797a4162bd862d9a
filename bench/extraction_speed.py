"""Speed of stage 01's page analysis on one core vs newspaper4k, on the same pre-fetched pages.

    .venv/bin/python -m bench.extraction_speed [--sites 40] [--rounds 5]

newsdesk: `extraction.analysis.analyse_html` (selectolax link extraction, canonical form,
rules and heuristics for every link: what the stage does per page, minus the network).
newspaper4k: `Source.build(input_html=..., only_homepage=True)` (lxml parse and its
article-URL filter), in its own venv. Both are pinned to CPU 0; each side's best round of
all pages counts (the machine is shared, the best round is the least disturbed one).
"""

from __future__ import annotations

import argparse
import os
import time

from bench import _corpus as C
from newsdesk.extraction.analysis import analyse_html

TARGET_RATIO = 5.0


def _newsdesk(pages: list[dict[str, str]], rounds: int) -> tuple[float, int, int]:
    """Return (best seconds for all pages, links decided, articles found) in one round."""
    best, links, articles = float("inf"), 0, 0
    for _ in range(rounds):
        links = articles = 0
        started = time.perf_counter()
        for page in pages:
            candidates = analyse_html(page["html"], page["url"])
            links += len(candidates)
            articles += sum(1 for c in candidates if c.verdict.is_article)
        best = min(best, time.perf_counter() - started)
    return best, links, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=C.SEED)
    parser.add_argument("--md", help="also write the table as markdown to this file")
    args = parser.parse_args()
    sites = C.corpus(args.sites, seed=args.seed)
    with C.serving(sites) as server:  # only to render the pages as served by host
        pages = [{"url": C.home_url(s), "html": C.home_html(server, s)} for s in sites]
    size = sum(len(p["html"].encode()) for p in pages)
    C.console.print(f"{len(pages)} home pages, {size / len(pages) / 1024:.0f} KiB on average")

    os.sched_setaffinity(0, {0})
    analyse_html(pages[0]["html"], pages[0]["url"])  # warm up imports and caches
    nd_seconds, nd_links, nd_articles = _newsdesk(pages, args.rounds)
    C.console.print("running newspaper4k...")
    peer = C.run_peer(
        "newspaper4k",
        "newspaper4k_peer.py",
        {"mode": "speed", "pages": pages, "rounds": args.rounds},
        one_core=True,
    )
    np_seconds = peer["seconds"]
    nd_rate = len(pages) / nd_seconds
    np_rate = len(pages) / np_seconds
    columns = ["tool", "version", "pages", "best round s", "pages/s", "ms/page", "links/round",
               "speed ratio nd/peer"]  # fmt: skip
    rows = [
        ["newsdesk", "working tree", len(pages), nd_seconds, round(nd_rate, 1),
         1000 * nd_seconds / len(pages), f"{nd_links} ({nd_articles} articles)", "-"],
        ["newspaper4k", C.peer_version("newspaper4k"), len(pages), np_seconds,
         round(np_rate, 1), 1000 * np_seconds / len(pages), f"{peer['links']} (its articles)",
         f"{nd_rate / np_rate:.1f}x"],
    ]  # fmt: skip
    C.out.print(C.table("Pages parsed and decided per second, one core", columns, rows))
    ratio = nd_rate / np_rate
    verdict = "MET" if ratio >= TARGET_RATIO else "MISSED"
    C.out.print(f"target >= {TARGET_RATIO:g}x newspaper4k: {verdict} ({ratio:.1f}x)")
    if args.md:
        with open(args.md, "w") as fh:
            fh.write(C.markdown_table(columns, rows) + "\n")


if __name__ == "__main__":
    main()
