"""Stage 01 end to end on SQLite and PostgreSQL against the fixture sites on loopback."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest
from sqlalchemy import select

from newsdesk import db, stages
from newsdesk.extraction.models import Article
from newsdesk.settings import Settings, configure
from newsdesk.sources.models import Source
from newsdesk.stages import Progress, StageCancelled
from newsdesk.testing.newssites import Faults, FixtureSite, NewsSitesServer, Response
from tests.integration.extraction.conftest import add_sources, context, load_specs
from tests.unit.extraction.fake_llm import FakeLlm


def articles(settings: Settings) -> dict[str, Article]:
    with db.session_scope(settings.database_url) as session:
        return {a.url: a for a in session.scalars(select(Article))}


def test_stage_is_registered() -> None:
    assert stages.get("extract_urls").name == "extract_urls"


def test_run_inserts_articles_then_a_rerun_inserts_nothing_and_asks_the_llm_nothing(
    settings: Settings, news_server: NewsSitesServer, corpus: list[FixtureSite]
) -> None:
    specs = add_sources(settings, corpus[:3])
    llm = FakeLlm()
    progress: list[Progress] = []
    logs: list[tuple[str, str]] = []
    ctx = context(
        settings,
        specs,
        llm=llm,
        report_progress=progress.append,
        log=lambda lvl, m: logs.append((lvl, m)),
    )
    result = stages.get("extract_urls").run(ctx)

    stored = articles(settings)
    truth: set[str] = set()
    for site in corpus[:3]:
        truth |= site.article_urls(f"http://{site.host}")
    assert not result.failed and result.new_items == len(stored) > 50
    assert result.total_items == len(stored)
    correct = len(set(stored) & truth)
    assert correct / len(stored) >= 0.95 and correct / len(truth) >= 0.95
    # The fixture sites' robots.txt names a complete news sitemap: it decides their articles.
    assert "feed" in {a.decided_by for a in stored.values()}
    assert all(
        a.run_date == ctx.run_date and a.source_id in {s.id for s in specs} for a in stored.values()
    )
    assert [o.status for o in result.sources] == ["ok", "ok", "ok"]
    assert sum(o.new_articles for o in result.sources) == result.new_items
    assert all(o.links_found > o.articles_found > 0 for o in result.sources)
    assert progress[-1].sources_done == progress[-1].sources_total == 3
    assert progress[-1].new_articles == result.new_items
    assert any("links" in m for _, m in logs)
    first_calls = len(llm.calls)
    # The sources' few undecided links are pooled into one batch; it counts for each of them.
    assert first_calls == 1 and sum(o.llm_calls for o in result.sources) >= 2

    rerun_llm = FakeLlm()
    again = stages.get("extract_urls").run(context(settings, specs, llm=rerun_llm))
    assert again.new_items == 0 and rerun_llm.calls == []
    assert again.total_items == result.total_items
    assert all(o.llm_calls == 0 and o.new_articles == 0 for o in again.sources)
    later = articles(settings)
    assert len(later) == len(stored)
    url = next(iter(stored))
    assert later[url].last_seen_at > stored[url].last_seen_at
    assert later[url].first_seen_at == stored[url].first_seen_at


def test_undecided_links_go_to_the_llm_and_failures_leave_them_undecided(
    settings: Settings, news_server: NewsSitesServer
) -> None:
    home = (
        b'<html><body><a href="/opinion/why-we-fight">Why we fight the wars we do</a>'
        b'<a href="/economia/sin_casa_hoy">Sin casa</a>'
        b'<a href="/2026/12/04/a-dated-story">Dated</a></body></html>'
    )
    news_server.add_route("/custom/", lambda h: Response(200, home, {"Content-Type": "text/html"}))
    with db.session_scope(settings.database_url) as session:
        session.add(Source(name="custom", base_url=f"{news_server.base_url}/custom/"))
    with db.session_scope(settings.database_url) as session:
        source_id = session.scalar(select(Source.id).where(Source.name == "custom"))
    specs = load_specs(settings, [source_id])

    failing = FakeLlm(fail_calls={1})
    result = stages.get("extract_urls").run(context(settings, specs, llm=failing))
    outcome = result.sources[0]
    assert outcome.status == "ok" and outcome.undecided == 2 and outcome.llm_calls == 1
    assert any("2 link(s) left undecided: LLM call failed" in w for w in result.warnings)
    assert set(articles(settings)) == {f"{news_server.base_url}/2026/12/04/a-dated-story"}

    llm = FakeLlm()
    result = stages.get("extract_urls").run(context(settings, specs, llm=llm))
    stored = articles(settings)
    assert result.new_items == 1 and len(llm.calls) == 1
    sent = llm.calls[0]["messages"][-1]["content"]
    assert (
        "/opinion/why-we-fight | Why we fight the wars we do" in sent
        and "a-dated-story" not in sent
    )
    assert "/economia/sin_casa_hoy | Sin casa" in sent
    assert f"{news_server.base_url}/economia/sin_casa_hoy" not in stored  # the LLM said no
    assert stored[f"{news_server.base_url}/opinion/why-we-fight"].decided_by == "llm"
    assert stored[f"{news_server.base_url}/opinion/why-we-fight"].category == "politics"


def test_without_llm_heuristics_decide(
    settings: Settings, news_server: NewsSitesServer, corpus: list[FixtureSite]
) -> None:
    specs = add_sources(settings, corpus[:1])
    result = stages.get("extract_urls").run(
        context(settings, specs, llm=FakeLlm(), parameters={"no_llm": True})
    )
    assert (
        result.new_items > 10
        and result.sources[0].undecided == 0
        and result.sources[0].llm_calls == 0
    )


def test_partial_failure_warns_and_total_failure_fails(
    settings: Settings, news_server: NewsSitesServer, corpus: list[FixtureSite]
) -> None:
    configure(settings.model_copy(update={"fetch_retries": 1}))  # no backoff waits
    specs = add_sources(settings, corpus[:2])
    news_server.faults[corpus[1].name] = Faults(fail_status=500, fail_times=-1)
    result = stages.get("extract_urls").run(context(settings, specs))
    assert not result.failed and result.new_items > 0
    assert [o.status for o in result.sources] == ["ok", "failed"]
    assert result.sources[1].http_status == 500 and "HTTP 500" in (result.sources[1].error or "")
    assert result.warnings[0].startswith("1 of 2 sources failed")

    news_server.faults[corpus[0].name] = Faults(fail_status=503, fail_times=-1)
    result = stages.get("extract_urls").run(context(settings, specs))
    assert (
        result.failed
        and result.error is not None
        and result.error.startswith("every source failed")
    )
    assert corpus[0].name in result.error and corpus[1].name in result.error


def test_conditional_get_unchanged_pages_cost_nothing(
    settings: Settings, news_server: NewsSitesServer, corpus: list[FixtureSite]
) -> None:
    news_server.faults[corpus[2].name] = Faults(etag=True)
    specs = add_sources(settings, corpus[2:3])
    first = stages.get("extract_urls").run(context(settings, specs))
    assert first.sources[0].status == "ok"
    specs = load_specs(settings, [specs[0].id])
    assert specs[0].etag and specs[0].last_modified
    second = stages.get("extract_urls").run(context(settings, specs))
    assert second.sources[0].status == "unchanged" and second.sources[0].http_status == 304
    assert second.new_items == 0 and second.sources[0].links_found == 0


def test_feed_and_sitemap_sources(
    settings: Settings, news_server: NewsSitesServer, corpus: list[FixtureSite]
) -> None:
    site = next(s for s in corpus if s.feed_path)
    base = f"http://{site.host}/"
    with db.session_scope(settings.database_url) as session:
        session.add(
            Source(
                name="feed",
                base_url=base,
                kind="rss",
                feed_url=base.rstrip("/") + (site.feed_path or ""),
            )
        )
        session.add(
            Source(name="map", base_url=base, kind="sitemap", feed_url=base + "sitemap.xml")
        )
    with db.session_scope(settings.database_url) as session:
        ids = list(session.scalars(select(Source.id).order_by(Source.id)))
    result = stages.get("extract_urls").run(context(settings, load_specs(settings, ids)))
    feed, sitemap = result.sources
    truth = site.article_urls(f"http://{site.host}")
    assert feed.status == "ok" and feed.articles_found == len(site.articles_in_feed)
    assert sitemap.status == "ok" and sitemap.articles_found == len(truth)  # old entries skipped
    stored = articles(settings)
    assert set(stored) == truth
    assert {a.decided_by for a in stored.values()} == {"feed"}


def test_cancel_stops_the_run(
    settings: Settings, news_server: NewsSitesServer, corpus: list[FixtureSite]
) -> None:
    specs = add_sources(settings, corpus[:2])
    ctx = context(settings, specs)
    ctx.cancel.set("cancelled by test")
    with pytest.raises(StageCancelled):
        stages.get("extract_urls").run(ctx)


def test_robots_can_be_ignored_per_source(settings: Settings, news_server: NewsSitesServer) -> None:
    robots = b"User-agent: *\nDisallow: /\n"
    news_server.add_route(
        "/robots.txt", lambda h: Response(200, robots, {"Content-Type": "text/plain"})
    )
    page = b'<html><a href="/2026/12/04/a-story-here">A story</a></html>'

    def home(handler: BaseHTTPRequestHandler) -> Response:
        return Response(200, page, {"Content-Type": "text/html"})

    news_server.add_route("/closed/", home)
    with db.session_scope(settings.database_url) as session:
        session.add(Source(name="polite", base_url=f"{news_server.base_url}/closed/"))
        session.add(
            Source(name="rude", base_url=f"{news_server.base_url}/closed/", respect_robots=False)
        )
    with db.session_scope(settings.database_url) as session:
        ids = list(session.scalars(select(Source.id).order_by(Source.id)))
    result = stages.get("extract_urls").run(context(settings, load_specs(settings, ids)))
    polite, rude = result.sources
    assert polite.status == "failed" and "robots.txt" in (polite.error or "")
    assert rude.status == "ok" and rude.new_articles == 1


def test_a_row_that_fails_does_not_lose_the_others(settings: Settings) -> None:
    from datetime import date

    from newsdesk.core.clock import utcnow
    from newsdesk.extraction import service

    with db.session_scope(settings.database_url) as session:
        session.add(Source(name="s"))
    with db.session_scope(settings.database_url) as session:
        source_id = session.scalar(select(Source.id))
        first = service.store_articles(
            session=session,
            articles=[service.NewArticle("https://d.test/a", "A", None, "rule")],
            source_id=source_id,
            execution_id=None,
            run_date=date(2026, 12, 4),
            now=utcnow(),
        )
    assert first.inserted == ["https://d.test/a"]
    rows = [
        service.NewArticle("https://d.test/b", "B", None, "rule"),
        service.NewArticle("https://d.test/a", "A again", None, "rule"),  # stored meanwhile
        service.NewArticle(None, "no URL: violates NOT NULL", None, "rule"),  # type: ignore[arg-type]
        service.NewArticle("https://d.test/c", "C", "sports", "llm"),
    ]
    with db.session_scope(settings.database_url) as session:
        report = service.store_articles(
            session=session,
            articles=rows,
            source_id=source_id,
            execution_id=None,
            run_date=date(2026, 12, 4),
            now=utcnow(),
        )
    assert report.inserted == ["https://d.test/b", "https://d.test/c"]
    assert report.duplicates == ["https://d.test/a"]
    assert len(report.failed) == 1 and report.failed[0][0] is None
    with db.session_scope(settings.database_url) as session:
        stored = set(session.scalars(select(Article.url)))
    assert {"https://d.test/a", "https://d.test/b", "https://d.test/c"} <= stored


def test_sources_not_started_before_the_deadline_fail(
    settings: Settings, news_server: NewsSitesServer, corpus: list[FixtureSite]
) -> None:
    import time

    specs = add_sources(settings, corpus[:2])
    result = stages.get("extract_urls").run(context(settings, specs, deadline=time.monotonic() - 1))
    assert result.failed and all(o.status == "failed" for o in result.sources)
    assert "time limit" in (result.error or "")
