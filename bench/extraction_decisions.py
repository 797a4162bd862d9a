"""Dump every link decision of stage 01 over the benchmark corpora, to diff two versions.

    .venv/bin/python -m bench.extraction_decisions OUT [--seeds 3]

For each page of the generated corpus (40 sites per seed) and of the held-out corpus (each
seed), writes the page's metadata, every link `parse_page` found (URL, anchor text, chrome
flag) and every candidate `analyse_html` decided (URL, text, chrome, verdict), then prints
the file's SHA-256. A speed change to the hot path must leave this file byte-identical:
dump before, change, dump again, `cmp` the two.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Iterator
from pathlib import Path

from bench import _corpus as C
from bench.heldout import corpus as heldout
from newsdesk.extraction.analysis import analyse_html
from newsdesk.extraction.links import parse_page

EXTRA_SEEDS = (7, 99, 5, 77)


def pages(seeds: int) -> Iterator[tuple[str, str]]:
    """(URL, HTML) of every home page of both corpora, for `seeds` seeds each."""
    for seed in (C.SEED, *EXTRA_SEEDS)[:seeds]:
        sites = C.corpus(40, seed=seed)
        with C.serving(sites) as server:
            for site in sites:
                yield C.home_url(site), C.home_html(server, site)
    for seed in (heldout.SEED, *EXTRA_SEEDS)[:seeds]:
        for page, body in heldout.build(seed):
            yield page.url, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", type=int, default=3, help="seeds per corpus")
    args = parser.parse_args()
    count = 0
    with args.out.open("w") as out:
        for url, html in pages(args.seeds):
            count += 1
            info = parse_page(html, url)
            out.write(
                f"PAGE {url} {info.title!r} {info.canonical!r} {info.og_url!r} {info.feeds!r}\n"
            )
            for link_url, text, chrome in info.links:
                out.write(f"L {link_url} {text!r} {chrome}\n")
            for c in analyse_html(html, url):
                out.write(f"C {c.url} {c.text!r} {c.chrome} {tuple(c.verdict)!r}\n")
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    C.console.print(f"{count} pages -> {args.out}  sha256 {digest}")


if __name__ == "__main__":
    main()
