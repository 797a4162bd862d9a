"""Financial Times: /content/<uuid> articles, /stream/<uuid> topic pages, /video/<uuid>, myFT and
subscription pages.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, block, card, cookies_en, slug, uid
from bench.heldout._page import Page, social, ul


def ft(rng: random.Random) -> Page:
    p = Page("Financial Times", "www.ft.com", "en", "Financial Times", rng)
    h = Pool(T.EN, rng)
    streams = {
        "World": [
            "UK",
            "US",
            "China",
            "Africa",
            "Asia Pacific",
            "Emerging markets",
            "Europe",
            "War in Ukraine",
            "Americas",
            "Middle East and North Africa",
        ],
        "US": ["US economy", "US companies", "US politics & policy"],
        "Companies": [
            "Energy",
            "Financials",
            "Health",
            "Industrials",
            "Media",
            "Professional services",
            "Retail & Consumer",
            "Tech sector",
            "Telecoms",
            "Transport",
        ],
        "Tech": ["Artificial intelligence", "Semiconductors", "Cyber Security", "Social Media"],
        "Markets": [
            "Alphaville",
            "Markets data",
            "Crypto",
            "Capital markets",
            "Commodities",
            "Currencies",
            "Equities",
            "Wealth",
            "Moral Money",
        ],
        "Climate": [],
        "Opinion": ["Columnists", "The FT View", "Lex", "Obituaries", "Letters"],
        "Work & Careers": [
            "Business school rankings",
            "Business education",
            "Europe's Start-Up Hubs",
        ],
        "Life & Arts": [
            "Arts",
            "Books",
            "Food & drink",
            "FT Magazine",
            "House & Home",
            "Style",
            "Travel",
            "FT Globetrotter",
        ],
        "HTSI": [],
    }
    menu = []
    for top, subs in streams.items():
        # named sub-paths for most, /stream/<uuid> topic pages for the rest (as the FT drawer does)
        menu.append(
            p.a(f"/{slug(top)}", top, "section")
            + ul(
                [
                    p.a(f"/stream/{uid(rng)}", s, "topic")
                    if rng.random() < 0.35
                    else p.a(f"/{slug(top)}/{slug(s)}", s, "section")
                    for s in subs
                ]
            )
        )
    menu += [
        p.a("/myft", "myFT", "service"),
        p.a("/myft/following", "myFT Feed", "service"),
        p.a("/newsletters", "Newsletters", "newsletter"),
        p.a("/video", "Video", "video"),
        p.a("/podcasts", "Podcasts", "podcast"),
        p.a("/news-feed", "News feed", "section"),
        p.a("/lex", "Lex", "section"),
        p.a("/alphaville", "Alphaville", "section"),
        p.a("/markets/data", "Markets data", "data"),
        p.a("https://markets.ft.com/data/equities", "Equities data", "other"),
        p.a("/search", "Search", "search"),
        p.a("/tour", "FT Tour", "subscription"),
        p.a("/products?segmentId=abc-123", "Subscribe", "subscription"),
    ]
    p.add(
        cookies_en(
            p,
            [
                ("/cookies", "Cookie policy"),
                ("https://help.ft.com/legal-privacy/privacy-policy/", "Privacy"),
            ],
        )
    )
    p.add(
        '<header class="o-header">',
        p.a("/", "Financial Times", "home"),
        p.a(
            "https://accounts.ft.com/login?location=https%3A%2F%2Fwww.ft.com%2F", "Sign In", "other"
        ),
        p.a("/products?segmentId=xyz", "Subscribe for full access", "subscription"),
        '<nav class="o-header__drawer" role="navigation">',
        ul(menu),
        "</nav></header><main>",
    )
    people = T.PEOPLE_EN[:5]
    for sec in ("Top stories", "World", "Companies", "Markets", "Tech", "Opinion", "Life & Arts"):
        cards = []
        for _ in range(rng.randint(5, 8)):
            kind = "opinion" if sec == "Opinion" else "news"
            topic = (
                (f"/stream/{uid(rng)}", rng.choice(T.TAGS_EN), "topic")
                if rng.random() < 0.6
                else None
            )
            who = rng.choice(people)
            cards.append(
                card(
                    p,
                    f"/content/{uid(rng)}",
                    h.next(),
                    kind,
                    image=rng.choice(["", "", "also"]),
                    kicker=topic,
                    byline=(f"/{slug(who)}", who) if sec == "Opinion" else None,
                )
            )
        if sec == "Top stories":
            cards.append(card(p, f"/content/{uid(rng)}", "Live: " + h.next(), "live"))
            cards.append(
                card(
                    p,
                    f"https://www.ft.com/content/{uid(rng)}?emailId=abc&segmentId=22011ee7",
                    h.next(),
                    "news",
                )
            )
        if sec == "Markets":
            cards.append(
                card(
                    p,
                    f"/content/{uid(rng)}",
                    "Lex: " + h.next(),
                    "analysis",
                    kicker=("/lex", "Lex", "section"),
                )
            )
        p.add(block(sec, cards))
    p.add(
        block(
            "Video",
            [card(p, f"/video/{uid(rng)}", h.next(), "video", image="only") for _ in range(3)],
        )
    )
    p.add(
        block(
            "Podcasts",
            [
                card(p, f"/content/{uid(rng)}", "Unhedged podcast: " + h.next(), "podcast"),
                p.a("/unhedged-podcast", "Unhedged", "podcast"),
            ],
        )
    )
    p.add(
        block(
            "Newsletters",
            [
                p.a("/newsletters/unhedged", "Unhedged", "newsletter"),
                p.a("/newsletters/first-ft", "FirstFT", "newsletter"),
                p.a("/ft-edit", "FT Edit", "service"),
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(
            f"https://www.ft.com/content/{uid(rng)}?ftcamp=traffic/partner/most_read",
            h.next(),
            "news",
        )
        for _ in range(5)
    ]
    p.add('<aside class="most-read"><h2>Most read</h2>', ul(most), "</aside>")
    foot = [
        p.a("https://aboutus.ft.com/", "About us", "other"),
        p.a("https://help.ft.com/", "Help", "other"),
        p.a("/cookies", "Cookies", "legal"),
        p.a("/accessibility", "Accessibility", "legal"),
        p.a("/tour/personal", "Individual subscriptions", "subscription"),
        p.a("/tour/group", "Group subscriptions", "subscription"),
        p.a("/myaccount", "Manage account", "login"),
        p.a("/syndication", "Syndication", "service"),
        p.a("/careers", "Careers", "service"),
        p.a("/ft-edit?segmentId=1", "FT Edit", "service"),
        p.a("https://www.ft.com/__tos", "Terms", "legal"),
        p.a("https://ig.ft.com/", "FT Interactive", "other"),
    ]
    p.add('<footer class="o-footer">', ul(foot), social(p, "FT"), "</footer>")
    return p
