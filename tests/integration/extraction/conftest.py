"""Fixture news sites on loopback, served by Host header through the server's proxy mode."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from newsdesk import db
from newsdesk.core.clock import today_in
from newsdesk.settings import Settings
from newsdesk.sources import service as sources_service
from newsdesk.sources.schemas import SourceCreate
from newsdesk.stages import SourceSpec, StageContext
from newsdesk.testing.newssites import FixtureSite, NewsSitesServer, generate_corpus

SEED = 20261204


@pytest.fixture(scope="session")
def corpus() -> list[FixtureSite]:
    return generate_corpus(SEED, 4, today=date.today())


@pytest.fixture
def news_server(
    corpus: list[FixtureSite], monkeypatch: pytest.MonkeyPatch
) -> Iterator[NewsSitesServer]:
    """The corpus on 127.0.0.1; httpx reaches each site's own host through the proxy."""
    server = NewsSitesServer(corpus).start()
    for name in ("no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.proxy_url)
    # Loopback servers (the routes of this one, a fake LLM provider) are reached directly.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    try:
        yield server
    finally:
        server.stop()


def add_sources(settings: Settings, sites: list[FixtureSite], **fields: object) -> list[SourceSpec]:
    """Create one source per site and return their specs."""
    specs = []
    with db.session_scope(settings.database_url) as session:
        for site in sites:
            source = sources_service.create(
                session=session,
                source_in=SourceCreate(
                    name=site.name,
                    base_url=f"http://{site.host}/",
                    feed_url=f"http://{site.host}{site.feed_path}" if site.feed_path else None,
                    language=site.language,
                    **fields,
                ),
            )
            specs.append(source.id)
    return load_specs(settings, specs)


def load_specs(settings: Settings, ids: list[int]) -> list[SourceSpec]:
    with db.session_scope(settings.database_url) as session:
        return [
            sources_service.to_spec(sources_service.get_or_raise(session=session, source_id=i))
            for i in ids
        ]


def context(settings: Settings, specs: list[SourceSpec], **kwargs: object) -> StageContext:
    return StageContext(
        stage="extract_urls", run_date=today_in(settings.timezone), sources=specs, **kwargs
    )
