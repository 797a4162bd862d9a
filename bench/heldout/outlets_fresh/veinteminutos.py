"""20minutos: two generations of story URLs, the old /noticia/<7-digit id>/0/slug/ and the new
/<section>/slug-<7-digit id>/; /galeria/ and /videos/ media with the same ids; /minuteca/<tag>/
topics, /autor/<name>/, /cinemania/ with /noticias/ and /criticas/, local editions, services.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import block, card, legal_es, slug
from bench.heldout._page import Page, share_bar, social, ul
from bench.heldout.outlets_fresh import _kit as K

SECS = [
    "nacional",
    "internacional",
    "economia",
    "deportes",
    "salud",
    "tecnologia",
    "ciencia",
    "gastronomia",
    "viajes",
    "television",
    "gente",
    "cultura",
    "opinion",
    "medio-ambiente",
    "motor",
    "empleo",
]
CITIES = [
    "madrid",
    "barcelona",
    "andalucia",
    "comunidad-valenciana",
    "castilla-y-leon",
    "aragon",
    "galicia",
    "asturias",
]


def veinteminutos(rng: random.Random) -> Page:
    p = Page("20minutos", "www.20minutos.es", "es", "20minutos.es - Últimas Noticias", rng)
    h = K.es(rng)
    base = "https://www.20minutos.es"

    def nid() -> int:
        return rng.randint(5600000, 5699999)

    def new(sec: str, kind: str = "news", title: str | None = None) -> tuple[str, str, str]:
        t = title or h.next()
        return f"{base}/{sec}/{slug(t, 10)}-{nid()}/", t, kind

    def old(
        kind: str = "news", title: str | None = None, typ: str = "noticia"
    ) -> tuple[str, str, str]:
        t = title or h.next()
        return f"{base}/{typ}/{nid()}/0/{slug(t, 10)}/", t, kind

    def autor(name: str) -> tuple[str, str]:
        return f"{base}/autor/{slug(name)}/", name

    def any_story(kind: str = "news") -> tuple[str, str, str]:
        return new(rng.choice(SECS[:8]), kind) if rng.random() < 0.65 else old(kind)

    p.add(legal_es(p, f"{base}/"))
    menu = [p.a(f"/{s}/", s.replace("-", " ").title(), "section") for s in SECS]
    menu += [p.a(f"/{c}/", c.replace("-", " ").title(), "section") for c in CITIES]
    menu += [
        p.a("/cinemania/", "Cinemanía", "section"),
        p.a("/cinemania/series/", "Series", "section"),
        p.a("/videos/", "Vídeos", "video"),
        p.a("/fotos/", "Fotos", "gallery"),
        p.a("/ultima-hora/", "Última hora", "section"),
        p.a("/horoscopo/", "Horóscopo", "service"),
        p.a("/loterias/", "Loterías", "service"),
        p.a("/eltiempo/", "El tiempo", "service"),
        p.a("/guia-tv/", "Guía TV", "service"),
        p.a("/juegos/", "Juegos", "service"),
        p.a("/juegos/crucigrama/", "Crucigrama", "service"),
        p.a("/calculadoras/sueldo-neto/", "Calculadora de sueldo neto", "service"),
        p.a("/newsletters/", "Newsletters", "newsletter"),
        p.a("https://blogs.20minutos.es/", "Blogs", "other"),
        p.a("https://www.20minutos.es/lainformacion/", "La Información", "section"),
    ]
    p.add(
        '<header class="header">',
        p.a("/", "20minutos", "home", img="20minutos"),
        p.a("/usuarios/login/?backURL=%2F", "Entrar", "login"),
        p.a("/usuarios/registro/", "Registrarse", "login"),
        p.a("/buscador/?q=", "Buscar", "search"),
        '<nav class="header-nav">',
        ul(menu),
        "</nav></header><main>",
    )
    # breaking bar: a live blog in each style
    live1 = new("nacional", "live", "Última hora de la actualidad política, en directo")
    live2 = old("live", "Directo: " + h.next())
    p.add(
        '<div class="breaking">',
        p.a(live1[0], "EN DIRECTO | " + live1[1], "live"),
        p.a(live2[0], live2[1], "live"),
        "</div>",
    )
    top = any_story()
    cards = [
        card(
            p,
            *top,
            tag="h1",
            image="also",
            byline=autor(rng.choice(T.PEOPLE_ES)),
            extra=share_bar(p, top[0], top[1])
            + p.a(top[0] + "#comentarios", f"{rng.randint(5, 900)} comentarios", "news"),
        )
    ]
    for _ in range(rng.randint(12, 16)):
        tg = rng.choice(T.TAGS_ES)
        cards.append(
            card(
                p,
                *any_story(),
                image=rng.choice(["", "also", "only"]),
                kicker=(f"/minuteca/{slug(tg)}/", tg, "tag") if rng.random() < 0.4 else None,
            )
        )
    p.add(block("Portada", cards))
    # sport: match reports, a live match, table and calendar
    a, b = rng.sample(T.EQUIPOS, 2)
    sp = [card(p, *new("deportes")) for _ in range(4)]
    sp.append(card(p, *new("deportes", "live", f"{a} - {b}, en directo: LaLiga EA Sports")))
    sp += [
        p.a("/deportes/clasificacion/primera-division/", "Clasificación", "data"),
        p.a("/deportes/calendario/primera-division/", "Calendario", "data"),
        p.a(f"/minuteca/{slug(a)}/", a, "tag"),
    ]
    p.add(block("Deportes", sp))
    # opinion and blogs (blogs live on another host)
    ops = [
        card(p, *new("opinion", "opinion"), byline=autor(w))
        for w in rng.sample(K.PEOPLE_ES_MORE, 3)
    ]
    ops.append(
        card(
            p,
            f"https://blogs.20minutos.es/{slug(h.next(), 4)}/{K.padded(rng)}/{slug(h.next(), 8)}/",
            "Blog",
            "other",
        )
    )
    p.add(block("Opinión", ops))
    # cinemanía: news and reviews (criticas) with new-style ids
    p.add(
        block(
            "Cinemanía",
            [
                card(p, *new("cinemania/noticias")),
                card(p, *new("cinemania/criticas", "review", "Crítica de " + h.next().lower())),
                card(p, *new("cinemania/series", "news")),
                p.a("/cinemania/estrenos/", "Estrenos de la semana", "section"),
                p.a("/cinemania/cartelera/", "Cartelera", "service"),
            ],
        )
    )
    # galleries and videos with the same ids, in both URL generations
    mm = [
        card(p, *old("gallery", "Las mejores imágenes del día", "galeria"), image="only"),
        card(p, *new("fotos/actualidad", "gallery", "FOTOS | " + h.next()), image="only"),
        card(p, *old("video", h.next(), "videos/nacional"), image="only"),
        card(p, *new("videos/internacional", "video"), image="also"),
    ]
    p.add(block("Fotos y vídeos", mm))
    # local editions
    for city in rng.sample(CITIES, 2):
        loc = [card(p, *new(city), tag="h3") for _ in range(3)] + [
            p.a(f"/{city}/", f"Más de {city.title()}", "section")
        ]
        p.add(block(city.title(), loc))
    # services in article shape: a horoscope and a 'calculadora' page, plus a guide (an article)
    p.add(
        block(
            "Servicios",
            [
                card(p, *new("horoscopo", "service", "Horóscopo de hoy, 4 de diciembre de 2026")),
                card(
                    p,
                    *new(
                        "loterias",
                        "data",
                        "Comprobar Bonoloto: resultados del jueves 4 de diciembre",
                    ),
                ),
                card(
                    p,
                    *new(
                        "economia",
                        "news",
                        "Cómo calcular la pensión de jubilación en 2027: guía paso a paso",
                    ),
                ),
                card(
                    p,
                    "/eltiempo/prediccion-municipio/madrid-28079/",
                    "El tiempo en Madrid",
                    "service",
                ),
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(any_story()[0] + "?utm_source=whatsapp&utm_medium=social", h.next(), "news"),
        p.a(any_story()[0].replace("https://www.", "https://"), h.next(), "news"),
        p.a(any_story()[0].replace(base, ""), h.next(), "news"),
        p.a(any_story()[0].replace("https:", ""), h.next(), "news"),
        p.a(any_story()[0] + "?origen=relacionadas", h.next(), "news"),
    ]
    p.add('<aside class="mas-leidas"><h3>Lo más leído</h3>', ul(most), "</aside>")
    p.add(
        '<div class="temas">',
        ul([p.a(f"/minuteca/{slug(t)}/", t, "tag") for t in T.TAGS_ES[:8]]),
        p.a("/ultima-hora/2/", "Más noticias", "pagination"),
        "</div>",
    )
    foot = [
        p.a("/aviso-legal/", "Aviso legal", "legal"),
        p.a("/privacidad/", "Política de privacidad", "legal"),
        p.a("/cookies/", "Política de cookies", "legal"),
        p.a("/quienes-somos/", "Quiénes somos", "service"),
        p.a("/contacto/", "Contacto", "service"),
        p.a("/mapa-web/", "Mapa web", "service"),
        p.a("/rss/", "RSS", "service"),
        p.a("/apps/", "Apps", "service"),
        p.a("/empleo/ofertas-de-trabajo/", "Ofertas de empleo", "service"),
        p.a("/publicidad/", "Publicidad", "service"),
        p.a("/edicion-impresa/", "Edición impresa (PDF)", "archive"),
        p.a(
            "https://www.20minutos.es/uploads/files/2026/12/04/pdf_madrid.pdf",
            "Portada PDF Madrid",
            "file",
        ),
        p.a("https://www.henneo.com/", "Henneo", "other"),
        p.a("https://www.heraldo.es/", "Heraldo", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "20m"), "</footer>")
    return p
