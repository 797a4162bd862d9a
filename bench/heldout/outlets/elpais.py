# ruff: noqa: E501
"""El País: /<section>/YYYY-MM-DD/slug.html, /noticias/<tag>/, /autor/<name>/, dated /videos/ and
/podcasts/, `fotos-` galleries, cincodias.elpais.com as another outlet.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, block, card, day, legal_es, slug
from bench.heldout._page import Page, share_bar, social, ul

ELPAIS_MENU = {
    "espana": [slug(r) for r in T.REGIONS_ES],
    "internacional": ["europa", "america", "asia", "oriente-proximo", "africa", "estados-unidos"],
    "economia": [
        "mercados",
        "vivienda",
        "empleo",
        "energia",
        "mis-finanzas",
        "empresas",
        "negocios",
    ],
    "sociedad": ["educacion", "salud", "igualdad", "religion", "seguridad"],
    "cultura": ["cine", "libros", "musica", "arte", "teatro", "danza", "series", "arquitectura"],
    "deportes": [
        "futbol",
        "baloncesto",
        "tenis",
        "formula-1",
        "motociclismo",
        "ciclismo",
        "golf",
        "atletismo",
    ],
    "ciencia": ["astronomia", "biologia", "medio-ambiente", "matematicas"],
    "tecnologia": ["inteligencia-artificial", "videojuegos", "redes-sociales", "ciberseguridad"],
    "opinion": ["editoriales", "tribunas", "columnas", "vinetas", "cartas-al-director"],
    "gente": [],
    "television": [],
    "eps": [],
    "babelia": [],
    "icon": [],
    "smoda": [],
    "elviajero": [],
    "gastronomia": [],
    "planeta-futuro": [],
    "clima-y-medio-ambiente": [],
}


def elpais(rng: random.Random) -> Page:
    p = Page("El País", "elpais.com", "es", "EL PAÍS: el periódico global", rng)
    h = Pool(T.ES, rng)
    base = "https://elpais.com"

    def art(
        sec: str, kind: str = "news", title: str | None = None, prefix: str = ""
    ) -> tuple[str, str, str]:
        t = title or h.next()
        return f"{base}/{sec}/{day(rng)}/{prefix}{slug(t)}.html", t, kind

    p.add(legal_es(p, f"{base}/info/"))
    # header: editions, login, subscription, a breaking live blog inside the nav
    live = art("espana", "live", "Última hora de la dana en Valencia, en directo", "directo-")
    p.add(
        '<header class="_df"><nav class="ed">',
        ul(
            [
                p.a(f"{base}/", "España", "home"),
                p.a(f"{base}/america/", "América", "section"),
                p.a(f"{base}/mexico/", "México", "section"),
                p.a(f"{base}/america-colombia/", "Colombia", "section"),
                p.a(f"{base}/chile/", "Chile", "section"),
                p.a(f"{base}/argentina/", "Argentina", "section"),
                p.a(f"{base}/us/es/", "US Español", "section"),
                p.a(f"{base}/us/", "US English", "section"),
                p.a("https://brasil.elpais.com/", "Brasil", "other"),
                p.a("https://catalan.elpais.com/", "Catalunya", "other"),
            ]
        ),
        p.a(f"{base}/suscripciones/#/campaign", "SUSCRÍBETE", "subscription"),
        p.a(
            "https://elpais.com/subscriptions/#/sign-in#?prm=signwall_login_elpais_header",
            "Iniciar sesión",
            "login",
        ),
        p.a(f"{base}/buscador/", "Buscar", "search"),
        '</nav><div class="_bn">',
        p.a(live[0], "Directo | " + live[1], live[2]),
        "</div>",
    )
    menu = []
    for sec, subs in ELPAIS_MENU.items():
        sub = (
            ul([p.a(f"{base}/{sec}/{s}/", s.replace("-", " ").title(), "section") for s in subs])
            if subs
            else ""
        )
        menu.append(p.a(f"{base}/{sec}/", sec.replace("-", " ").title(), "section") + sub)
    menu += [
        p.a(f"{base}/ultimas-noticias/", "Últimas noticias", "section"),
        p.a(f"{base}/hemeroteca/", "Hemeroteca", "archive"),
        p.a(f"{base}/hemeroteca/2026-12-03/", "Edición de ayer", "archive"),
        p.a(f"{base}/newsletters/", "Newsletters", "newsletter"),
        p.a(f"{base}/podcasts/", "Podcasts", "podcast"),
        p.a(f"{base}/videos/", "Vídeos", "video"),
        p.a(f"{base}/juegos/crucigramas/", "Crucigramas", "service"),
        p.a(f"{base}/escaparate/", "Escaparate", "section"),
        p.a("https://cincodias.elpais.com/", "Cinco Días", "other"),
    ]
    p.add('<nav id="sm" class="sm _dn" aria-label="Secciones">', ul(menu), "</nav></header><main>")
    # opening: big story, live blog, then section blocks
    top = art("espana")
    p.add(
        block(
            "Portada",
            [
                card(
                    p,
                    *top,
                    tag="h1",
                    image="also",
                    byline=(f"{base}/autor/{slug(T.PEOPLE_ES[0])}/", T.PEOPLE_ES[0]),
                    summary="El texto sale adelante con el apoyo de los socios.",
                    extra=share_bar(p, top[0], top[1]),
                ),
                card(p, *live, kicker=(f"{base}/noticias/dana-valencia/", "Dana Valencia", "tag")),
                card(
                    p,
                    *art("espana"),
                    byline=(f"{base}/autor/{slug(T.PEOPLE_ES[1])}/", T.PEOPLE_ES[1]),
                    extra='<a href="' + top[0] + '#comentarios" class="c_cm">34</a>',
                ),
            ],
        )
    )
    for sec, label in (
        ("espana", "España"),
        ("internacional", "Internacional"),
        ("economia", "Economía"),
        ("sociedad", "Sociedad"),
        ("cultura", "Cultura"),
        ("deportes", "Deportes"),
    ):
        cards = []
        for i in range(rng.randint(5, 8)):
            a = art(sec if i % 3 else f"{sec}/{rng.choice(ELPAIS_MENU[sec])}")
            who = rng.choice(T.PEOPLE_ES)
            cards.append(
                card(
                    p,
                    *a,
                    image=rng.choice(["", "also", "only"]),
                    byline=(f"{base}/autor/{slug(who)}/", who) if rng.random() < 0.6 else None,
                )
            )
        if sec == "cultura":
            g = art("cultura", "gallery", "Fotos: las imágenes de la gala de los Goya", "fotos-")
            cards.append(card(p, *g, image="only"))
            cards.append(
                card(
                    p,
                    *art(
                        "cultura",
                        "review",
                        "Crítica: la nueva ópera del Real, una apuesta arriesgada que convence",
                    ),
                )
            )
        if sec == "economia":
            cards.append(
                card(
                    p,
                    f"https://cincodias.elpais.com/mercados-financieros/{day(rng)}/{slug(h.next())}.html",
                    "Cinco Días: " + h.next(),
                    "other",
                )
            )
            cards.append(
                card(
                    p,
                    f"{base}/economia/{day(rng)}/{slug(h.next())}.html?outputType=amp",
                    h.next(),
                    "news",
                )
            )
        cards.append(p.a(f"{base}/{sec}/", f"Más noticias de {label}", "section"))
        p.add(block(label, cards))
    # opinion with editorials and tribunes (articles)
    ops = [
        card(
            p,
            *art("opinion", "opinion", "Editorial: " + h.next(), "editorial-"),
            kicker=(f"{base}/opinion/editoriales/", "Editorial", "section"),
        )
    ]
    for who in rng.sample(T.PEOPLE_ES, 4):
        ops.append(card(p, *art("opinion", "opinion"), byline=(f"{base}/autor/{slug(who)}/", who)))
    ops.append(p.a(f"{base}/opinion/vinetas/", "Viñetas", "section"))
    p.add(block("Opinión", ops))
    # multimedia block: videos, podcasts, galleries (not articles) with dated paths
    mm = [
        card(
            p,
            f"{base}/videos/{day(rng)}/{slug(h.next())}.html",
            "Vídeo: " + h.next(),
            "video",
            image="only",
        ),
        card(p, f"{base}/videos/{day(rng)}/{slug(h.next())}.html", h.next(), "video", image="also"),
        card(
            p,
            f"{base}/podcasts/hoy-en-el-pais/{day(rng)}/{slug(h.next())}.html",
            "Hoy en EL PAÍS | " + h.next(),
            "podcast",
        ),
        card(p, f"{base}/podcasts/hoy-en-el-pais/", "Todos los episodios", "podcast"),
        card(
            p,
            *art("internacional", "gallery", "Fotos: la guerra de Ucrania en imágenes", "fotos-"),
            image="only",
        ),
    ]
    p.add(block("Vídeo y audio", mm))
    # English edition and EPS features
    p.add(
        block(
            "English edition",
            [
                card(p, f"{base}/us/{day(rng)}/{slug(t)}.html", t, "news")
                for t in rng.sample(T.EN, 4)
            ],
        )
    )
    p.add(
        block(
            "EPS",
            [
                card(p, *art("eps", "feature"), image="also"),
                card(
                    p,
                    *art(
                        "eps",
                        "interview",
                        "Entrevista con la ministra de Hacienda: «No habrá subida del IVA»",
                    ),
                ),
            ],
        )
    )
    # shopping: product reviews are articles; the shop index is not
    p.add(
        block(
            "Escaparate",
            [
                card(
                    p,
                    *art(
                        "escaparate",
                        "review",
                        "Los mejores purificadores de aire de 2026, analizados",
                    ),
                ),
                p.a(f"{base}/escaparate/", "Escaparate", "section"),
            ],
        )
    )
    p.add("</main>")
    # most read aside with articles (tracking ?rel=lom on some), tags strip
    most = [p.a(art("espana")[0] + "?rel=lom", h.next(), "news") for _ in range(3)]
    most += [
        p.a(f"//elpais.com/internacional/{day(rng)}/{slug(t := h.next())}.html", t, "news")
        for _ in range(2)
    ]
    most += [
        p.a(
            f"internacional/{day(rng)}/{slug(t := h.next())}.html?utm_source=web&utm_medium=mas_leidas",
            t,
            "news",
        )
    ]
    p.add('<aside class="lo_mas"><h3>Lo más visto</h3>', ul(most), "</aside>")
    p.add(
        '<div class="tags">',
        ul(
            [p.a(f"{base}/noticias/{slug(t)}/", t, "tag") for t in T.TAGS_ES]
            + [
                p.a(f"{base}/noticias/elecciones-generales-de-espana-2027/", "Elecciones", "tag"),
                p.a(f"{base}/noticias/guerra-de-rusia-en-ucrania/", "Guerra en Ucrania", "tag"),
                p.a(
                    f"{base}/autor/maria-antonia-sanchez-vallejo/",
                    "M. A. Sánchez-Vallejo",
                    "author",
                ),
            ]
        ),
        "</div>",
    )
    p.add(
        '<section class="nl">',
        p.a(f"{base}/newsletters/boletin-de-la-manana/", "Apúntate al boletín", "newsletter"),
        p.a(f"{base}/newsletters/?prm=nl_home", "Todas las newsletters", "newsletter"),
        "</section>",
    )
    # mega footer
    foot = [
        p.a(f"{base}/info/aviso-legal/", "Aviso legal", "legal"),
        p.a(f"{base}/info/politica-de-cookies/", "Política cookies", "legal"),
        p.a(f"{base}/info/politica-de-privacidad/", "Privacidad", "legal"),
        p.a(f"{base}/estaticos/contacte/", "Contacto", "service"),
        p.a(f"{base}/estaticos/mapa-web/", "Mapa web", "service"),
        p.a(f"{base}/estaticos/libro-de-estilo/", "Libro de estilo", "service"),
        p.a(f"{base}/info/rss/", "RSS", "service"),
        p.a(f"{base}/suscripciones/", "Suscripciones", "subscription"),
        p.a(f"{base}/suscripciones/regalo/", "Regala EL PAÍS", "subscription"),
        p.a("https://elpais.com/estaticos/pdf/codigo-etico.pdf", "Código ético (PDF)", "file"),
        p.a("mailto:lectores@elpais.es", "lectores@elpais.es", "mailto"),
        p.a("https://www.prisa.com/", "PRISA", "other"),
        p.a("https://as.com/", "AS", "other"),
        p.a("https://cadenaser.com/", "Cadena SER", "other"),
        p.a("https://los40.com/", "LOS40", "other"),
        p.a("https://cincodias.elpais.com/", "Cinco Días", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "el_pais"), "</footer>")
    return p
