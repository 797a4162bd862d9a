# ruff: noqa: E501
"""El Mundo: /<section>/YYYY/MM/DD/<24 hex>.html, sections as /<name>.html, /e/xx/<topic>.html,
dated /videos/ and /album/.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, block, card, day, hexid, legal_es, slug
from bench.heldout._page import Page, social, ul

ELMUNDO_MENU = {
    "espana": [slug(r) for r in T.REGIONS_ES[:12]],
    "internacional": ["europa", "estados-unidos", "america", "oriente-proximo", "asia"],
    "economia": [
        "vivienda",
        "empresas",
        "macroeconomia",
        "actualidad-economica",
        "ahorro-y-consumo",
    ],
    "deportes": [
        "futbol/primera-division",
        "futbol/champions-league",
        "baloncesto",
        "tenis",
        "motor",
    ],
    "cultura": ["cine", "libros", "musica", "teatro", "toros"],
    "ciencia-y-salud": ["salud", "ciencia"],
    "tecnologia": ["gadgets", "videojuegos"],
    "madrid": [],
    "cataluna": [],
    "andalucia": [],
    "comunidad-valenciana": [],
    "baleares": [],
    "loc": ["famosos", "casas-reales"],
    "yodona": [],
    "papel": ["lideres", "cultura", "historias"],
}


def elmundo(rng: random.Random) -> Page:
    p = Page(
        "El Mundo",
        "www.elmundo.es",
        "es",
        "EL MUNDO - Diario online líder de información en español",
        rng,
    )
    h = Pool(T.ES, rng)
    base = "https://www.elmundo.es"

    def art(sec: str, kind: str = "news") -> tuple[str, str, str]:
        return f"{base}/{sec}/{day(rng, '/')}/{hexid(rng)}.html", h.next(), kind

    p.add(legal_es(p, f"{base}/"))
    menu = []
    for sec, subs in ELMUNDO_MENU.items():
        menu.append(
            p.a(f"{base}/{sec}.html", sec.replace("-", " ").title(), "section")
            + ul([p.a(f"{base}/{sec}/{s}.html", s.split("/")[-1].title(), "section") for s in subs])
        )
    menu += [
        p.a(f"{base}/opinion.html", "Opinión", "section"),
        p.a(f"{base}/ultimas-noticias.html", "Últimas noticias", "section"),
        p.a(f"{base}/videos.html", "Vídeos", "video"),
        p.a(f"{base}/podcasts.html", "Podcasts", "podcast"),
        p.a(f"{base}/album.html", "Fotos", "gallery"),
        p.a(f"{base}/hemeroteca/", "Hemeroteca", "archive"),
        p.a(f"{base}/servicios/newsletters.html", "Newsletters", "newsletter"),
        p.a(f"{base}/tiempo.html", "El tiempo", "service"),
        p.a(f"{base}/loteria-de-navidad.html", "Lotería de Navidad", "service"),
        p.a(f"{base}/crucigramas.html", "Crucigramas", "service"),
    ]
    p.add(
        '<header><div class="ue-c-main-header">',
        p.a(f"{base}/", "EL MUNDO", "home", img="EL MUNDO"),
        p.a(
            "https://www.elmundo.es/suscripciones/premium.html?intcmp=BOTONSUSCRIPCION",
            "Suscríbete",
            "subscription",
        ),
        p.a("https://seguro.elmundo.es/registro/login.html", "Iniciar sesión", "other"),
        p.a(f"{base}/buscador.html", "Buscar", "search"),
        '</div><nav class="ue-c-main-navigation">',
        ul(menu),
        "</nav></header><main>",
    )
    # Opening and blocks; image-only teasers are common on El Mundo
    for sec, title, n in (
        ("espana", "España", 8),
        ("internacional", "Internacional", 6),
        ("economia", "Economía", 6),
        ("deportes", "Deportes", 6),
        ("cultura", "Cultura", 4),
        ("madrid", "Madrid", 4),
    ):
        cards = []
        for _ in range(n):
            a = art(
                sec
                if rng.random() < 0.7
                else f"{sec}/{rng.choice(ELMUNDO_MENU[sec] or ['noticias'])}"
            )
            who = rng.choice(T.PEOPLE_ES)
            cards.append(
                card(
                    p,
                    *a,
                    image=rng.choice(["", "also", "only", "only"]),
                    kicker=(f"{base}/{sec}.html", title, "section") if rng.random() < 0.3 else None,
                    byline=(f"{base}/autor/{slug(who)}.html", who) if rng.random() < 0.4 else None,
                )
            )
        if sec == "espana":
            cards.append(
                card(
                    p,
                    f"{base}/espana/{day(rng, '/')}/{hexid(rng)}.html",
                    "Directo | " + h.next(),
                    "live",
                )
            )
            cards.append(
                card(
                    p,
                    f"{base}/videos/espana/{day(rng, '/')}/{hexid(rng)}.html",
                    "Vídeo | " + h.next(),
                    "video",
                    image="only",
                )
            )
        if sec == "internacional":
            cards.append(
                card(
                    p,
                    f"{base}/album/internacional/{day(rng, '/')}/{hexid(rng)}.html",
                    "Las imágenes de la semana",
                    "gallery",
                    image="only",
                )
            )
        p.add(block(title, cards))
    ops = [
        card(p, *art("opinion", "opinion"), byline=(f"{base}/autor/{slug(w)}.html", w))
        for w in rng.sample(T.PEOPLE_ES, 5)
    ]
    ops.append(
        card(
            p,
            f"{base}/opinion/editorial/{day(rng, '/')}/{hexid(rng)}.html",
            "Editorial: " + h.next(),
            "opinion",
        )
    )
    p.add(block("Opinión", ops))
    p.add(
        block(
            "Papel",
            [
                card(p, *art("papel/lideres", "interview")),
                card(p, *art("papel/historias", "feature"), image="also"),
            ],
        )
    )
    p.add(
        block(
            "Podcast",
            [
                card(
                    p,
                    f"{base}/podcasts/mas-de-uno/{day(rng, '/')}/{hexid(rng)}.html",
                    "Podcast | " + h.next(),
                    "podcast",
                )
            ],
        )
    )
    p.add("</main>")
    # trending tags (El Mundo topics live under /e/xx/), most read via the m. host
    tags = [p.a(f"{base}/e/{slug(t)[:2]}/{slug(t)}.html", t, "tag") for t in T.TAGS_ES[:10]]
    p.add('<div class="ue-c-trending">', ul(tags), "</div>")
    most = [
        p.a(
            f"https://m.elmundo.es/espana/{day(rng, '/')}/{hexid(rng)}.html?intcmp=MASLEIDOS",
            h.next(),
            "news",
        )
        for _ in range(3)
    ]
    most += [
        p.a(
            f"/internacional/{day(rng, '/')}/{hexid(rng)}.html?utm_source=portada&utm_medium=widget",
            h.next(),
            "news",
        )
        for _ in range(2)
    ]
    p.add('<aside class="ue-c-most-read"><h3>Lo más leído</h3>', ul(most, "ue-l-list"), "</aside>")
    p.add(
        '<aside class="ue-c-other">',
        ul(
            [
                p.a(
                    "https://www.marca.com/futbol/real-madrid/2026/12/04/6750a1b2e2704e2b8c8b45a1.html",
                    "Marca: " + h.next(),
                    "other",
                ),
                p.a(
                    "https://www.expansion.com/mercados/2026/12/04/6750a1b2e5fdea5a6b8b45a2.html",
                    "Expansión: " + h.next(),
                    "other",
                ),
                p.a("https://www.telva.com/", "Telva", "other"),
            ]
        ),
        "</aside>",
    )
    foot = [
        p.a(f"{base}/aviso-legal.html", "Aviso legal", "legal"),
        p.a(f"{base}/cookies.html", "Cookies", "legal"),
        p.a(f"{base}/privacidad.html", "Privacidad", "legal"),
        p.a(f"{base}/mapa-web.html", "Mapa web", "service"),
        p.a(f"{base}/servicios/contacto.html", "Contacto", "service"),
        p.a(f"{base}/rss/index.html", "RSS", "service"),
        p.a(f"{base}/kiosko.html", "Kiosko", "service"),
        p.a(f"{base}/suscripciones/", "Suscripciones", "subscription"),
        p.a("https://www.unidadeditorial.es/", "Unidad Editorial", "other"),
        p.a("tel:+34914435000", "914 435 000", "tel"),
    ]
    p.add("<footer>", ul(foot), social(p, "elmundoes"), "</footer>")
    return p
