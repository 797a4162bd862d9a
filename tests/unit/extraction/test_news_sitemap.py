"""The news sitemap robots.txt names: read for html sources, trusted only when complete."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler

from newsdesk.extraction.feeds import parse_sitemap
from newsdesk.extraction.fetcher import Fetcher
from newsdesk.extraction.pipeline import RunEnv, SourceWork, analyse_source, finish
from newsdesk.settings import Settings
from newsdesk.stages import SourceSpec
from newsdesk.testing.newssites import NewsSitesServer, Response

NOW = datetime.now(UTC)
XML = {"Content-Type": "application/xml"}
# Look like articles by URL and anchor alone; the first is a video page in disguise.
VIDEO = "/culture/council-loses-the-vote-on-budget-5562993.html"
STORIES = [f"/news/minister-backs-plan-for-port-{i}-{4410000 + i}.html" for i in range(6)]


def news_urlset(origin: str, paths: list[str], *, days_old: int = 0) -> bytes:
    when = (NOW - timedelta(days=days_old)).isoformat()
    urls = "".join(
        f"<url><loc>{origin}{p}</loc><news:news><news:publication_date>{when}"
        f"</news:publication_date><news:title>T</news:title></news:news></url>"
        for p in paths
    )
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def serve(server: NewsSitesServer, routes: dict[str, tuple[dict[str, str], bytes]]) -> list[str]:
    """Serve `routes` (path -> (headers, body)); return the list of paths requested."""
    asked: list[str] = []

    def responder(path: str, headers: dict[str, str], body: bytes) -> Callable:
        def respond(handler: BaseHTTPRequestHandler) -> Response:
            asked.append(path)
            return Response(200, body, headers)

        return respond

    for path, (headers, body) in routes.items():
        server.add_route(path, responder(path, headers, body))
    return asked


def home(links: list[str]) -> bytes:
    anchors = "".join(f'<a href="{p}">Council loses the vote on the budget</a>' for p in links)
    return f"<html><body><main>{anchors}</main></body></html>".encode()


def run(settings: Settings, spec: SourceSpec) -> SourceWork:
    async def go() -> SourceWork:
        async with Fetcher(settings) as fetcher:
            env = RunEnv(settings=settings, fetcher=fetcher, now=NOW)
            work = await analyse_source(spec, env)
            finish(work, env)
            return work

    return asyncio.run(go())


def test_a_complete_news_sitemap_decides_and_makes_the_feed_unneeded(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    origin = server.base_url
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{origin}/sitemap-pages.xml</loc></sitemap>"
        f"<sitemap><loc>{origin}/sitemap-news.xml</loc></sitemap></sitemapindex>"
    ).encode()
    asked = serve(
        server,
        {
            "/robots.txt": ({}, f"User-agent: *\nSitemap: {origin}/sitemap.xml\n".encode()),
            "/home/": ({"Content-Type": "text/html"}, home([VIDEO, *STORIES])),
            "/sitemap.xml": (XML, index),
            "/sitemap-news.xml": (XML, news_urlset(origin, STORIES)),
            "/feed.xml": (XML, b"<rss/>"),
        },
    )
    spec = SourceSpec(id=1, name="s", base_url=f"{origin}/home/", feed_url=f"{origin}/feed.xml")
    work = run(fetch_settings, spec)
    # The news child first, bounded at 2 files; the configured feed is not needed.
    assert asked == ["/robots.txt", "/home/", "/sitemap.xml", "/sitemap-news.xml"]
    new = {c.url.removeprefix(origin): c.verdict for c in work.new}
    assert set(new) == set(STORIES) and {v.decided_by for v in new.values()} == {"feed"}
    video = next(c for c in work.unknown if c.url.endswith(VIDEO))
    assert video.verdict.is_article is False and video.verdict.reason == "not in the news sitemap"


def test_no_sitemap_request_without_a_sitemap_line(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    asked = serve(
        server,
        {
            "/robots.txt": ({}, b"User-agent: *\nDisallow:\n"),
            "/home/": ({"Content-Type": "text/html"}, home([VIDEO, *STORIES])),
        },
    )
    work = run(fetch_settings, SourceSpec(id=1, name="s", base_url=f"{server.base_url}/home/"))
    assert asked == ["/robots.txt", "/home/"]
    assert len(work.new) == 7  # the rules alone: the video page passes for an article


def test_a_partial_or_stale_sitemap_doubts_nothing_and_the_feed_is_read(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    origin = server.base_url
    asked = serve(
        server,
        {
            "/robots.txt": ({}, f"Sitemap: {origin}/news.xml\n".encode()),
            "/home/": ({"Content-Type": "text/html"}, home([VIDEO, *STORIES])),
            # 2 of the 7 article links listed: too partial to trust.
            "/news.xml": (XML, news_urlset(origin, STORIES[:2])),
            "/feed.xml": (XML, b"<rss/>"),
        },
    )
    spec = SourceSpec(id=1, name="s", base_url=f"{origin}/home/", feed_url=f"{origin}/feed.xml")
    work = run(fetch_settings, spec)
    assert asked == ["/robots.txt", "/home/", "/news.xml", "/feed.xml"]
    assert len(work.new) == 7
    by_feed = {c.url.removeprefix(origin) for c in work.new if c.verdict.decided_by == "feed"}
    assert by_feed == set(STORIES[:2])


def test_news_only_skips_plain_entries_and_old_news() -> None:
    plain = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>https://d.test/politics/</loc><lastmod>" + NOW.isoformat().encode() + b"</lastmod>"
        b"</url></urlset>"
    )
    assert [e.url for e in parse_sitemap(plain, now=NOW).entries] == ["https://d.test/politics/"]
    assert parse_sitemap(plain, now=NOW, news_only=True).entries == []
    fresh = news_urlset("https://d.test", ["/a-story-1234"])
    old = news_urlset("https://d.test", ["/a-story-1234"], days_old=3)
    assert [e.title for e in parse_sitemap(fresh, now=NOW, news_only=True).entries] == ["T"]
    assert parse_sitemap(old, now=NOW, news_only=True).entries == []
