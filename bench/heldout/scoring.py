"""Scoring against the held-out truth: `bench._corpus.score_keys`, keyed by `_page.site_key`."""

from __future__ import annotations

from collections.abc import Iterable

from bench._corpus import Misses, Score, score_keys
from bench.heldout._page import Page, site_key


def score(predicted: Iterable[str], page: Page) -> tuple[Score, Misses]:
    """TP/FP/FN of the URLs a tool called articles; other domains are false positives."""
    return score_keys(predicted, page.truth, lambda url: site_key(url, page.host_key))
