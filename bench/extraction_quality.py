"""Quality of stage 01's article detection (no LLM) vs newspaper4k, courlan and trafilatura.

    .venv/bin/python -m bench.extraction_quality [--sites 40] [--md bench/work/quality.md]

Every tool sees the same generated sites (seed fixed) served by host on 127.0.0.1. newsdesk
runs its real per-source pipeline (robots.txt, home page, the feeds the page announces,
canonical form, rules, heuristics instead of the LLM). Peers run in their own venvs:
newspaper4k `Source.build` (full, and home page only), courlan `filter_links`, trafilatura
feed + sitemap discovery. Prints per-site F1 and overall precision/recall/F1, with ratios
newsdesk/peer, then newsdesk's misses grouped by kind with examples.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime

from bench import _conventions
from bench import _corpus as C
from newsdesk.extraction.analysis import analyse_html, decide_all, decide_by_heuristics
from newsdesk.extraction.canonical import SourceHosts, canonicalize
from newsdesk.extraction.fetcher import Fetcher
from newsdesk.extraction.pipeline import RunEnv, analyse_source, finish
from newsdesk.extraction.rules import Candidate
from newsdesk.settings import Settings
from newsdesk.stages import SourceSpec
from newsdesk.testing.newssites import FixtureSite, NewsSitesServer

TARGET_F1 = 0.95


async def _newsdesk(sites: list[FixtureSite]) -> dict[str, list[str]]:
    settings = Settings(_env_file=None, fetch_host_delay=0.0)  # type: ignore[call-arg]
    now = datetime(C.TODAY.year, C.TODAY.month, C.TODAY.day, 12, tzinfo=UTC)
    async with Fetcher(settings) as fetcher:
        env = RunEnv(settings=settings, fetcher=fetcher, now=now)
        specs = [
            SourceSpec(id=i + 1, name=s.name, base_url=C.home_url(s)) for i, s in enumerate(sites)
        ]
        works = await asyncio.gather(*(analyse_source(spec, env) for spec in specs))
        for work in works:
            finish(work, env)  # no LLM: heuristics already decided the rest
    results = {}
    deciders: Counter[str] = Counter()
    for site, work in zip(sites, works, strict=True):
        if work.outcome.status == "failed":
            C.console.print(f"[red]newsdesk failed on {site.name}: {work.outcome.error}")
        results[site.name] = [c.url for c in work.new]
        for candidate in work.unknown:
            verdict = candidate.verdict
            deciders["heuristic" if verdict.reason == "heuristic" else str(verdict.decided_by)] += 1
    C.out.print(
        "newsdesk decisions (distinct own links): "
        + ", ".join(f"{who} {n}" for who, n in deciders.most_common())
        + " ('heuristic' = left undecided by the rules: what the LLM would get)"
    )
    return results


def run_tools(
    sites: list[FixtureSite], server: NewsSitesServer, peers: list[str]
) -> tuple[dict[str, dict[str, list[str]]], dict[str, float], dict[str, str]]:
    """Return {tool: {site: predicted article URLs}}, {tool: seconds}, {tool: version}."""
    predictions: dict[str, dict[str, list[str]]] = {}
    seconds: dict[str, float] = {}
    versions: dict[str, str] = {}
    started = time.perf_counter()
    predictions["newsdesk"] = asyncio.run(_newsdesk(sites))
    seconds["newsdesk"] = time.perf_counter() - started
    versions["newsdesk"] = "working tree"
    by_url = [{"name": s.name, "url": C.home_url(s)} for s in sites]
    if "newspaper4k" in peers:
        versions["newspaper4k"] = C.peer_version("newspaper4k")
        # Full build (categories and feeds too); on this corpus the home-page-only build
        # finds exactly the same links, since category pages link nothing new.
        for label, full in (("newspaper4k", True),):
            C.console.print(f"running {label}...")
            started = time.perf_counter()
            answer = C.run_peer(
                "newspaper4k",
                "newspaper4k_peer.py",
                {"mode": "quality", "sites": by_url, "full": full},
            )
            seconds[label] = time.perf_counter() - started
            predictions[label] = answer["results"]
            for name, error in answer.get("errors", {}).items():
                C.console.print(f"[yellow]{label} error on {name}: {error}")
    if "courlan" in peers:
        C.console.print("running courlan...")
        versions["courlan"] = C.peer_version("courlan")
        payload = {
            "sites": [
                {
                    "name": s.name,
                    "url": C.home_url(s),
                    "html": C.home_html(server, s),
                    "language": s.language,
                }
                for s in sites
            ]
        }
        started = time.perf_counter()
        predictions["courlan"] = C.run_peer("courlan", "courlan_peer.py", payload)["results"]
        seconds["courlan"] = time.perf_counter() - started
    if "trafilatura" in peers:
        C.console.print("running trafilatura...")
        versions["trafilatura"] = C.peer_version("trafilatura")
        started = time.perf_counter()
        answer = C.run_peer(
            "trafilatura", "trafilatura_peer.py", {"sites": by_url, "proxy": server.proxy_url}
        )
        seconds["trafilatura"] = time.perf_counter() - started
        predictions["trafilatura"] = {
            name: found["feeds"] + found["sitemaps"] for name, found in answer["results"].items()
        }
        for name, error in answer.get("errors", {}).items():
            C.console.print(f"[yellow]trafilatura error on {name}: {error}")
    return predictions, seconds, versions


def _reasons(server: NewsSitesServer, site: FixtureSite) -> dict[str, str]:
    """newsdesk's reason per link of the home page (rules + heuristics, no feed)."""
    out = {}
    for candidate in analyse_html(C.home_html(server, site), C.home_url(site)):
        key = C.key_of(candidate.url, site)
        if key is not None:
            out[key] = candidate.verdict.reason
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--seed", type=int, default=C.SEED)
    parser.add_argument(
        "--peers", default="newspaper4k,courlan,trafilatura", help="comma-separated; '' for none"
    )
    parser.add_argument("--examples", type=int, default=4, help="examples per kind of miss")
    parser.add_argument("--md", help="also write the tables as markdown to this file")
    args = parser.parse_args()
    peers = [p for p in args.peers.split(",") if p]
    sites = C.corpus(args.sites, seed=args.seed)
    truth_articles = sum(1 for s in sites for t in s.truth.values() if t.article)
    truth_links = sum(len(s.truth) for s in sites)
    C.console.print(
        f"{len(sites)} sites, {truth_links} own links on their home pages, "
        f"{truth_articles} of them articles"
    )
    with C.serving(sites) as server:
        predictions, seconds, versions = run_tools(sites, server, peers)
        tools = list(predictions)
        per_site: dict[str, dict[str, C.Score]] = defaultdict(dict)
        overall = {tool: C.Score() for tool in tools}
        misses_fp: dict[str, list[str]] = defaultdict(list)
        misses_fn: dict[str, list[str]] = defaultdict(list)
        for site in sites:
            reasons = None
            for tool in tools:
                result, misses = C.score(predictions[tool].get(site.name, []), site)
                per_site[site.name][tool] = result
                overall[tool].add(result)
                if tool == "newsdesk" and (misses.false_pos or misses.false_neg):
                    reasons = reasons or _reasons(server, site)
                    for key, kind in misses.false_pos:
                        misses_fp[kind].append(f"{site.host}{key} ({reasons.get(key, '?')})")
                    for key, kind in misses.false_neg:
                        misses_fn[kind].append(f"{site.host}{key} ({reasons.get(key, '?')})")

    peers_run = [t for t in tools if t != "newsdesk"]
    site_cols = ["site", "styles", *[f"F1 {t}" for t in tools]]
    site_cols += [f"ratio vs {t}" for t in peers_run]
    site_rows = []
    beaten_everywhere = {t: 0 for t in peers_run}
    tied = {t: 0 for t in peers_run}
    for site in sites:
        scores = per_site[site.name]
        nd = scores["newsdesk"].f1
        row: list[object] = [site.name, "+".join(site.styles)]
        row += [scores[t].f1 for t in tools]
        for t in peers_run:
            row.append(_ratio(nd, scores[t].f1))
            beaten_everywhere[t] += nd > scores[t].f1
            tied[t] += nd == scores[t].f1
        site_rows.append(row)
    all_cols = ["tool", "version", "precision", "recall", "F1", "F1 ratio nd/peer"]
    all_cols += ["TP", "FP", "FN", "extra", "dupes", "sites nd won/tied/lost", "seconds"]
    nd_f1 = overall["newsdesk"].f1
    all_rows = []
    for t in tools:
        s = overall[t]
        lost = len(sites) - beaten_everywhere.get(t, 0) - tied.get(t, 0)
        wins = "-" if t == "newsdesk" else f"{beaten_everywhere[t]}/{tied[t]}/{lost}"
        ratio = "-" if t == "newsdesk" else _ratio(nd_f1, s.f1)
        all_rows.append(
            [t, versions[t], s.precision, s.recall, s.f1, ratio, s.tp, s.fp, s.fn, s.extra,
             s.dupes, wins, round(seconds[t], 1)]
        )  # fmt: skip
    C.out.print(C.table("Per site F1 (newsdesk without LLM vs peers)", site_cols, site_rows))
    C.out.print(C.table("Overall", all_cols, all_rows))
    verdict = "MET" if nd_f1 >= TARGET_F1 else "MISSED"
    C.out.print(f"target F1 >= {TARGET_F1}: {verdict} (newsdesk F1 {nd_f1:.3f})")
    for t in peers_run:
        C.out.print(
            f"newsdesk F1 higher than {t} on {beaten_everywhere[t]}/{len(sites)} sites "
            f"(tied on {tied[t]})"
        )
    miss_lines = _miss_lines(misses_fp, misses_fn, args.examples)
    for line in miss_lines:
        C.out.print(line, highlight=False)
    n = len(_conventions.rows())
    conv_cols, conv_rows, conv_wrong = conventions(peers)
    C.out.print(
        C.table(f"Held-out: {n} links in real outlets' URL conventions", conv_cols, conv_rows)
    )
    for line in conv_wrong:
        C.out.print(f"  newsdesk {line}", highlight=False)
    if args.md:
        with open(args.md, "w") as fh:
            fh.write(C.markdown_table(all_cols, all_rows) + "\n\n")
            fh.write(C.markdown_table(conv_cols, conv_rows) + "\n\n")
            fh.write("\n".join(f"- newsdesk {line}" for line in conv_wrong) + "\n\n")
            fh.write(C.markdown_table(site_cols, site_rows) + "\n\n")
            fh.write("\n".join(f"- {line}" if line[0] != "#" else line for line in miss_lines))
            fh.write("\n")


def _newsdesk_says(home: str, url: str, anchor: str) -> tuple[bool, str]:
    canonical = canonicalize(url, SourceHosts.from_urls(home), own_only=True)
    if canonical is None:
        return False, "not own"
    candidate = Candidate(url=canonical, text=anchor, chrome=False)
    decide_all([candidate])
    decide_by_heuristics([candidate])
    return bool(candidate.verdict.is_article), candidate.verdict.reason


def conventions(peers: list[str]) -> tuple[list[str], list[list[object]], list[str]]:
    """Score URL-level decisions on the held-out real-outlet conventions."""
    rows = _conventions.rows()
    urls = [r[1] for r in rows]
    says: dict[str, list[bool]] = {"newsdesk": []}
    wrong: list[str] = []
    for home, url, anchor, label in rows:
        verdict, reason = _newsdesk_says(home, url, anchor)
        says["newsdesk"].append(verdict)
        if verdict != label:
            kind = "missed article" if label else "false article"
            wrong.append(f"{kind}: {url} ({reason})")
    if "newspaper4k" in peers:
        says["newspaper4k valid_url"] = C.run_peer(
            "newspaper4k", "newspaper4k_peer.py", {"mode": "urls", "urls": urls}
        )["results"]
    if "courlan" in peers:
        says["courlan filters"] = C.run_peer("courlan", "courlan_peer.py", {"urls": urls})[
            "results"
        ]
    columns = ["tool (URL + anchor only)", "precision", "recall", "F1", "F1 ratio nd/peer"]
    table: list[list[object]] = []
    nd_f1 = 0.0
    for tool, verdicts in says.items():
        result = C.Score()
        for (_, _, _, label), verdict in zip(rows, verdicts, strict=True):
            result.tp += verdict and label
            result.fp += verdict and not label
            result.fn += label and not verdict
        nd_f1 = result.f1 if tool == "newsdesk" else nd_f1
        ratio = "-" if tool == "newsdesk" else _ratio(nd_f1, result.f1)
        table.append([tool, result.precision, result.recall, result.f1, ratio])
    return columns, table, wrong


def _miss_lines(fp: dict[str, list[str]], fn: dict[str, list[str]], examples: int) -> list[str]:
    lines = []
    for title, misses in (("false positives", fp), ("false negatives", fn)):
        counts = Counter({kind: len(items) for kind, items in misses.items()})
        lines.append(f"### newsdesk {title} by kind: {sum(counts.values())}")
        for kind, n in counts.most_common():
            lines.append(f"{kind} x{n}: " + "; ".join(misses[kind][:examples]))
    return lines


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "inf"


if __name__ == "__main__":
    main()
