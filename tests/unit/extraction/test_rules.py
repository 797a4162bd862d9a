"""Rules: cheapest first, English and Spanish, per-source regexes first."""

from __future__ import annotations

import pytest

from newsdesk.extraction.rules import (
    UNDECIDED,
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
    ("https://d.test/opinion/why-the-budget-talks-failed-again-this-week.html", "long slug"),
    ("https://d.test/espana/madrid/el-gobierno-aprueba-la-reforma-de-la-ley", "long slug"),
    # opaque letter/digit ids, and the article segment before a slug or id
    ("https://d.test/news/articles/chcdv0m6k5do", "opaque id"),
    ("https://d.test/sport/football/live/c5sw6v0b0f6o", "opaque id"),
    ("https://d.test/noticia/el-gobierno-aprueba", "article segment"),
    ("https://d.test/story/budget-talks-collapse", "article segment"),
    ("https://d.test/noticia/313986/el-paro-baja", "numeric id"),
    ("https://d.test/espana/la-ue-firma-el-acuerdo-20261203104314-nt.html", "numeric id"),
    # a list word inside the path does not veto a date or an article id
    ("https://d.test/economia/empleo/2026-12-03/el-paro-baja-en-noviembre.html", "date in path"),
    (
        "https://d.test/economia/empleo/el-paro-baja-en-noviembre-20261204222816-nt.html",
        "numeric id",
    ),
    ("https://d.test/newsletters/2026/12/04/the-morning-briefing", "date in path"),
    # a date ending the slug, even under a list word's section
    ("https://d.test/world/europe/eu-agrees-budget-2026-12-04/", "date in path"),
    ("https://d.test/legal/court-blocks-merger-2026-12-03/", "date in path"),
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
    ("https://d.test/archive/2026-12-04", "'archive' page"),
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
    # an id after a listing segment names the list
    ("https://d.test/stream/a78f6596-ada0-4b31-96b9-b871c7e2dbba", "'stream' page"),
    ("https://d.test/news/topics/c1234567890t", "'topics' page"),
    ("https://d.test/tag/12345678", "'tag' page"),
    ("https://d.test/series/el-juicio-del-siglo-98765", "'series' page"),
    ("https://d.test/authors/ana-garcia-12345", "'authors' page"),
    ("https://d.test/temas/elecciones-generales-de-espana-2027", "'temas' page"),
    # media words beat dates and ids
    ("https://d.test/album/internacional/2026/11/29/1356b35452c389860d0fddcc.html", "'album' page"),
    (
        "https://d.test/portfolio/2026/12/03/le-conseil-censure_6543510_3210.html",
        "'portfolio' page",
    ),
    ("https://d.test/news/av/world-europe-67078404", "'av' page"),
    ("https://d.test/galeria/2026/12/04/las-fotos-del-dia.html", "'galeria' page"),
    (
        "https://d.test/podcasts/el-podcast-de-economia/2026-12-04/episodio-12.html",
        "'podcasts' page",
    ),
    ("https://d.test/deportes/directo-tv/2026/12/04/real-madrid-barcelona", "'directo-tv' page"),
    # service words beat an id
    ("https://d.test/news/help-41670342", "'help' page"),
    ("https://d.test/ayuda-12345", "'ayuda' page"),
    ("https://d.test/contacto/12345678", "'contacto' page"),
    ("https://d.test/world/2026/may/17/all", "'all' page"),
]


@pytest.mark.parametrize(("url", "reason"), ARTICLES)
def test_positive_rules(url: str, reason: str) -> None:
    verdict = decide(Candidate(url=url, text="", chrome=False))
    assert (verdict.is_article, verdict.decided_by, verdict.reason) == (True, "rule", reason)


@pytest.mark.parametrize(("url", "reason"), NOT_ARTICLES)
def test_negative_rules(url: str, reason: str) -> None:
    verdict = decide(Candidate(url=url, text="Algo", chrome=False))
    assert (verdict.is_article, verdict.decided_by, verdict.reason) == (False, "rule", reason)


def test_only_a_full_date_ending_a_slug_counts() -> None:
    for url in (
        "https://d.test/economia/especial-vivienda-2026/",  # a year: a landing page, maybe
        "https://d.test/economia/2026-12-04/",  # no slug before it: an archive
    ):
        assert decide(Candidate(url=url, text="Vivienda", chrome=False)).reason != "date in path"


def test_a_short_teaser_is_left_to_the_llm_but_a_section_label_is_not() -> None:
    """A section's label repeats its slug; a teaser's anchor says more than its 2-word slug."""
    teasers = [
        ("https://d.test/world/council-defends", "Council defends deal"),
        ("https://d.test/salud/bolsa-retrasa", "Bolsa retrasa final"),
    ]
    for url, text in teasers:
        assert decide(Candidate(url=url, text=text, chrome=False)) == UNDECIDED, url
    labels = [
        ("https://d.test/world/middle-east", "Middle East"),
        ("https://d.test/ciencia-tecnologia", "Ciencia y tecnología"),
        ("https://d.test/espana/", "Más noticias de España"),
        ("https://d.test/world", "More from World"),
    ]
    for url, text in labels:
        assert decide(Candidate(url=url, text=text, chrome=False)).reason == "section", url


def test_media_label_in_the_anchor() -> None:
    labels = (
        "VÍDEO | Los goles del derbi",
        "In pictures: the storm",
        "Podcast: the week",
        "Unhedged podcast: the Fed holds rates",
        "Protests in Madrid \u2013 in pictures",
        "Las protestas por la vivienda - en imágenes",
    )
    for label in labels:
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


def test_a_long_slug_alone_needs_support() -> None:
    bare = "https://d.test/opinion/why-the-budget-talks-failed-again-this-week"
    assert decide(Candidate(url=bare, text="Budget talks", chrome=False)) == UNDECIDED
    headline = Candidate(url=bare, text="Why the budget talks failed again this week")
    assert decide(headline).reason == "long slug"
    # a section path in the menu, and a tag page under a listing segment, are not articles
    menu = Candidate(
        url="https://d.test/world/middle-east-and-north-africa",
        text="Middle East and North Africa",
        chrome=True,
    )
    assert decide(menu).reason == "navigation link"
    tag = Candidate(
        url="https://d.test/noticias/guerra-de-rusia-en-ucrania/",
        text="Guerra en Ucrania",
        chrome=False,
    )
    assert decide(tag) == UNDECIDED
    assert heuristic(tag) is False


def test_an_id_only_url_under_a_short_label_is_not_an_article() -> None:
    uuid = "https://d.test/content/4b9c2f1e-8d7a-4b5c-9d3e-2f1a0b9c8d7e"
    assert decide(Candidate(url=uuid, text="Interest rates", chrome=False)).is_article is not True
    story = Candidate(url=uuid, text="Fed holds rates steady and signals cuts are coming")
    assert decide(story).reason == "uuid"
    rss = Candidate(url="https://d.test/news/10628494", text="BBC News RSS feeds", chrome=True)
    assert decide(rss)[:3] == (False, "rule", "navigation link")
    # an image-only teaser (no anchor text) keeps its id
    assert decide(Candidate(url=uuid, text="", chrome=False)).reason == "uuid"


def test_article_segment_needs_a_slug_an_id_or_a_headline() -> None:
    stream = Candidate(url="https://d.test/live/us", text="Live TV", chrome=True)
    assert decide(stream).is_article is False
    blog = Candidate(
        url="https://d.test/news/live/elecciones",
        text="Directo: última hora de las elecciones en Cataluña",
        chrome=False,
    )
    assert decide(blog).reason == "article segment"


def test_headline_anchors_beat_the_navigation_rule() -> None:
    most_read = Candidate(
        url="https://d.test/news/articles/c9nrtlywpbyo",
        text="Storm Bert leaves thousands without power across Wales",
        chrome=True,
    )
    assert decide(most_read)[:3] == (True, "rule", "article segment")  # one digit: no id
    aside = Candidate(
        url="https://d.test/sociedad/la-huelga-continua",
        text="La huelga de médicos continúa una semana más en Madrid",
        chrome=True,
    )
    assert decide(aside) == UNDECIDED
    assert heuristic(aside) is True
    label = Candidate(url="https://d.test/sociedad/la-huelga-continua", text="Huelga", chrome=True)
    assert decide(label).reason == "navigation link"
