"""eldiario.es: /<section>[/<blog>]/slug_<type>_<8-digit id>.html with a numeric type code
(1 news, 129 opinion, 6 live, 7 video, 3 gallery in this page), regional editions
(/catalunya/, /andalucia/...), /autores/<name>/, /temas/<tag>/, /socios/, undated.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import block, card, legal_es, slug
from bench.heldout._page import Page, share_bar, social, ul
from bench.heldout.outlets_fresh import _kit as K

SECS = [
    "politica",
    "economia",
    "internacional",
    "sociedad",
    "cultura",
    "tecnologia",
    "ciencia",
    "deportes",
    "desalambre",
    "consumoclaro",
    "era",
    "vivienda",
    "rastreador",
    "carnecruda",
]
EDITIONS = [
    "catalunya",
    "andalucia",
    "madrid",
    "euskadi",
    "galicia",
    "aragon",
    "castilla-la-mancha",
    "canariasahora",
    "comunitat-valenciana",
    "murcia",
]
BLOGS = [
    "zona-critica",
    "escolar",
    "principio-de-incertidumbre",
    "el-fin-de-la-pobreza",
    "tribuna-abierta",
]


def eldiario(rng: random.Random) -> Page:
    p = Page(
        "elDiario.es", "www.eldiario.es", "es", "elDiario.es - Periodismo a pesar de todo", rng
    )
    h = K.es(rng)
    base = "https://www.eldiario.es"

    def art(
        sec: str, kind: str = "news", title: str | None = None, code: int = 1
    ) -> tuple[str, str, str]:
        t = title or h.next()
        return f"/{sec}/{slug(t, 11)}_{code}_{rng.randint(11500000, 11899999)}.html", t, kind

    def autor(name: str) -> tuple[str, str]:
        return f"/autores/{slug(name).replace('-', '_')}/", name

    p.add(legal_es(p, "/"))
    menu = [p.a(f"/{s}/", s.title(), "section") for s in SECS]
    menu += [p.a(f"/{e}/", e.replace("-", " ").title(), "section") for e in EDITIONS]
    menu += [
        p.a("/opinion/", "Opinión", "section"),
        p.a("/opinion/zona-critica/", "Zona Crítica", "section"),
        p.a("/edicion-impresa/", "Revistas", "section"),
        p.a("/newsletters/", "Boletines", "newsletter"),
        p.a("/videos/", "Vídeos", "video"),
        p.a("/podcasts/", "Podcasts", "podcast"),
        p.a("/juegos/", "Juegos", "service"),
        p.a("/juegos/crucigrama/", "Crucigrama", "service"),
        p.a("/ultimas-noticias/", "Últimas noticias", "section"),
    ]
    p.add(
        "<header>",
        p.a("/", "elDiario.es", "home", img="elDiario.es"),
        p.a(
            "/socios/?utm_source=header&utm_medium=boton&utm_campaign=hazte_socio",
            "Hazte socio/a",
            "subscription",
        ),
        p.a("/login/", "Entrar", "login"),
        p.a("/buscador/?q=", "Buscar", "search"),
        "<nav>",
        ul(menu),
        "</nav></header><main>",
    )
    top = art("politica")
    live = art("politica", "live", "Última hora de la actualidad política, en directo", code=6)
    lead = [
        card(
            p,
            *top,
            tag="h1",
            image="also",
            byline=autor(rng.choice(K.PEOPLE_ES_MORE)),
            kicker=(f"/temas/{slug(rng.choice(T.TAGS_ES))}/", "Tema", "tag"),
            extra=share_bar(p, base + top[0], top[1]),
        ),
        card(p, *live, extra='<span class="directo">Directo</span>'),
    ]
    for _ in range(rng.randint(12, 15)):
        sec = rng.choice([*SECS[:8], "desalambre", "consumoclaro", "vivienda"])
        u, t, k = art(sec)
        if rng.random() < 0.3:
            u = base + u
        lead.append(
            card(
                p,
                u,
                t,
                k,
                image=rng.choice(["", "also", "only"]),
                byline=autor(rng.choice(K.PEOPLE_ES_MORE + T.PEOPLE_ES))
                if rng.random() < 0.5
                else None,
            )
        )
        if rng.random() < 0.2:
            lead.append(p.a(u + "#comentarios", f"{rng.randint(10, 400)} comentarios", "news"))
    p.add(block("Portada", lead))
    # opinion blogs use a different type code
    ops = [
        card(p, *art(f"opinion/{rng.choice(BLOGS)}", "opinion", code=129), byline=autor(w))
        for w in rng.sample(K.PEOPLE_ES_MORE, 4)
    ]
    ops.append(card(p, *art("opinion", "opinion", "Editorial: " + h.next(), code=129)))
    ops.append(
        card(p, *art("escolar", "opinion", h.next(), code=129), byline=autor("Ignacio Escolar"))
    )
    ops.append(p.a("/opinion/", "Toda la opinión", "section"))
    p.add(block("Opinión", ops))
    # regional editions
    for ed in rng.sample(EDITIONS, 3):
        items = [card(p, *art(ed), tag="h3") for _ in range(rng.randint(2, 3))]
        items.append(p.a(f"/{ed}/", f"Portada de {ed.title()}", "section"))
        p.add(block(ed.title(), items))
    # verticals: an interview, a review, a long feature, an evergreen guide
    p.add(
        block(
            "Más",
            [
                card(p, *art("cultura", "interview", "«" + h.next() + "»")),
                card(p, *art("cultura/series", "review", "Crítica de la serie: " + h.next())),
                card(p, *art("sociedad", "feature"), image="also"),
                card(
                    p,
                    *art(
                        "consumoclaro/ahorrar",
                        "news",
                        "Guía para reclamar el bono social eléctrico",
                    ),
                ),
                card(p, *art("rastreador", "news")),
            ],
        )
    )
    # media: videos and galleries in the same shape (different type codes)
    mm = [
        card(p, *art("politica", "video", "VÍDEO | " + h.next(), code=7), image="only"),
        card(p, *art("sociedad", "video", code=7), image="also"),
        card(p, *art("internacional", "gallery", "FOTOS | " + h.next(), code=3), image="only"),
        card(p, *art("carnecruda", "podcast", "Carne Cruda: " + h.next(), code=1)),
        card(p, "/carnecruda/", "Carne Cruda", "podcast"),
    ]
    p.add(block("Vídeos y podcasts", mm))
    p.add("</main>")
    most = [
        p.a(base + art("politica")[0] + "?utm_source=twitter&utm_medium=social", h.next(), "news"),
        p.a("https://eldiario.es" + art("sociedad")[0], h.next(), "news"),
        p.a("//www.eldiario.es" + art("economia")[0], h.next(), "news"),
        p.a(art("internacional")[0] + "?ref=portada", h.next(), "news"),
    ]
    p.add('<aside class="mas-leidas"><h3>Lo más leído</h3>', ul(most), "</aside>")
    p.add(
        '<div class="temas">',
        ul([p.a(f"/temas/{slug(t)}/", t, "tag") for t in T.TAGS_ES[:9]]),
        "</div>",
        '<div class="socios">',
        p.a("/socios/", "Hazte socio/a", "subscription"),
        p.a("/socios/regala/", "Regala elDiario.es", "subscription"),
        p.a("/newsletters/apuntate/?utm_source=portada", "Apúntate al boletín", "newsletter"),
        p.a("/ultimas-noticias/2/", "Más noticias", "pagination"),
        "</div>",
    )
    foot = [
        p.a("/aviso-legal/", "Aviso legal", "legal"),
        p.a("/privacidad/", "Política de privacidad", "legal"),
        p.a("/cookies/", "Cookies", "legal"),
        p.a("/quienes-somos/", "Quiénes somos", "service"),
        p.a("/cuentas-claras/", "Cuentas claras", "service"),
        p.a("/contacto/", "Contacto", "service"),
        p.a("/normas-participacion/", "Normas de participación", "legal"),
        p.a("/rss/", "RSS", "service"),
        p.a("/empleo/", "Trabaja con nosotros", "service"),
        p.a(
            "https://static.eldiario.es/cuentas/2025-cuentas-anuales.pdf",
            "Cuentas anuales (PDF)",
            "other",
        ),
        p.a("/documentos/cuentas-2025.pdf", "Cuentas 2025 (PDF)", "file"),
        p.a("https://www.revistaalbumletras.com/", "Revista", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "eldiarioes"), "</footer>")
    return p
