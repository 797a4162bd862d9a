"""Speed of stage 01's page analysis on one core vs newspaper4k, on the same pre-fetched pages.

    .venv/bin/python -m bench.extraction_speed [--sites 40] [--rounds 4]

newsdesk: `extraction.analysis.analyse_html` (selectolax link extraction, canonical form,
rules and heuristics for every link: what the stage does per page, minus the network).
newspaper4k: `Source.build(input_html=..., only_homepage=True)` (lxml parse and its
article-URL filter), in its own venv. Both are pinned to CPU 0. The machine is shared, so
the two sides alternate (`--rounds` times, two passes over all pages each) and each side's
best pass counts; the ratio is computed on CPU time (`time.process_time`), which other
processes disturb far less than wall time (wall time is shown too).
"""

from __future__ import annotations

import argparse
import os
import time

from bench import _corpus as C
from newsdesk.extraction.analysis import analyse_html

TARGET_RATIO = 5.0


def _newsdesk(pages: list[dict[str, str]], passes: int) -> tuple[float, float, int, int]:
    """Return (best CPU s, best wall s, links decided, articles) for one pass over `pages`."""
    best_cpu = best_wall = float("inf")
    links = articles = 0
    for _ in range(passes):
        links = articles = 0
        cpu, wall = time.process_time(), time.perf_counter()
        for page in pages:
            candidates = analyse_html(page["html"], page["url"])
            links += len(candidates)
            articles += sum(1 for c in candidates if c.verdict.is_article)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall, links, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=4)
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
    nd_cpu = nd_wall = np_cpu = np_wall = float("inf")
    nd_links = nd_articles = np_links = 0
    for i in range(args.rounds):
        C.console.print(f"round {i + 1}/{args.rounds}")
        cpu, wall, nd_links, nd_articles = _newsdesk(pages, 2)
        nd_cpu, nd_wall = min(nd_cpu, cpu), min(nd_wall, wall)
        peer = C.run_peer(
            "newspaper4k",
            "newspaper4k_peer.py",
            {"mode": "speed", "pages": pages, "rounds": 2},
            one_core=True,
        )
        np_cpu, np_wall = min(np_cpu, peer["cpu"]), min(np_wall, peer["seconds"])
        np_links = peer["links"]
    n = len(pages)
    ratio = np_cpu / nd_cpu
    columns = ["tool", "version", "pages", "CPU ms/page", "pages/s (CPU)", "wall ms/page",
               "article URLs/pass", "speed ratio nd/peer (CPU)", "(wall)"]  # fmt: skip
    rows = [
        ["newsdesk analyse_html", "working tree", n, 1000 * nd_cpu / n, round(n / nd_cpu, 1),
         1000 * nd_wall / n, f"{nd_articles} of {nd_links} links", "-", "-"],
        ["newspaper4k Source.build", C.peer_version("newspaper4k"), n, 1000 * np_cpu / n,
         round(n / np_cpu, 1), 1000 * np_wall / n, np_links, f"{ratio:.1f}x",
         f"{np_wall / nd_wall:.1f}x"],
    ]  # fmt: skip
    C.out.print(C.table("Pages parsed and decided per second, one core", columns, rows))
    verdict = "MET" if ratio >= TARGET_RATIO else "MISSED"
    C.out.print(f"target >= {TARGET_RATIO:g}x newspaper4k: {verdict} ({ratio:.1f}x on CPU time)")
    if args.md:
        with open(args.md, "w") as fh:
            fh.write(C.markdown_table(columns, rows) + "\n")


if __name__ == "__main__":
    main()
