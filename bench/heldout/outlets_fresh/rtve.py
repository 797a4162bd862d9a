"""RTVE: /noticias/YYYYMMDD/slug/<8-digit id>.shtml (also /deportes/, /television/, /cultura/),
live blogs in the same shape, /play/videos/<programme>/<slug>/<id>/ and /play/audios/...,
/v/<id>/ and /n/<id>/ short links, /fotogalerias/, /noticias/<section>/ and /temas/ pages.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import block, card, legal_es, slug
from bench.heldout._page import Page, social, ul
from bench.heldout.outlets_fresh import _kit as K

NEWS = [
    "espana",
    "internacional",
    "economia",
    "sociedad",
    "ciencia-tecnologia",
    "cultura",
    "salud",
    "medio-ambiente",
    "comunidades",
    "el-tiempo",
    "verifica",
    "mundo",
]
PROGS = [
    "telediario-1",
    "telediario-2",
    "la-manana",
    "informe-semanal",
    "en-portada",
    "el-escarabajo-verde",
    "la-noche-en-24h",
]
RADIO = ["las-mananas-de-rne", "24-horas", "no-es-un-dia-cualquiera", "el-ojo-critico"]


def rtve(rng: random.Random) -> Page:
    p = Page(
        "RTVE", "www.rtve.es", "es", "RTVE.es - Noticias, programas y directos de TVE y RNE", rng
    )
    h = K.es(rng)
    base = "https://www.rtve.es"

    def nid() -> int:
        return rng.randint(16300000, 16399999)

    def art(
        sec: str = "noticias", kind: str = "news", title: str | None = None
    ) -> tuple[str, str, str]:
        t = title or h.next()
        return f"{base}/{sec}/{K.compact(rng)}/{slug(t, 10)}/{nid()}.shtml", t, kind

    p.add(legal_es(p, f"{base}/corporacion/"))
    menu = [p.a("/noticias/", "Noticias", "section")]
    menu += [
        p.a(
            f"/noticias/{s}/",
            s.replace("-", " ").title(),
            "service" if s == "el-tiempo" else "section",
        )
        for s in NEWS
    ]
    menu += [
        p.a("/deportes/", "Deportes", "section"),
        p.a("/deportes/futbol/", "Fútbol", "section"),
        p.a("/deportes/baloncesto/", "Baloncesto", "section"),
        p.a("/play/", "RTVE Play", "video"),
        p.a("/play/directos/", "Directos", "video"),
        p.a("/play/tve/", "TVE", "video"),
        p.a("/play/radio/", "RNE", "podcast"),
        p.a("/play/audios/", "Audios", "podcast"),
        p.a("/play/guia-tve/", "Guía TV", "service"),
        p.a("/television/", "Televisión", "section"),
        p.a("/playz/", "Playz", "video"),
        p.a("/infantil/", "Clan", "section"),
        p.a("https://lab.rtve.es/", "Lab", "other"),
        p.a("/noticias/el-tiempo/", "El tiempo", "service"),
        p.a("/noticias/loteria-navidad/", "Lotería de Navidad", "service"),
        p.a("/corporacion/", "Corporación", "service"),
    ]
    p.add(
        "<header>",
        p.a("/", "RTVE", "home", img="RTVE"),
        p.a("/usuarios/login/", "Accede", "login"),
        p.a("/buscador/?q=", "Buscador", "search"),
        '<nav class="menu">',
        ul(menu),
        "</nav></header><main>",
    )
    live = art("noticias", "live", "Última hora de la guerra en Ucrania, en directo")
    top = art()
    lead = [
        card(
            p,
            *top,
            tag="h1",
            image="also",
            kicker=("/noticias/internacional/", "Internacional", "section"),
        ),
        card(p, *live, kicker=("/temas/guerra-ucrania/", "Guerra en Ucrania", "tag")),
        card(
            p,
            f"{base}/play/videos/directo/canal-24h/1694255/",
            "Canal 24 horas, en directo",
            "video",
            image="also",
        ),
    ]
    for _ in range(rng.randint(10, 13)):
        u, t, k = art()
        if rng.random() < 0.3:
            u = u.replace(base, "")
        sec = rng.choice(NEWS[:6])
        lead.append(
            card(
                p,
                u,
                t,
                k,
                image=rng.choice(["", "also", "only"]),
                kicker=(f"/noticias/{sec}/", sec.title(), "section")
                if rng.random() < 0.3
                else None,
            )
        )
    p.add(block("Portada", lead))
    # sport, television and culture stories share the .shtml shape
    sp = [card(p, *art("deportes")) for _ in range(4)]
    a, b = rng.sample(T.EQUIPOS, 2)
    sp.append(
        card(p, *art("deportes", "live", f"{a} - {b}: resultado y goles del partido en directo"))
    )
    sp.append(p.a("/deportes/futbol/primera/clasificacion/", "Clasificación de LaLiga", "data"))
    p.add(block("Deportes", sp))
    tv = [card(p, *art("television")) for _ in range(2)]
    tv.append(card(p, *art("cultura", "interview", "Entrevista: " + h.next())))
    tv.append(card(p, *art("noticias", "analysis", "Análisis | " + h.next())))
    tv.append(card(p, *art("noticias", "opinion", "Tribuna: " + h.next())))
    p.add(block("Televisión y cultura", tv))
    # RTVE Play: programme videos and radio audios (ids like articles, not articles)
    play = [
        card(
            p,
            f"{base}/play/videos/{prog}/{slug(h.next(), 7)}/{nid()}/",
            h.next(),
            "video",
            image="only",
        )
        for prog in rng.sample(PROGS, 4)
    ]
    play += [
        card(p, f"{base}/play/audios/{prog}/{slug(h.next(), 7)}/{nid()}/", h.next(), "podcast")
        for prog in rng.sample(RADIO, 2)
    ]
    play += [
        card(p, f"/play/videos/{rng.choice(PROGS)}/", "Todos los programas", "video"),
        card(p, f"/v/{nid()}/", "Vídeo: " + h.next(), "video", image="only"),
        card(
            p,
            f"/fotogalerias/{slug(h.next(), 7)}/{rng.randint(6900000, 6999999)}/",
            "Fotogalería: " + h.next(),
            "gallery",
            image="only",
        ),
    ]
    p.add(block("RTVE Play", play))
    # verification desk and regional news; a short /n/ link to a story
    ver = [
        card(
            p,
            *art("noticias", "news", "VerificaRTVE: " + h.next()),
            kicker=("/noticias/verifica/", "VerificaRTVE", "section"),
        ),
        card(p, f"{base}/n/{nid()}/", h.next(), "news"),
    ]
    for reg in rng.sample(
        ["andalucia", "catalunya", "madrid", "galicia", "pais-vasco", "canarias"], 3
    ):
        ver.append(
            card(
                p, *art("noticias"), tag="h3", kicker=(f"/noticias/{reg}/", reg.title(), "section")
            )
        )
    p.add(block("España", ver))
    # weather: a story about the weather is an article; the forecast pages are a service
    p.add(
        block(
            "El tiempo",
            [
                card(
                    p,
                    *art(
                        "noticias",
                        "news",
                        "La borrasca deja nieve en cotas bajas y avisos en 30 provincias",
                    ),
                ),
                p.a("/noticias/el-tiempo/prediccion/madrid/", "Predicción en Madrid", "service"),
                p.a("/noticias/el-tiempo/mapas/", "Mapas del tiempo", "service"),
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(art()[0] + "?utm_source=twitter&utm_medium=social", h.next(), "news"),
        p.a(art()[0].replace("https://www.", "https://"), h.next(), "news"),
        p.a(art()[0].replace("https:", ""), h.next(), "news"),
        p.a(art()[0] + "#comentarios", h.next(), "news"),
    ]
    p.add('<aside class="lo-mas"><h3>Lo más visto</h3>', ul(most), "</aside>")
    p.add(
        '<div class="temas">',
        ul([p.a(f"/temas/{slug(t)}/", t, "tag") for t in T.TAGS_ES[:8]]),
        p.a("/noticias/ultimas-noticias/", "Últimas noticias", "section"),
        p.a("/noticias/ultimas-noticias/2/", "Página 2", "pagination"),
        "</div>",
    )
    foot = [
        p.a("/corporacion/aviso-legal/", "Aviso legal", "legal"),
        p.a("/corporacion/politica-de-privacidad/", "Privacidad", "legal"),
        p.a("/corporacion/politica-de-cookies/", "Cookies", "legal"),
        p.a("/corporacion/accesibilidad/", "Accesibilidad", "legal"),
        p.a("/corporacion/transparencia/", "Portal de transparencia", "service"),
        p.a("/corporacion/empleo/", "Empleo", "service"),
        p.a("/contacto/", "Contacto", "service"),
        p.a("/rss/", "RSS", "service"),
        p.a("/apps/", "Apps", "service"),
        p.a("/noticias/newsletter/", "Newsletter", "newsletter"),
        p.a("/corporacion/defensora-de-la-audiencia/", "Defensora de la audiencia", "service"),
        p.a("/resources/PDF/informe-anual-2025.pdf", "Informe anual (PDF)", "file"),
        p.a("https://www.rtve.es/instituto-rtve/", "Instituto RTVE", "service"),
        p.a("https://www.orquestayecorortve.es/", "Orquesta y Coro", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "rtve"), "</footer>")
    return p
