# ruff: noqa: RUF001
"""Al Jazeera: /<type>/YYYY/M/D/slug with an unpadded date, the type giving the kind (/news/,
/opinions/, /features/, /economy/, /sports/, /news/liveblog/, /program/<show>/, /video/<show>/,
/gallery/, /podcasts/), /where/<region>/, /tag/<topic>/, /author/<name>, /program/<show>/ index.
"""

from __future__ import annotations

import random

from bench.heldout._common import block, card, cookies_en, slug
from bench.heldout._page import Page, social, ul
from bench.heldout.outlets_fresh import _kit as K

REGIONS = ["africa", "asia", "us-canada", "latin-america", "europe", "asia-pacific", "middle-east"]
TAGS = [
    "israel-palestine-conflict",
    "russia-ukraine-war",
    "donald-trump",
    "climate-crisis",
    "sudan-war",
    "syria-war",
    "gaza",
    "elections",
    "football",
    "human-rights",
]
PEOPLE = [
    "Alia Chughtai",
    "Marwan Bishara",
    "Linah Alsaafin",
    "Virginia Pietromarchi",
    "Ted Regencia",
    "Nils Adler",
]


def aljazeera(rng: random.Random) -> Page:
    p = Page(
        "Al Jazeera",
        "www.aljazeera.com",
        "en",
        "Breaking News, World News and Video from Al Jazeera",
        rng,
    )
    h = K.en(rng)

    def art(typ: str, kind: str = "news", title: str | None = None) -> tuple[str, str, str]:
        t = title or h.next()
        return f"/{typ}/{K.unpadded(rng)}/{slug(t, 10)}", t, kind

    def author(name: str) -> tuple[str, str]:
        return f"/author/{slug(name).replace('-', '_')}_{rng.randint(100000, 999999)}", name

    p.add(
        cookies_en(p, [("/cookie-policy", "Cookie Policy"), ("/privacy-policy", "Privacy Policy")])
    )
    nav = [p.a("/news/", "News", "section")]
    nav += [p.a(f"/{r}/", r.replace("-", " ").title(), "section") for r in REGIONS]
    nav += [
        p.a("/features/", "Features", "section"),
        p.a("/opinion/", "Opinion", "section"),
        p.a("/economy/", "Economy", "section"),
        p.a("/climate-crisis/", "Climate Crisis", "section"),
        p.a("/investigations/", "Investigations", "section"),
        p.a("/interactives/", "Interactives", "section"),
        p.a("/gallery/", "In Pictures", "gallery"),
        p.a("/sports/", "Sport", "section"),
        p.a("/science-and-technology/", "Science & Technology", "section"),
        p.a("/video/", "Video", "video"),
        p.a("/audio/podcasts", "Podcasts", "podcast"),
        p.a("/live/", "Live", "video"),
        p.a("/schedule", "Schedule", "service"),
        p.a("/program/the-take/", "The Take", "podcast"),
        p.a("/program/inside-story/", "Inside Story", "video"),
        p.a("/program/upfront/", "UpFront", "video"),
        p.a("/program/101-east/", "101 East", "video"),
        p.a("/program/witness/", "Witness", "video"),
    ]
    nav += [
        p.a(f"/where/{w}/", w.title(), "section")
        for w in ("ukraine", "israel", "sudan", "syria", "india", "pakistan")
    ]
    p.add(
        '<header class="site-header">',
        p.a("/", "Al Jazeera", "home", img="Al Jazeera"),
        '<nav class="site-header__navigation">',
        ul(nav),
        "</nav>",
        p.a("/search/", "Search", "search"),
        p.a("https://chinese.aljazeera.net/", "中文", "other"),
        p.a("https://www.aljazeera.net/", "العربية", "other"),
        p.a("https://balkans.aljazeera.net/", "Balkans", "other"),
        p.a("https://www.aljazeera.com/live?utm_source=header", "Watch Live", "video"),
        "</header><main>",
    )
    # hero: live blog + news with kicker tags
    live = art("news/liveblog", "live", "Live: " + h.next())
    hero = [
        card(
            p,
            *live,
            tag="h1",
            image="also",
            kicker=(f"/tag/{TAGS[0]}/", "Israel-Palestine conflict", "tag"),
            extra=ul([p.a(live[0], "Live updates", "live")]),
        )
    ]
    for _ in range(rng.randint(7, 9)):
        tg = rng.choice(TAGS)
        hero.append(
            card(
                p,
                *art("news"),
                image=rng.choice(["", "also", "also"]),
                kicker=(f"/tag/{tg}/", tg.replace("-", " ").title(), "tag")
                if rng.random() < 0.5
                else None,
            )
        )
    p.add(block("Top stories", hero))
    # features and explainers (undated 'longform' included), economy and sport stories
    feats = [
        card(p, *art("features"), kicker=("/features/", "Features", "section"), image="also"),
        card(p, *art("features", "interview", "‘We have nowhere left to go’: " + h.next())),
        card(p, *art("news/longform", "feature", h.next()), image="also"),
        card(p, *art("features", "analysis", "Analysis: " + h.next())),
        card(p, *art("news", "news", "What’s behind " + h.next().lower() + "? Explainer")),
        card(p, *art("economy")),
        card(p, *art("economy")),
        card(p, *art("sports")),
        card(p, *art("sports/liveblog", "live", "Live: Real Madrid v Barcelona – La Liga")),
    ]
    p.add(block("Features", feats))
    # opinion: /opinions/ is the content path, /opinion/ is the section
    ops = [
        card(p, *art("opinions", "opinion"), byline=author(who)) for who in rng.sample(PEOPLE, 3)
    ]
    ops.append(p.a("/opinion/", "More opinion", "section"))
    p.add(block("Opinion", ops))
    # programmes, videos, podcasts, galleries: same date-path shape, not articles
    mm = [
        card(
            p, *art("program/inside-story", "video", "Can " + h.next().lower() + "?"), image="only"
        ),
        card(p, *art("program/the-take", "podcast", "The Take: " + h.next())),
        card(p, *art("video/newsfeed", "video"), image="only"),
        card(p, *art("video/inside-story", "video"), image="also"),
        card(p, *art("gallery", "gallery", "Photos: " + h.next()), image="only"),
        card(p, *art("gallery", "gallery", "In pictures: " + h.next()), image="only"),
        card(p, *art("podcasts", "podcast", "The Inside Story podcast: " + h.next())),
        card(p, "/program/witness/", "Witness documentaries", "video"),
    ]
    p.add(block("Watch & listen", mm))
    # regional rails with more news and region section links
    for reg in rng.sample(REGIONS, 3):
        rail = [card(p, *art("news"), tag="h3") for _ in range(rng.randint(3, 4))]
        rail.append(p.a(f"/{reg}/", f"More from {reg.replace('-', ' ').title()}", "section"))
        p.add(block(reg.replace("-", " ").title(), rail))
    # interactive explainers (readable, dated) and a data tracker
    p.add(
        block(
            "Interactives",
            [
                card(p, *art("news", "feature", "Mapping " + h.next().lower()), image="also"),
                card(
                    p,
                    f"/news/{K.unpadded(rng)}/israel-gaza-war-death-toll-live-tracker",
                    "Gaza death toll: live tracker",
                    "data",
                ),
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(
            f"https://www.aljazeera.com{art('news')[0]}?utm_source=twitter&utm_medium=social",
            h.next(),
            "news",
        ),
        p.a(f"https://aljazeera.com{art('news')[0]}", h.next(), "news"),
        p.a(f"//www.aljazeera.com{art('opinions', 'opinion')[0]}", h.next(), "opinion"),
        p.a(f"{art('news')[0]}?traffic_source=KeepReading", h.next(), "news"),
        p.a(f"{art('features')[0]}#comments", h.next(), "news"),
    ]
    p.add('<aside class="most-read"><h2>Most read</h2>', ul(most), "</aside>")
    p.add(
        '<section class="newsletter">',
        p.a("/newsletter/daily-briefing/", "Sign up for Al Jazeera Daily Briefing", "newsletter"),
        p.a("/tag/ukraine-russia-crisis/", "More on Ukraine", "tag"),
        p.a("/news/?page=2", "More news", "pagination"),
        "</section>",
    )
    foot = [
        p.a("/about-us", "About", "service"),
        p.a("/code-of-ethics", "Code of Ethics", "service"),
        p.a("/terms-and-conditions", "Terms and Conditions", "legal"),
        p.a("/eu-eea-regulatory-notice", "EU/EEA Regulatory Notice", "legal"),
        p.a("/privacy-policy", "Privacy Policy", "legal"),
        p.a("/cookie-policy", "Cookie Policy", "legal"),
        p.a("/accessibility-statement", "Accessibility Statement", "legal"),
        p.a("/contact-us", "Contact Us", "service"),
        p.a("/advertise", "Advertise", "service"),
        p.a("/tips", "Submit a tip", "service"),
        p.a("/where-to-watch", "Where to watch", "service"),
        p.a("/apps", "Apps", "service"),
        p.a("/rss", "RSS", "service"),
        p.a("/xml/rss/all.xml", "RSS feed", "file"),
        p.a("https://network.aljazeera.net/en/careers", "Work for us", "other"),
        p.a("https://network.aljazeera.net/", "Al Jazeera Media Network", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "AJEnglish"), "</footer>")
    return p
