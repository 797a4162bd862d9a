# ruff: noqa: E501
"""The New York Times: /YYYY/MM/DD/<section>/slug.html, /live/..., /video/<section>/<id>/slug.html,
/interactive/..., /section/..., /by/..., The Athletic, Wirecutter.
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import Pool, block, card, day, slug
from bench.heldout._page import Page, social, ul


def nyt(rng: random.Random) -> Page:
    p = Page(
        "The New York Times",
        "www.nytimes.com",
        "en",
        "The New York Times - Breaking News, US News, World News and Videos",
        rng,
    )
    h = Pool(T.EN, rng)
    base = "https://www.nytimes.com"

    def art(path: str, kind: str = "news") -> tuple[str, str, str]:
        t = h.next()
        return f"{base}/{day(rng, '/')}/{path}/{slug(t, 8)}.html", t, kind

    secs = {
        "world": ["africa", "americas", "asia", "australia", "europe", "middleeast"],
        "us": ["politics", "nyregion"],
        "business": ["dealbook", "economy", "energy-environment", "media", "your-money"],
        "technology": ["personaltech"],
        "science": ["climate", "space"],
        "health": [],
        "sports": ["baseball", "basketball", "football", "golf", "hockey", "soccer", "tennis"],
        "arts": ["design", "music", "television", "dance", "books"],
        "movies": [],
        "theater": [],
        "style": ["weddings"],
        "food": [],
        "travel": [],
        "magazine": [],
        "realestate": [],
        "opinion": ["columnists", "editorials", "op-ed"],
    }
    menu = [
        p.a(f"/section/{s}", s.title(), "section")
        + ul([p.a(f"/section/{s}/{x}", x.title(), "section") for x in subs])
        for s, subs in secs.items()
    ]
    menu += [
        p.a("/spotlight/podcasts", "Podcasts", "podcast"),
        p.a("/video", "Video", "video"),
        p.a("/crosswords", "Games", "service"),
        p.a("/games/wordle/index.html", "Wordle", "service"),
        p.a("/puzzles/spelling-bee", "Spelling Bee", "service"),
        p.a("https://cooking.nytimes.com/", "Cooking", "other"),
        p.a("/wirecutter/", "Wirecutter", "section"),
        p.a("/athletic/", "The Athletic", "section"),
        p.a("/newsletters", "Newsletters", "newsletter"),
        p.a("/subscription?campaignId=8HHXJ", "Subscribe", "subscription"),
        p.a("https://myaccount.nytimes.com/auth/login", "Log in", "other"),
        p.a("/search", "Search", "search"),
        p.a("/sitemap", "Site Index", "service"),
        p.a("/international/", "International", "section"),
        p.a("/es/", "Español", "section"),
        p.a("https://cn.nytimes.com/", "中文", "other"),
    ]
    p.add('<header><nav aria-label="Main">', ul(menu), "</nav></header><main>")
    top = art("world/europe")
    p.add(
        block(
            "Top",
            [
                card(
                    p,
                    *top,
                    tag="h1",
                    image="also",
                    byline=(f"/by/{slug(T.PEOPLE_EN[5])}", T.PEOPLE_EN[5]),
                ),
                card(
                    p,
                    f"{base}/live/{day(rng, '/')}/world/{slug(h.next(), 6)}",
                    "Live Updates: " + h.next(),
                    "live",
                ),
                card(
                    p,
                    f"{base}/interactive/{day(rng, '/')}/us/elections/{slug(h.next(), 6)}.html",
                    "Maps: " + h.next(),
                    "feature",
                    image="only",
                ),
            ],
        )
    )
    for path in (
        "us/politics",
        "world/asia",
        "world/middleeast",
        "business/economy",
        "business/dealbook",
        "technology",
        "climate",
        "health",
        "nyregion",
    ):
        cards = [
            card(
                p,
                *art(path),
                image=rng.choice(["", "", "also"]),
                byline=(f"/by/{slug(w)}", w)
                if rng.random() < 0.3 and (w := rng.choice(T.PEOPLE_EN))
                else None,
            )
            for _ in range(rng.randint(2, 4))
        ]
        p.add(block(path.split("/")[-1].title(), cards))
    ops = [
        card(p, *art("opinion", "opinion"), byline=(f"/by/{slug(w)}", w))
        for w in rng.sample(T.PEOPLE_EN, 4)
    ]
    ops.append(card(p, *art("opinion/editorials", "opinion")))
    p.add(block("Opinion", ops))
    # undated evergreen explainers (/article/slug.html) and the daily briefing are text pieces
    t1, t2 = h.next(), h.next()
    explainers = [
        card(p, f"/article/{slug(t1, 8)}.html", t1, "news"),
        card(
            p,
            "/article/what-to-know-government-shutdown.html",
            "What to know about the shutdown",
            "news",
        ),
        card(p, f"{base}/{day(rng, '/')}/briefing/{slug(t2, 6)}.html", t2, "news"),
        p.a("/section/world?page=2", "More world news", "pagination"),
    ]
    p.add(block("Explainers", explainers))
    p.add(
        block(
            "Arts",
            [
                card(p, *art("books/review", "review")),
                card(p, *art("theater", "review")),
                card(p, *art("movies", "review"), image="only"),
            ],
        )
    )
    # podcast episodes and videos have dated or numeric paths but are not text
    p.add(
        block(
            "Audio & Video",
            [
                card(p, *art("podcasts/the-daily", "podcast")),
                card(
                    p,
                    f"/video/world/europe/1000000{rng.randint(10000000, 99999999)}/{slug(h.next(), 6)}.html",
                    h.next(),
                    "video",
                    image="only",
                ),
                card(p, "/spotlight/the-daily", "The Daily", "podcast"),
                p.a("/video/world", "More world videos", "video"),
            ],
        )
    )
    p.add(
        block(
            "The Athletic",
            [
                card(
                    p,
                    f"/athletic/{rng.randint(5900000, 5999999)}/{day(rng, '/')}/{slug(h.next(), 8)}/",
                    h.next(),
                    "news",
                )
                for _ in range(3)
            ]
            + [p.a("/athletic/football/premier-league/", "Premier League", "section")],
        )
    )
    p.add(
        block(
            "Wirecutter",
            [
                card(
                    p, "/wirecutter/reviews/best-air-purifier/", "The Best Air Purifier", "review"
                ),
                card(p, "/wirecutter/deals/", "Deals", "section"),
            ],
        )
    )
    p.add(
        block(
            "Games",
            [
                p.a("/crosswords/game/mini", "The Mini", "service"),
                p.a("/games/connections", "Connections", "service"),
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(
            art(rng.choice(["us", "world/europe", "style"]))[0]
            + "?smid=nytcore-ios-share&referringSource=articleShare",
            h.next(),
            "news",
        )
        for _ in range(4)
    ]
    p.add('<aside class="most-popular"><h2>Most Popular</h2>', ul(most), "</aside>")
    p.add(
        '<div class="topics">',
        ul(
            [p.a(f"/topic/person/{slug(t)}", t, "tag") for t in T.TAGS_EN[:4]]
            + [p.a("/news-event/israel-hamas-gaza", "Israel-Hamas War", "tag")]
        ),
        "</div>",
    )
    foot = [
        p.a("https://www.nytco.com/", "NYTCo", "other"),
        p.a(
            "https://help.nytimes.com/hc/en-us/articles/115014792127-Copyright-notice",
            "Copyright",
            "other",
        ),
        p.a("/privacy/cookie-policy", "Cookie Policy", "legal"),
        p.a("/privacy/privacy-policy", "Privacy Policy", "legal"),
        p.a(
            "https://help.nytimes.com/hc/en-us/articles/115015385887-Terms-of-Service",
            "Terms",
            "other",
        ),
        p.a("/sitemap/", "Site Map", "service"),
        p.a("/subscription/gift?campaignId=gift", "Gift Articles", "subscription"),
        p.a("/section/todayspaper", "Today's Paper", "section"),
        p.a("/corrections", "Corrections", "service"),
        p.a("https://www.nytimes.com/ca/", "Canada", "section"),
    ]
    p.add("<footer>", ul(foot), social(p, "nytimes"), "</footer>")
    return p
