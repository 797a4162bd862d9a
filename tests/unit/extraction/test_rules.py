"""Rules: cheapest first, English and Spanish, per-source regexes first."""

from __future__ import annotations

import pytest

from newsdesk.extraction.rules import (
    Candidate,
    SourceRules,
    decide,
    guess_category,
    heuristic,
)

ARTICLES = [
    ("https://d.test/politica/2026/12/04/el-gobierno-aprueba-los-presupuestos/", "date in path"),
    ("https://d.test/2026-12-04/slug", "date in path"),
    ("https://d.test/world/2026/dec/04/talks-collapse", "date in path"),
    ("https://d.test/deportes/20261204/el-real-madrid-gana", "date in path"),
    ("https://d.test/economia/la-bolsa-sube-1234567.html", "numeric id"),
    ("https://d.test/news/article123456.ece", "numeric id"),
    ("https://d.test/nyheter/statsministeren-1.1234567", "numeric id"),
    ("https://d.test/a/9876543", "numeric id"),
    ("https://d.test/story/3f2b8c1e-9d4a-4b6e-8f1a-2c3d4e5f6a7b", "uuid"),
    ("https://d.test/?p=12345", "id parameter"),
    ("https://d.test/opinion/why-the-budget-talks-failed-again-this-week", "long slug"),
]

NOT_ARTICLES = [
    ("https://d.test/", "home page"),
    ("https://d.test/es/", "home page"),
    ("https://d.test/docs/informe-anual-2025.pdf", "file"),
    ("https://d.test/tag/brexit", "'tag' page"),
    ("https://d.test/temas/elecciones-generales", "'temas' page"),
    ("https://d.test/autor/ana-garcia/", "'autor' page"),
    ("https://d.test/video/2026/12/04/los-goles-de-la-jornada", "'video' page"),
    ("https://d.test/fotogalerias/las-fotos-del-dia-123456.html", "'fotogalerias' page"),
    ("https://d.test/podcasts/episode-12345", "'podcasts' page"),
    ("https://d.test/deportes/video-los-goles-del-derbi-123456.html", "media page"),
    ("https://video.d.test/los-goles-del-derbi-123456.html", "media page"),
    ("https://d.test/suscripcion", "'suscripcion' page"),
    ("https://d.test/account/login", "'account' page"),
    ("https://d.test/newsletters", "'newsletters' page"),
    ("https://d.test/aviso-legal", "'aviso-legal' page"),
    ("https://d.test/info/privacy-policy", "'privacy-policy' page"),
    ("https://d.test/buscar?q=", "'buscar' page"),
    ("https://d.test/search?q=budget+talks+news+today+here", "'search' page"),
    ("https://d.test/politica/page/2", "'page' page"),
    ("https://d.test/pagina/3/", "'pagina' page"),
    ("https://d.test/latest?page=2", "'page' query"),
    ("https://d.test/politica/3", "pagination"),
    ("https://d.test/2026/12/04/", "date archive"),
    ("https://d.test/hemeroteca/2026/12/04", "'hemeroteca' page"),
    ("https://d.test/internacional/", "section"),
    ("https://d.test/deportes/futbol/", "section"),
]


@pytest.mark.parametrize(("url", "reason"), ARTICLES)
def test_positive_rules(url: str, reason: str) -> None:
    verdict = decide(Candidate(url=url, text="", chrome=False))
    assert (verdict.is_article, verdict.decided_by, verdict.reason) == (True, "rule", reason)


@pytest.mark.parametrize(("url", "reason"), NOT_ARTICLES)
def test_negative_rules(url: str, reason: str) -> None:
    verdict = decide(Candidate(url=url, text="Algo", chrome=False))
    assert (verdict.is_article, verdict.decided_by, verdict.reason) == (False, "rule", reason)


def test_media_label_in_the_anchor() -> None:
    for label in ("VÍDEO | Los goles del derbi", "In pictures: the storm", "Podcast: the week"):
        verdict = decide(
            Candidate(url="https://d.test/x/a-b-c-d-e-f-1234567.html", text=label, chrome=False)
        )
        assert verdict.is_article is False and verdict.reason == "media label"


def test_feed_listing_decides_before_positive_rules_but_after_negative_ones() -> None:
    in_feed = Candidate(url="https://d.test/opinion/short-one", text="x", chrome=True, in_feed=True)
    assert decide(in_feed)[:2] == (True, "feed")
    video = Candidate(url="https://d.test/video/a-clip", text="x", in_feed=True)
    assert decide(video).is_article is False


def test_navigation_only_links_without_signals_are_not_articles() -> None:
    nav = Candidate(
        url="https://d.test/opinion/our-view-of-things", text="Our view of things", chrome=True
    )
    assert decide(nav).reason == "navigation link"
    dated = Candidate(url="https://d.test/2026/12/04/featured-story", text="Featured", chrome=True)
    assert decide(dated).is_article is True


def test_source_rules_come_first() -> None:
    rules = SourceRules.from_spec(
        {"include": [r"/especiales/"], "exclude": [r"/patrocinado/", "("]}
    )
    assert rules.errors and "not a valid regex" in rules.errors[0]
    special = Candidate(url="https://d.test/especiales/tag", text="x")
    assert decide(special, rules).reason == "source include rule"
    sponsored = Candidate(url="https://d.test/patrocinado/2026/12/04/el-mejor-coche-del-ano")
    assert decide(sponsored, rules)[:3] == (False, "rule", "source exclude rule")


def test_undecided_links_and_heuristics() -> None:
    teaser = Candidate(
        url="https://d.test/opinion/why-we-fight",
        text="Why we fight the wars we fight",
        chrome=False,
    )
    assert decide(teaser).is_article is None
    assert heuristic(teaser) is True
    topic = Candidate(
        url="https://d.test/noticias/vivienda-publica-madrid/", text="Vivienda", chrome=False
    )
    assert decide(topic).is_article is None
    assert heuristic(topic) is False


def test_guess_category_from_the_section() -> None:
    cats = ["politics", "sports", "other"]
    assert guess_category("https://d.test/deportes/2026/12/04/x", cats) == "sports"
    assert guess_category("https://d.test/economia/x", cats, "politics") == "politics"
    assert guess_category("https://d.test/economia/x", cats, "unknown") is None
