# ruff: noqa: E501
"""El Confidencial: /<section>/YYYY-MM-DD/slug_<id>/, numbered /tags/ and /autores/, dated
/multimedia/ and /podcast/.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, block, card, day, legal_es, slug
from bench.heldout._page import Page, social, ul


def elconfidencial(rng: random.Random) -> Page:
    p = Page(
        "El Confidencial",
        "www.elconfidencial.com",
        "es",
        "El Confidencial - Diario de noticias online",
        rng,
    )
    h = Pool(T.ES, rng)
    base = "https://www.elconfidencial.com"
    counter = iter(range(4012345, 4019999, rng.randint(3, 17)))

    def art(sec: str, kind: str = "news", title: str | None = None) -> tuple[str, str, str]:
        t = title or h.next()
        return f"{base}/{sec}/{day(rng)}/{slug(t, 9)}_{next(counter)}/", t, kind

    secs = [
        "espana",
        "mundo",
        "economia",
        "mercados",
        "empresas",
        "tecnologia",
        "cultura",
        "deportes",
        "sociedad",
        "alma-corazon-vida",
        "medioambiente",
        "salud",
        "opinion",
        "comunicacion",
        "vivienda",
    ]
    subs = {
        "espana": [
            "madrid",
            "cataluna",
            "andalucia",
            "comunidad-valenciana",
            "pais-vasco",
            "galicia",
        ],
        "mundo": ["europa", "america", "oriente-medio", "asia"],
        "deportes": ["futbol", "baloncesto", "tenis", "formula-1"],
        "tecnologia": ["novaceno", "ciencia"],
        "mercados": ["fondos-de-inversion", "finanzas-personales", "inversion"],
    }
    menu = [
        p.a(f"{base}/{s}/", s.title(), "section")
        + ul([p.a(f"{base}/{s}/{x}/", x.title(), "section") for x in subs.get(s, [])])
        for s in secs
    ]
    menu += [
        p.a("https://www.vanitatis.elconfidencial.com/", "Vanitatis", "other"),
        p.a("https://www.alimente.elconfidencial.com/", "Alimente", "other"),
        p.a(f"{base}/ultima-hora-en-vivo/", "Última hora", "section"),
        p.a(f"{base}/multimedia/", "Multimedia", "video"),
        p.a(f"{base}/podcast/", "Podcast", "podcast"),
        p.a(f"{base}/newsletter/", "Newsletter", "newsletter"),
        p.a(f"{base}/tags/", "Temas", "tag"),
    ]
    p.add(
        '<header class="header">',
        p.a(f"{base}/", "El Confidencial", "home", img="El Confidencial"),
        p.a(f"{base}/suscripcion/?utm_campaign=header", "Suscríbete", "subscription"),
        p.a(f"{base}/usuario/login/", "Entrar", "login"),
        '<nav class="header-menu">',
        ul(menu),
        "</nav></header>",
    )
    p.add(legal_es(p, f"{base}/"))
    p.add("<main>")
    live = art("ultima-hora-en-vivo", "live", "Última hora de la actualidad, en directo")
    p.add(
        block(
            "Apertura",
            [card(p, *live, tag="h1", image="also"), card(p, *art("espana"), image="also")],
        )
    )
    for sec in ("espana", "mundo", "economia", "mercados", "tecnologia", "cultura", "deportes"):
        cards = []
        for _ in range(rng.randint(4, 7)):
            a = art(
                sec if rng.random() < 0.6 or sec not in subs else f"{sec}/{rng.choice(subs[sec])}"
            )
            who = rng.choice(T.PEOPLE_ES)
            cards.append(
                card(
                    p,
                    *a,
                    image=rng.choice(["", "also", "only"]),
                    byline=(f"{base}/autores/{slug(who)}-{rng.randint(100, 9999)}/", who)
                    if rng.random() < 0.5
                    else None,
                    kicker=(
                        f"{base}/tags/{rng.choice(['temas', 'personajes', 'organismos'])}/{slug(t := rng.choice(T.TAGS_ES))}-{rng.randint(1000, 19999)}/",
                        t,
                        "tag",
                    )
                    if rng.random() < 0.4
                    else None,
                )
            )
        p.add(block(sec.title(), cards))
    ops = [
        card(
            p,
            *art("opinion", "opinion"),
            byline=(f"{base}/autores/{slug(w)}-{rng.randint(100, 9999)}/", w),
        )
        for w in rng.sample(T.PEOPLE_ES, 4)
    ]
    ops.append(
        card(
            p,
            *art(
                "espana",
                "analysis",
                "Análisis: por qué los bancos ganan más que nunca con los tipos a la baja",
            ),
        )
    )
    p.add(block("Opinión", ops))
    p.add(
        block(
            "Multimedia",
            [
                card(
                    p,
                    f"{base}/multimedia/video/espana/{day(rng)}/{slug(h.next(), 8)}_{next(counter)}/",
                    "Vídeo: " + h.next(),
                    "video",
                    image="only",
                ),
                card(
                    p,
                    f"{base}/multimedia/album/cultura/{day(rng)}/{slug(h.next(), 8)}_{next(counter)}/",
                    "Fotos: " + h.next(),
                    "gallery",
                    image="only",
                ),
                card(
                    p,
                    f"{base}/podcast/{day(rng)}/{slug(h.next(), 8)}_{next(counter)}/",
                    "Podcast: " + h.next(),
                    "podcast",
                ),
                card(
                    p,
                    f"https://www.vanitatis.elconfidencial.com/casas-reales/{day(rng)}/{slug(h.next(), 8)}_{next(counter)}/",
                    h.next(),
                    "other",
                ),
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(art("espana")[0] + "?utm_source=mas_leido&utm_medium=web", h.next(), "news")
        for _ in range(5)
    ]
    p.add('<aside class="most-read"><h2>Lo más leído</h2>', ul(most), "</aside>")
    p.add(
        '<aside class="newsletter-box">',
        p.a(f"{base}/newsletter/?origen=home", "Recibe la newsletter", "newsletter"),
        "</aside>",
    )
    foot = [
        p.a(f"{base}/aviso-legal/", "Aviso legal", "legal"),
        p.a(f"{base}/politica-de-privacidad/", "Privacidad", "legal"),
        p.a(f"{base}/politica-de-cookies/", "Cookies", "legal"),
        p.a(f"{base}/quienes-somos/", "Quiénes somos", "service"),
        p.a(f"{base}/trabaja-con-nosotros/", "Empleo", "service"),
        p.a(f"{base}/archivo/", "Archivo", "archive"),
        p.a(f"{base}/archivo/2026/12/03/", "Archivo del 3 de diciembre", "archive"),
        p.a(f"{base}/rss/", "RSS", "service"),
        p.a("mailto:redaccion@elconfidencial.com", "Contacto", "mailto"),
        p.a("https://www.elconfidencialdigital.com/", "El Confidencial Digital", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "elconfidencial"), "</footer>")
    return p
