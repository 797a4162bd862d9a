"""Feeds (feedparser) and news sitemaps (lxml, last two days only)."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.extraction.feeds import parse_feed, parse_sitemap

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Uno</title><link>https://d.test/a/uno-123456.html</link>
<pubDate>Fri, 04 Dec 2026 08:00:00 GMT</pubDate></item>
<item><title>Sin enlace</title></item></channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>Two</title><link href="https://d.test/b/two"/><id>x</id><updated>2026-12-04T08:00:00Z</updated></entry></feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://d.test/new</loc><news:news><news:publication_date>2026-12-04T07:00:00+01:00</news:publication_date><news:title>New</news:title></news:news></url>
<url><loc>https://d.test/yesterday</loc><lastmod>2026-12-03</lastmod></url>
<url><loc>https://d.test/old</loc><news:news><news:publication_date>2026-11-20T07:00:00Z</news:publication_date></news:news></url>
<url><loc>https://d.test/undated</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://d.test/news.xml</loc><lastmod>2026-12-04</lastmod></sitemap>
<sitemap><loc>https://d.test/2019.xml</loc><lastmod>2019-01-01</lastmod></sitemap>
<sitemap><loc>https://d.test/any.xml</loc></sitemap></sitemapindex>"""


def test_rss_entries_with_links() -> None:
    entries = parse_feed(RSS)
    assert [(e.url, e.title) for e in entries] == [("https://d.test/a/uno-123456.html", "Uno")]
    assert entries[0].published == datetime(2026, 12, 4, 8, tzinfo=UTC)


def test_atom_entries() -> None:
    assert [e.url for e in parse_feed(ATOM)] == ["https://d.test/b/two"]


def test_not_a_feed_gives_nothing() -> None:
    assert parse_feed(b"<html><body>hello</body></html>") == []


def test_news_sitemap_keeps_the_last_two_days() -> None:
    sitemap = parse_sitemap(SITEMAP, now=NOW)
    assert [(e.url, e.title) for e in sitemap.entries] == [
        ("https://d.test/new", "New"),
        ("https://d.test/yesterday", None),
    ]
    assert sitemap.children == []


def test_sitemap_index_lists_recent_children() -> None:
    sitemap = parse_sitemap(INDEX, now=NOW)
    assert sitemap.entries == [] and sitemap.children == [
        "https://d.test/news.xml",
        "https://d.test/any.xml",
    ]


def test_broken_xml_gives_nothing() -> None:
    assert parse_sitemap(b"\x00not xml", now=NOW).entries == []
