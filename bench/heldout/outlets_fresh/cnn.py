# ruff: noqa: E501
"""CNN: /YYYY/MM/DD/<section>/slug/index.html (also without index.html), live news at
/<section>/live-news/<slug>-MM-DD-YY/index.html, /YYYY/MM/DD/<section>/video/<slug> clips and
/videos/..., /YYYY/MM/DD/<section>/gallery/<slug>, undated /travel/<slug> and /style/<slug>
features, /cnn-underscored/reviews/..., /profiles/, /specials/ landings, /markets, /weather.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import block, card, cookies_en, slug
from bench.heldout._page import Page, social, ul
from bench.heldout.outlets_fresh import _kit as K

SECS = [
    "us",
    "world",
    "politics",
    "business",
    "health",
    "entertainment",
    "style",
    "travel",
    "sport",
    "science",
    "climate",
    "weather",
]
WORLD = ["africa", "americas", "asia", "australia", "china", "europe", "india", "middleeast", "uk"]


def cnn(rng: random.Random) -> Page:
    p = Page("CNN", "edition.cnn.com", "en", "Breaking News, Latest News and Videos | CNN", rng)
    # edition.cnn.com is not a folded variant: www.cnn.com links are another host, as for real
    h = K.en(rng)
    base = "https://edition.cnn.com"

    def art(
        sec: str, kind: str = "news", title: str | None = None, index: bool = True, typ: str = ""
    ) -> tuple[str, str, str]:
        t = title or h.next()
        mid = f"/{typ}" if typ else ""
        return (
            f"/{K.padded(rng)}/{sec}{mid}/{slug(t, 9)}" + ("/index.html" if index else ""),
            t,
            kind,
        )

    def prof(name: str) -> tuple[str, str]:
        return f"/profiles/{slug(name)}", name

    p.add(cookies_en(p, [("/privacy", "Privacy Policy"), ("/cookie", "Cookie Settings")]))
    menu = [p.a(f"/{s}", s.title(), "service" if s == "weather" else "section") for s in SECS]
    menu += [p.a(f"/world/{w}", w.title(), "section") for w in WORLD]
    menu += [
        p.a("/politics/president-donald-trump-47", "Trump", "topic"),
        p.a("/politics/fact-check", "Facts First", "section"),
        p.a("/election/2026", "Election 2026", "section"),
        p.a("/election/2026/results/house", "Results", "data"),
        p.a("/business/tech", "Tech", "section"),
        p.a("/business/media", "Media", "section"),
        p.a("/markets", "Markets", "data"),
        p.a("/markets/fear-and-greed", "Fear & Greed", "data"),
        p.a("/health/food", "Food", "section"),
        p.a("/health/fitness", "Fitness", "section"),
        p.a("/sport/football", "Football", "section"),
        p.a("/sport/tennis", "Tennis", "section"),
        p.a("/videos", "Video", "video"),
        p.a("/audio", "Audio", "podcast"),
        p.a("/audio/podcasts/5-things", "5 Things", "podcast"),
        p.a("/tv/schedule/cnn", "TV schedule", "service"),
        p.a("/specials/photos", "Photos", "gallery"),
        p.a("/games/play/cnn-5-things-quiz", "CNN 5 Things Quiz", "service"),
        p.a("/games", "Games", "service"),
        p.a("/cnn-underscored", "Underscored", "section"),
        p.a("/cnn-underscored/deals", "Deals", "shop"),
        p.a("/cnn-underscored/coupons", "Coupons", "shop"),
        p.a("/newsletters", "Newsletters", "newsletter"),
        p.a("/about", "About CNN", "service"),
        p.a("/follow", "Follow CNN", "service"),
    ]
    p.add(
        '<header class="header">',
        p.a("/", "CNN", "home", img="CNN logo"),
        p.a("/account/log-in", "Log In", "login"),
        p.a("/subscription", "Subscribe", "subscription"),
        p.a("/search?q=", "Search", "search"),
        p.a("https://www.cnn.com/", "US Edition", "other"),
        p.a("https://cnnespanol.cnn.com/", "CNN en Español", "other"),
        '<nav class="header__nav">',
        ul(menu),
        "</nav></header><main>",
    )
    # zone 1: live story with live-news URL and posts, the big story, a special landing
    mmddyy = "12-04-26"
    live_slug = rng.choice(
        [
            "trump-administration-news",
            "ukraine-russia-war-news",
            "israel-gaza-war-news",
            "winter-storm-news",
        ]
    )
    live = (
        f"/{'politics' if 'trump' in live_slug else 'world'}/live-news/{live_slug}-{mmddyy}/index.html",
        "Live updates: " + h.next(),
        "live",
    )
    posts = ul([p.a(f"{live[0]}#{K.alnum(rng, 24)}", h.next(), "live") for _ in range(3)])
    z1 = [
        card(p, *live, tag="h1", image="also", extra=posts),
        card(p, *art("politics"), image="also", byline=prof(rng.choice(T.PEOPLE_EN))),
        card(
            p,
            "/specials/politics/supreme-court-cases",
            "Supreme Court cases to watch",
            "section",
            image="also",
        ),
        card(
            p,
            *art("world", "analysis", title="Analysis: " + h.next()),
            kicker=("/world", "World", "section"),
        ),
    ]
    for _ in range(rng.randint(8, 10)):
        sec = rng.choice(
            [
                "us",
                "politics",
                "world",
                "business",
                "health",
                f"world/{rng.choice(WORLD)}".split("/")[0],
                "science",
                "climate",
            ]
        )
        z1.append(card(p, *art(sec, index=rng.random() < 0.75), image=rng.choice(["", "", "also"])))
    p.add(block("Top stories", z1))
    # opinion and a video rail that looks like stories
    ops = [
        card(p, *art("opinions", "opinion", title="Opinion: " + h.next()), byline=prof(who))
        for who in rng.sample(T.PEOPLE_EN, 3)
    ]
    ops.append(p.a("/opinions", "More opinion", "section"))
    p.add(block("Opinion", ops))
    vids = [
        card(p, *art("world", "video", index=False, typ="video"), image="only"),
        card(p, *art("us", "video", index=False, typ="video"), image="only"),
        card(
            p,
            f"/videos/world/{K.padded(rng)}/{slug(h.next(), 8)}-digvid.cnn",
            "Watch: " + h.next(),
            "video",
            image="also",
        ),
        card(
            p,
            f"/videos/politics/{K.padded(rng)}/{slug(h.next(), 8)}-lead-vpx.cnn",
            h.next(),
            "video",
            image="only",
        ),
        card(p, "/videos/fast/cnn-headlines", "CNN Headlines", "video"),
        card(
            p,
            f"/audio/podcasts/5-things/episodes/{K.uuid(rng)}",
            "5 Things: " + h.next(),
            "podcast",
        ),
    ]
    p.add(block("Featured videos", vids))
    # business, travel & style (undated feature slugs), underscored reviews
    biz = [
        card(p, *art(rng.choice(["business", "business/tech", "business/media"]))) for _ in range(4)
    ]
    biz += [
        p.a("/markets", "Markets now", "data"),
        p.a("/business/investing", "Investing", "section"),
    ]
    p.add(block("Business", biz))
    tv = [
        card(
            p,
            f"/travel/{slug(h.next(), 7)}",
            h.next(),
            "feature",
            image="also",
            kicker=("/travel", "Travel", "section"),
        ),
        card(
            p,
            f"/travel/{rng.choice(['japan-kyoto-tourism', 'best-beaches-2026', 'overtourism-venice'])}",
            "Where to go next",
            "feature",
        ),
        card(
            p,
            f"/style/{slug(h.next(), 6)}",
            h.next(),
            "feature",
            image="also",
            kicker=("/style", "Style", "section"),
        ),
        card(
            p,
            *art("style", "gallery", title="In pictures: " + h.next(), typ="gallery"),
            image="only",
        ),
        card(p, "/travel/destinations/japan", "Japan", "section"),
        card(
            p,
            "/interactive/2026/12/world/year-in-pictures/",
            "2026: The year in pictures",
            "gallery",
            image="only",
        ),
        card(
            p,
            f"/cnn-underscored/reviews/best-{rng.choice(['robot-vacuums', 'air-fryers', 'noise-canceling-headphones'])}",
            "The best gadgets, tested",
            "review",
        ),
        card(
            p,
            f"/cnn-underscored/reviews/{slug(h.next(), 5)}-review",
            "Review: " + h.next(),
            "review",
        ),
        card(p, "/cnn-underscored/gifts", "Holiday gift guides", "shop"),
    ]
    p.add(block("Travel & Style", tv))
    # entertainment, health, sport with short-path and index.html variants
    more = []
    for sec in ("entertainment", "health", "sport", "us"):
        more += [
            card(p, *art(sec, index=rng.random() < 0.5), tag="h3") for _ in range(rng.randint(2, 4))
        ]
        more.append(p.a(f"/{sec}", f"More {sec}", "section"))
    p.add(block("More top stories", more))
    p.add(
        '<section class="weather">',
        p.a("/weather", "Weather", "service"),
        p.a("/weather?zipCode=10001", "New York weather", "service"),
        card(p, *art("weather", "news", title="Winter storm to bring heavy snow to the Northeast")),
        "</section></main>",
    )
    most = [
        p.a(f"{base}{art('world')[0]}?cid=ios_app", h.next(), "news"),
        p.a(f"//edition.cnn.com{art('us')[0]}", h.next(), "news"),
        p.a(
            f"{base}{art('politics', index=False)[0]}?utm_source=twCNN&utm_medium=social",
            h.next(),
            "news",
        ),
        p.a(f"https://www.cnn.com{art('us')[0]}", h.next(), "other"),
        p.a(f"https://amp.cnn.com/cnn{art('world')[0]}", h.next(), "other"),
    ]
    p.add("<aside><h2>Most read</h2>", ul(most), "</aside>")
    foot = [
        p.a("/terms", "Terms of Use", "legal"),
        p.a("/privacy", "Privacy Policy", "legal"),
        p.a("/cookie", "Cookie Settings", "legal"),
        p.a("/ad-choices", "Ad Choices", "legal"),
        p.a("/accessibility", "Accessibility & CC", "legal"),
        p.a("/about", "About", "service"),
        p.a("/newsletters", "Newsletters", "newsletter"),
        p.a("/transcripts", "Transcripts", "archive"),
        p.a("/specials/more/cnn-leadership", "CNN Leadership", "service"),
        p.a("/specials/more/cnn-store", "CNN Store", "shop"),
        p.a("/collection", "Collection", "section"),
        p.a("/specials/cnn-heroes", "CNN Heroes", "section"),
        p.a("/sitemaps/cnn/index.xml", "Sitemap", "file"),
        p.a("https://careers.wbd.com/cnnjobs", "Work for CNN", "other"),
        p.a("https://www.cnn.com/help", "Help Center", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "CNN"), "</footer>")
    return p
