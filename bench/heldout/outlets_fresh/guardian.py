# ruff: noqa: E501, RUF001
"""The Guardian: /<section>/YYYY/mon/DD/slug for every content type, told apart by a type segment
(/live/, /video/, /gallery/, /audio/, /picture/, /ng-interactive/); two-segment keyword tags
(/world/ukraine), /profile/, /tone/, /series/, editions (/uk, /us), /crosswords/<type>/<n>.
"""

from __future__ import annotations

import random

from bench.heldout._common import block, card, cookies_en, slug
from bench.heldout._page import Page, social, ul
from bench.heldout.outlets_fresh import _kit as K


def guardian(rng: random.Random) -> Page:
    p = Page(
        "The Guardian",
        "www.theguardian.com",
        "en",
        "News, sport and opinion from the Guardian's global edition | The Guardian",
        rng,
    )
    h = K.en(rng)
    base = "https://www.theguardian.com"
    people = K.PEOPLE_EN_MORE

    def art(
        sec: str, kind: str = "news", title: str | None = None, typ: str = "", suffix: str = ""
    ) -> tuple[str, str, str]:
        t = title or h.next()
        mid = f"/{typ}" if typ else ""
        return f"{base}/{sec}{mid}/{K.guardian_date(rng)}/{slug(t, 10)}{suffix}", t, kind

    def prof(name: str) -> tuple[str, str]:
        return f"{base}/profile/{slug(name)}", name

    p.add(
        cookies_en(
            p,
            [(f"{base}/info/cookies", "Cookie policy"), (f"{base}/info/privacy", "Privacy policy")],
        )
    )
    p.add(
        '<header data-component="nav2"><div class="top-bar">',
        p.a(
            "https://support.theguardian.com/contribute?INTCMP=header_support",
            "Support us",
            "other",
        ),
        p.a("https://support.theguardian.com/subscribe/weekly", "Print subscriptions", "other"),
        p.a(
            "https://profile.theguardian.com/signin?INTCMP=DOTCOM_NEWHEADER_SIGNIN",
            "Sign in",
            "other",
        ),
        p.a("https://jobs.theguardian.com/?INTCMP=jobs_uk_web_newheader", "Search jobs", "other"),
        p.a(f"{base}/preference/edition/uk", "UK edition", "home"),
        p.a(f"{base}/preference/edition/us", "US edition", "home"),
        p.a(f"{base}/preference/edition/au", "Australia edition", "home"),
        p.a(f"{base}/preference/edition/int", "International edition", "home"),
        p.a(f"{base}/europe", "Europe edition", "home"),
        "</div>",
        p.a("/", "The Guardian - Back to home", "home"),
    )
    pillars = {
        "News": [
            "world",
            "uk-news",
            "world/europe-news",
            "us-news",
            "world/americas",
            "world/asia",
            "australia-news",
            "world/middleeast",
            "world/africa",
            "inequality",
            "global-development",
            "environment",
            "science",
            "technology",
            "business",
            "obituaries",
        ],
        "Opinion": [
            "commentisfree",
            "profile/editorial",
            "index/contributors",
            "tone/letters",
            "theguardian/series/opinion-videos",
            "cartoons/archive",
        ],
        "Sport": [
            "sport",
            "football",
            "sport/cricket",
            "sport/rugby-union",
            "sport/tennis",
            "sport/cycling",
            "sport/formulaone",
            "sport/golf",
            "sport/us-sport",
        ],
        "Culture": [
            "culture",
            "books",
            "music",
            "tv-and-radio",
            "artanddesign",
            "film",
            "games",
            "stage",
            "music/classical-music-and-opera",
        ],
        "Lifestyle": [
            "lifestyle",
            "fashion",
            "food",
            "tone/recipes",
            "lifeandstyle/love-and-sex",
            "lifeandstyle/health-and-wellbeing",
            "lifeandstyle/home-and-garden",
            "lifeandstyle/women",
            "lifeandstyle/men",
            "lifeandstyle/family",
            "travel",
            "money",
        ],
    }
    menu = []
    for label, subs in pillars.items():
        items = []
        for s in subs:
            kind = (
                "author"
                if s.startswith(("profile/", "index/contributors"))
                else "tag"
                if s.startswith(("tone/", "theguardian/series"))
                else "archive"
                if s.startswith("cartoons")
                else "section"
            )
            items.append(p.a(f"/{s}", s.split("/")[-1].replace("-", " ").title(), kind))
        menu.append(f"<li>{p.a('/' + subs[0], label, 'section')}{ul(items)}</li>")
    menu_extra = [
        p.a(f"{base}/crosswords", "Crosswords", "service"),
        p.a(f"{base}/email-newsletters?INTCMP=DOTCOM_NAV_NEWSLETTERS", "Newsletters", "newsletter"),
        p.a(f"{base}/theguardian/series/the-long-read", "The long read", "tag"),
        p.a(f"{base}/podcasts", "Podcasts", "podcast"),
        p.a(f"{base}/news/series/todayinfocus", "Today in Focus", "podcast"),
        p.a(f"{base}/video", "Video", "video"),
        p.a(f"{base}/inpictures", "In pictures", "gallery"),
        p.a(f"{base}/tone/obituaries", "Obituaries", "tag"),
        p.a(f"{base}/the-guardian-app", "Download the app", "service"),
        p.a(f"{base}/digital-newspaper-archive", "Digital archive", "archive"),
        p.a(f"{base}/theguardian/newsroom/dec/04/print-edition", "Print edition", "archive"),
        p.a(
            "https://www.theguardian.com/guardian-masterclasses", "Guardian Masterclasses", "events"
        ),
        p.a("https://puzzles.theguardian.com/", "Puzzles app", "other"),
    ]
    p.add(
        '<nav aria-label="Guardian sections">',
        "<ul>" + "".join(menu) + "</ul>",
        ul(menu_extra),
        "</nav></header>",
    )

    # top of the page: a live blog with key events, headline cards with kicker tags
    p.add('<main><div id="container-headlines">')
    live = art("world", "live", typ="live", suffix="-live-updates")
    key_events = "".join(
        f"<li>{p.a(f'{live[0]}?page=with:block-{b}#block-{b}', f'{rng.randint(9, 14)}.{rng.randint(10, 59)} GMT', 'live')}</li>"
        for b in (K.hexid(rng, 24), K.hexid(rng, 24))
    )
    cards = [
        card(
            p,
            *live,
            tag="h1",
            image="also",
            kicker=(f"{base}/world/ukraine", "Ukraine war live", "tag"),
            summary="Latest updates",
            extra=f'<ul class="key-events">{key_events}</ul>',
        ),
    ]
    for _ in range(rng.randint(6, 8)):
        sec = rng.choice(
            ["world", "uk-news", "politics", "us-news", "business", "environment", "world"]
        )
        tagp = rng.choice(
            [
                "world/ukraine",
                "politics/keir-starmer",
                "us-news/donald-trump",
                "world/gaza",
                "environment/climate-crisis",
                "business/economics",
                "world/syria",
            ]
        )
        cards.append(
            card(
                p,
                *art(sec),
                image=rng.choice(["", "also", "also"]),
                kicker=(f"/{tagp}", tagp.split("/")[1].replace("-", " ").title(), "tag")
                if rng.random() < 0.6
                else None,
                extra=p.a(
                    f"{art(sec)[0]}#comments",
                    str(rng.randint(12, 2400)),
                    "news",
                    attrs='data-link-name="Comment count"',
                )
                if rng.random() < 0.3
                else "",
            )
        )
    cards.append(
        card(
            p,
            *art("news", "analysis", typ="", suffix=""),
            kicker=(f"{base}/tone/analysis", "Analysis", "tag"),
        )
    )
    cards.append(
        card(
            p,
            *art("politics", "live", typ="live", title="UK politics live: " + h.next()),
            kicker=(f"{base}/politics/live", "Politics live", "tag"),
        )
    )
    p.add(block("Headlines", cards), "</div>")

    # regional containers: plain news cards, some relative, some with a byline
    for label, secs in (
        ("Around the world", ["world", "world", "us-news", "australia-news"]),
        ("UK", ["uk-news", "politics", "society", "education"]),
    ):
        more = []
        for _ in range(rng.randint(5, 6)):
            u, t, k = art(rng.choice(secs))
            if rng.random() < 0.3:
                u = u.replace(base, "")
            more.append(
                card(
                    p,
                    u,
                    t,
                    k,
                    tag="h3",
                    byline=prof(rng.choice(people)) if rng.random() < 0.4 else None,
                )
            )
        more.append(p.a(f"/{secs[0]}", f"More {label.lower()}", "section"))
        p.add(block(label, more))

    # opinion: columns, the Guardian view (editorial), letters, a cartoon (a picture page)
    ops = []
    for who in rng.sample(people, 4):
        ops.append(
            card(
                p,
                *art("commentisfree", "opinion"),
                byline=prof(who),
                kicker=(f"{base}/commentisfree", "Opinion", "section"),
            )
        )
    ops.append(
        card(
            p,
            *art("commentisfree", "opinion", title="The Guardian view on " + h.next().lower()),
            byline=(f"{base}/profile/editorial", "Editorial"),
        )
    )
    ops.append(
        card(
            p,
            *art("world", "opinion", title="Letters: " + h.next()),
            kicker=(f"{base}/tone/letters", "Letters", "tag"),
        )
    )
    ops.append(
        card(
            p,
            *art(
                "commentisfree",
                "gallery",
                title="Ben Jennings on " + h.next().lower(),
                typ="picture",
            ),
            image="only",
        )
    )
    ops.append(p.a(f"{base}/uk/commentisfree", "More opinion", "section"))
    p.add(block("Opinion", ops))

    # sport: match reports, a minute-by-minute live blog, tables and fixtures (data)
    sp = [
        card(p, *art("football"), kicker=(f"/football/{slug(t)}", t, "tag"))
        for t in rng.sample(K.T.TEAMS, 3)
    ]
    a, b = rng.sample(K.T.TEAMS, 2)
    sp.append(
        card(
            p,
            *art("football", "live", title=f"{a} v {b}: Premier League – live", typ="live"),
            image="also",
        )
    )
    sp.append(
        card(p, *art("sport", "news"), kicker=(f"{base}/sport/cricket", "Cricket", "section"))
    )
    sp.append(card(p, *art("football", "video", typ="video"), image="only"))
    sp += [
        p.a(f"{base}/football/premierleague/table", "Premier League table", "data"),
        p.a(f"{base}/football/fixtures", "Fixtures", "data"),
        p.a(f"{base}/football/results", "Results", "data"),
        p.a(f"{base}/football/live", "Live scores", "data"),
    ]
    p.add(block("Sport", sp))

    # culture: reviews with star ratings, an interview, a long read, an interactive
    cu = [
        card(
            p,
            *art(
                rng.choice(["film", "music", "stage", "books", "tv-and-radio"]),
                "review",
                title=h.next()
                + " review – "
                + rng.choice(["a dazzling triumph", "a damp squib", "ferociously funny"]),
            ),
            image="also",
            extra='<span class="stars">★★★★☆</span>',
        )
        for _ in range(3)
    ]
    cu.append(
        card(
            p,
            *art("culture", "interview", title=h.next() + ": ‘I was terrified every single day’"),
            kicker=(f"{base}/culture/series/the-interview", "The interview", "tag"),
        )
    )
    cu.append(
        card(
            p,
            *art("news", "feature", title="The long read: " + h.next()),
            kicker=(f"{base}/theguardian/series/the-long-read", "The long read", "tag"),
        )
    )
    cu.append(
        card(
            p,
            *art("world", "feature", typ="ng-interactive", title="Mapped: " + h.next()),
            image="also",
        )
    )
    cu.append(card(p, *art("culture", "game", title="The Thursday quiz: " + h.next().lower())))
    p.add(block("Culture", cu))

    # multimedia: video, galleries, audio (dated paths, the type segment gives them away)
    mm = [
        card(p, *art("world", "video", typ="video"), image="only"),
        card(p, *art("us-news", "video", typ="video"), image="also"),
        card(
            p,
            *art(
                "world", "gallery", typ="gallery", title="The week around the world in 20 pictures"
            ),
            image="only",
        ),
        card(
            p,
            *art(
                "artanddesign",
                "gallery",
                typ="gallery",
                title="Wildlife photographer of the year – in pictures",
            ),
            image="only",
        ),
        card(
            p,
            *art(
                "news",
                "podcast",
                typ="audio",
                suffix="-podcast",
                title="Today in Focus: " + h.next(),
            ),
        ),
        card(p, *art("politics", "podcast", typ="audio", title="Politics Weekly UK: " + h.next())),
        p.a(f"{base}/news/series/todayinfocus", "All episodes", "podcast"),
    ]
    p.add(block("Multimedia", mm))

    # lifestyle & money: an evergreen explainer, a recipe series page, a short-slug article
    life = [
        card(p, *art("money", "news", title="How to switch energy supplier: " + h.next().lower())),
        card(
            p,
            *art(
                "food",
                "feature",
                title="Nigel Slater’s recipes for "
                + rng.choice(["winter soups", "a festive roast", "leftovers"]),
            ),
        ),
        card(p, f"{base}/food/series/nigel-slater-recipes", "Nigel Slater’s recipes", "tag"),
        card(
            p,
            f"{base}/travel/{K.guardian_date(rng)}/lisbon",
            "Lisbon",
            "feature",
            kicker=(f"{base}/travel/lisbon", "Lisbon holidays", "tag"),
        ),
        card(
            p,
            f"{base}/lifeandstyle/{K.guardian_date(rng)}/{slug(h.next(), 6)}",
            "Ask Annalisa",
            "feature",
            byline=prof("Annalisa Barbieri"),
        ),
    ]
    p.add(block("Lifestyle", life))
    p.add("</main>")

    # most viewed aside: mixed hrefs and tracking
    most = [
        p.a(art("world")[0] + "?utm_source=dlvr.it&utm_medium=twitter", h.next(), "news"),
        p.a(art("uk-news")[0].replace("https://www.", "https://"), h.next(), "news"),
        p.a(art("business")[0].replace(base, ""), h.next(), "news"),
        p.a(art("commentisfree", "opinion")[0].replace("https:", ""), h.next(), "opinion"),
        p.a(art("world")[0] + "?INTCMP=mostviewed", h.next(), "news"),
        p.a(art("us-news")[0] + "#img-1", h.next(), "news"),
    ]
    p.add('<aside data-component="most-popular"><h2>Most viewed</h2>', ul(most), "</aside>")
    p.add(
        '<section class="newsletter-signup">',
        p.a(
            f"{base}/world/2018/nov/12/first-edition-sign-up-guardian-morning-briefing",
            "Sign up to First Edition",
            "newsletter",
        ),
        p.a(f"{base}/email-newsletters", "Browse all newsletters", "newsletter"),
        "</section>",
    )
    p.add(
        '<nav class="pagination">',
        p.a(f"{base}/world?page=2", "More world news", "pagination"),
        p.a(f"{base}/world/all", "All world news", "archive"),
        p.a(f"{base}/world/{'2026/dec/04'}/all", "All stories from today", "archive"),
        "</nav>",
    )
    crosswords = [
        p.a(
            f"{base}/crosswords/cryptic/{rng.randint(29500, 29600)}", "Cryptic crossword", "service"
        ),
        p.a(f"{base}/crosswords/quick/{rng.randint(17100, 17200)}", "Quick crossword", "service"),
        p.a(f"{base}/crosswords/quiptic/{rng.randint(1300, 1400)}", "Quiptic crossword", "service"),
        p.a(f"{base}/crosswords/series/wordiply", "Wordiply", "service"),
        p.a(f"{base}/lifeandstyle/series/sudoku", "Sudoku", "service"),
    ]
    p.add('<section class="puzzles"><h3>Crosswords and puzzles</h3>', ul(crosswords), "</section>")
    foot = [
        p.a(f"{base}/about", "About us", "service"),
        p.a(f"{base}/info/complaints-and-corrections", "Complaints & corrections", "service"),
        p.a(f"{base}/securedrop", "SecureDrop", "service"),
        p.a(f"{base}/help/contact-us", "Contact us", "service"),
        p.a(f"{base}/info/privacy", "Privacy policy", "legal"),
        p.a(f"{base}/info/cookies", "Cookie policy", "legal"),
        p.a(f"{base}/help/terms-of-service", "Terms & conditions", "legal"),
        p.a(f"{base}/help/accessibility-help", "Accessibility settings", "legal"),
        p.a(f"{base}/index/subjects/a", "All topics", "archive"),
        p.a(f"{base}/index/contributors", "All writers", "author"),
        p.a(f"{base}/help/ways-to-contact-us/digital-newspaper", "Digital newspaper", "service"),
        p.a(f"{base}/advertising", "Advertise with us", "service"),
        p.a(f"{base}/guardian-labs", "Guardian Labs", "section"),
        p.a(f"{base}/info/work-for-us", "Work for us", "service"),
        p.a("https://workforus.theguardian.com/", "Careers", "other"),
        p.a("https://www.theguardian.com/sitemaps/news.xml", "News sitemap", "file"),
        p.a("https://www.gnm.co.uk/", "Guardian News & Media", "other"),
    ]
    p.add("<footer>", ul(foot), social(p, "guardian"), "</footer>")
    return p
