"""The fetcher against a real loopback server: robots, retries, 304, limits, redirects."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import pytest

from newsdesk.extraction.fetcher import FEED_TYPES, Fetcher, FetchResult, parse_retry_after
from newsdesk.settings import Settings
from newsdesk.testing.newssites import NewsSitesServer, Response

HTML = {"Content-Type": "text/html; charset=utf-8"}


def fetch(settings: Settings, url: str, **kwargs: object) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(settings, backoff_initial=0.01, backoff_max=0.05) as fetcher:
            return await fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(go())


def counting(
    responses: list[Response],
) -> tuple[Callable[[BaseHTTPRequestHandler], Response], list[dict[str, str]]]:
    """A responder that answers `responses` in turn (the last one forever) and logs headers."""
    seen: list[dict[str, str]] = []

    def respond(handler: BaseHTTPRequestHandler) -> Response:
        seen.append(dict(handler.headers))
        return responses[min(len(seen) - 1, len(responses) - 1)]

    return respond, seen


def test_plain_page_is_read_with_our_user_agent(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    respond, seen = counting([Response(200, b"<html>hi</html>", HTML)])
    url = server.add_route("/page", respond)
    result = fetch(fetch_settings, url)
    assert result.ok and result.status == 200 and result.content == b"<html>hi</html>"
    assert seen[0]["User-Agent"] == fetch_settings.user_agent


def test_robots_disallow_is_respected_unless_switched_off(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    robots = b"User-agent: *\nDisallow: /private/\n"
    server.add_route("/robots.txt", lambda h: Response(200, robots, {"Content-Type": "text/plain"}))
    respond, seen = counting([Response(200, b"<html>secret</html>", HTML)])
    url = server.add_route("/private/page", respond)
    blocked = fetch(fetch_settings, url)
    assert blocked.error == "disallowed by robots.txt" and seen == []
    allowed = fetch(fetch_settings, url, respect_robots=False)
    assert allowed.ok and len(seen) == 1


def test_crawl_delay_raises_the_host_gap(server: NewsSitesServer, fetch_settings: Settings) -> None:
    robots = b"User-agent: *\nCrawl-delay: 7\n"
    server.add_route("/robots.txt", lambda h: Response(200, robots, {"Content-Type": "text/plain"}))
    server.add_route("/p", lambda h: Response(200, b"<p>", HTML))

    async def go() -> float:
        async with Fetcher(fetch_settings) as fetcher:
            assert await fetcher.allowed(f"{server.base_url}/p")
            return fetcher._gate(f"{server.base_url}/p").delay

    assert asyncio.run(go()) == 7.0


def test_retries_honour_retry_after_then_succeed(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    respond, seen = counting(
        [
            Response(429, b"slow down", {"Retry-After": "1", "Content-Type": "text/plain"}),
            Response(200, b"<html>ok</html>", HTML),
        ]
    )
    url = server.add_route("/busy", respond)
    result = fetch(fetch_settings, url, respect_robots=False)
    assert result.ok and result.attempts == 2 and len(seen) == 2


def test_server_errors_are_retried_a_bounded_number_of_times(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    respond, seen = counting([Response(503, b"down", {"Content-Type": "text/plain"})])
    url = server.add_route("/down", respond)
    result = fetch(fetch_settings, url, respect_robots=False)
    assert result.status == 503 and result.error == "HTTP 503 after 3 attempts"
    assert len(seen) == fetch_settings.fetch_retries


def test_a_far_retry_after_gives_up_at_once(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    respond, seen = counting([Response(429, b"", {"Retry-After": "3600"})])
    url = server.add_route("/later", respond)
    result = fetch(fetch_settings, url, respect_robots=False)
    assert result.status == 429 and result.error is not None and len(seen) == 1


def test_client_errors_are_not_retried(server: NewsSitesServer, fetch_settings: Settings) -> None:
    respond, seen = counting([Response(404, b"no", HTML)])
    url = server.add_route("/missing", respond)
    result = fetch(fetch_settings, url, respect_robots=False)
    assert result.error == "HTTP 404" and len(seen) == 1


def test_conditional_get_304_means_unchanged(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    def respond(handler: BaseHTTPRequestHandler) -> Response:
        if handler.headers.get("If-None-Match") == '"v1"':
            return Response(304, b"", {"ETag": '"v1"'})
        return Response(
            200,
            b"<html>v1</html>",
            {**HTML, "ETag": '"v1"', "Last-Modified": "Wed, 02 Dec 2026 08:00:00 GMT"},
        )

    url = server.add_route("/cond", respond)
    first = fetch(fetch_settings, url, respect_robots=False)
    assert first.ok and first.etag == '"v1"' and first.last_modified
    second = fetch(
        fetch_settings,
        url,
        respect_robots=False,
        etag=first.etag,
        last_modified=first.last_modified,
    )
    assert second.not_modified and second.status == 304 and second.content == b""
    assert second.etag == '"v1"'


def test_large_bodies_are_cut_off_and_reported(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    big = b"<html>" + b"x" * 20_000 + b"</html>"
    url = server.add_route("/big", lambda h: Response(200, big, HTML))
    result = fetch(fetch_settings, url, respect_robots=False)
    assert result.truncated and len(result.content) == fetch_settings.fetch_max_bytes
    assert result.error is None


def test_non_html_is_refused_before_reading(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    url = server.add_route(
        "/file.pdf", lambda h: Response(200, b"%PDF-1.4", {"Content-Type": "application/pdf"})
    )
    result = fetch(fetch_settings, url, respect_robots=False)
    assert result.error == "refused content type application/pdf" and result.content == b""
    feed = server.add_route(
        "/feed", lambda h: Response(200, b"<rss/>", {"Content-Type": "application/rss+xml"})
    )
    assert fetch(fetch_settings, feed, respect_robots=False).error is not None
    assert fetch(fetch_settings, feed, respect_robots=False, accept=FEED_TYPES).ok


def _redirect_chain(server: NewsSitesServer, length: int) -> str:
    for i in range(length):
        server.add_route(
            f"/hop{length}-{i}",
            lambda h, i=i: Response(302, b"", {"Location": f"/hop{length}-{i + 1}"}),
        )
    server.add_route(f"/hop{length}-{length}", lambda h: Response(200, b"<html>end</html>", HTML))
    return f"{server.base_url}/hop{length}-0"


def test_at_most_five_redirects(server: NewsSitesServer, fetch_settings: Settings) -> None:
    ok = fetch(fetch_settings, _redirect_chain(server, 5), respect_robots=False)
    assert ok.ok and ok.final_url is not None and ok.final_url.endswith("/hop5-5")
    too_many = fetch(fetch_settings, _redirect_chain(server, 6), respect_robots=False)
    assert too_many.error == "more than 5 redirects"


def test_a_hanging_server_times_out(server: NewsSitesServer, fetch_settings: Settings) -> None:
    settings = fetch_settings.model_copy(update={"fetch_retries": 1, "fetch_timeout": 0.3})
    url = server.add_route("/hang", lambda h: Response(200, b"<html>", HTML, delay=2.0))
    result = fetch(settings, url, respect_robots=False)
    assert result.error is not None and "timed out" in result.error


def test_connection_errors_are_retried_then_reported(fetch_settings: Settings) -> None:
    result = fetch(fetch_settings, "http://127.0.0.1:9/nothing", respect_robots=False)
    assert result.attempts == fetch_settings.fetch_retries and result.error is not None
    assert result.error.startswith("ConnectError")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("3", 3.0), (None, None), ("soon", None), ("Wed, 02 Dec 2026 08:00:10 GMT", 10.0)],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    from email.utils import parsedate_to_datetime

    now = parsedate_to_datetime("Wed, 02 Dec 2026 08:00:00 GMT").timestamp()
    assert parse_retry_after(value, now=now) == seconds


def test_the_page_charset_is_used_when_the_header_names_none(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><a href="/x">Economía</a></html>'
    url = server.add_route(
        "/latin1", lambda h: Response(200, page.encode("latin-1"), {"Content-Type": "text/html"})
    )
    result = fetch(fetch_settings, url, respect_robots=False)
    assert result.encoding is None and "Economía" in result.text


def test_no_request_starts_after_the_deadline(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    import time

    respond, seen = counting([Response(200, b"<html></html>", HTML)])
    url = server.add_route("/late", respond)

    async def go() -> FetchResult:
        async with Fetcher(fetch_settings, deadline=time.monotonic() - 1) as fetcher:
            return await fetcher.fetch(url)

    result = asyncio.run(go())
    assert result.error is not None and "time limit" in result.error and seen == []


def test_one_request_at_a_time_per_host_spaced_by_the_gap(
    server: NewsSitesServer, fetch_settings: Settings
) -> None:
    import threading
    import time

    lock = threading.Lock()
    active = {"now": 0, "max": 0}
    starts: list[float] = []

    def respond(handler: BaseHTTPRequestHandler) -> Response:
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
            starts.append(time.monotonic())
        time.sleep(0.05)
        with lock:
            active["now"] -= 1
        return Response(200, b"<html></html>", HTML)

    url = server.add_route("/slow", respond)
    settings = fetch_settings.model_copy(update={"fetch_host_delay": 0.2})

    async def go() -> list[FetchResult]:
        async with Fetcher(settings) as fetcher:
            return await asyncio.gather(
                *(fetcher.fetch(url, respect_robots=False) for _ in range(3))
            )

    assert all(r.ok for r in asyncio.run(go()))
    assert active["max"] == 1 and len(starts) == 3
    # Arrival times jitter under load by a few tens of ms; without a gap they would be ~0 apart.
    assert all(b - a >= 0.15 for a, b in itertools.pairwise(starts))
