"""RSS/Atom feeds (feedparser) and news sitemaps (lxml): lists of the source's latest articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import feedparser
from lxml import etree

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_MAX_AGE = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: datetime | None = None


@dataclass
class Sitemap:
    entries: list[FeedEntry]
    # Child sitemaps named by a sitemap index (already filtered by lastmod).
    children: list[str]


def parse_feed(content: bytes | str, *, base_url: str | None = None) -> list[FeedEntry]:
    """Return the entries of an RSS/Atom feed that have a link (empty for anything else)."""
    parsed = feedparser.parse(content, response_headers={"content-location": base_url or ""})
    entries: list[FeedEntry] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        when = datetime(*published[:6], tzinfo=UTC) if published else None
        entries.append(FeedEntry(url=link.strip(), title=entry.get("title"), published=when))
    return entries


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _text(node: etree._Element, path: str) -> str | None:
    found = node.find(path)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def parse_sitemap(
    content: bytes,
    *,
    now: datetime,
    max_age: timedelta = SITEMAP_MAX_AGE,
    news_only: bool = False,
) -> Sitemap:
    """Return the sitemap's entries dated within `max_age` of `now` (undated ones are dropped).

    The date is `news:publication_date`, else `lastmod`. With `news_only`, only entries with
    a `<news:news>` element count (a plain sitemap also lists sections and tags with a fresh
    `lastmod`). A sitemap index yields its children (those with a recent or missing
    `lastmod`) instead of entries.
    """
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError:
        return Sitemap([], [])
    if root is None:
        return Sitemap([], [])
    oldest = now - max_age
    ns = {"sm": SITEMAP_NS, "news": NEWS_NS}
    if etree.QName(root).localname == "sitemapindex":
        children = []
        for node in root.iterfind("sm:sitemap", ns):
            loc = _text(node, f"{{{SITEMAP_NS}}}loc")
            lastmod = _parse_date(_text(node, f"{{{SITEMAP_NS}}}lastmod"))
            if loc and (lastmod is None or lastmod >= oldest):
                children.append(loc)
        return Sitemap([], children)
    entries = []
    for node in root.iterfind("sm:url", ns):
        loc = _text(node, f"{{{SITEMAP_NS}}}loc")
        if not loc:
            continue
        news = node.find(f"{{{NEWS_NS}}}news")
        if news_only and news is None:
            continue
        when = _parse_date(_text(node, f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}publication_date"))
        if when is None:
            when = _parse_date(_text(node, f"{{{SITEMAP_NS}}}lastmod"))
        if when is None or when < oldest:
            continue
        title = _text(news, f"{{{NEWS_NS}}}title") if news is not None else None
        entries.append(FeedEntry(url=loc, title=title, published=when))
    return Sitemap(entries, [])
