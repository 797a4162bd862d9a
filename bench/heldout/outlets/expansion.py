"""Expansión: /<section>/YYYY/MM/DD/<hex>.html, quote and index pages under
/mercados/cotizaciones/, blogs.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, block, card, day, hexid, slug
from bench.heldout._page import Page, social, ul


def expansion(rng: random.Random) -> Page:
    p = Page(
        "Expansión",
        "www.expansion.com",
        "es",
        "Expansión - Diario económico e información de mercados",
        rng,
    )
    h = Pool(T.ES, rng)
    base = "https://www.expansion.com"

    def art(sec: str, kind: str = "news") -> tuple[str, str, str]:
        return f"{base}/{sec}/{day(rng, '/')}/{hexid(rng)}.html", h.next(), kind

    secs = {
        "mercados": [
            "bolsa",
            "renta-fija",
            "divisas",
            "materias-primas",
            "fondos",
            "cronica-bolsa",
        ],
        "empresas": [
            "banca",
            "energia",
            "inmobiliario",
            "transporte",
            "distribucion",
            "tecnologia",
            "motor",
        ],
        "economia": ["politica", "coyuntura", "financiacion-autonomica"],
        "ahorro": ["fiscalidad", "pensiones", "hipotecas"],
        "juridico": ["actualidad-tendencias", "despachos"],
        "emprendedores-empleo": ["desarrollo-carrera", "empleo"],
        "economia-digital": ["innovacion", "companias"],
        "fueradeserie": [],
        "directivos": [],
        "pymes": [],
    }
    menu = [
        p.a(f"{base}/{s}.html", s.title(), "section")
        + ul([p.a(f"{base}/{s}/{x}.html", x.title(), "section") for x in subs])
        for s, subs in secs.items()
    ]
    p.add(
        "<header>",
        p.a(f"{base}/", "Expansión", "home", img="Expansión"),
        p.a(f"{base}/suscripciones/expansion-pro.html", "Expansión Pro", "subscription"),
        p.a("https://seguro.expansion.com/registro/login.html", "Iniciar sesión", "other"),
        '<nav class="menu">',
        ul(menu),
        "</nav></header>",
    )
    # market data ribbon: quote and index pages are service pages, not articles
    quotes = [
        p.a(f"{base}/mercados/cotizaciones/indices/{ix}.html", name, "data")
        for ix, name in (
            ("ibex35_I.IB", "IBEX 35"),
            ("eurostoxx_I.STOXX", "EURO STOXX 50"),
            ("dowjones_I.DJ", "DOW JONES"),
            ("nasdaq_I.NQ", "NASDAQ"),
        )
    ]
    quotes += [
        p.a(f"{base}/mercados/cotizaciones/valores/{v}_M.{v[:3].upper()}.html", v.title(), "data")
        for v in ("santander", "iberdrola", "inditex", "telefonica", "repsol", "bbva")
    ]
    quotes += [
        p.a(f"{base}/mercados/divisas.html", "Divisas", "data"),
        p.a(f"{base}/mercados/euribor.html", "Euríbor", "data"),
        p.a(
            f"{base}/mercados/cotizaciones/indices/ibex35_I.IB/historico.html",
            "Histórico IBEX",
            "data",
        ),
    ]
    p.add('<div class="ticker">', ul(quotes), "</div><main>")
    for sec in ("mercados", "empresas", "economia", "ahorro", "juridico"):
        cards = []
        for _ in range(rng.randint(4, 7)):
            s = sec if rng.random() < 0.5 else f"{sec}/{rng.choice(secs[sec])}"
            cards.append(
                card(
                    p,
                    *art(s),
                    image=rng.choice(["", "", "also", "only"]),
                    kicker=(f"{base}/{s}.html", s.split("/")[-1].title(), "section")
                    if rng.random() < 0.3
                    else None,
                )
            )
        if sec == "mercados":
            cards.append(
                card(
                    p,
                    f"{base}/mercados/directo/{day(rng, '/')}/{hexid(rng)}.html",
                    "Directo Bolsa | " + h.next(),
                    "live",
                )
            )
            cards.append(
                card(
                    p,
                    f"{base}/mercados/cronica-bolsa/{day(rng, '/')}/{hexid(rng)}.html",
                    "El Ibex 35 cierra su mejor semana desde marzo impulsado por la banca",
                    "news",
                )
            )
        p.add(block(sec.title(), cards))
    blogs = [
        card(
            p,
            f"{base}/blogs/{slug(w, 3)}/{day(rng, '/')}/{slug(h.next(), 8)}.html",
            h.next(),
            "blogpost",
            kicker=(f"{base}/blogs/{slug(w, 3)}.html", w, "author"),
        )
        for w in rng.sample(T.PEOPLE_ES, 3)
    ]
    ops = [card(p, *art("opinion", "opinion")) for _ in range(3)]
    p.add(block("Blogs", blogs), block("Opinión", ops))
    p.add(
        block(
            "Vídeos",
            [
                card(
                    p,
                    f"{base}/videos/mercados/{day(rng, '/')}/{hexid(rng)}.html",
                    "Vídeo | " + h.next(),
                    "video",
                    image="only",
                )
            ],
        )
    )
    p.add("</main>")
    tools = [
        p.a(f"{base}/ahorro/calculadora-hipotecas.html", "Calculadora de hipotecas", "service"),
        p.a(f"{base}/economia/calendario-laboral.html", "Calendario laboral 2027", "service"),
        p.a(f"{base}/especiales/ranking-fondos.html", "Ranking de fondos", "data"),
        p.a(f"{base}/mercados/cotizaciones/valores/", "Todas las cotizaciones", "data"),
    ]
    most = [p.a(art("empresas")[0] + "?cid=MOST_READ", h.next(), "news") for _ in range(4)]
    p.add(
        '<aside class="herramientas">',
        ul(tools),
        '</aside><aside class="mas-leido"><h3>Lo más leído</h3>',
        ul(most),
        "</aside>",
    )
    foot = [
        p.a(f"{base}/aviso-legal.html", "Aviso legal", "legal"),
        p.a(f"{base}/cookies.html", "Cookies", "legal"),
        p.a(f"{base}/privacidad.html", "Privacidad", "legal"),
        p.a(f"{base}/rss/", "RSS", "service"),
        p.a(f"{base}/hemeroteca/", "Hemeroteca", "archive"),
        p.a(f"{base}/kiosko/", "Kiosko", "service"),
        p.a(f"{base}/newsletters/", "Newsletters", "newsletter"),
        p.a("https://www.elmundo.es/", "EL MUNDO", "other"),
        p.a("https://www.marca.com/", "MARCA", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "expansioncom"), "</footer>")
    return p
