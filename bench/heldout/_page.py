"""The page builder of the held-out corpus: HTML chunks plus a ground-truth label per link.

Every `<a>` goes through `Page.a`, which records the link's site-relative key (the same key
`bench._corpus.key_of` computes: path + non-tracking query, `www.`/`m.`/`amp.` folded) and its
kind. Kinds in `ARTICLE_KINDS` are articles by issue 3's definition; every other kind is not.
Links to other hosts are not recorded: the scorer counts any prediction of them as a false
positive on its own. A key labelled both ways is a bug in the corpus and raises.
"""

from __future__ import annotations

import html
import random
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from bench._corpus import fold

ARTICLE_KINDS = frozenset(
    {"news", "opinion", "analysis", "interview", "review", "live", "feature", "blogpost"}
)
_TRACKING_PREFIXES = ("utm_", "mc_")
_TRACKING_KEYS = frozenset({"fbclid", "gclid", "ref"})
# Query parameters the outlets below use for tracking or presentation only (never identity):
# a URL with or without them is the same page, so the truth key drops them (a tool that keeps
# them is not penalised, one that keeps both forms is counted as a dupe).
_NOISE_KEYS = frozenset(
    {
        "rel",
        "outputtype",
        "intcmp",
        "cid",
        "ftcamp",
        "srnd",
        "leadsource",
        "smid",
        "origen",
        "referringsource",
        "at_medium",
        "at_campaign",
        "xtor",
        "emailid",
        "segmentid",
        "prm",
        "in_source",
        "campaignid",
    }
)
_NOISE_PREFIXES = ("lmd_",)


@dataclass(frozen=True)
class Truth:
    article: bool
    kind: str


def site_key(url: str, host_key: str) -> str | None:
    """Path + meaningful query of `url` if it is on `host_key` (variants folded), else None.

    `bench._corpus.key_of` plus the `_NOISE_KEYS` the held-out outlets use.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    if fold((parts.hostname or "").lower().rstrip(".")) != host_key:
        return None
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair
        and not (k := unquote(pair.split("=", 1)[0]).lower()).startswith(_TRACKING_PREFIXES)
        and k not in _TRACKING_KEYS
        and k not in _NOISE_KEYS
        and not k.startswith(_NOISE_PREFIXES)
    ]
    return (parts.path or "/") + ("?" + "&".join(kept) if kept else "")


def slugify(text: str, limit: int = 12) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:limit])


@dataclass
class Page:
    """One home page under construction."""

    name: str
    host: str  # the host the home page is served on, e.g. "www.elmundo.es"
    language: str
    title: str
    rng: random.Random
    base_href: str | None = None
    parts: list[str] = field(default_factory=list)
    truth: dict[str, Truth] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{self.host}/"

    @property
    def host_key(self) -> str:
        return fold(self.host)

    def a(
        self,
        href: str,
        text: str,
        kind: str,
        *,
        img: str | None = None,
        attrs: str = "",
        label: str | None = None,
    ) -> str:
        """Return an `<a>` to `href` and record its label (`kind`; articles by `ARTICLE_KINDS`)."""
        self.record(href, kind)
        inner = html.escape(text) if img is None else _img(img, text)
        extra = f' aria-label="{html.escape(label)}"' if label else ""
        return f'<a href="{html.escape(href)}"{extra}{(" " + attrs) if attrs else ""}>{inner}</a>'

    def record(self, href: str, kind: str) -> None:
        absolute = urljoin(self.base_href or self.url, href)
        key = site_key(absolute, self.host_key)
        if key is None:
            return
        truth = Truth(kind in ARTICLE_KINDS, kind)
        old = self.truth.get(key)
        if old is not None and old.article != truth.article:
            raise ValueError(f"{self.name}: {key} labelled {old.kind} and {kind}")
        self.truth.setdefault(key, truth)

    def add(self, *chunks: str) -> None:
        self.parts.extend(chunks)

    def render(self, head_extra: str = "") -> str:
        base = f'<base href="{html.escape(self.base_href)}">' if self.base_href else ""
        return (
            f'<!DOCTYPE html><html lang="{self.language}"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.title)}</title>{base}{head_extra}"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push("
            "arguments)}</script></head><body>" + "\n".join(self.parts) + "</body></html>"
        )


def _img(alt: str, _text: str) -> str:
    return (
        f'<picture><source srcset="/img/{zlib.crc32(alt.encode()) % 99999}.webp" type="image/webp">'
        f'<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="{html.escape(alt)}" '
        'loading="lazy" width="640" height="360"></picture>'
    )


# ---- chunks every outlet has, in its own words --------------------------------------------


SOCIAL = [
    ("https://twitter.com/{h}", "X"),
    ("https://x.com/{h}", "X (Twitter)"),
    ("https://www.facebook.com/{h}", "Facebook"),
    ("https://www.instagram.com/{h}/", "Instagram"),
    ("https://www.youtube.com/@{h}", "YouTube"),
    ("https://www.tiktok.com/@{h}", "TikTok"),
    ("https://www.linkedin.com/company/{h}", "LinkedIn"),
    ("https://t.me/{h}", "Telegram"),
    ("https://whatsapp.com/channel/0029Va{h}", "WhatsApp"),
]


def social(page: Page, handle: str) -> str:
    links = [page.a(u.format(h=handle), t, "social") for u, t in SOCIAL]
    return '<ul class="social">' + "".join(f"<li>{x}</li>" for x in links) + "</ul>"


def share_bar(page: Page, url: str, title: str) -> str:
    """Per-card share links (the article's URL is only inside other hosts' query strings)."""
    quoted = url.replace(":", "%3A").replace("/", "%2F")
    return (
        '<div class="share">'
        + page.a(f"https://www.facebook.com/sharer/sharer.php?u={quoted}", "Facebook", "social")
        + page.a(f"https://twitter.com/intent/tweet?url={quoted}&text={title[:30]}", "X", "social")
        + page.a(f"https://api.whatsapp.com/send?text={quoted}", "WhatsApp", "social")
        + page.a(f"mailto:?subject={title[:30]}&body={quoted}", "Email", "mailto")
        + page.a("javascript:void(0)", "Copiar enlace", "js", attrs='data-copy="1"')
        + "</div>"
    )


def cookie_banner(page: Page, links: list[tuple[str, str]], accept: str) -> str:
    inner = " ".join(page.a(href, text, "legal") for href, text in links)
    return (
        '<div id="didomi-host" class="cookie-banner" role="dialog"><p>'
        f"{inner}</p><button>{html.escape(accept)}</button>"
        + page.a("javascript:Didomi.preferences.show()", "Configurar", "js")
        + "</div>"
    )


def ul(items: list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
