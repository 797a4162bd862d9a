"""Stage 01 through the real LLM gateway, against a fake OpenAI-compatible server."""

from __future__ import annotations

from sqlalchemy import func, select

from newsdesk import db, stages
from newsdesk.extraction.models import Article, RejectedLink
from newsdesk.llm import gateway
from newsdesk.llm import service as keys_service
from newsdesk.llm.models import LlmCall
from newsdesk.settings import Settings
from newsdesk.sources.models import Source
from newsdesk.stages import StageResult
from newsdesk.testing.fake_openai import FakeOpenAI
from newsdesk.testing.newssites import NewsSitesServer, Response
from tests.integration.extraction.conftest import context, load_specs

HOME = (
    b"<html><body>"
    b'<a href="/opinion/why-we-fight-wars">Why we fight the wars we do</a>'
    b'<a href="/deportes/gana_el_derbi">Gana el derbi</a>'
    b'<a href="/economia/tag/bolsa">Bolsa</a>'
    b'<a href="/2026/12/04/a-dated-story">A dated story</a>'
    b"</body></html>"
)


def test_undecided_links_are_classified_through_the_gateway(
    settings: Settings, news_server: NewsSitesServer
) -> None:
    news_server.add_route("/home/", lambda h: Response(200, HOME, {"Content-Type": "text/html"}))
    with FakeOpenAI() as provider:
        with db.session_scope(settings.database_url) as session:
            keys_service.create(
                session=session,
                settings=settings,
                values={"alias": "main", "base_url": provider.base_url, "model": "gpt-4o-mini"},
                secret="ok-test-key-1234",
            )
            session.add(Source(name="home", base_url=f"{news_server.base_url}/home/"))
        with db.session_scope(settings.database_url) as session:
            source_id = session.scalar(select(Source.id))
        specs = load_specs(settings, [source_id])

        def run() -> StageResult:
            llm = gateway.for_execution(
                execution_id=None,
                stage="extract_urls",
                api_key_id=None,
                use_fallback=True,
                settings=settings,
            )
            assert llm is not None
            return stages.get("extract_urls").run(context(settings, specs, llm=llm))

        result = run()
        assert result.sources[0].llm_calls == 1 and result.sources[0].undecided == 0
        again = run()
        assert again.new_items == 0 and again.sources[0].llm_calls == 0
        assert len(provider.requests) == 1
        sent = provider.requests[0]["body"]
        assert sent["response_format"]["json_schema"]["strict"] is True
    base = news_server.base_url
    with db.session_scope(settings.database_url) as session:
        stored = {a.url: a.decided_by for a in session.scalars(select(Article))}
        calls = session.scalar(select(func.count()).select_from(LlmCall))
        usage = session.scalar(select(func.sum(LlmCall.input_tokens + LlmCall.output_tokens)))
    assert stored[f"{base}/2026/12/04/a-dated-story"] == "rule"
    assert stored[f"{base}/opinion/why-we-fight-wars"] == "llm"
    assert f"{base}/economia/tag/bolsa" not in stored
    assert calls == 1 and usage and usage > 0
    with db.session_scope(settings.database_url) as session:
        rejected = set(session.scalars(select(RejectedLink.url)))
    assert rejected == {f"{base}/deportes/gana_el_derbi"}  # asked once, remembered
