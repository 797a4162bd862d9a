"""Runs inside bench/work/venvs/trafilatura: trafilatura's feed and sitemap discovery.

stdin:  {"sites": [{"name", "url"}], "proxy": "http://127.0.0.1:PORT"}
stdout: {"results": {name: {"feeds": [...], "sitemaps": [...]}}, "errors": {...}}

trafilatura fetches with urllib3 and refuses loopback addresses (SSRF guard), and it only
knows SOCKS proxies; so its `fetch_url` is replaced by a plain urllib fetch through the
fixture server's HTTP proxy. Everything else (feed detection in the page, robots.txt
sitemaps, sitemap indexes, link filtering) is trafilatura's own code.
"""

import json
import sys
import urllib.request

from trafilatura import feeds, sitemaps


def make_fetch(proxy: str):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}))

    def fetch_url(url, no_ssl=False, config=None, options=None):
        try:
            with opener.open(url, timeout=10) as response:
                return response.read().decode("utf-8", errors="replace")
        except Exception:
            return None

    return fetch_url


if __name__ == "__main__":
    data = json.load(sys.stdin)
    fetch = make_fetch(data["proxy"])
    feeds.fetch_url = fetch
    sitemaps.fetch_url = fetch
    sitemaps.is_live_page = lambda url, config=None: fetch(url) is not None
    results, errors = {}, {}
    for site in data["sites"]:
        found = {"feeds": [], "sitemaps": []}
        try:
            found["feeds"] = feeds.find_feed_urls(site["url"], sleep_time=0)
        except Exception as exc:
            errors[site["name"] + " feeds"] = f"{type(exc).__name__}: {exc}"
        try:
            found["sitemaps"] = sitemaps.sitemap_search(site["url"], sleep_time=0)
        except Exception as exc:
            errors[site["name"] + " sitemaps"] = f"{type(exc).__name__}: {exc}"
        results[site["name"]] = found
    json.dump({"results": results, "errors": errors}, sys.stdout)
