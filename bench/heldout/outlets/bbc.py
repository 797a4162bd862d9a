# ruff: noqa: E501
"""BBC: /news/articles/c<id>o, /news/<topic>-<8 digits>, /news/live/..., /news/av/ and
/news/videos/, /news/topics/, bbc.co.uk services as another host.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, alnum, block, card, cookies_en, slug
from bench.heldout._page import Page, social, ul


def bbc(rng: random.Random) -> Page:
    p = Page("BBC", "www.bbc.com", "en", "BBC - Home", rng)
    h = Pool(T.EN, rng)

    def cid() -> str:
        # BBC's optimo ids: c + 10 characters of a vowel-free base-32 alphabet + o
        return "c" + "".join(rng.choice("0123456789bcdfghjklmnpqrstvwxyz") for _ in range(10)) + "o"

    nav = [
        p.a("/news", "News", "section"),
        p.a("/sport", "Sport", "section"),
        p.a("/business", "Business", "section"),
        p.a("/innovation", "Innovation", "section"),
        p.a("/culture", "Culture", "section"),
        p.a("/arts", "Arts", "section"),
        p.a("/travel", "Travel", "section"),
        p.a("/future-planet", "Earth", "section"),
        p.a("/audio", "Audio", "podcast"),
        p.a("/video", "Video", "video"),
        p.a("/live", "Live", "section"),
        p.a("/weather", "Weather", "service"),
        p.a("https://www.bbc.co.uk/iplayer", "iPlayer", "other"),
        p.a("https://www.bbc.co.uk/sounds", "Sounds", "other"),
        p.a("https://www.bbc.co.uk/bitesize", "Bitesize", "other"),
        p.a("https://www.bbc.co.uk/newsletters", "Newsletters", "other"),
    ]
    news = [
        p.a(f"/news/{x}", x.replace("_", " ").title(), "section")
        for x in (
            "world",
            "uk",
            "war-in-ukraine",
            "world/us_and_canada",
            "world/europe",
            "world/asia",
            "world/africa",
            "world/latin_america",
            "world/middle_east",
            "world/australia",
            "england",
            "scotland",
            "wales",
            "northern_ireland",
            "politics",
            "business",
            "technology",
            "science_and_environment",
            "health",
            "entertainment_and_arts",
            "in_pictures",
            "bbcverify",
            "reality_check",
        )
    ]
    sport = [
        p.a(f"/sport/{x}", x.title(), "section")
        for x in (
            "football",
            "cricket",
            "formula1",
            "rugby-union",
            "tennis",
            "golf",
            "athletics",
            "cycling",
            "boxing",
            "snooker",
        )
    ]
    teams = [p.a(f"/sport/football/teams/{slug(t)}", t, "section") for t in T.TEAMS]
    p.add(
        cookies_en(p, [("/usingthebbc/cookies/", "cookies"), ("/usingthebbc/privacy/", "privacy")])
    )
    p.add(
        '<header><a href="#main-content">Skip to content</a>',
        p.a("/", "BBC Homepage", "home"),
        p.a("https://account.bbc.com/signin", "Sign in", "other"),
        p.a("/search?d=HOMEPAGE_GNL", "Search BBC", "search"),
        '<nav data-testid="navigation">',
        ul(nav + news + sport + teams),
        '</nav></header><main id="main-content">',
    )
    # new-style ids (c...o), old numeric ids, live pages
    cards = [
        card(
            p,
            f"/news/articles/{cid()}",
            h.next(),
            "news",
            image=rng.choice(["", "also"]),
            kicker=(f"/news/world/{rng.choice(['europe', 'asia', 'africa'])}", "World", "section")
            if rng.random() < 0.3
            else None,
        )
        for _ in range(10)
    ]
    cards += [
        card(
            p,
            f"/news/{rng.choice(['world-europe', 'uk-politics', 'business', 'technology', 'world-us-canada', 'uk-england-london'])}-{rng.randint(60000000, 69999999)}",
            h.next(),
            "news",
        )
        for _ in range(5)
    ]
    cards += [
        card(p, f"/news/live/{cid()}", "Live: " + h.next(), "live"),
        card(
            p,
            f"/news/live/world-europe-{rng.randint(60000000, 69999999)}",
            "Live: " + h.next(),
            "live",
        ),
    ]
    p.add(block("News", cards))
    p.add(
        block(
            "Sport",
            [card(p, f"/sport/football/articles/{cid()}", h.next(), "news") for _ in range(4)]
            + [
                card(p, f"/sport/football/{rng.randint(60000000, 69999999)}", h.next(), "news")
                for _ in range(2)
            ]
            + [
                card(p, f"/sport/football/live/{cid()}", "Live: " + h.next(), "live"),
                p.a("/sport/football/scores-fixtures", "Scores & Fixtures", "data"),
                p.a("/sport/football/premier-league/table", "Premier League table", "data"),
            ],
        )
    )
    p.add(
        block(
            "Watch",
            [card(p, f"/news/videos/{cid()}", h.next(), "video", image="only") for _ in range(3)]
            + [
                card(
                    p,
                    f"/news/av/world-europe-{rng.randint(60000000, 69999999)}",
                    h.next(),
                    "video",
                    image="only",
                ),
                card(
                    p,
                    f"/reel/video/p0{alnum(rng, 6)}/{slug(h.next(), 8)}",
                    h.next(),
                    "video",
                    image="only",
                ),
            ],
        )
    )
    p.add(
        block(
            "Features",
            [
                card(
                    p,
                    f"/{sec}/article/2026120{rng.randint(1, 4)}-{slug(h.next(), 8)}",
                    h.next(),
                    "feature",
                    image="also",
                )
                for sec in ("future", "travel", "culture", "worklife", "culture")
            ]
            + [
                card(
                    p,
                    f"/news/in-pictures-{rng.randint(60000000, 69999999)}",
                    "In pictures: " + h.next(),
                    "gallery",
                    image="only",
                )
            ],
        )
    )
    p.add(
        block(
            "Topics", [p.a(f"/news/topics/c{alnum(rng, 10)}t", t, "topic") for t in T.TAGS_EN[:6]]
        )
    )
    p.add("</main>")
    most = [
        p.a(f"https://www.bbc.co.uk/news/articles/{cid()}", h.next(), "other"),
        p.a(
            f"https://www.bbc.com/news/articles/{cid()}?at_medium=RSS&at_campaign=rss",
            h.next(),
            "news",
        ),
        p.a(f"//www.bbc.com/news/articles/{cid()}", h.next(), "news"),
        p.a(f"/news/articles/{cid()}#comments", h.next(), "news"),
        p.a(f"/news/uk-politics-{rng.randint(60000000, 69999999)}?xtor=AL-72", h.next(), "news"),
    ]
    p.add('<aside data-component="most-read"><h2>Most read</h2>', ul(most), "</aside>")
    foot = [
        p.a("/usingthebbc/terms", "Terms of Use", "legal"),
        p.a("/aboutthebbc", "About the BBC", "service"),
        p.a("/usingthebbc/privacy/", "Privacy Policy", "legal"),
        p.a("/usingthebbc/cookies/", "Cookies", "legal"),
        p.a("/accessibility/", "Accessibility Help", "legal"),
        p.a("/contact", "Contact the BBC", "service"),
        p.a("/news/help-41670342", "Contact BBC News", "service"),
        p.a("/news/10628494", "BBC News RSS feeds", "service"),
        p.a("/editorialguidelines", "Editorial guidelines", "service"),
        p.a("https://www.bbc.co.uk/shop", "Shop", "other"),
        p.a("https://www.bbcstudios.com/", "BBC Studios", "other"),
        p.a("/ws/languages", "Other languages", "section"),
    ]
    p.add("<footer>", ul(foot), social(p, "bbcnews"), "</footer>")
    return p
