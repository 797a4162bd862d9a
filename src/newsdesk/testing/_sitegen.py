"""The generator of the fixture news sites (see `newsdesk.testing.newssites`)."""

from __future__ import annotations

import random
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

from newsdesk.testing import _words as W

# Tokens replaced when a page is served, so one page works by host or by path prefix.
ROOT = "@@ROOT@@"  # "" by host, "/<name>" by path prefix
ABS = "@@ABS@@"  # http://www.site.test
PROTO = "@@PROTO@@"  # //www.site.test
HTTPS = "@@HTTPS@@"  # https://www.site.test (a link only; never fetched)
MOBILE = "@@MOBILE@@"  # http://m.site.test
AMP = "@@AMP@@"  # http://amp.site.test
BARE = "@@BARE@@"  # http://site.test


@dataclass
class TruthLink:
    path: str  # site-relative path (+ query), tracking parameters removed
    article: bool
    kind: str  # article, live, opinion, section, tag, author, video, gallery, ...


@dataclass
class FixtureSite:
    name: str
    host: str  # main host, e.g. www.elfaro-3.test
    language: str
    styles: list[str]
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (type, template)
    truth: dict[str, TruthLink] = field(default_factory=dict)
    external: set[str] = field(default_factory=set)
    feed_path: str | None = None
    sitemap_path: str = "/sitemap-news.xml"
    feed_in_head: bool = False
    articles_in_feed: list[str] = field(default_factory=list)
    crawl_delay: float | None = None
    disallowed: list[str] = field(default_factory=list)

    @property
    def host_key(self) -> str:
        return self.host.removeprefix("www.")

    def home_url(self, origin: str) -> str:
        return origin + "/"

    def truth_urls(self, origin: str) -> dict[str, bool]:
        """Return {absolute URL under `origin`: is_article} for every own link of the home page."""
        return {origin + path: link.article for path, link in self.truth.items()}

    def article_urls(self, origin: str) -> set[str]:
        return {origin + p for p, link in self.truth.items() if link.article}


def _slug(words: list[str]) -> str:
    text = "-".join(words).lower()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() or c == "-" else "" for c in text).strip("-")


class _Builder:
    """Builds one site: conventions from the seed, then the home page, feed, sitemap, pages."""

    def __init__(self, seed: int, index: int, today: date) -> None:
        self.r = random.Random(f"{seed}:{index}")
        self.today = today
        r = self.r
        self.lang = r.choice(["es", "en"])
        self.words = W.SPANISH if self.lang == "es" else W.ENGLISH
        base = r.choice(W.OUTLET_NAMES[self.lang])
        self.name = f"{base}-{index}"
        bare = f"{self.name}.test"
        self.site = FixtureSite(
            name=self.name,
            host=bare if r.random() < 0.3 else f"www.{bare}",
            language=self.lang,
            styles=r.sample(W.ARTICLE_STYLES, k=r.choice([1, 1, 2, 2, 3])),
        )
        self.sections = r.sample(
            self.words["sections"], k=r.randint(6, min(11, len(self.words["sections"])))
        )
        self.html5 = r.random() < 0.6
        self.uppercase = r.random() < 0.15
        self.use_base = r.random() < 0.2
        self.seen: dict[str, str] = {}  # path -> headline
        self.ids = r.randint(100_000, 9_000_000)

    # ---- URLs -------------------------------------------------------------------------
    def headline(self) -> list[str]:
        w = self.words
        n = self.r.randint(6, 13)
        out = [self.r.choice(w["subjects"]), self.r.choice(w["verbs"])]
        while len(out) < n:
            out.append(self.r.choice(w["filler"]))
        return out

    def _id(self) -> int:
        self.ids += self.r.randint(1, 997)
        return self.ids

    def article_path(self, section: str, words: list[str], day: date) -> str:
        r = self.r
        style = r.choice(self.site.styles)
        slug = _slug(words[: r.randint(5, 10)])
        y, m, d = day.year, day.month, day.day
        match style:
            case "dated":
                return r.choice(
                    [
                        f"/{section}/{y}/{m:02d}/{d:02d}/{slug}/",
                        f"/{y}/{m:02d}/{d:02d}/{section}/{slug}.html",
                    ]
                )
            case "dated_compact":
                return r.choice(
                    [f"/{section}/{y}{m:02d}{d:02d}/{slug}", f"/{y}-{m:02d}-{d:02d}/{slug}"]
                )
            case "month_name":
                mon = W.MONTHS[self.lang][m - 1]
                return f"/{section}/{y}/{mon}/{d:02d}/{slug}"
            case "slug_id":
                return r.choice(
                    [f"/{section}/{slug}-{self._id()}.html", f"/{section}/{slug}_{self._id()}.html"]
                )
            case "numeric":
                return r.choice(
                    [
                        f"/{section}/{self._id()}",
                        f"/noticia/{self._id()}/{slug}",
                        f"/a/{self._id()}",
                    ]
                )
            case "uuid":
                u = uuid.UUID(int=r.getrandbits(128), version=4)
                return r.choice([f"/{section}/{slug}/{u}", f"/story/{u}"])
            case "escenic":
                return r.choice(
                    [f"/{section}/{slug}-1.{self._id()}", f"/{section}/article{self._id()}.ece"]
                )
            case _:  # "slug": the slug alone; some are short (the hard ones)
                if r.random() < 0.12:
                    slug = _slug(words[: r.randint(3, 4)])
                return f"/{section}/{slug}" + r.choice(["", "/", ".html"])

    # ---- links ------------------------------------------------------------------------
    def href(self, path: str, *, allow_variants: bool = True, tracking: bool = False) -> str:
        """Write `path` the way messy sites do: relative, absolute, protocol-relative, variant."""
        r = self.r
        query = ""
        if tracking and r.random() < 0.25:
            query = r.choice(W.TRACKING)
            query = ("&" if "?" in path else "?") + query
        roll = r.random()
        if roll < 0.45:
            prefix = ROOT
        elif roll < 0.65:
            prefix = ABS
        elif roll < 0.75:
            prefix = PROTO
        elif roll < 0.82:
            prefix = HTTPS
        elif roll < 0.88 and allow_variants:
            prefix = r.choice([MOBILE, AMP, BARE])
        elif roll < 0.94 and not self.use_base and path != "/":
            # document-relative: the home page is "/", so "a/b" resolves to "/a/b"
            return path.lstrip("/") + query
        else:
            prefix = ROOT
        fragment = r.choice(["", "", "", "", "#comments", "#top"])
        return prefix + path + query + fragment

    def record(self, path: str, article: bool, kind: str) -> str:
        self.site.truth.setdefault(path, TruthLink(path, article, kind))
        return path

    def a(
        self, path: str, text: str, *, cls: str = "", tracking: bool = False, **attrs: str
    ) -> str:
        quote = '"' if self.r.random() < 0.9 else ""
        href = self.href(path, tracking=tracking)
        if not quote and any(c in href for c in " >#?&"):
            quote = '"'
        extra = "".join(f' {k.rstrip("_")}="{v}"' for k, v in attrs.items())
        klass = f' class="{cls}"' if cls else ""
        tag = "A" if self.uppercase else "a"
        return f"<{tag} href={quote}{href}{quote}{klass}{extra}>{text}</{tag}>"

    # ---- page parts -------------------------------------------------------------------
    def non_article_links(self) -> list[tuple[str, str, str]]:
        """(path, anchor text, kind) of the list/service pages a home page links to."""
        r, w = self.r, self.words
        out: list[tuple[str, str, str]] = []
        for section in self.sections:
            out.append(
                (f"/{section}/" if r.random() < 0.5 else f"/{section}", section.title(), "section")
            )
        for sub in r.sample(w["subsections"], k=3):
            sec = r.choice(self.sections)
            out.append((f"/{sec}/{sub}/", sub.replace("-", " ").title(), "section"))
        for _ in range(r.randint(3, 7)):
            topic = r.sample(w["topics"], k=r.randint(1, 3))
            prefix = r.choice(w["tag_prefixes"])
            out.append((f"/{prefix}/{_slug(topic)}", " ".join(topic).title(), "tag"))
        for _ in range(r.randint(2, 5)):
            person = r.sample(w["names"], k=2)
            out.append(
                (f"/{r.choice(w['author_prefixes'])}/{_slug(person)}/", " ".join(person), "author")
            )
        for path, text, kind in w["services"]:
            if r.random() < 0.6:
                out.append((path, text, kind))
        out.append((r.choice(w["pagination"]).format(n=r.randint(2, 9)), w["more"], "pagination"))
        out.append((f"/{r.choice(self.sections)}/{r.randint(2, 20)}", w["more"], "pagination"))
        y = self.today.year
        out.append((f"/{y}/{self.today.month:02d}/{self.today.day:02d}/", w["archive"], "archive"))
        for _ in range(r.randint(1, 3)):
            topic = r.sample(w["topics"], k=r.randint(1, 2))
            out.append(
                (f"/{r.choice(self.sections)}/{_slug(topic)}/", " ".join(topic).title(), "topic")
            )
        out.append((f"/media/{_slug(r.sample(w['topics'], 2))}.pdf", "PDF", "file"))
        return out

    def media_link(self, day: date) -> tuple[str, str, str]:
        """A video/gallery/podcast page, written in one of several conventions."""
        r, w = self.r, self.words
        kind = r.choice(["video", "gallery", "podcast"])
        words = self.headline()
        slug = _slug(words[:7])
        label = w["labels"][kind]
        segment = r.choice(w["media_segments"][kind])
        style = r.random()
        text = " ".join(words).capitalize()
        if style < 0.55:
            path = f"/{segment}/{day.year}/{day.month:02d}/{day.day:02d}/{slug}"
            if r.random() < 0.5:
                path = f"/{segment}/{slug}-{self._id()}.html"
        elif style < 0.85:
            path = f"/{r.choice(self.sections)}/{segment}-{slug}-{self._id()}.html"
        else:
            path = f"/{r.choice(self.sections)}/{slug}-{self._id()}.html"
            text = f"{label}: {text}"
        return path, text, kind

    def hard_cases(self) -> list[tuple[str, str, str, bool]]:
        """Links whose URL says little: short teasers, landing pages, tools, unlabelled media."""
        r, w = self.r, self.words
        out = []
        if "slug" in self.site.styles:
            for _ in range(r.randint(0, 2)):
                words = self.headline()
                path = f"/{r.choice(self.sections)}/{_slug(words[:2])}"
                out.append((path, " ".join(words[:3]).capitalize(), "article", True))
        for _ in range(r.randint(0, 2)):
            topic = r.sample(w["topics"], k=2)
            text = w["landing"].format(topic=" ".join(topic).title())
            path = f"/{r.choice(self.sections)}/{_slug(topic)}-{self.today.year}/"
            out.append((path, text, "landing", False))
        if r.random() < 0.3:
            out.append((w["tool"], w["tool_text"], "service", False))
        if r.random() < 0.3:
            words = self.headline()
            path = f"/{r.choice(self.sections)}/{_slug(words[:6])}-{self._id()}.html"
            out.append((path, " ".join(words).capitalize(), "video", False))
        return out

    def build(self) -> FixtureSite:
        r, w, site = self.r, self.words, self.site
        articles: list[tuple[str, str, date]] = []  # (path, headline, day)
        for i in range(r.randint(25, 55)):
            day = self.today - timedelta(days=0 if i < 20 else r.choice([0, 1, 1]))
            section = r.choice(self.sections)
            words = self.headline()
            kind = r.choices(["article", "opinion", "live", "interview"], [80, 10, 5, 5])[0]
            if kind == "live":
                live = w["live_segment"]
                path = f"/{live}/{day.year}/{day.month:02d}/{day.day:02d}/{_slug(words[:6])}"
            elif kind == "opinion":
                path = self.article_path(w["opinion"], words, day)
            else:
                path = self.article_path(section, words, day)
            self.record(path, True, kind)
            articles.append((path, " ".join(words).capitalize(), day))
        media = [self.media_link(self.today) for _ in range(r.randint(3, 8))]
        for path, _, kind in media:
            self.record(path, False, kind)
        for path, text, kind, article in self.hard_cases():
            self.record(path, article, kind)
            media.append((path, text, kind))
        others = self.non_article_links()
        for path, _, kind in others:
            self.record(path, False, kind)
        self.record("/", False, "home")
        site.feed_path = r.choice(["/rss", "/feed/", "/rss.xml", "/atom.xml", None])
        site.feed_in_head = site.feed_path is not None and r.random() < 0.7
        site.articles_in_feed = [p for p, _, _ in articles[: r.randint(8, 20)]]
        if r.random() < 0.25:
            site.disallowed = ["/private/"]
        site.pages["/"] = ("text/html; charset=utf-8", self.home(articles, media, others))
        if site.feed_path:
            atom = site.feed_path.endswith("atom.xml") or r.random() < 0.3
            site.pages[site.feed_path] = self.feed(articles, atom)
        site.pages[site.sitemap_path] = ("application/xml", self.sitemap(articles))
        site.pages["/sitemap.xml"] = ("application/xml", self.sitemap_index())
        site.pages["/robots.txt"] = ("text/plain", self.robots())
        for path, headline, _ in articles:
            site.pages[path.split("?")[0]] = (
                "text/html; charset=utf-8",
                self.article_page(path, headline),
            )
        return site

    # ---- documents --------------------------------------------------------------------
    def home(
        self,
        articles: list[tuple[str, str, date]],
        media: list[tuple[str, str, str]],
        others: list[tuple[str, str, str]],
    ) -> str:
        r, w = self.r, self.words
        by_kind: dict[str, list[tuple[str, str, str]]] = {}
        for item in others:
            by_kind.setdefault(item[2], []).append(item)
        nav = "".join(f"<li>{self.a(p, t)}</li>" for p, t, k in others if k == "section")
        services = [
            o for o in others if o[2] in {"service", "legal", "login", "subscribe", "newsletter"}
        ]
        footer = " | ".join(self.a(p, t) for p, t, _ in services)
        head = [f"<title>{self.name.title()}</title>", '<meta charset="utf-8">']
        if r.random() < 0.7:
            head.append(f'<link rel="canonical" href="{ABS}/">')
        if r.random() < 0.5:
            head.append(f'<meta property="og:url" content="{ABS}/">')
        if self.site.feed_in_head and self.site.feed_path:
            kind = "atom" if "atom" in self.site.feed_path else "rss"
            head.append(
                f'<link rel="alternate" type="application/{kind}+xml" '
                f'href="{ROOT}{self.site.feed_path}">'
            )
        if self.use_base:
            head.append(f'<base href="{ABS}/">')
        head.append(
            '<script>var related = ["/fake/not-a-link", "https://tracker.test/p"];</script>'
        )
        cards = []
        mixed: list[tuple[str, str, str]] = [(p, t, "article") for p, t, _ in articles] + media
        extras = by_kind.get("topic", []) + by_kind.get("tag", [])[:2]
        r.shuffle(mixed)
        for idx, (path, text, kind) in enumerate(mixed):
            cards.append(self.card(path, text, kind, idx))
            if extras and r.random() < 0.15:
                p, t, _ = extras.pop()
                cards.append(f"<div class=tema>{self.a(p, t)}</div>")
        cards.extend(f"<p>{self.a(p, t)}</p>" for p, t, _ in extras)
        tags = " ".join(self.a(p, t) for p, t, _ in by_kind.get("tag", []))
        authors = " ".join(self.a(p, t) for p, t, _ in by_kind.get("author", []))
        extra = " ".join(
            self.a(p, t) for p, t, k in others if k in {"pagination", "archive", "file", "search"}
        )
        most_read = "".join(f"<li>{self.a(p, t, tracking=True)}</li>" for p, t, _ in articles[:5])
        externals = []
        for url, text in r.sample(W.EXTERNAL_LINKS, k=4):
            externals.append(f'<a href="{url}">{text}</a>')
            self.site.external.add(url)
        partner = f"http://www.{r.choice(W.OUTLET_NAMES['en'])}-partner.test/2024/05/01/{_slug(self.headline())}"
        externals.append(f'<a href="{partner}">{w["partner"]}</a>')
        self.site.external.add(partner)
        nl_default = [("/newsletters", "", "")]
        nl_path = self.record(by_kind.get("newsletter", nl_default)[0][0], False, "newsletter")
        contact = (
            '<a href="mailto:redaccion@example.test">Email</a> <a href="tel:+34900000000">Tel</a>'
        )
        contact += (
            ' <a href="javascript:void(0)" onclick="share()">Share</a> <a href="#top">Top</a>'
        )
        header_tag, nav_tag, footer_tag, aside_tag = (
            ("header", "nav", "footer", "aside") if self.html5 else ("div", "div", "div", "div")
        )
        roles = "" if self.html5 else ' role="navigation"'
        aside_role = "" if self.html5 else ' role="complementary"'
        body = f"""<!DOCTYPE html>
<html lang="{self.lang}"><head>{"".join(head)}</head>
<body class="home">
<!-- <a href="/commented-out/link">old</a> -->
<{header_tag} class="site-header"{' role="banner"' if not self.html5 else ""}>
  {self.a("/", self.name.title(), cls="logo")}
  <{nav_tag} class="menu"{roles}><ul>{nav}</ul></{nav_tag}>
  {" ".join(self.a(p, t) for p, t, k in others if k in {"login", "subscribe"})}
</{header_tag}>
<div id="main"><section class="front">
{"".join(cards)}
</section>
<div class="tags">{tags}</div><div class="authors">{authors}</div><div class=more>{extra}</div>
<{aside_tag} class="sidebar"{aside_role}><h3>{w["most_read"]}</h3><ol>{most_read}</ol>
 <div class="nl">{self.a(nl_path, "Newsletter")}</div></{aside_tag}>
<div class="social">{" ".join(externals)} {contact}</div>
</div>
<{footer_tag} class="site-footer"{' role="contentinfo"' if not self.html5 else ""}>{footer}
<p>&copy; {self.today.year} {self.name}</p></{footer_tag}>
</body></html>"""
        return body

    def card(self, path: str, text: str, kind: str, idx: int) -> str:
        r, w = self.r, self.words
        img = f'<img src="/img/{idx}.jpg" alt="{text[:60]}">'
        parts = []
        if r.random() < 0.5:
            parts.append(self.a(path, img, tracking=True))
        if r.random() < 0.3:
            sec = r.choice(self.sections)
            sec_path = self.record(f"/{sec}/" if r.random() < 0.5 else f"/{sec}", False, "section")
            parts.append(f"<span class=kicker>{self.a(sec_path, sec.title())}</span>")
        headline = self.a(path, text, tracking=True)
        if self.html5:
            parts.append(
                f"<header><h2>{headline}</h2></header>"
                if r.random() < 0.4
                else f"<h2>{headline}</h2>"
            )
        else:
            parts.append(f"<h3 class=titulo>{headline}")  # unclosed: messy markup
        if r.random() < 0.2:
            parts.append(self.a(path, w["read_more"]))
        if r.random() < 0.1:
            parts.append(self.a(path, "", title=text[:40]))
        if self.html5:
            return f'<article class="card">{"".join(parts)}</article>'
        return f'<div class="noticia"><table><tr><td>{"".join(parts)}</td></tr></table></div>'

    def feed(self, articles: list[tuple[str, str, date]], atom: bool) -> tuple[str, str]:
        items = [(p, t, d) for p, t, d in articles if p in self.site.articles_in_feed]
        if atom:
            entries = "".join(
                f'<entry><title>{t}</title><link href="{ABS}{p}"/><id>{ABS}{p}</id>'
                f"<updated>{d.isoformat()}T08:00:00Z</updated></entry>"
                for p, t, d in items
            )
            return "application/atom+xml", (
                f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>{self.name}</title><id>{ABS}/</id><updated>{self.today.isoformat()}T08:00:00Z</updated>"
                f"{entries}</feed>"
            )
        entries = "".join(
            f"<item><title>{t}</title><link>{ABS}{p}{'?utm_source=rss' if i % 3 == 0 else ''}"
            f"</link><pubDate>{format_datetime(datetime(d.year, d.month, d.day, 8, tzinfo=UTC))}"
            "</pubDate></item>"
            for i, (p, t, d) in enumerate(items)
        )
        return "application/rss+xml; charset=utf-8", (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
            f"<channel><title>{self.name}</title>"
            f"<link>{ABS}/</link>{entries}</channel></rss>"
        )

    def sitemap(self, articles: list[tuple[str, str, date]]) -> str:
        rows = [(p, t, d) for p, t, d in articles]
        old_day = self.today - timedelta(days=9)
        for _ in range(5):  # older than two days: must be ignored
            rows.append(
                (self.article_path(self.sections[0], self.headline(), old_day), "old", old_day)
            )
        urls = "".join(
            f"<url><loc>{ABS}{p}</loc><news:news><news:publication><news:name>{self.name}</news:name>"
            f"<news:language>{self.lang}</news:language></news:publication>"
            f"<news:publication_date>{d.isoformat()}T07:30:00+00:00</news:publication_date>"
            f"<news:title>{t}</news:title></news:news></url>"
            for p, t, d in rows
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>"
        )

    def sitemap_index(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{ABS}{self.site.sitemap_path}</loc><lastmod>{self.today.isoformat()}</lastmod></sitemap>"
            "</sitemapindex>"
        )

    def robots(self) -> str:
        lines = ["User-agent: *"]
        lines += [f"Disallow: {p}" for p in self.site.disallowed] or ["Disallow:"]
        if self.site.crawl_delay:
            lines.append(f"Crawl-delay: {self.site.crawl_delay:g}")
        lines.append(f"Sitemap: {ABS}/sitemap.xml")
        return "\n".join(lines) + "\n"

    def article_page(self, path: str, headline: str) -> str:
        body = " ".join(self.r.choice(self.words["filler"]) for _ in range(120))
        return (
            f'<!DOCTYPE html><html lang="{self.lang}"><head><title>{headline}</title>'
            f'<link rel="canonical" href="{ABS}{path}"></head><body><article><h1>{headline}</h1>'
            f"<p>{body}</p></article></body></html>"
        )


def generate_site(seed: int, index: int, *, today: date | None = None) -> FixtureSite:
    """Generate one site, the same for the same (seed, index, today)."""
    return _Builder(seed, index, today or datetime.now(UTC).date()).build()


def generate_corpus(seed: int, count: int, *, today: date | None = None) -> list[FixtureSite]:
    """Generate `count` sites, deterministic by `seed`."""
    return [generate_site(seed, i, today=today) for i in range(count)]
