"""Held-out quality of stage 01's article detection (no LLM) vs newspaper4k and courlan.

    .venv/bin/python -m bench.extraction_heldout [--set first|fresh] [--peers newspaper4k,courlan]
        [--cli] [--md bench/work/heldout.md] [--examples 6]

The corpus (bench/heldout/) is 12 hand-written home pages in the URL and markup habits of real
outlets, written without reading stage 01's rules or its fixture generator; its ground truth
labels every own link by issue 3's definition of an article. That first set was later used to
tune stage 01's rules, so its score is optimistic; `--set fresh` runs a second, independent set
of 10 outlets (bench/heldout/outlets_fresh/: Guardian, Reuters, CNN, AP, Al Jazeera, La
Vanguardia, 20minutos, RTVE, Infobae, elDiario.es), written the same way and not to be tuned
against. Pages are written to bench/work/heldout/ (bench/work/heldout-fresh/ for the fresh set)
and served by host on 127.0.0.1 (a forward proxy, so newspaper4k fetches `http://elpais.com/`
as it would the real site).

newsdesk runs `analyse_html` (rules + heuristics, no LLM, no feed: the link rules alone);
`--cli` also runs `newsdesk extract URL --json --no-llm` through the proxy and reports any
difference. Peers run in their venvs (bench/_corpus.py): newspaper4k `Source.build` on the
home page, courlan `filter_links`. Scoring is bench/_corpus.py's (other domains count as
false positives). Prints per-site and overall precision/recall/F1 with ratios newsdesk/peer,
then newsdesk's misses grouped by kind with examples and the rule that decided.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter, defaultdict

from bench import _corpus as C
from bench.heldout import corpus
from bench.heldout._page import Page, site_key
from bench.heldout.scoring import score
from bench.heldout.serve import serving
from newsdesk.extraction.analysis import analyse_html

FOLDER = C.WORK / "heldout"
FRESH_FOLDER = C.WORK / "heldout-fresh"
TARGET_F1 = 0.95


def newsdesk(
    pages: list[tuple[Page, str]],
) -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    """Return {site: article URLs} and {site: {key: reason}} from `analyse_html`."""
    predictions, reasons = {}, {}
    for page, body in pages:
        candidates = analyse_html(body, page.url)
        predictions[page.name] = [c.url for c in candidates if c.verdict.is_article]
        reasons[page.name] = {}
        for c in candidates:
            key = site_key(c.url, page.host_key)
            if key is not None:
                reasons[page.name][key] = c.verdict.reason
    return predictions, reasons


def newsdesk_cli(pages: list[tuple[Page, str]]) -> dict[str, list[str]]:
    """`newsdesk extract URL --json --no-llm` on each served page (through $HTTP_PROXY)."""
    out = {}
    exe = str(C.BENCH.parent / ".venv" / "bin" / "newsdesk")
    for page, _ in pages:
        done = subprocess.run(
            [exe, "extract", page.url, "--json", "--no-llm"], capture_output=True, text=True
        )
        if done.returncode != 0:
            C.console.print(f"[red]newsdesk extract failed on {page.url}: {done.stderr[-500:]}")
            out[page.name] = []
            continue
        out[page.name] = [row["url"] for row in json.loads(done.stdout)]
    return out


def run_peers(
    pages: list[tuple[Page, str]], peers: list[str]
) -> tuple[dict[str, dict[str, list[str]]], dict[str, float], dict[str, str]]:
    predictions: dict[str, dict[str, list[str]]] = {}
    seconds: dict[str, float] = {}
    versions: dict[str, str] = {}
    if "newspaper4k" in peers:
        C.console.print("running newspaper4k...")
        versions["newspaper4k"] = C.peer_version("newspaper4k")
        started = time.perf_counter()
        sites = [{"name": p.name, "url": p.url} for p, _ in pages]
        answer = C.run_peer(
            "newspaper4k", "newspaper4k_peer.py", {"mode": "quality", "sites": sites, "full": False}
        )
        seconds["newspaper4k"] = time.perf_counter() - started
        predictions["newspaper4k"] = answer["results"]
        for name, error in answer.get("errors", {}).items():
            C.console.print(f"[yellow]newspaper4k error on {name}: {error}")
    if "courlan" in peers:
        C.console.print("running courlan...")
        versions["courlan"] = C.peer_version("courlan")
        payload = {
            "sites": [
                {"name": p.name, "url": p.url, "html": body, "language": p.language}
                for p, body in pages
            ]
        }
        started = time.perf_counter()
        predictions["courlan"] = C.run_peer("courlan", "courlan_peer.py", payload)["results"]
        seconds["courlan"] = time.perf_counter() - started
    return predictions, seconds, versions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        choices=("first", "fresh"),
        default="first",
        dest="corpus_set",
        help="first: bench/heldout/outlets (used for tuning); fresh: bench/heldout/outlets_fresh",
    )
    parser.add_argument(
        "--peers", default="newspaper4k,courlan", help="comma-separated; '' for none"
    )
    parser.add_argument("--cli", action="store_true", help="also run `newsdesk extract` per page")
    parser.add_argument("--examples", type=int, default=6, help="examples per kind of miss")
    parser.add_argument("--md", help="also write the tables as markdown to this file")
    parser.add_argument("--seed", type=int, default=corpus.SEED, help="ids, dates, headlines")
    args = parser.parse_args()
    peers = [p for p in args.peers.split(",") if p]
    fresh = args.corpus_set == "fresh"
    folder = FRESH_FOLDER if fresh else FOLDER
    pages = corpus.build(args.seed, fresh=fresh)
    corpus.write(pages, folder)
    n_links = sum(len(p.truth) for p, _ in pages)
    n_articles = sum(t.article for p, _ in pages for t in p.truth.values())
    C.console.print(
        f"{len(pages)} held-out sites ({args.corpus_set} set), {n_links} own links on their "
        f"home pages, {n_articles} of them articles (pages and truth in {folder})"
    )
    started = time.perf_counter()
    nd, reasons = newsdesk(pages)
    predictions = {"newsdesk": nd}
    seconds = {"newsdesk": time.perf_counter() - started}
    versions = {"newsdesk": "working tree (analyse_html, no LLM)"}
    with serving(pages):
        if args.cli:
            cli = newsdesk_cli(pages)
            for page, _ in pages:
                a = {site_key(u, page.host_key) for u in nd[page.name]}
                b = {site_key(u, page.host_key) for u in cli[page.name]}
                if a != b:
                    C.console.print(
                        f"[yellow]{page.name}: extract CLI differs from analyse_html: "
                        f"only CLI {sorted(map(str, b - a))[:5]}, only analyse_html "
                        f"{sorted(map(str, a - b))[:5]}"
                    )
            predictions["newsdesk extract CLI"] = cli
            versions["newsdesk extract CLI"] = "working tree (--no-llm)"
            seconds["newsdesk extract CLI"] = 0.0
        peer_predictions, peer_seconds, peer_versions = run_peers(pages, peers)
    predictions.update(peer_predictions)
    seconds.update(peer_seconds)
    versions.update(peer_versions)
    report(pages, predictions, seconds, versions, reasons, args)


def report(
    pages: list[tuple[Page, str]],
    predictions: dict[str, dict[str, list[str]]],
    seconds: dict[str, float],
    versions: dict[str, str],
    reasons: dict[str, dict[str, str]],
    args: argparse.Namespace,
) -> None:
    tools = list(predictions)
    peers_run = [t for t in tools if not t.startswith("newsdesk")]
    overall = {t: C.Score() for t in tools}
    site_rows = []
    fp: dict[str, list[str]] = defaultdict(list)
    fn: dict[str, list[str]] = defaultdict(list)
    wins = {t: [0, 0, 0] for t in peers_run}
    for page, _ in pages:
        scores = {}
        for tool in tools:
            result, misses = score(predictions[tool].get(page.name, []), page)
            scores[tool] = result
            overall[tool].add(result)
            if tool == "newsdesk":
                why = reasons[page.name]
                for key, kind in misses.false_pos:
                    where = key if kind == "other domain" else page.host + key
                    fp[kind].append(f"{where} ({why.get(key, 'other domain')})")
                for key, kind in misses.false_neg:
                    fn[kind].append(f"{page.host}{key} ({why.get(key, 'not found')})")
        nd = scores["newsdesk"]
        row: list[object] = [page.name, nd.precision, nd.recall, nd.f1]
        row += [scores[t].f1 for t in tools if t != "newsdesk"]
        for t in peers_run:
            row.append(_ratio(nd.f1, scores[t].f1))
            wins[t][0 if nd.f1 > scores[t].f1 else 1 if nd.f1 == scores[t].f1 else 2] += 1
        site_rows.append(row)
    site_cols = ["site", "P newsdesk", "R newsdesk", "F1 newsdesk"]
    site_cols += [f"F1 {t}" for t in tools if t != "newsdesk"] + [
        f"ratio vs {t}" for t in peers_run
    ]
    all_cols = [
        "tool",
        "version",
        "precision",
        "recall",
        "F1",
        "F1 ratio nd/peer",
        "TP",
        "FP",
        "FN",
    ]
    all_cols += ["extra", "dupes", "sites nd won/tied/lost", "seconds"]
    nd_f1 = overall["newsdesk"].f1
    all_rows = []
    for t in tools:
        s = overall[t]
        w = "/".join(map(str, wins[t])) if t in wins else "-"
        ratio = _ratio(nd_f1, s.f1) if t in peers_run else "-"
        all_rows.append([t, versions[t], s.precision, s.recall, s.f1, ratio, s.tp, s.fp, s.fn,
                         s.extra, s.dupes, w, round(seconds[t], 2)])  # fmt: skip
    C.out.print(C.table("Held-out corpus: per site", site_cols, site_rows))
    C.out.print(C.table("Held-out corpus: overall", all_cols, all_rows))
    verdict = "MET" if nd_f1 >= TARGET_F1 else "MISSED"
    C.out.print(f"target F1 >= {TARGET_F1} on held-out pages: {verdict} (newsdesk F1 {nd_f1:.3f})")
    lines = []
    for title, misses in (("false positives", fp), ("false negatives", fn)):
        counts = Counter({kind: len(items) for kind, items in misses.items()})
        lines.append(f"### newsdesk {title} by kind: {sum(counts.values())}")
        for kind, n in counts.most_common():
            lines.append(f"- {kind} x{n}: " + "; ".join(misses[kind][: args.examples]))
    for line in lines:
        C.out.print(line, highlight=False)
    if args.md:
        with open(args.md, "w") as fh:
            fh.write(C.markdown_table(all_cols, all_rows) + "\n\n")
            fh.write(C.markdown_table(site_cols, site_rows) + "\n\n")
            fh.write("\n".join(lines) + "\n")


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "inf"


if __name__ == "__main__":
    sys.exit(main())
