"""Build the held-out corpus: one home page per outlet, seeded, with ground truth per link.

`BUILDERS` is the first set (bench/heldout/outlets/), later used to tune stage 01's rules;
`FRESH_BUILDERS` is a second, independent set (bench/heldout/outlets_fresh/) kept for an
unbiased number: do not tune against it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from bench.heldout._page import Page
from bench.heldout.outlets import (
    abc_es,
    bbc,
    bloomberg,
    elconfidencial,
    elmundo,
    elpais,
    expansion,
    ft,
    lemonde,
    numeric,
    nyt,
    wordpress,
)
from bench.heldout.outlets_fresh import (
    aljazeera,
    apnews,
    cnn,
    eldiario,
    guardian,
    infobae,
    lavanguardia,
    reuters,
    rtve,
    veinteminutos,
)

SEED = 1204
BUILDERS: list[Callable[[random.Random], Page]] = [
    elpais.elpais,
    elmundo.elmundo,
    elconfidencial.elconfidencial,
    expansion.expansion,
    abc_es.abc_es,
    ft.ft,
    bloomberg.bloomberg,
    nyt.nyt,
    bbc.bbc,
    lemonde.lemonde,
    wordpress.wordpress,
    numeric.numeric,
]
FRESH_BUILDERS: list[Callable[[random.Random], Page]] = [
    guardian.guardian,
    reuters.reuters,
    cnn.cnn,
    apnews.apnews,
    aljazeera.aljazeera,
    lavanguardia.lavanguardia,
    veinteminutos.veinteminutos,
    rtve.rtve,
    infobae.infobae,
    eldiario.eldiario,
]


def build(
    seed: int = SEED, only: list[str] | None = None, *, fresh: bool = False
) -> list[tuple[Page, str]]:
    """Return [(page, html)] for every outlet (or those whose builder name is in `only`).

    `fresh` builds the second set (`FRESH_BUILDERS`) instead of the first (`BUILDERS`).
    """
    out = []
    for builder in FRESH_BUILDERS if fresh else BUILDERS:
        if only and builder.__name__ not in only:
            continue
        page = builder(random.Random(f"{seed}-{builder.__name__}"))
        out.append((page, page.render()))
    return out


def write(pages: list[tuple[Page, str]], folder: Path) -> None:
    """Store each page's HTML and truth (`<host>.html`, `<host>.truth.json`) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for page, body in pages:
        (folder / f"{page.host}.html").write_text(body)
        truth = {k: {"article": t.article, "kind": t.kind} for k, t in sorted(page.truth.items())}
        (folder / f"{page.host}.truth.json").write_text(
            json.dumps(truth, indent=1, ensure_ascii=False)
        )
