"""Helpers the outlet modules share: a headline pool, dates, ids, teaser cards."""

from __future__ import annotations

import html
import random
import string
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from bench.heldout._page import Page, cookie_banner, slugify

TODAY = (2026, 12, 4)


@dataclass
class Pool:
    """Headlines drawn in a shuffled cycle (so a page rarely repeats one)."""

    items: Sequence[str]
    rng: random.Random

    def __post_init__(self) -> None:
        self._order: list[str] = []

    def next(self) -> str:
        if not self._order:
            self._order = list(self.items)
            self.rng.shuffle(self._order)
        return self._order.pop()


def day(rng: random.Random, sep: str = "-", *, old: float = 0.15) -> str:
    """Today, yesterday, or (with probability `old`) a day last week, as YYYY<sep>MM<sep>DD."""
    d = rng.choice([4, 4, 4, 3, 3]) if rng.random() > old else rng.choice([25, 27, 28, 29, 30])
    month = 12 if d <= 4 else 11
    return f"2026{sep}{month:02d}{sep}{d:02d}"


def hexid(rng: random.Random, n: int = 24) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def card(
    page: Page,
    href: str,
    title: str,
    kind: str,
    *,
    tag: str = "h2",
    kicker: tuple[str, str, str] | None = None,
    byline: tuple[str, str] | None = None,
    image: str = "",
    summary: str = "",
    extra: str = "",
) -> str:
    """A teaser: headline link, optional image link to the same URL, kicker and byline links.

    `image`: "" none, "also" image link + headline, "only" image link alone (alt = title).
    """
    parts = ['<article class="c">']
    if image:
        parts.append(f'<figure class="c_m">{page.a(href, "", kind, img=title)}</figure>')
    if kicker:
        parts.append(f'<div class="c_k">{page.a(kicker[0], kicker[1], kicker[2])}</div>')
    if image != "only":
        parts.append(f'<{tag} class="c_t">{page.a(href, title, kind)}</{tag}>')
    if byline:
        parts.append(f'<div class="c_a">{page.a(byline[0], byline[1], "author")}</div>')
    if summary:
        parts.append(f'<p class="c_d">{html.escape(summary)}</p>')
    parts.append(extra + "</article>")
    return "".join(parts)


def block(title: str, cards: list[str], cls: str = "b") -> str:
    return (
        f'<section class="{cls}"><header><h3>{html.escape(title)}</h3></header>'
        + "".join(cards)
        + "</section>"
    )


def slug(title: str, limit: int = 12) -> str:
    return slugify(title, limit)


def legal_es(p: Page, prefix: str) -> str:
    """A Spanish consent banner linking the outlet's cookie and privacy pages under `prefix`."""
    return cookie_banner(
        p,
        [
            (f"{prefix}politica-de-cookies/", "Política de cookies"),
            (f"{prefix}politica-de-privacidad/", "Privacidad"),
        ],
        "Aceptar y continuar",
    )


def cookies_en(p: Page, links: list[tuple[str, str]]) -> str:
    return cookie_banner(p, links, "Accept all cookies")
