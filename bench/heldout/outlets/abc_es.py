"""ABC: /<section>/slug-YYYYMMDDhhmmss-nt.html (-vi video, -fo gallery, -di live), /temas/,
numbered /autor/.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, alnum, block, card, day, legal_es, slug
from bench.heldout._page import Page, social, ul


def abc_es(rng: random.Random) -> Page:
    p = Page("ABC", "www.abc.es", "es", "ABC - Noticias de actualidad en España y el mundo", rng)
    h = Pool(T.ES, rng)
    base = "https://www.abc.es"

    def art(sec: str, kind: str = "news", suffix: str = "nt") -> tuple[str, str, str]:
        t = h.next()
        stamp = (
            day(rng, "")
            + f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"
        )
        return f"{base}/{sec}/{slug(t, 10)}-{stamp}-{suffix}.html", t, kind

    secs = {
        "espana": [
            "madrid",
            "andalucia",
            "cataluna",
            "comunidad-valenciana",
            "castilla-leon",
            "galicia",
            "toledo",
        ],
        "internacional": [],
        "economia": ["bolsa", "vivienda", "empleo"],
        "sociedad": ["salud", "educacion"],
        "cultura": ["libros", "cine", "arte", "musica", "teatro"],
        "deportes": ["futbol", "real-madrid", "atletico-madrid", "baloncesto"],
        "opinion": [],
        "gente": [],
        "tecnologia": [],
        "ciencia": [],
        "historia": [],
        "summum": [],
        "xlsemanal": [],
        "bienestar": [],
    }
    menu = [
        p.a(f"{base}/{s}/", s.title(), "section")
        + ul([p.a(f"{base}/{s}/{x}/", x.title(), "section") for x in subs])
        for s, subs in secs.items()
    ]
    menu += [
        p.a(f"{base}/ultimas-noticias/", "Últimas noticias", "section"),
        p.a(f"{base}/archivo/", "Hemeroteca", "archive"),
        p.a(f"{base}/play/", "ABC Play", "video"),
        p.a(f"{base}/podcasts/", "Podcasts", "podcast"),
        p.a("https://www.abc.es/suscripcion/?ref=menu", "Suscríbete", "subscription"),
        p.a(f"{base}/newsletters/", "Newsletters", "newsletter"),
    ]
    p.add(
        '<header class="voc-header">',
        p.a(f"{base}/", "ABC", "home", img="ABC"),
        p.a("https://www.abc.es/usuarios/acceso/", "Iniciar sesión", "login"),
        '<nav class="voc-nav">',
        ul(menu),
        "</nav>",
    )
    # the trending bar in the header: topics plus one live blog (an article)
    live = art("espana", "live", "di")
    p.add(
        '<nav class="voc-trending">',
        ul(
            [p.a(live[0], "Directo: " + live[1], "live")]
            + [p.a(f"{base}/temas/{slug(t)}/", t, "tag") for t in T.TAGS_ES[:6]]
        ),
        "</nav></header>",
    )
    p.add(legal_es(p, f"{base}/contenidos/"))
    p.add("<main>")
    for sec in ("espana", "internacional", "economia", "sociedad", "cultura", "deportes"):
        cards = []
        for _ in range(rng.randint(5, 8)):
            s = sec if not secs[sec] or rng.random() < 0.6 else f"{sec}/{rng.choice(secs[sec])}"
            who = rng.choice(T.PEOPLE_ES)
            cards.append(
                card(
                    p,
                    *art(s),
                    image=rng.choice(["", "also", "only"]),
                    byline=(f"{base}/autor/{slug(who)}-{rng.randint(1000, 99999)}/", who)
                    if rng.random() < 0.5
                    else None,
                )
            )
        p.add(block(sec.title(), cards))
    # ABC suffixes: -nt news, -vi video, -fo gallery, -di live blog
    p.add(
        block(
            "ABC Play",
            [
                card(p, *art("espana", "video", "vi"), image="only"),
                card(p, *art("deportes", "video", "vi"), image="also"),
            ],
        )
    )
    p.add(block("Fotos", [card(p, *art("cultura", "gallery", "fo"), image="only")]))
    ops = [
        card(
            p,
            *art("opinion", "opinion"),
            byline=(f"{base}/autor/{slug(w)}-{rng.randint(1000, 99999)}/", w),
        )
        for w in rng.sample(T.PEOPLE_ES, 4)
    ]
    p.add(block("Opinión", ops), "</main>")
    most = [
        p.a(art("sociedad")[0] + "?ref=https%3A%2F%2Fwww.abc.es%2F", h.next(), "news")
        for _ in range(3)
    ]
    most += [p.a(art("espana/madrid")[0].replace("https://www.", "https://m."), h.next(), "news")]
    p.add('<aside class="voc-most-read"><h3>Lo más leído</h3>', ul(most), "</aside>")
    foot = [
        p.a(f"{base}/contenidos/aviso-legal.html", "Aviso legal", "legal"),
        p.a(f"{base}/contenidos/politica-de-cookies.html", "Cookies", "legal"),
        p.a(f"{base}/contenidos/politica-de-privacidad.html", "Privacidad", "legal"),
        p.a(f"{base}/contacto/", "Contacto", "service"),
        p.a(f"{base}/rss/", "RSS", "service"),
        p.a(f"{base}/archivo/periodicos/", "Hemeroteca", "archive"),
        p.a("https://www.vocento.com/", "Vocento", "other"),
        p.a("https://www.elcorreo.com/", "El Correo", "other"),
        p.a("https://www.diariovasco.com/", "Diario Vasco", "other"),
        p.a(f"{base}/{alnum(rng, 0)}", "Portada", "home"),
    ]
    p.add("<footer>", ul(foot), social(p, "abc_es"), "</footer>")
    return p
