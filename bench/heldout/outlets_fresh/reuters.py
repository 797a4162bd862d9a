# ruff: noqa: E501
"""Reuters: /<section>/<subsection>/slug-YYYY-MM-DD/ with the date at the end of the slug,
/breakingviews/, /fact-check/, /investigates/special-report/<slug>/ (undated), /pictures/ and
/video/watch/idOV.../ media, /graphics/<UPPER>/<id>/ trackers, /markets/quote/<RIC>/ data, /authors/.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import block, card, cookies_en, slug
from bench.heldout._page import Page, social, ul
from bench.heldout.outlets_fresh import _kit as K

SECTIONS = {
    "world": [
        "africa",
        "americas",
        "asia-pacific",
        "china",
        "europe",
        "india",
        "israel-hamas",
        "japan",
        "middle-east",
        "ukraine-russia-war",
        "uk",
        "us",
    ],
    "business": [
        "aerospace-defense",
        "autos-transportation",
        "energy",
        "environment",
        "finance",
        "healthcare-pharmaceuticals",
        "media-telecom",
        "retail-consumer",
        "future-of-health",
        "world-at-work",
    ],
    "markets": [
        "asia",
        "carbon",
        "commodities",
        "currencies",
        "deals",
        "emerging",
        "europe",
        "funds",
        "global-market-data",
        "rates-bonds",
        "us",
        "wealth",
    ],
    "sustainability": [
        "boards-policy-regulation",
        "climate-energy",
        "land-use-biodiversity",
        "society-equity",
    ],
    "legal": ["government", "litigation", "us-supreme-court", "legalindustry", "transactional"],
    "technology": ["artificial-intelligence", "cybersecurity", "space", "disrupted"],
    "sports": ["soccer", "tennis", "formula1", "golf", "cricket", "athletics"],
    "lifestyle": ["oddly-enough", "science"],
}


def reuters(rng: random.Random) -> Page:
    p = Page(
        "Reuters", "www.reuters.com", "en", "Reuters | Breaking International News & Views", rng
    )
    h = K.en(rng)
    base = "https://www.reuters.com"

    def art(sec: str, kind: str = "news", title: str | None = None) -> tuple[str, str, str]:
        t = title or h.next()
        return f"/{sec}/{slug(t, 11)}-{K.padded(rng, '-')}/", t, kind

    def anywhere(kind: str = "news") -> tuple[str, str, str]:
        top = rng.choice(
            ["world", "world", "business", "markets", "technology", "legal", "sustainability"]
        )
        return art(f"{top}/{rng.choice(SECTIONS[top])}" if rng.random() < 0.7 else top, kind)

    def author(name: str) -> tuple[str, str]:
        return f"/authors/{slug(name)}/", name

    p.add(
        cookies_en(
            p, [("/info-pages/cookies/", "Cookies"), ("/info-pages/privacy-policy/", "Privacy")]
        )
    )
    menu = []
    for top, subs in SECTIONS.items():
        menu.append(
            p.a(f"/{top}/", top.title(), "section")
            + ul([p.a(f"/{top}/{s}/", s.replace("-", " ").title(), "section") for s in subs])
        )
    menu += [
        p.a("/breakingviews/", "Breakingviews", "section"),
        p.a("/investigations/", "Investigations", "section"),
        p.a("/fact-check/", "Fact Check", "section"),
        p.a("/graphics/", "Graphics", "section"),
        p.a("/pictures/", "Pictures", "gallery"),
        p.a("/video/", "Video", "video"),
        p.a("/podcasts/", "Podcasts", "podcast"),
        p.a("/newsletters/", "Newsletters", "newsletter"),
        p.a("/markets/stocks/", "Stocks", "data"),
        p.a("/markets/global-market-data/", "Market data", "section"),
        p.a("/events/", "Reuters Events", "events"),
    ]
    p.add(
        "<header>",
        p.a("/", "Reuters home", "home", img="Reuters logo"),
        '<nav aria-label="Main">',
        ul(menu),
        "</nav>",
        p.a("/site-search/?query=", "Search", "search"),
        p.a("/account/sign-in/?redirect=https%3A%2F%2Fwww.reuters.com%2F", "Sign In", "login"),
        p.a(
            "/account/register/sign-up/?referrer=register&journeyStart=https%3A%2F%2Fwww.reuters.com%2F",
            "Register",
            "login",
        ),
        p.a("https://www.reutersagency.com/en/", "Reuters Agency", "other"),
        "</header><main>",
    )
    # lead package: main story, related links (same style), live coverage and a tracker graphic
    lead = anywhere()
    rel = [p.a(anywhere()[0], h.next(), "news") for _ in range(3)]
    tracker = f"/graphics/UKRAINE-CRISIS/MAPS/{K.alnum(rng, 11, 'abcdefghijklmnopqrstuvwxyz')}/"
    p.add(
        block(
            "Top news",
            [
                card(
                    p,
                    *lead,
                    tag="h1",
                    image="also",
                    kicker=(f"/{lead[0].split('/')[1]}/", lead[0].split("/")[1].title(), "section"),
                    summary="Reuters exclusive",
                    extra=ul(rel),
                ),
                card(p, *art("world/europe", "live", "Live: " + h.next())),
                card(p, tracker, "Mapping the war in Ukraine", "data", image="also"),
            ]
            + [
                card(
                    p,
                    *anywhere(),
                    image=rng.choice(["", "also"]),
                    byline=author(rng.choice(T.PEOPLE_EN)) if rng.random() < 0.5 else None,
                )
                for _ in range(rng.randint(8, 11))
            ],
        )
    )
    for top in ("world", "business", "technology"):
        items = [
            card(
                p,
                *art(f"{top}/{rng.choice(SECTIONS[top])}"),
                tag="h3",
                kicker=(f"/{top}/", top.title(), "section") if rng.random() < 0.3 else None,
            )
            for _ in range(rng.randint(4, 6))
        ]
        items.append(p.a(f"/{top}/", f"More {top} news", "section"))
        p.add(block(top.title(), items))
    # markets block with quotes (data) beside the stories
    mk = [card(p, *art(f"markets/{rng.choice(SECTIONS['markets'])}")) for _ in range(5)]
    mk += [
        p.a(f"/markets/quote/{ric}/", ric, "data")
        for ric in (".SPX", ".DJI", ".IXIC", "LCOc1", "EUR=", "US10YT=RR")
    ]
    mk += [p.a(f"/markets/companies/{ric}/", ric, "data") for ric in ("NVDA.O", "AAPL.O")]
    p.add(block("Markets", mk))
    # Breakingviews columns (opinion), fact checks, an undated special report
    bv = [
        card(
            p,
            *art("breakingviews", "opinion"),
            byline=author(rng.choice(T.PEOPLE_EN)),
            kicker=("/breakingviews/", "Breakingviews", "section"),
        )
        for _ in range(3)
    ]
    bv.append(
        card(
            p,
            *art("fact-check", "news", "Fact Check: " + h.next()),
            kicker=("/fact-check/", "Fact Check", "section"),
        )
    )
    sr = h.next()
    bv.append(
        card(
            p,
            f"/investigates/special-report/{slug(sr, 7)}/",
            sr,
            "feature",
            image="also",
            kicker=("/investigations/", "Special report", "section"),
        )
    )
    bv.append(
        card(p, "/investigates/section/reuters-investigates/", "Reuters Investigates", "section")
    )
    bv.append(card(p, *art("world", "analysis", "Analysis: " + h.next())))
    bv.append(card(p, *art("business", "interview", "Exclusive: " + h.next())))
    p.add(block("Commentary & investigations", bv))
    # sports and lifestyle stories
    p.add(
        block(
            "Sports",
            [card(p, *art(f"sports/{rng.choice(SECTIONS['sports'])}")) for _ in range(4)]
            + [p.a("/sports/", "More sports", "section")],
        )
    )
    p.add(
        block(
            "Lifestyle",
            [
                card(p, *art("lifestyle", "review", "Movie review: " + h.next())),
                card(p, *art("lifestyle/oddly-enough")),
            ],
        )
    )
    # pictures and video (dated slugs like articles; galleries and clips, not text)
    pics = [
        card(
            p,
            f"/pictures/{slug(h.next(), 8)}-{K.padded(rng, '-')}/",
            "Pictures of the week",
            "gallery",
            image="only",
        ),
        card(
            p,
            f"/pictures/{slug(h.next(), 8)}-{K.padded(rng, '-')}/",
            h.next(),
            "gallery",
            image="only",
        ),
        card(
            p,
            f"/video/watch/idOV{rng.randint(100000, 999999)}{K.padded(rng, '')[4:]}RP1/",
            h.next(),
            "video",
            image="only",
        ),
        card(
            p,
            f"/video/watch/idRW{rng.randint(100000, 999999)}{K.padded(rng, '')[4:]}RP1/",
            h.next(),
            "video",
            image="also",
        ),
        card(p, "/video/rough-cuts/", "Rough cuts", "video"),
        card(
            p,
            f"/podcasts/reuters-world-news/{slug(h.next(), 6)}-{K.padded(rng, '-')}/",
            "Reuters World News podcast",
            "podcast",
        ),
        card(
            p,
            f"/graphics/GLOBAL-MARKETS/{K.alnum(rng, 11, 'abcdefghijklmnopqrstuvwxyz')}/",
            "Charting global markets",
            "data",
        ),
    ]
    p.add(block("Pictures, video, graphics", pics))
    p.add("</main>")
    most = [
        p.a(f"{base}{anywhere()[0]}?utm_source=twitter&utm_medium=Social", h.next(), "news"),
        p.a(f"https://reuters.com{anywhere()[0]}", h.next(), "news"),
        p.a(f"//www.reuters.com{anywhere()[0]}", h.next(), "news"),
        p.a(f"{anywhere()[0]}#comments", h.next(), "news"),
        p.a(f"{base}{anywhere()[0]}?taid=6750a1b2", h.next(), "news"),
    ]
    p.add("<aside><h2>Most read</h2>", ul(most), "</aside>")
    p.add(
        '<section class="more">',
        p.a("/world/?page=2", "Load more articles", "pagination"),
        p.a("/newsletters/reuters-daily-briefing/", "Sign up for the Daily Briefing", "newsletter"),
        p.a("/sitemap/2026-12-04/", "Today's stories", "archive"),
        "</section>",
    )
    foot = [
        p.a("/info-pages/about-us/", "About Reuters", "service"),
        p.a("/info-pages/careers/", "Careers", "service"),
        p.a("/info-pages/reuters-leadership/", "Reuters Leadership", "service"),
        p.a("/info-pages/trust-principles/", "Trust Principles", "service"),
        p.a("/info-pages/contact-us/", "Contact us", "service"),
        p.a("/info-pages/terms-of-use/", "Terms of Use", "legal"),
        p.a("/info-pages/privacy-policy/", "Privacy", "legal"),
        p.a("/info-pages/cookies/", "Cookies", "legal"),
        p.a("/info-pages/accessibility/", "Accessibility", "legal"),
        p.a("/info-pages/corrections/", "Corrections", "service"),
        p.a("/apps/", "Apps", "service"),
        p.a("/info-pages/advertise-with-us/", "Advertise with us", "service"),
        p.a("https://www.thomsonreuters.com/en.html", "Thomson Reuters", "other"),
        p.a(
            "https://www.reutersagency.com/en/licensereuterscontent/?utm_medium=rcom-footer",
            "License our content",
            "other",
        ),
        p.a("https://www.reutersprofessional.com/", "Reuters Professional", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "Reuters"), "</footer>")
    return p
