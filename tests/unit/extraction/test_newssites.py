"""The fixture news-site generator and its loopback server; and the rules' quality on it."""

from __future__ import annotations

from datetime import date

import httpx

from newsdesk.extraction.analysis import analyse_html
from newsdesk.extraction.links import parse_page
from newsdesk.testing.newssites import Faults, NewsSitesServer, generate_corpus, generate_site

TODAY = date(2026, 12, 4)


def test_generation_is_deterministic_by_seed_and_varies_between_sites() -> None:
    a, b = generate_site(11, 0, today=TODAY), generate_site(11, 0, today=TODAY)
    assert a.pages == b.pages and a.truth == b.truth
    corpus = generate_corpus(11, 12, today=TODAY)
    assert len({tuple(s.styles) for s in corpus}) > 4
    assert {s.language for s in corpus} == {"es", "en"}
    assert generate_site(12, 0, today=TODAY).pages != a.pages


def test_truth_covers_every_own_link_of_the_home_page() -> None:
    for site in generate_corpus(3, 6, today=TODAY):
        server = NewsSitesServer([site])
        origin = f"http://{site.host}"
        candidates = analyse_html(server.render(site, "/", by_host=True) or b"", origin + "/")
        assert {c.url for c in candidates} == set(site.truth_urls(origin))
        assert any(link.article for link in site.truth.values())
        assert any(not link.article for link in site.truth.values())


def test_rules_alone_reach_the_quality_target_on_the_corpus() -> None:
    tp = fp = fn = 0
    for site in generate_corpus(99, 20, today=TODAY):
        server = NewsSitesServer([site])
        origin = f"http://{site.host}"
        html = server.render(site, "/", by_host=True) or b""
        predicted = {c.url for c in analyse_html(html, origin + "/") if c.verdict.is_article}
        truth = site.article_urls(origin)
        tp += len(predicted & truth)
        fp += len(predicted - truth)
        fn += len(truth - predicted)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.95


def test_server_by_path_prefix_and_by_host_with_faults() -> None:
    site = generate_site(5, 1, today=TODAY)
    with NewsSitesServer([site]) as server:
        origin = server.origin(site)
        home = httpx.get(origin + "/")
        assert home.status_code == 200 and "text/html" in home.headers["content-type"]
        urls = {url for url, _, _ in parse_page(home.text, origin + "/").links}
        assert any(u.startswith(origin + "/") for u in urls)
        robots = httpx.get(origin + "/robots.txt")
        assert robots.text.startswith("User-agent: *")
        assert httpx.get(origin + "/sitemap-news.xml").headers["content-type"] == "application/xml"
        with httpx.Client(proxy=server.proxy_url) as client:
            by_host = client.get(f"http://m.{site.host_key}/")
            assert by_host.status_code == 200 and f"http://{site.host}" in by_host.text
        server.faults[site.name] = Faults(fail_status=503, fail_times=1, retry_after="2", etag=True)
        failed = httpx.get(origin + "/")
        assert failed.status_code == 503 and failed.headers["retry-after"] == "2"
        ok = httpx.get(origin + "/")
        again = httpx.get(origin + "/", headers={"If-None-Match": ok.headers["etag"]})
        assert again.status_code == 304
        assert httpx.get(origin + "/no/such/page").status_code == 404


def test_a_dropped_connection_prints_no_traceback(capsys) -> None:
    with NewsSitesServer() as srv:
        try:
            raise ConnectionResetError(104, "Connection reset by peer")
        except ConnectionResetError:
            srv.httpd.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a real bug")
        except ValueError:
            srv.httpd.handle_error(None, ("127.0.0.1", 1))
        assert "a real bug" in capsys.readouterr().err
