"""`newsdesk extract URL`: a dry run that prints the article URLs of one page."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from newsdesk import db, stages
from newsdesk.cli import invoke
from newsdesk.extraction.models import Article
from newsdesk.settings import Settings, configure
from newsdesk.testing.newssites import FixtureSite, NewsSitesServer
from tests.conftest import make_settings
from tests.integration.extraction.conftest import add_sources, context


def test_extract_without_a_database(
    news_server: NewsSitesServer,
    corpus: list[FixtureSite],
    tmp_path: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = f"sqlite:///{tmp_path}/nothing-here.db"
    configure(make_settings(missing))
    try:
        site = corpus[0]
        code = invoke(["extract", f"http://{site.host}/", "--json"])
    finally:
        configure(None)
    assert code == 0
    found = json.loads(capsys.readouterr().out)
    truth = site.article_urls(f"http://{site.host}")
    urls = {item["url"] for item in found}
    assert len(urls & truth) / len(truth) >= 0.95 and len(urls & truth) / len(urls) >= 0.95
    assert set(found[0]) == {"url", "title", "decided_by", "category", "known"}
    assert not any(item["known"] for item in found)
    assert {item["decided_by"] for item in found} <= {"rule", "feed"}
    assert not (tmp_path / "nothing-here.db").exists()  # type: ignore[operator]


def test_extract_marks_known_urls_and_stores_nothing(
    settings: Settings,
    news_server: NewsSitesServer,
    corpus: list[FixtureSite],
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = corpus[1]
    stages.get("extract_urls").run(context(settings, add_sources(settings, [site])))
    with db.session_scope(settings.database_url) as session:
        before = session.scalar(select(func.count()).select_from(Article))
    capsys.readouterr()
    assert invoke(["extract", f"http://{site.host}/", "--json", "--no-llm"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and all(item["known"] for item in found)
    with db.session_scope(settings.database_url) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == before


def test_extract_table_and_errors(
    settings: Settings,
    news_server: NewsSitesServer,
    corpus: list[FixtureSite],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert invoke(["extract", f"http://{corpus[2].host}/", "--no-llm"]) == 0
    captured = capsys.readouterr()
    assert "article URLs found" in captured.err and "decided by" in captured.out
    assert invoke(["extract", "not a url"]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err
    assert invoke(["extract", f"{news_server.base_url}/no-such-site/"]) == 7
    assert "HTTP 404" in capsys.readouterr().err
