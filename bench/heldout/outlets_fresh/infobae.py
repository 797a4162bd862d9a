"""Infobae: /<section>[/<sub>]/YYYY/MM/DD/slug/ for everything (America, España, México,
Colombia editions), daily 'dólar hoy' stories and horoscopes in that same shape, /tag/,
/autor/, /video/ pages, /teleshow/ and /tendencias/ verticals.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import block, card, legal_es, slug
from bench.heldout._page import Page, social, ul
from bench.heldout.outlets_fresh import _kit as K

MENU = {
    "politica": [],
    "economia": ["divisas", "campo"],
    "sociedad": ["policiales", "salud", "educacion"],
    "america": ["mundo", "america-latina", "estados-unidos", "venezuela", "opinion"],
    "deportes": ["futbol-argentino", "tenis", "formula-1"],
    "teleshow": ["celebrities", "espectaculos"],
    "tendencias": ["tecnologia", "ciencia"],
    "cultura": [],
    "opinion": [],
    "espana": ["politica", "deportes", "madrid"],
    "mexico": ["politica", "sociedad", "deportes"],
    "colombia": ["politica", "deportes"],
    "peru": [],
}


def infobae(rng: random.Random) -> Page:
    p = Page(
        "Infobae",
        "www.infobae.com",
        "es",
        "Infobae - Últimas noticias de Argentina y del mundo",
        rng,
    )
    h = K.es(rng)
    base = "https://www.infobae.com"

    def art(sec: str, kind: str = "news", title: str | None = None) -> tuple[str, str, str]:
        t = title or h.next()
        return f"{base}/{sec}/{K.padded(rng)}/{slug(t, 13)}/", t, kind

    def autor(name: str) -> tuple[str, str]:
        return f"{base}/autor/{slug(name)}/", name

    p.add(legal_es(p, f"{base}/"))
    menu = []
    for sec, subs in MENU.items():
        menu.append(
            p.a(f"/{sec}/", sec.title(), "section")
            + (
                ul([p.a(f"/{sec}/{s}/", s.replace("-", " ").title(), "section") for s in subs])
                if subs
                else ""
            )
        )
    menu += [
        p.a("/ultimas-noticias/", "Últimas noticias", "section"),
        p.a("/video/", "Videos", "video"),
        p.a("/horoscopo/", "Horóscopo", "service"),
        p.a("/que-puedes-ver/", "Qué puedes ver", "section"),
        p.a("/economia/divisas/", "Dólar hoy", "section"),
        p.a("/newsletters/", "Newsletters", "newsletter"),
        p.a("/servicios/clima/", "Clima", "service"),
        p.a("/juegos/", "Juegos", "service"),
    ]
    p.add(
        "<header>",
        p.a("/", "Infobae", "home", img="Infobae"),
        p.a("/america/", "América", "section"),
        p.a("/espana/", "España", "section"),
        p.a("/mexico/", "México", "section"),
        p.a("/colombia/", "Colombia", "section"),
        p.a("/peru/", "Perú", "section"),
        p.a("/en/", "English", "section"),
        "<nav>",
        ul(menu),
        "</nav>",
        p.a("/buscador/?q=", "Buscar", "search"),
        "</header><main>",
    )
    # opening: main story with related, a live blog, dollar story
    top = art("politica")
    lead = [
        card(
            p,
            *top,
            tag="h1",
            image="also",
            byline=autor(rng.choice(T.PEOPLE_ES)),
            extra=ul([p.a(art("politica")[0], h.next(), "news") for _ in range(2)]),
        ),
        card(p, *art("america/mundo", "live", "EN VIVO | " + h.next())),
        card(
            p,
            *art(
                "economia/divisas",
                "news",
                "Dólar hoy en Argentina: a cuánto cotiza este 4 de diciembre",
            ),
        ),
        card(
            p,
            *art(
                "economia/divisas",
                "news",
                "Dólar blue hoy: a cuánto cerró este miércoles 3 de diciembre",
            ),
        ),
    ]
    for _ in range(rng.randint(10, 13)):
        sec = rng.choice(
            [
                "politica",
                "economia",
                "sociedad",
                "sociedad/policiales",
                "america/mundo",
                "america/america-latina",
                "deportes",
                "teleshow",
            ]
        )
        lead.append(
            card(
                p,
                *art(sec),
                image=rng.choice(["", "also", "only"]),
                byline=autor(rng.choice(T.PEOPLE_ES)) if rng.random() < 0.4 else None,
                kicker=(f"/{sec}/", sec.split("/")[-1].title(), "section")
                if rng.random() < 0.25
                else None,
            )
        )
    p.add(block("Portada", lead))
    # editions: Spain, Mexico, Colombia
    for ed in ("espana", "mexico", "colombia"):
        items = [
            card(p, *art(f"{ed}/{rng.choice(MENU[ed])}"), tag="h3")
            for _ in range(rng.randint(3, 4))
        ]
        items.append(p.a(f"/{ed}/", f"Más de {ed.title()}", "section"))
        p.add(block(ed.title(), items))
    # opinion, interviews, a review, a feature
    ops = [
        card(p, *art("opinion", "opinion"), byline=autor(w))
        for w in rng.sample(K.PEOPLE_ES_MORE, 3)
    ]
    ops.append(card(p, *art("america/opinion", "opinion")))
    ops.append(
        card(
            p,
            *art(
                "teleshow",
                "interview",
                "Mano a mano con " + rng.choice(K.PEOPLE_ES_MORE) + ": «Nunca dejé de soñar»",
            ),
        )
    )
    ops.append(card(p, *art("teleshow/espectaculos", "review", "Crítica de cine: " + h.next())))
    ops.append(card(p, *art("tendencias", "feature"), image="also"))
    p.add(block("Opinión y entrevistas", ops))
    # horoscopes, TV guides and lottery results in the article shape (not articles)
    signo = rng.choice(["aries", "tauro", "geminis", "cancer", "leo", "virgo", "libra", "escorpio"])
    serv = [
        card(p, *art("horoscopo", "service", f"Horóscopo de {signo.title()} hoy, 4 de diciembre")),
        card(p, *art("horoscopo", "service", "Horóscopo chino para este jueves")),
        card(p, *art("que-puedes-ver", "news", "Los estrenos de Netflix de esta semana")),
        card(
            p,
            *art("sociedad", "data", "Quini 6: resultados del sorteo del miércoles 3 de diciembre"),
        ),
    ]
    p.add(block("Servicios", serv))
    # video pages with dated slugs
    vids = [
        card(
            p,
            f"{base}/video/{K.padded(rng)}/{slug(h.next(), 10)}/",
            h.next(),
            "video",
            image="only",
        )
        for _ in range(3)
    ]
    vids.append(card(p, "/video/", "Más videos", "video"))
    vids.append(
        card(
            p,
            f"/fotos/{K.padded(rng)}/{slug(h.next(), 8)}/",
            "Las fotos del día",
            "gallery",
            image="only",
        )
    )
    p.add(block("Videos", vids))
    # sport with a live match
    a, b = rng.sample(
        ["Boca Juniors", "River Plate", "Racing", "Independiente", "San Lorenzo", "Estudiantes"], 2
    )
    sp = [card(p, *art(f"deportes/{rng.choice(MENU['deportes'])}")) for _ in range(3)]
    sp.append(
        card(p, *art("deportes/futbol-argentino", "live", f"{a} vs {b}, EN VIVO: minuto a minuto"))
    )
    sp.append(p.a("/deportes/posiciones/liga-profesional/", "Tabla de posiciones", "data"))
    p.add(block("Deportes", sp))
    p.add("</main>")
    most = [
        p.a(art("sociedad")[0] + "?utm_source=twitter&utm_medium=social", h.next(), "news"),
        p.a(art("politica")[0].replace("https://www.", "https://"), h.next(), "news"),
        p.a(art("economia")[0].replace(base, ""), h.next(), "news"),
        p.a(art("america/mundo")[0].replace("https:", ""), h.next(), "news"),
        p.a(art("teleshow")[0] + "?outputType=amp-type", h.next(), "news"),
    ]
    p.add('<aside class="most-read"><h3>Lo más leído</h3>', ul(most), "</aside>")
    p.add(
        '<div class="tags">',
        ul(
            [
                p.a(f"/tag/{slug(t)}/", t, "tag")
                for t in [
                    "Javier Milei",
                    "Dólar",
                    "Inflación",
                    "Donald Trump",
                    "Boca Juniors",
                    "River Plate",
                    "Elecciones 2027",
                ]
            ]
        ),
        p.a("/ultimas-noticias/?page=2", "Ver más", "pagination"),
        "</div>",
    )
    foot = [
        p.a("/terminos-y-condiciones/", "Términos y condiciones", "legal"),
        p.a("/politica-de-privacidad/", "Política de privacidad", "legal"),
        p.a("/politica-de-cookies/", "Política de cookies", "legal"),
        p.a("/contacto/", "Contacto", "service"),
        p.a("/staff/", "Staff", "service"),
        p.a("/principios-editoriales/", "Principios editoriales", "service"),
        p.a("/publicidad/", "Publicidad", "service"),
        p.a("/sitemap/", "Mapa del sitio", "service"),
        p.a("/arc/outboundfeeds/rss/", "RSS", "service"),
        p.a("https://www.infobae.com/arc/outboundfeeds/sitemap-news.xml", "Sitemap", "file"),
    ]
    p.add("<footer>", ul(foot), social(p, "infobae"), "</footer>")
    return p
