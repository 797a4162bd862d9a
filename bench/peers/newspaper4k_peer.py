"""Runs inside bench/work/venvs/newspaper4k: newspaper4k's article-URL detection, JSON in/out.

stdin:  {"mode": "quality", "sites": [{"name", "url"}], "full": bool}
        {"mode": "speed", "pages": [{"url", "html"}], "rounds": int}
        {"mode": "e2e", "sites": [{"name", "url"}], "threads": int}: full builds in threads
        {"mode": "urls", "urls": [...]}: `urls.valid_url` of each -> {"results": [bool]}
stdout: quality: {"results": {name: [article urls]}, "errors": {name: str}}
        speed:   {"cpu": best round's CPU s, "seconds": best round's wall s, "pages": n,
                  "links": article URLs per round}
Plain http goes through the fixture server's forward proxy ($HTTP_PROXY).
"""

import json
import os
import sys
import time

from newspaper import Source
from newspaper.configuration import Configuration


def config() -> Configuration:
    c = Configuration()
    c.memorize_articles = False  # memoize off: every run sees every URL
    c.disable_category_cache = True
    c.fetch_images = False
    c.honor_robots_txt = False
    c.request_timeout = 10
    c.number_threads = 4
    proxy = os.environ.get("HTTP_PROXY")
    if proxy:
        c.proxies = {"http": proxy}
    return c


def quality(payload: dict) -> dict:
    results, errors = {}, {}
    for site in payload["sites"]:
        try:
            source = Source(site["url"], config=config())
            source.build(only_homepage=not payload.get("full"))
            results[site["name"]] = [a.url for a in source.articles]
        except Exception as exc:  # a crash on one site is reported, not fatal
            errors[site["name"]] = f"{type(exc).__name__}: {exc}"
            results[site["name"]] = []
    return {"results": results, "errors": errors}


def speed(payload: dict) -> dict:
    pages = payload["pages"]
    best_cpu = best_wall = float("inf")
    links = 0
    for _ in range(payload.get("rounds", 3)):
        links = 0
        cpu, wall = time.process_time(), time.perf_counter()
        for page in pages:
            source = Source(page["url"], config=config())
            source.build(input_html=page["html"], only_homepage=True)
            links += len(source.articles)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return {"cpu": best_cpu, "seconds": best_wall, "pages": len(pages), "links": links}


def e2e(payload: dict) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    errors = {}

    def build(site: dict) -> list:
        try:
            source = Source(site["url"], config=config())
            source.build()
            return [a.url for a in source.articles]
        except Exception as exc:
            errors[site["name"]] = f"{type(exc).__name__}: {exc}"
            return []

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=payload.get("threads", 16)) as pool:
        found = list(pool.map(build, payload["sites"]))
    seconds = time.perf_counter() - started
    results = {site["name"]: urls for site, urls in zip(payload["sites"], found, strict=True)}
    return {"results": results, "errors": errors, "seconds": seconds}


def urls(payload: dict) -> dict:
    from newspaper.urls import valid_url

    return {"results": [valid_url(url) for url in payload["urls"]]}


MODES = {"quality": quality, "speed": speed, "e2e": e2e, "urls": urls}

if __name__ == "__main__":
    data = json.load(sys.stdin)
    result = MODES[data["mode"]](data)
    json.dump(result, sys.stdout)
