"""Link extraction with selectolax: base, anchor fallbacks, chrome zones, head metadata."""

from __future__ import annotations

from newsdesk.extraction.links import parse_page

PAGE = """<!doctype html><html><head><title> Diario  Test </title>
<base href="https://www.diario.test/es/">
<link rel="canonical" href="https://diario.test/">
<meta property="og:url" content="https://www.diario.test/">
<link rel="alternate" type="application/rss+xml" href="/rss">
<link rel="stylesheet" href="/s.css">
</head><body>
<header><a href="/">Logo</a><nav><a href="politica/">Política</a></nav></header>
<article><header><h2><a href="/politica/2026/12/04/una-noticia">Una   noticia</a></h2></header>
<a href="/politica/2026/12/04/una-noticia"><img src="x.jpg" alt="Foto de la noticia"></a>
<a href="/x" title="Por título"></a><a href="/y" aria-label="Por etiqueta"></a></article>
<aside><a href="//www.diario.test/lo-mas-leido">Lo más leído</a></aside>
<footer><a href="/aviso-legal">Aviso legal</a></footer>
<a href="mailto:a@b.c">mail</a><a href="tel:123">tel</a>
<a href="javascript:void(0)">js</a><a href="#top">top</a>
<A HREF=relativo>Relativo</A>
</body></html>"""


def test_links_resolve_against_base_and_carry_anchor_text_and_zone() -> None:
    page = parse_page(PAGE, "https://www.diario.test/")
    got = list(page.links)
    assert got == [
        ("https://www.diario.test/", "Logo", True),
        ("https://www.diario.test/es/politica/", "Política", True),
        ("https://www.diario.test/politica/2026/12/04/una-noticia", "Una noticia", False),
        ("https://www.diario.test/politica/2026/12/04/una-noticia", "Foto de la noticia", False),
        ("https://www.diario.test/x", "Por título", False),
        ("https://www.diario.test/y", "Por etiqueta", False),
        ("https://www.diario.test/lo-mas-leido", "Lo más leído", True),
        ("https://www.diario.test/aviso-legal", "Aviso legal", True),
        ("https://www.diario.test/es/relativo", "Relativo", False),
    ]


def test_head_metadata() -> None:
    page = parse_page(PAGE.encode(), "https://www.diario.test/")
    assert page.title == "Diario Test"
    assert page.canonical == "https://diario.test/"
    assert page.og_url == "https://www.diario.test/"
    assert page.feeds == ["https://www.diario.test/rss"]


def test_roles_mark_chrome_in_old_markup() -> None:
    html = '<div role="navigation"><a href="/a">A</a></div><div><a href="/b">B</a></div>'
    page = parse_page(html, "http://x.test/")
    assert [(url, chrome) for url, _, chrome in page.links] == [
        ("http://x.test/a", True),
        ("http://x.test/b", False),
    ]
