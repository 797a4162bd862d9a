# ruff: noqa: E501
"""La Vanguardia: /<section>[/<sub>]/YYYYMMDD/<8-digit id>/slug.html for stories, live blogs
('-directo' slugs), /participacion/ reader pages, and /videos/ and /fotos/ media in the same shape;
/autores/<name>.html, /temas/<tag>, /encatala/ edition, services (tiempo, horóscopo, loterías).
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import block, card, legal_es, slug
from bench.heldout._page import Page, share_bar, social, ul
from bench.heldout.outlets_fresh import _kit as K

SECS = {
    "internacional": ["europa", "america", "oriente-proximo"],
    "politica": [],
    "economia": ["bolsa", "vivienda", "trabajo", "emprendedores"],
    "local": ["barcelona", "girona", "tarragona", "lleida", "madrid", "valencia", "sevilla"],
    "opinion": [],
    "deportes": ["futbol", "fc-barcelona", "motor", "baloncesto", "tenis"],
    "vida": ["salud", "medio-ambiente", "ciencia", "educacion"],
    "cultura": ["libros", "musica", "cine", "escenarios"],
    "gente": [],
    "tecnologia": [],
    "vivo": [],
    "comer": ["recetas", "materia-prima"],
    "motor": [],
    "magazine": [],
}


def lavanguardia(rng: random.Random) -> Page:
    p = Page(
        "La Vanguardia",
        "www.lavanguardia.com",
        "es",
        "La Vanguardia | Noticias de Barcelona, Cataluña, España e internacionales",
        rng,
    )
    h = K.es(rng)
    base = "https://www.lavanguardia.com"

    def art(
        sec: str, kind: str = "news", title: str | None = None, suffix: str = ""
    ) -> tuple[str, str, str]:
        t = title or h.next()
        return (
            f"{base}/{sec}/{K.compact(rng)}/{rng.randint(10000000, 11999999)}/{slug(t, 11)}{suffix}.html",
            t,
            kind,
        )

    def autor(name: str) -> tuple[str, str]:
        return f"{base}/autores/{slug(name)}.html", name

    p.add(legal_es(p, f"{base}/"))
    menu = []
    for sec, subs in SECS.items():
        menu.append(
            p.a(f"/{sec}", sec.title(), "section")
            + (
                ul([p.a(f"/{sec}/{s}", s.replace("-", " ").title(), "section") for s in subs])
                if subs
                else ""
            )
        )
    menu += [
        p.a("/participacion", "Participación", "section"),
        p.a("/participacion/cartas", "Cartas de los lectores", "section"),
        p.a("/videos", "Vídeos", "video"),
        p.a("/podcasts", "Podcasts", "podcast"),
        p.a("/hemeroteca", "Hemeroteca", "archive"),
        p.a("https://hemeroteca.lavanguardia.com/", "Hemeroteca histórica", "other"),
        p.a("/encatala", "En català", "home"),
        p.a("/servicios/tiempo", "El tiempo", "service"),
        p.a("/horoscopo", "Horóscopo", "service"),
        p.a("/loterias", "Loterías", "service"),
        p.a("/juegos", "Juegos", "service"),
        p.a("/programacion-tv", "Programación TV", "service"),
        p.a("/newsletters", "Newsletters", "newsletter"),
        p.a("/cartelera", "Cartelera", "service"),
    ]
    p.add(
        '<header class="header">',
        p.a("/", "La Vanguardia", "home", img="La Vanguardia"),
        p.a("/suscripcion?origen=header", "Suscríbete", "subscription"),
        p.a("/registro?origen=header", "Regístrate", "login"),
        p.a("/acceso", "Iniciar sesión", "login"),
        p.a("/buscador?q=", "Buscar", "search"),
        '<nav class="nav-menu">',
        ul(menu),
        "</nav></header><main>",
    )
    # opening: live blog + main story + related list
    live = art("internacional", "live", "Guerra en Ucrania, última hora en directo", "-directo")
    top = art("politica")
    rel = ul([p.a(art("politica")[0], h.next(), "news") for _ in range(2)])
    p.add(
        block(
            "Apertura",
            [
                card(
                    p,
                    *live,
                    tag="h2",
                    kicker=("/temas/guerra-ucrania", "Guerra en Ucrania", "tag"),
                    extra='<span class="live">DIRECTO</span>',
                ),
                card(
                    p,
                    *top,
                    tag="h1",
                    image="also",
                    byline=autor(rng.choice(K.PEOPLE_ES_MORE)),
                    extra=rel + share_bar(p, top[0], top[1]),
                ),
            ],
        )
    )
    for sec in (
        "politica",
        "internacional",
        "local/barcelona",
        "economia",
        "deportes",
        "vida",
        "cultura",
    ):
        cards = []
        for _ in range(rng.randint(4, 6)):
            top_sec = sec.split("/")[0]
            where = (
                sec
                if "/" in sec or not SECS[top_sec] or rng.random() < 0.5
                else f"{sec}/{rng.choice(SECS[top_sec])}"
            )
            who = rng.choice(K.PEOPLE_ES_MORE + T.PEOPLE_ES)
            cards.append(
                card(
                    p,
                    *art(where),
                    image=rng.choice(["", "also", "only"]),
                    byline=autor(who) if rng.random() < 0.5 else None,
                )
            )
        if sec == "deportes":
            a, b = rng.sample(T.EQUIPOS, 2)
            cards.append(
                card(
                    p, *art("deportes/futbol", "live", f"{a} - {b}, en directo", "-directo-partido")
                )
            )
            cards.append(
                p.a("/deportes/resultados/futbol/laliga/clasificacion", "Clasificación", "data")
            )
        if sec == "cultura":
            cards.append(card(p, *art("cultura/cine", "review", "Crítica de cine: " + h.next())))
        cards.append(p.a(f"/{sec}", "Ver más", "section"))
        p.add(block(sec.split("/")[-1].title(), cards))
    # opinion: columnists and an editorial
    ops = [
        card(p, *art("opinion", "opinion"), byline=autor(w))
        for w in rng.sample(K.PEOPLE_ES_MORE, 4)
    ]
    ops.append(
        card(
            p,
            *art("opinion", "opinion", "Editorial: " + h.next()),
            kicker=("/opinion/editoriales", "Editorial", "section"),
        )
    )
    p.add(block("Opinión", ops))
    # reader participation: letters (opinion) and reader photos (a gallery) in article shape
    p.add(
        block(
            "Participación",
            [
                card(p, *art("participacion/cartas", "opinion", "Carta: " + h.next())),
                card(
                    p,
                    *art(
                        "participacion/las-fotos-de-los-lectores",
                        "gallery",
                        "Las fotos de los lectores: " + h.next(),
                    ),
                    image="only",
                ),
                card(p, "/participacion/debates", "Debates de los lectores", "section"),
            ],
        )
    )
    # media in article shape
    mm = [
        card(p, *art("videos", "video"), image="only"),
        card(p, *art("videos", "video", "Vídeo | " + h.next()), image="also"),
        card(p, *art("fotos", "gallery", "Las imágenes del día"), image="only"),
        card(p, *art("local/barcelona", "gallery", "Fotos | " + h.next(), "-fotos"), image="only"),
        card(p, *art("podcasts", "podcast", "Podcast | " + h.next())),
    ]
    p.add(block("Multimedia", mm))
    # lifestyle: a recipe (readable piece), a horoscope in article shape, a lottery results page
    p.add(
        block(
            "Vivo y Comer",
            [
                card(p, *art("vivo", "feature"), image="also"),
                card(p, *art("comer/recetas", "feature", "Receta de crema de calabaza asada")),
                card(p, *art("horoscopo", "service", "Horóscopo de hoy, 4 de diciembre")),
                card(
                    p,
                    *art(
                        "loterias/loteria-navidad",
                        "data",
                        "Comprobar Lotería de Navidad 2026: resultados",
                    ),
                ),
                card(p, *art("tecnologia", "news"), image="also"),
                card(p, *art("gente", "news"), image="also"),
            ],
        )
    )
    p.add(
        block(
            "En català",
            [
                card(
                    p,
                    f"{base}/encatala/{K.compact(rng)}/{rng.randint(10000000, 11999999)}/{slug(h.next(), 9)}.html",
                    "El Govern aprova el pressupost",
                    "news",
                )
                for _ in range(2)
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(
            art("politica")[0] + "?utm_source=twitter&utm_medium=social&utm_campaign=lv",
            h.next(),
            "news",
        ),
        p.a(art("internacional")[0].replace("https://www.", "https://"), h.next(), "news"),
        p.a(art("local/barcelona")[0].replace(base, ""), h.next(), "news"),
        p.a(art("economia")[0].replace("https:", ""), h.next(), "news"),
        p.a(art("vida")[0] + "#comentarios", h.next(), "news"),
    ]
    p.add('<aside class="lo-mas-leido"><h3>Lo más leído</h3>', ul(most), "</aside>")
    p.add(
        '<div class="temas">',
        ul(
            [p.a(f"/temas/{slug(t)}", t, "tag") for t in T.TAGS_ES[:10]]
            + [p.a("/politica/elecciones", "Elecciones", "section")]
        ),
        "</div>",
    )
    p.add(
        '<div class="paginacion">',
        p.a("/ultimas-noticias?page=2", "Más noticias", "pagination"),
        p.a("/ultimas-noticias", "Últimas noticias", "section"),
        "</div>",
    )
    foot = [
        p.a("/aviso-legal", "Aviso legal", "legal"),
        p.a("/politica-de-privacidad", "Política de privacidad", "legal"),
        p.a("/politica-de-cookies", "Política de cookies", "legal"),
        p.a("/contacto", "Contacto", "service"),
        p.a("/quienes-somos", "Quiénes somos", "service"),
        p.a("/normas-de-participacion", "Normas de participación", "legal"),
        p.a("/rss", "RSS", "service"),
        p.a("/mapa-web", "Mapa web", "service"),
        p.a("/publicidad", "Publicidad", "service"),
        p.a("/tienda", "Tienda", "shop"),
        p.a("/club-vanguardia", "Club Vanguardia", "subscription"),
        p.a("/edicion-impresa", "Edición impresa", "archive"),
        p.a("https://www.godo.es/", "Grupo Godó", "other"),
        p.a("https://www.mundodeportivo.com/", "Mundo Deportivo", "other"),
        p.a("https://www.rac1.cat/", "RAC1", "other"),
        p.a("/files/content/2026/12/04/condiciones-club.pdf", "Condiciones (PDF)", "file"),
    ]
    p.add("<footer>", ul(foot), social(p, "LaVanguardia"), "</footer>")
    return p
