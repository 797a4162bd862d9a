# ruff: noqa: E501
"""An invented WordPress local site: /YYYY/MM/DD/slug/, ?p=<id> shortlinks, /category/, /tag/,
/author/, /page/N/, date archives.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, day, slug
from bench.heldout._page import Page, social, ul


def wordpress(rng: random.Random) -> Page:
    p = Page(
        "La Voz del Valle",
        "lavozdelvalle.es",
        "es",
        "La Voz del Valle | Noticias de la comarca",
        rng,
    )
    h = Pool(T.ES, rng)
    base = "https://lavozdelvalle.es"
    cats = [
        "actualidad",
        "comarca",
        "deportes",
        "cultura",
        "opinion",
        "sucesos",
        "economia",
        "agenda",
        "fiestas",
        "educacion",
    ]
    pueblos = [
        "villanueva",
        "san-martin",
        "el-robledo",
        "valdeolmos",
        "la-granja",
        "torrecilla",
        "fuentesauco",
        "castrillo",
    ]
    menu = [p.a(f"{base}/category/{c}/", c.title(), "section") for c in cats]
    menu += [p.a(f"{base}/category/comarca/{x}/", x.title(), "section") for x in pueblos]
    p.add(
        '<div id="cookie-law-info-bar">Usamos cookies. ',
        p.a(f"{base}/politica-de-cookies/", "Leer más", "legal"),
        p.a("#", "Aceptar", "js"),
        "</div>",
    )
    p.add(
        '<header id="masthead" class="site-header">',
        p.a(f"{base}/", "La Voz del Valle", "home", img="La Voz del Valle"),
        '<nav id="site-navigation" class="main-navigation">',
        ul(
            [
                *menu,
                p.a(f"{base}/contacto/", "Contacto", "service"),
                p.a(f"{base}/publicidad/", "Publicidad", "service"),
                p.a(f"{base}/hemeroteca/", "Hemeroteca", "archive"),
            ]
        ),
        '</nav><form role="search" action="/"><input name="s"></form></header><main id="main" class="site-main">',
    )
    posts = []
    for i in range(14):
        t = h.next()
        d = day(rng, "/")
        href = f"{base}/{d}/{slug(t, 9)}/"
        if i in (3, 8):  # relative and protocol-relative links, as themes and editors leave them
            href = f"/{d}/{slug(t, 9)}/" if i == 3 else f"//lavozdelvalle.es/{d}/{slug(t, 9)}/"
        cat = rng.choice(cats[:7])
        who = rng.choice(["redaccion", "maria-lopez", "pepe-garcia"])
        posts.append(
            f'<article id="post-{1200 + i}" class="post type-post">'
            + (f'<div class="post-thumbnail">{p.a(href, "", "news", img=t)}</div>' if i % 2 else "")
            + f'<h2 class="entry-title">{p.a(href, t, "news", attrs="rel=bookmark")}</h2>'
            + f'<div class="entry-meta">{p.a(f"{base}/{d}/", d, "archive")} por {p.a(f"{base}/author/{who}/", who, "author")} en {p.a(f"{base}/category/{cat}/", cat, "section")}'
            + f" {p.a(href + '#respond', 'Deja un comentario', 'news')}</div>"
            + f'<div class="entry-summary"><p>Resumen… {p.a(href, "Leer más", "news", attrs="class=more-link")}</p></div>'
            + f"<footer>{p.a(f'{base}/tag/{slug(rng.choice(T.TAGS_ES))}/', 'etiqueta', 'tag')}</footer></article>"
        )
    p.add(*posts)
    # shortlinks (?p=) are posts too; paging, archives and feeds are not
    p.add(
        '<nav class="navigation pagination">',
        p.a(f"{base}/page/2/", "2", "pagination"),
        p.a(f"{base}/page/3/", "3", "pagination"),
        p.a(f"{base}/page/2/", "Entradas anteriores", "pagination"),
        p.a(f"{base}/category/actualidad/page/2/", "Más actualidad", "pagination"),
        p.a(f"{base}/?s=dana", "Buscar «dana»", "search"),
        "</nav></main>",
    )
    recent = [p.a(f"{base}/?p={rng.randint(3000, 3999)}", h.next(), "news") for _ in range(3)]
    recent += [
        p.a(
            f"{base}/{day(rng, '/')}/{slug(t := h.next(), 9)}/?utm_source=rss&utm_medium=rss&utm_campaign={slug(t, 4)}",
            t,
            "news",
        )
    ]
    widgets = (
        '<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2>Entradas recientes</h2>'
        + ul(recent)
        + '</section><section class="widget widget_archive"><h2>Archivos</h2>'
        + ul(
            [
                p.a(f"{base}/2026/12/", "diciembre 2026", "archive"),
                p.a(f"{base}/2026/11/", "noviembre 2026", "archive"),
                p.a(f"{base}/2026/", "2026", "archive"),
            ]
        )
        + '</section><section class="widget widget_tag_cloud">'
        + ul([p.a(f"{base}/tag/{slug(t)}/", t, "tag") for t in T.TAGS_ES[:8]])
        + '</section><section class="widget widget_meta">'
        + ul(
            [
                p.a(f"{base}/wp-login.php", "Acceder", "login"),
                p.a(f"{base}/feed/", "Feed de entradas", "service"),
                p.a(f"{base}/comments/feed/", "Feed de comentarios", "service"),
                p.a("https://es.wordpress.org/", "WordPress.org", "other"),
            ]
        )
        + "</section></aside>"
    )
    p.add(widgets)
    p.add(
        '<footer id="colophon">',
        ul(
            [
                p.a(f"{base}/aviso-legal/", "Aviso legal", "legal"),
                p.a(f"{base}/politica-de-privacidad/", "Privacidad", "legal"),
                p.a(
                    f"{base}/wp-content/uploads/2026/12/bases-concurso-fotografia.pdf",
                    "Bases del concurso (PDF)",
                    "file",
                ),
                p.a(f"{base}/suscribete/", "Suscríbete al boletín", "newsletter"),
                p.a("mailto:redaccion@lavozdelvalle.es", "Escríbenos", "mailto"),
                p.a("https://www.diputaciondelvalle.es/", "Diputación", "other"),
            ]
        ),
        social(p, "lavozdelvalle"),
        "</footer>",
    )
    return p
