"""Bloomberg: /news/articles/YYYY-MM-DD/slug, /opinion/articles/..., /news/videos/..., /news/live-
blog/..., /quote/ pages.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, alnum, block, card, cookies_en, day, slug
from bench.heldout._page import Page, share_bar, social, ul


def bloomberg(rng: random.Random) -> Page:
    p = Page(
        "Bloomberg",
        "www.bloomberg.com",
        "en",
        "Bloomberg - Business News, Stock Markets, Finance",
        rng,
    )
    h = Pool(T.EN, rng)
    base = "https://www.bloomberg.com"

    def art(kind: str = "news", prefix: str = "news/articles") -> tuple[str, str, str]:
        t = h.next()
        return f"{base}/{prefix}/{day(rng)}/{slug(t, 10)}", t, kind

    sections = [
        "markets",
        "economics",
        "industries",
        "technology",
        "ai",
        "politics",
        "green",
        "crypto",
        "wealth",
        "pursuits",
        "businessweek",
        "citylab",
        "equality",
        "deals",
        "fixed-income",
        "etfs",
        "currencies",
        "commodities",
    ]
    regions = [
        "us",
        "uk",
        "europe",
        "asia",
        "middle-east",
        "africa",
        "latin-america",
        "canada",
        "india",
        "australia",
        "japan",
        "china",
    ]
    menu = [p.a(f"/{s}", s.title(), "section") for s in sections] + [
        p.a(f"/{r}", r.upper(), "section") for r in regions
    ]
    menu += [
        p.a("/live/us", "Bloomberg TV+", "video"),
        p.a("/audio", "Audio", "podcast"),
        p.a("/podcasts/odd-lots", "Odd Lots", "podcast"),
        p.a("/opinion", "Opinion", "section"),
        p.a("/newsletters", "Newsletters", "newsletter"),
        p.a("/graphics", "Graphics", "section"),
        p.a("/markets/watchlist", "Watchlist", "service"),
        p.a("/subscriptions?in_source=nav", "Subscribe", "subscription"),
        p.a("/account/signin", "Sign In", "login"),
        p.a("/search?query=", "Search", "search"),
    ]
    p.add(cookies_en(p, [("/notices/cookies", "Cookies"), ("/notices/privacy", "Privacy Policy")]))
    p.add('<header><nav class="navi">', ul(menu), "</nav></header>")
    # market ribbon: quote pages are data, not articles
    p.add(
        '<div class="ticker">',
        ul(
            [
                p.a(f"/quote/{q}", q.split(":")[0], "data")
                for q in (
                    "SPX:IND",
                    "INDU:IND",
                    "CCMP:IND",
                    "UKX:IND",
                    "CL1:COM",
                    "XAU:CUR",
                    "USGG10YR:IND",
                    "EURUSD:CUR",
                )
            ]
        ),
        "</div><main>",
    )
    lead = art()
    p.add(
        block(
            "Top",
            [
                card(p, *lead, tag="h1", image="also", extra=share_bar(p, lead[0], lead[1])),
                card(p, *art("live", "news/live-blog")),
                card(p, *art("feature", "news/features"), image="also"),
            ],
        )
    )
    for sec in ("markets", "economics", "technology", "politics", "green", "wealth"):
        cards = [
            card(
                p,
                *art(),
                kicker=(f"/{sec}", sec.title(), "section") if rng.random() < 0.3 else None,
                image=rng.choice(["", "", "only"]),
            )
            for _ in range(rng.randint(4, 7))
        ]
        p.add(block(sec.title(), cards))
    p.add(
        block(
            "Opinion",
            [
                card(
                    p,
                    *art("opinion", "opinion/articles"),
                    byline=(f"/opinion/authors/{alnum(rng, 8).upper()}/{slug(w)}", w),
                )
                for w in rng.sample(T.PEOPLE_EN, 4)
            ],
        )
    )
    p.add(block("Video", [card(p, *art("video", "news/videos"), image="only") for _ in range(3)]))
    p.add(
        block(
            "Graphics",
            [
                card(
                    p,
                    f"{base}/graphics/2026-{slug(h.next(), 6)}/",
                    "Charts: " + h.next(),
                    "feature",
                )
            ],
        )
    )
    p.add(
        block(
            "Businessweek",
            [
                card(
                    p,
                    *art("feature", "news/features"),
                    kicker=("/businessweek", "Businessweek", "section"),
                )
            ],
        )
    )
    p.add(
        block(
            "Newsletters",
            [p.a("/account/newsletters/five-things", "Sign up for Five Things", "newsletter")],
        )
    )
    p.add(
        block(
            "Podcasts",
            [
                card(
                    p,
                    f"/news/audio/{day(rng)}/{slug(h.next(), 8)}-podcast",
                    "Podcast: " + h.next(),
                    "podcast",
                )
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(art()[0] + "?srnd=homepage-europe&leadSource=uverify%20wall", h.next(), "news")
        for _ in range(5)
    ]
    p.add('<aside class="most-read"><h3>Most Read</h3>', ul(most), "</aside>")
    foot = [
        p.a("/notices/tos", "Terms of Service", "legal"),
        p.a("/notices/trademarks", "Trademarks", "legal"),
        p.a("/notices/privacy", "Privacy Policy", "legal"),
        p.a("/company/", "Careers", "service"),
        p.a("/feedback", "Contact Us", "service"),
        p.a("/help", "Help", "service"),
        p.a(
            "https://www.bloomberg.com/professional/solution/bloomberg-terminal/",
            "Terminal",
            "service",
        ),
        p.a("https://www.bloombergmedia.com/", "Advertise", "other"),
        p.a("https://www.bnef.com/", "BNEF", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "business"), "</footer>")
    return p
