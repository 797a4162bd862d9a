"""The pure middle of stage 01: a page's links -> the source's own candidates -> verdicts."""

from __future__ import annotations

from newsdesk.extraction.analysis import analyse_html

PAGE = """<!doctype html><html><head>
<link rel="canonical" href="https://elpais.com/"></head><body>
<nav><a href="/noticias/guerra-de-rusia-en-ucrania/">Guerra en Ucrania</a>
<a href="/economia/">Economía</a></nav>
<article><h2><a href="https://www.elpais.com/economia/empleo/2026-12-03/el-paro-baja.html?utm_source=x">
El paro baja en 26.000 personas en noviembre</a></h2></article>
<article><a href="https://cincodias.elpais.com/mercados/2026-12-04/el-ibex-sube.html">
El Ibex cierra su mejor semana desde marzo</a></article>
<aside><h3>Lo más leído</h3>
<a href="/sociedad/la-huelga-de-medicos-continua">La huelga de médicos continúa una semana más</a>
</aside>
<footer><a href="/ayuda-12345">Ayuda</a></footer>
</body></html>"""


def test_own_links_are_decided_and_other_subdomains_are_other_domains() -> None:
    found = {c.url: c.verdict for c in analyse_html(PAGE, "https://elpais.com/")}
    articles = {url for url, verdict in found.items() if verdict.is_article}
    assert articles == {
        "https://elpais.com/economia/empleo/2026-12-03/el-paro-baja.html",
        "https://elpais.com/sociedad/la-huelga-de-medicos-continua",
    }
    # Cinco Días is served from a subdomain but is another outlet (another source)
    assert not any("cincodias" in url for url in found)
    assert found["https://elpais.com/ayuda-12345"].reason == "'ayuda' page"
    assert found["https://elpais.com/noticias/guerra-de-rusia-en-ucrania/"].is_article is False
