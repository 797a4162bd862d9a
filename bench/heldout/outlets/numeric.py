"""An invented regional daily: /noticia/<id>/slug (and without slug), /seccion/<name>[/N],
/galeria/ and /video/ ids, a <base href>.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, block, card, slug
from bench.heldout._page import Page, social, ul


def numeric(rng: random.Random) -> Page:
    p = Page(
        "Diario del Sur",
        "www.diariodelsur.com.ar",
        "es",
        "Diario del Sur - Noticias de la Patagonia",
        rng,
    )
    h = Pool(T.ES, rng)
    base = "https://www.diariodelsur.com.ar"
    secs = [
        "politica",
        "economia",
        "policiales",
        "deportes",
        "sociedad",
        "el-pais",
        "el-mundo",
        "espectaculos",
        "rural",
        "turismo",
    ]
    p.base_href = "https://www.diariodelsur.com.ar/"
    menu = [p.a(f"seccion/{s}", s.title(), "section") for s in secs]
    menu += [
        p.a("seccion/deportes/futbol", "Fútbol", "section"),
        p.a("seccion/deportes/basquet", "Básquet", "section"),
        p.a("videos", "Videos", "video"),
        p.a("galerias", "Galerías", "gallery"),
        p.a("edicion-impresa", "Edición impresa", "archive"),
        p.a("clasificados", "Clasificados", "service"),
        p.a("funebres", "Fúnebres", "service"),
        p.a("clima", "Clima", "service"),
    ]
    p.add(
        '<header><div class="top">',
        p.a("https://www.diariodelsur.com.ar/usuarios/ingresar", "Ingresar", "login"),
        p.a("suscripciones?origen=header", "Suscribite", "subscription"),
        '</div><nav class="menu">',
        ul(menu),
        "</nav></header><main>",
    )
    nid = rng.randint(312000, 318000)
    for s in secs:
        cards = []
        for _ in range(rng.randint(3, 5)):
            nid += rng.randint(1, 60)
            t = h.next()
            href = rng.choice(
                [
                    f"noticia/{nid}/{slug(t, 8)}",
                    f"/noticia/{nid}/{slug(t, 8)}",
                    f"{base}/noticia/{nid}/{slug(t, 8)}?utm_source=home",
                ]
            )
            cards.append(
                card(
                    p,
                    href,
                    t,
                    "news",
                    image=rng.choice(["", "also", "only"]),
                    kicker=(f"seccion/{s}", s.title(), "section") if rng.random() < 0.3 else None,
                )
            )
        cards.append(p.a(f"seccion/{s}/2", "Más noticias", "pagination"))
        p.add(block(s.title(), cards))
    nid += 7
    p.add(
        block(
            "Opinión",
            [
                card(
                    p,
                    f"opinion/{nid + i}/{slug(t := h.next(), 8)}",
                    t,
                    "opinion",
                    byline=(f"autor/{40 + i}/{slug(w)}", w),
                )
                for i, w in enumerate(rng.sample(T.PEOPLE_ES, 3))
            ],
        )
    )
    p.add(
        block(
            "Multimedia",
            [
                card(
                    p,
                    f"galeria/{nid + 30}/{slug(h.next(), 6)}",
                    "Galería: " + h.next(),
                    "gallery",
                    image="only",
                ),
                card(
                    p,
                    f"video/{nid + 31}/{slug(h.next(), 6)}",
                    "Video: " + h.next(),
                    "video",
                    image="only",
                ),
            ],
        )
    )
    p.add(
        block(
            "Último momento",
            [
                card(p, f"noticia/{nid + 40}", h.next(), "news"),
                card(p, f"noticia/{nid + 41}/", h.next(), "news"),
            ],
        )
    )
    p.add(block("Temas", [p.a(f"tag/{slug(t)}", t, "tag") for t in T.TAGS_ES[:6]]))
    p.add("</main>")
    most = [
        p.a(
            f"https://m.diariodelsur.com.ar/noticia/{nid + 50 + i}/{slug(t := h.next(), 8)}",
            t,
            "news",
        )
        for i in range(4)
    ]
    p.add('<aside class="mas-leidas"><h3>Las más leídas</h3>', ul(most), "</aside>")
    p.add(
        "<footer>",
        ul(
            [
                p.a("institucional/staff", "Staff", "service"),
                p.a("institucional/contacto", "Contacto", "service"),
                p.a("institucional/terminos-y-condiciones", "Términos y condiciones", "legal"),
                p.a("rss", "RSS", "service"),
                p.a(
                    "https://www.diariodelsur.com.ar/static/tarifario-2027.pdf",
                    "Tarifario publicitario",
                    "file",
                ),
                p.a("https://www.radiosur.com.ar/", "Radio Sur", "other"),
                p.a("tel:+542974000000", "Teléfono", "tel"),
                p.a("https://wa.me/5492974000000", "WhatsApp", "social"),
            ]
        ),
        social(p, "diariodelsur"),
        "</footer>",
    )
    return p
