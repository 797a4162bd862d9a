# ruff: noqa: E501
"""Le Monde: /<section>/article/YYYY/MM/DD/slug_<id>_<section id>.html, /live/, /videos/,
/podcasts/article/, /portfolio/, root-level tags.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, block, card, day, slug
from bench.heldout._page import Page, cookie_banner, share_bar, social, ul

LEMONDE_SECTIONS = {
    "international": 3210,
    "politique": 823448,
    "societe": 3224,
    "economie": 3234,
    "planete": 3244,
    "idees": 3232,
    "culture": 3246,
    "sport": 3242,
    "sciences": 1650684,
    "pixels": 4408996,
    "les-decodeurs": 4355770,
    "m-le-mag": 4500055,
    "campus": 4401467,
    "education": 1473685,
}


def lemonde(rng: random.Random) -> Page:
    p = Page(
        "Le Monde",
        "www.lemonde.fr",
        "fr",
        "Le Monde.fr - Actualités et Infos en France et dans le monde",
        rng,
    )
    h = Pool(T.FR, rng)
    base = "https://www.lemonde.fr"
    ids = iter(range(6543210, 6549999, rng.randint(5, 40)))

    def art(
        sec: str, kind: str = "news", form: str = "article", title: str | None = None
    ) -> tuple[str, str, str]:
        t = title or h.next()
        return (
            f"{base}/{sec}/{form}/{day(rng, '/')}/{slug(t, 10)}_{next(ids)}_{LEMONDE_SECTIONS.get(sec, 3210)}.html",
            t,
            kind,
        )

    subs = [
        "europe",
        "afrique",
        "ameriques",
        "asie-pacifique",
        "proche-orient",
        "guerre-en-ukraine",
        "politique",
        "societe",
        "economie-francaise",
        "emploi",
        "climat",
        "biodiversite",
        "cinema",
        "livres",
        "musiques",
        "football",
        "rugby",
        "tennis",
        "sante",
        "espace",
        "jeux-video",
        "m-perso",
        "m-styles",
        "gastronomie",
        "voyage",
        "disparitions",
        "le-monde-et-vous",
    ]
    menu = [p.a(f"{base}/{s}/", s.title(), "section") for s in LEMONDE_SECTIONS] + [
        p.a(f"/{s}/", s.title(), "section") for s in subs
    ]
    menu += [
        p.a("/actualite-en-continu/", "En continu", "section"),
        p.a("/videos/", "Vidéos", "video"),
        p.a("/podcasts/", "Podcasts", "podcast"),
        p.a("/jeux/", "Jeux", "service"),
        p.a("/mots-croises/", "Mots croisés", "service"),
        p.a("/newsletters/", "Newsletters", "newsletter"),
        p.a("/en/", "English", "section"),
        p.a("/archives-du-monde/", "Archives", "archive"),
    ]
    p.add(
        cookie_banner(
            p,
            [("/confidentialite/", "Confidentialité"), ("/cookies/", "Cookies")],
            "Accepter et continuer",
        )
    )
    p.add(
        '<header class="Header">',
        p.a("/", "Le Monde", "home", img="Le Monde"),
        p.a("https://secure.lemonde.fr/sfuser/connexion", "Se connecter", "other"),
        p.a("/abonnement/?lmd_medium=header&lmd_campaign=home", "S'abonner", "subscription"),
        p.a("/recherche/", "Rechercher", "search"),
        '<nav class="Nav">',
        ul(menu),
        "</nav></header><main>",
    )
    live = art(
        "international",
        "live",
        "live",
        "En direct : suivez la déclaration du président de la République",
    )
    p.add(
        block(
            "Une",
            [
                card(
                    p,
                    *art("politique"),
                    tag="h1",
                    image="also",
                    extra=share_bar(p, "https://www.lemonde.fr/politique/", "Une"),
                ),
                card(p, *live, kicker=("/politique/", "Politique", "section")),
            ],
        )
    )
    for sec in (
        "international",
        "politique",
        "societe",
        "economie",
        "planete",
        "culture",
        "sport",
        "pixels",
        "les-decodeurs",
    ):
        cards = [
            card(
                p,
                *art(sec),
                image=rng.choice(["", "also", "only"]),
                kicker=(f"/{t}/", t.title(), "tag")
                if rng.random() < 0.3 and (t := slug(rng.choice(T.TAGS_FR)))
                else None,
            )
            for _ in range(rng.randint(3, 6))
        ]
        p.add(block(sec.title(), cards))
    ideas = [
        card(p, *art("idees", "opinion", title=t), byline=(f"/signataires/{slug(w)}/", w))
        for t, w in zip(
            [
                "Tribune : « La France doit réinventer sa politique industrielle »",
                h.next(),
                h.next(),
            ],
            T.PEOPLE_FR,
            strict=False,
        )
    ]
    ideas.append(
        card(
            p,
            *art(
                "idees",
                "interview",
                title="Entretien : « L'Europe ne peut plus compter sur les Etats-Unis »",
            ),
        )
    )
    ideas.append(card(p, *art("idees", "opinion", title="Editorial du « Monde » : " + h.next())))
    p.add(block("Idées", ideas))
    p.add(
        block(
            "Vidéos et podcasts",
            [
                card(
                    p,
                    f"{base}/videos/video/{day(rng, '/')}/{slug(h.next(), 8)}_{next(ids)}_1669088.html",
                    h.next(),
                    "video",
                    image="only",
                ),
                card(
                    p,
                    f"{base}/videos/article/{day(rng, '/')}/{slug(h.next(), 8)}_{next(ids)}_1669088.html",
                    h.next(),
                    "video",
                    image="also",
                ),
                card(
                    p,
                    f"{base}/podcasts/article/{day(rng, '/')}/{slug(h.next(), 8)}_{next(ids)}_5463015.html",
                    "L'Heure du Monde : " + h.next(),
                    "podcast",
                ),
                card(
                    p,
                    f"{base}/portfolio/{day(rng, '/')}/{slug(h.next(), 8)}_{next(ids)}_3210.html",
                    "En images : " + h.next(),
                    "gallery",
                    image="only",
                ),
            ],
        )
    )
    p.add(
        block(
            "English",
            [
                card(
                    p,
                    f"{base}/en/international/article/{day(rng, '/')}/{slug(t, 10)}_{next(ids)}_4.html",
                    t,
                    "news",
                )
                for t in rng.sample(T.EN, 3)
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(
            art(rng.choice(["societe", "international"]))[0]
            + "?lmd_medium=al&lmd_campaign=envoye-par-appli&lmd_creation=ios",
            h.next(),
            "news",
        )
        for _ in range(4)
    ]
    most.append(p.a(art("economie")[0].replace("https://www.", "https://"), h.next(), "news"))
    p.add('<aside class="Most-read"><h3>Les plus lus</h3>', ul(most), "</aside>")
    foot = [
        p.a("/mentions-legales/", "Mentions légales", "legal"),
        p.a("/charte-du-groupe/", "Charte du groupe", "legal"),
        p.a("/cgv/", "Conditions générales", "legal"),
        p.a("/faq/", "FAQ", "service"),
        p.a("/services-lecteurs/", "Services", "service"),
        p.a("/abonnement/offre-etudiant/", "Offre étudiant", "subscription"),
        p.a("/rss/", "Flux RSS", "service"),
        p.a("/journalelectronique/", "Journal électronique", "service"),
        p.a("https://www.courrierinternational.com/", "Courrier international", "other"),
        p.a("https://www.telerama.fr/", "Télérama", "other"),
        p.a("https://www.huffingtonpost.fr/", "Le HuffPost", "other"),
        p.a(
            "/recherche/?search_keywords=budget&start_at=03/12/2026&end_at=04/12/2026",
            "Recherche avancée",
            "search",
        ),
    ]
    p.add("<footer>", ul(foot), social(p, "lemondefr"), "</footer>")
    return p
