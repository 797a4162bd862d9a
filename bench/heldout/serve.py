"""Serve the held-out home pages on 127.0.0.1, by host, as a plain-HTTP forward proxy.

A client with `HTTP_PROXY` pointing here asks for `http://elpais.com/` and gets El País's
page; `www.`/`m.`/`amp.` variants get the same page; anything else is a 404 (so robots.txt
allows everything and feeds/categories simply don't exist).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from bench._corpus import fold, proxied
from bench.heldout._page import Page


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        host = parts.hostname or (self.headers.get("Host") or "").split(":")[0]
        path = parts.path if parts.scheme else self.path.split("?")[0]
        body = self.pages.get(fold(host.lower())) if path in ("", "/") else None
        if body is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "9")
            self.end_headers()
            self.wfile.write(b"not found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(pages: list[tuple[Page, str]]) -> Iterator[str]:
    """Serve `pages`; route plain-http traffic of this process and children through it."""
    handler = type("Handler", (_Handler,), {"pages": {p.host_key: b.encode() for p, b in pages}})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    proxy = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with proxied(proxy):
            yield proxy
    finally:
        httpd.shutdown()
        httpd.server_close()
