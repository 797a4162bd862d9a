"""Fixture news sites for tests and benchmarks: generated home pages with ground truth, served
on 127.0.0.1.

`generate_corpus(seed, n)` builds `n` fake outlets, deterministic by seed. Each site draws its
own conventions from the seed (URL styles, markup style, language, host form, feed kind...), so
no rule can be tuned to one site's markup. Every link of a home page is recorded in the
site's ground truth: is it an article by newsdesk's definition (one piece of readable text:
news, opinion, analysis, interview, review, live blog) or not (sections, tags, authors,
video/podcast/gallery pages, services, legal, login, search, pagination, files, other
domains).

`NewsSitesServer` serves the sites from a threaded HTTP server on 127.0.0.1 (port 0):

- by Host header, also as an HTTP forward proxy (point `HTTP_PROXY`, httpx's `proxy=` or
  Chromium's `--proxy-server` at `server.proxy_url`), so each site has its own host and its
  `www.`/`m.`/`amp.` variants; or
- by path prefix: `server.origin(site)` = `http://127.0.0.1:PORT/<site.name>`.

Per-site faults: injected latency, N failures with a status (and `Retry-After`), hanging
responses, ETag/Last-Modified with 304 answers. Extra routes (`add_route`) serve anything a
test needs.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from newsdesk.testing._sitegen import (
    ABS,
    AMP,
    BARE,
    HTTPS,
    MOBILE,
    PROTO,
    ROOT,
    FixtureSite,
    TruthLink,
    generate_corpus,
    generate_site,
)

__all__ = [
    "Faults",
    "FixtureSite",
    "NewsSitesServer",
    "Response",
    "TruthLink",
    "generate_corpus",
    "generate_site",
]


@dataclass
class Faults:
    """What a site does wrong: latency per request, failures, hangs, validators."""

    latency: float = 0.0
    fail_status: int | None = None  # answer this status ...
    fail_times: int = 0  # ... to the next N requests to the site (-1: always)
    failures: int = 0  # how many it answered so far
    retry_after: str | None = None
    hang: float = 0.0  # sleep this long before answering (timeouts)
    etag: bool = False  # send ETag/Last-Modified and answer 304 to a matching request


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Responder = Callable[[BaseHTTPRequestHandler], Response]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client dropping a keep-alive connection (requests, newspaper4k) is routine, not
        # a server fault: no traceback for it. Anything else is still printed.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class NewsSitesServer:
    """A threaded HTTP server on 127.0.0.1 serving fixture sites by Host header or path prefix."""

    def __init__(self, sites: list[FixtureSite] | None = None) -> None:
        self.sites: dict[str, FixtureSite] = {}
        self.by_host: dict[str, FixtureSite] = {}
        self.faults: dict[str, Faults] = {}
        self.routes: dict[str, Responder] = {}
        self.hits: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str, str], bytes] = {}
        for site in sites or []:
            self.add_site(site)
        server = self
        self.httpd = _QuietServer(("127.0.0.1", 0), _make_handler(server))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread: threading.Thread | None = None

    def add_site(self, site: FixtureSite, faults: Faults | None = None) -> None:
        self.sites[site.name] = site
        self.by_host[site.host_key] = site
        self.faults[site.name] = faults or Faults()

    def add_route(self, path: str, responder: Responder) -> str:
        """Serve `responder` at `path` on 127.0.0.1 (no site); return the absolute URL."""
        self.routes[path] = responder
        return f"{self.base_url}{path}"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def proxy_url(self) -> str:
        return self.base_url

    def origin(self, site: FixtureSite, *, by_host: bool = False) -> str:
        """The site's origin: `http://<host>` (needs the proxy) or `http://127.0.0.1:PORT/<name>`."""
        return f"http://{site.host}" if by_host else f"{self.base_url}/{site.name}"

    def start(self) -> NewsSitesServer:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> NewsSitesServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def count(self, site: FixtureSite, path: str) -> int:
        return self.hits.get((site.name, path), 0)

    def render(self, site: FixtureSite, path: str, by_host: bool) -> bytes | None:
        key = (site.name, path, "host" if by_host else "path")
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        page = site.pages.get(path)
        if page is None:
            return None
        if by_host:
            h, k = site.host, site.host_key
            subs = {
                ROOT: "",
                ABS: f"http://{h}",
                PROTO: f"//{h}",
                HTTPS: f"https://{h}",
                MOBILE: f"http://m.{k}",
                AMP: f"http://amp.{k}",
                BARE: f"http://{k}",
            }
        else:
            o = self.origin(site)
            subs = {
                ROOT: f"/{site.name}",
                ABS: o,
                PROTO: o.removeprefix("http:"),
                HTTPS: o,
                MOBILE: o,
                AMP: o,
                BARE: o,
            }
        text = page[1]
        for token, value in subs.items():
            text = text.replace(token, value)
        body = text.encode()
        self._cache[key] = body
        return body


def _is_page(site: FixtureSite, path: str) -> bool:
    return path in site.truth


def _make_handler(server: NewsSitesServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return None

        def do_GET(self) -> None:
            response = self._respond()
            if response.delay:
                time.sleep(response.delay)
            self.send_response(response.status)
            headers = {"Content-Length": str(len(response.body)), **response.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(response.body)

        def _respond(self) -> Response:
            target = self.path
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            if target.startswith("http://"):  # forward-proxy request
                parts = urlsplit(target)
                host = (parts.hostname or "").lower()
                target = parts.path + (f"?{parts.query}" if parts.query else "")
            path = target.split("?")[0] or "/"
            site = server.by_host.get(
                host.removeprefix("www.").removeprefix("m.").removeprefix("amp.")
            )
            by_host = site is not None
            if site is None:
                responder = server.routes.get(path)
                if responder is not None:
                    return responder(self)
                name, _, rest = path.lstrip("/").partition("/")
                site = server.sites.get(name)
                if site is None:
                    return Response(404, b"not found", {"Content-Type": "text/plain"})
                path = "/" + rest
            return self._site(site, path, by_host)

        def _site(self, site: FixtureSite, path: str, by_host: bool) -> Response:
            faults = server.faults[site.name]
            with server._lock:
                server.hits[(site.name, path)] = server.hits.get((site.name, path), 0) + 1
            delay = faults.latency + faults.hang
            with server._lock:
                fail = faults.fail_status is not None and (
                    faults.fail_times < 0 or faults.failures < faults.fail_times
                )
                if fail:
                    faults.failures += 1
            if fail:
                headers = {"Content-Type": "text/plain"}
                if faults.retry_after:
                    headers["Retry-After"] = faults.retry_after
                return Response(faults.fail_status, b"try later", headers, delay)
            body = server.render(site, path, by_host)
            if body is None:
                if _is_page(site, path):
                    body = f"<html><body><h1>{path}</h1></body></html>".encode()
                    return Response(200, body, {"Content-Type": "text/html; charset=utf-8"}, delay)
                return Response(404, b"<h1>not found</h1>", {"Content-Type": "text/html"}, delay)
            headers = {"Content-Type": site.pages[path][0]}
            if faults.etag:
                tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers["ETag"] = tag
                headers["Last-Modified"] = "Wed, 02 Dec 2026 08:00:00 GMT"
                if self.headers.get("If-None-Match") == tag:
                    return Response(304, b"", {"ETag": tag}, delay)
            return Response(200, body, headers, delay)

    return Handler
