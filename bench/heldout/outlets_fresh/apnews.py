# ruff: noqa: E501
"""AP News: every story at /article/<slug>-<32 hex>, /live/<slug> live pages, /video/<slug>-<hex>
and /gallery/<slug>-<hex> media that share the slug+hash shape, /hub/<topic> hubs, /author/,
/projects/ specials, /buyline/ commerce, bare section paths (/world-news, /politics).
"""

from __future__ import annotations

import random

from bench.heldout import _text as T
from bench.heldout._common import block, card, cookies_en, slug
from bench.heldout._page import Page, social, ul
from bench.heldout.outlets_fresh import _kit as K

HUBS = [
    "israel-hamas-war",
    "russia-ukraine",
    "donald-trump",
    "immigration",
    "climate-and-environment",
    "artificial-intelligence",
    "nfl",
    "college-football",
    "ap-top-news",
    "ap-fact-check",
    "oddities",
    "be-well",
    "religion",
    "financial-markets",
    "election-2026",
]


def apnews(rng: random.Random) -> Page:
    p = Page(
        "AP News",
        "apnews.com",
        "en",
        "AP News: Breaking News Today | Latest from The Associated Press",
        rng,
    )
    h = K.en(rng)
    base = "https://apnews.com"

    def art(
        kind: str = "news", title: str | None = None, prefix: str = "article"
    ) -> tuple[str, str, str]:
        t = title or h.next()
        return f"{base}/{prefix}/{slug(t, 10)}-{K.hexid(rng, 32)}", t, kind

    def author(name: str) -> tuple[str, str]:
        return f"{base}/author/{slug(name)}", name

    p.add(
        cookies_en(
            p,
            [
                (f"{base}/privacy-policy", "Privacy Policy"),
                (f"{base}/cookie-settings", "Cookie Settings"),
            ],
        )
    )
    nav = [
        p.a(f"/{s}", s.replace("-", " ").title(), "section")
        for s in (
            "world-news",
            "us-news",
            "politics",
            "sports",
            "entertainment",
            "business",
            "science",
            "health",
            "technology",
            "lifestyle",
            "religion",
            "climate-and-environment",
            "oddities",
            "photography",
        )
    ]
    nav += [p.a(f"/hub/{x}", x.replace("-", " ").title(), "topic") for x in HUBS]
    nav += [
        p.a("/video", "Video", "video"),
        p.a("/podcasts", "Podcasts", "podcast"),
        p.a("/espanol", "AP en español", "section"),
        p.a("/hub/noticias", "Noticias", "topic"),
        p.a("/newsletters", "Newsletters", "newsletter"),
        p.a("/buyline", "AP Buyline", "section"),
        p.a("/buyline-personal-finance", "Personal finance", "section"),
        p.a("/projects/ap-investigations", "Investigations", "section"),
        p.a("https://www.ap.org/", "AP.org", "other"),
        p.a(
            "https://www.ap.org/support/?utm_source=apnews.com&utm_medium=navigation",
            "Donate",
            "other",
        ),
    ]
    p.add(
        "<header>",
        p.a("/", "AP Logo", "home", img="The Associated Press"),
        "<nav>",
        ul(nav),
        "</nav>",
        p.a("/search?q=", "Search", "search"),
        p.a("https://apnews.com/account/login", "Sign in", "login"),
        "</header><main>",
    )
    # top story with a related-links list, then a live page with a short slug (no hash)
    lead = art()
    related = ul([p.a(art()[0], h.next(), "news") for _ in range(3)])
    live_slug = rng.choice(
        [
            "trump-news-updates",
            "israel-hamas-war-news-12-4-2026",
            "winter-storm-live-updates",
            "election-results-live",
        ]
    )
    z = [
        card(
            p,
            *lead,
            tag="h1",
            image="also",
            kicker=(f"/hub/{rng.choice(HUBS[:6])}", "Hub", "topic"),
            extra=related,
        ),
        card(p, f"/live/{live_slug}", "LIVE: " + h.next(), "live", image="also"),
    ]
    for _ in range(rng.randint(10, 13)):
        u, t, k = art()
        if rng.random() < 0.35:
            u = u.replace(base, "")
        z.append(
            card(
                p,
                u,
                t,
                k,
                image=rng.choice(["", "also"]),
                byline=author(rng.choice(T.PEOPLE_EN)) if rng.random() < 0.35 else None,
            )
        )
    p.add(block("Top Stories", z))
    # explainers and fact checks are articles; one AP explainer has a very short slug
    more = [
        card(p, *art("news", "What to know about " + h.next().lower())),
        card(
            p,
            *art("news", "FACT FOCUS: " + h.next()),
            kicker=("/hub/ap-fact-check", "AP Fact Check", "topic"),
        ),
        card(
            p,
            f"{base}/article/{rng.choice(['tariffs', 'daylight-saving-time', 'measles'])}-{K.hexid(rng, 32)}",
            "Explainer",
            "news",
        ),
        card(p, *art("analysis", "ANALYSIS: " + h.next())),
        card(p, *art("interview", "AP Interview: " + h.next())),
        card(p, *art("review", "Review: " + h.next())),
        card(p, *art("opinion", "Editorial Roundup: " + h.next())),
    ]
    p.add(block("Explainers", more))
    # sections
    for sec in ("world-news", "us-news", "sports", "business"):
        items = [card(p, *art(), tag="h3") for _ in range(rng.randint(3, 5))]
        items.append(p.a(f"/{sec}", f"More {sec.replace('-', ' ')}", "section"))
        if sec == "sports":
            items.append(p.a("/hub/nfl", "NFL", "topic"))
            items.append(p.a("/sports/scores", "Scores", "data"))
        p.add(block(sec.replace("-", " ").title(), items))
    # media with the article-like slug + hash shape
    mm = [
        card(p, *art("video", prefix="video"), image="only"),
        card(p, *art("video", prefix="video"), image="also"),
        card(p, *art("gallery", "Photos: " + h.next(), prefix="gallery"), image="only"),
        card(p, *art("gallery", "AP photos of the week", prefix="gallery"), image="only"),
        card(p, "/hub/ap-top-photos-of-the-day", "Top photos of the day", "gallery"),
        card(p, f"/projects/{slug(h.next(), 5)}/", "Special project", "feature", image="also"),
    ]
    p.add(block("Photos & video", mm))
    # commerce: Buyline guides are readable articles; the deal pages are shop listings
    p.add(
        block(
            "AP Buyline",
            [
                card(
                    p,
                    f"/buyline/personal-finance/{slug('best high yield savings accounts december 2026')}",
                    "Best high-yield savings accounts",
                    "review",
                ),
                card(
                    p,
                    f"/buyline/personal-finance/credit-cards/{slug('best travel credit cards')}",
                    "Best travel credit cards",
                    "review",
                ),
                p.a("/buyline/deals", "Today's deals", "shop"),
            ],
        )
    )
    p.add("</main>")
    most = [
        p.a(art()[0] + "?utm_source=copy&utm_medium=share", h.next(), "news"),
        p.a(art()[0].replace("https://", "https://www."), h.next(), "news"),
        p.a(art()[0].replace("https:", ""), h.next(), "news"),
        p.a(art()[0] + "?user_email=abc&utm_campaign=MorningWire", h.next(), "news"),
    ]
    p.add("<aside><h2>Most read</h2>", ul(most), "</aside>")
    p.add(
        '<div class="pager">', p.a("/hub/ap-top-news?p=2", "More top news", "pagination"), "</div>"
    )
    foot = [
        p.a("/about", "About", "service"),
        p.a("/contact-us", "Contact us", "service"),
        p.a("/ap-news-values-and-principles", "News Values and Principles", "service"),
        p.a("/terms-of-service", "Terms of Use", "legal"),
        p.a("/privacy-policy", "Privacy Policy", "legal"),
        p.a("/cookie-settings", "Cookie Settings", "legal"),
        p.a("/accessibility-statement", "Accessibility Statement", "legal"),
        p.a(
            "/do-not-sell-my-personal-info", "Do Not Sell or Share My Personal Information", "legal"
        ),
        p.a("/download-the-ap-news-app", "Download AP News", "service"),
        p.a("/advertise", "Advertise with us", "service"),
        p.a("https://www.ap.org/careers/", "AP Careers", "other"),
        p.a("https://www.ap.org/press-releases/", "Press releases", "other"),
        p.a("https://apstylebook.com/", "AP Stylebook", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "AP"), "</footer>")
    return p
