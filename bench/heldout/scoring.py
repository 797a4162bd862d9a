"""Scoring against the held-out truth: `bench._corpus.score`, keyed by `_page.site_key`."""

from __future__ import annotations

from collections.abc import Iterable

from bench._corpus import Misses, Score
from bench.heldout._page import Page, site_key


def score(predicted: Iterable[str], page: Page) -> tuple[Score, Misses]:
    """TP/FP/FN of the URLs a tool called articles; other domains are false positives."""
    result, misses = Score(), Misses()
    seen: set[str] = set()
    for url in dict.fromkeys(predicted):
        key = site_key(url, page.host_key)
        if key is None:
            result.fp += 1
            misses.false_pos.append((url, "other domain"))
            continue
        if key in seen:
            result.dupes += 1
            continue
        seen.add(key)
        truth = page.truth.get(key)
        if truth is None:
            result.extra += 1
        elif truth.article:
            result.tp += 1
        else:
            result.fp += 1
            misses.false_pos.append((key, truth.kind))
    for key, link in page.truth.items():
        if link.article and key not in seen:
            result.fn += 1
            misses.false_neg.append((key, link.kind))
    return result, misses
