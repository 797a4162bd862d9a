"""Run now, the executions list, the live detail fragment (286 when over), cancel, retry."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

import tests.fixtures.stages  # noqa: F401  (registers the fake stages)
from newsdesk import db
from newsdesk.core.clock import utcnow
from newsdesk.extraction.models import Article
from newsdesk.llm import metering
from newsdesk.runs import queries as runs_queries
from newsdesk.runs import service as runs_service
from newsdesk.runs.models import RunStatus
from newsdesk.settings import Settings
from newsdesk.sources import schemas as source_schemas
from newsdesk.sources import service as sources_service
from newsdesk.stages import SourceOutcome, StageResult

HX = {"HX-Request": "true"}


def _source(settings: Settings, name: str = "bbc") -> int:
    with db.session_scope(settings.database_url) as session:
        source = sources_service.create(
            session=session,
            source_in=source_schemas.SourceCreate(name=name, base_url=f"https://{name}.example/"),
        )
        return source.id


def _finish(settings: Settings, execution_id: int, *, unknown_cost: bool = False) -> None:
    with db.session_scope(settings.database_url) as session:
        runs_service.claim(session=session, execution_id=execution_id, worker="test")
        metering.record(
            session=session,
            attempt=metering.Attempt(
                outcome="ok",
                api_key_id=None,
                requested_model="mystery-model" if unknown_cost else "gpt-4o-mini",
                model="mystery-model" if unknown_cost else "gpt-4o-mini",
                execution_id=execution_id,
                stage="noop",
                usage=metering.Usage(input_tokens=1000, output_tokens=50),
                cost_usd=None if unknown_cost else Decimal("0.00018"),
            ),
            at=utcnow(),
        )
        runs_service.append_log(
            session=session, execution_id=execution_id, level="INFO", message="all done"
        )
        runs_service.finish(
            session=session,
            execution_id=execution_id,
            result=StageResult(
                total_items=7,
                new_items=3,
                sources=[SourceOutcome(source_id=None, source_name="bbc", status="ok")],
            ),
        )


def test_run_now_creates_a_pending_execution_and_refreshes_the_dashboard(
    admin_web: TestClient, sqlite_settings: Settings
) -> None:
    source_id = _source(sqlite_settings)
    r = admin_web.post(
        "/run",
        data={"stage": "noop", "source_ids": [str(source_id)], "use_fallback": "1"},
        headers=HX,
    )
    assert r.status_code == 200, r.text
    assert "Execution #1 started." in r.text
    assert r.headers["HX-Trigger"] == "executions-changed"
    with db.session_scope(sqlite_settings.database_url) as session:
        execution = runs_queries.get_or_raise(session=session, execution_id=1)
        assert execution.status == RunStatus.pending.value
        assert execution.source_ids == [source_id]
        assert execution.created_by == "alice"
    recent = admin_web.get("/", headers={**HX, "HX-Target": "recent"})
    assert "<html" not in recent.text
    assert 'id="exec-1"' in recent.text
    assert 'hx-trigger="every 2s"' in recent.text  # the row polls while the run is live


def test_run_now_errors_show_inline(admin_web: TestClient, sqlite_settings: Settings) -> None:
    r = admin_web.post("/run", data={"stage": "noop", "source_ids": ["999"]}, headers=HX)
    assert r.status_code == 400
    assert r.headers["HX-Retarget"] == "#flash"
    assert "unknown source" in r.text
    r = admin_web.post("/run", data={"stage": "noop", "parameters": "[1]"}, headers=HX)
    assert r.status_code == 422
    assert "JSON object" in r.text
    assert admin_web.post("/run", data={"stage": "noop"}, headers=HX).status_code == 200
    r = admin_web.post("/run", data={"stage": "noop"}, headers=HX)
    assert r.status_code == 409  # the guard: one run of a stage at a time
    assert "already pending or running" in r.text


def test_status_fragment_polls_until_the_run_ends(
    admin_web: TestClient, sqlite_settings: Settings
) -> None:
    admin_web.post("/run", data={"stage": "noop"}, headers=HX)
    live = admin_web.get("/executions/1/status", headers=HX)
    assert live.status_code == 200
    assert 'hx-trigger="every 2s"' in live.text
    assert "Pending" in live.text
    _finish(sqlite_settings, 1, unknown_cost=True)
    done = admin_web.get("/executions/1/status", headers=HX)
    assert done.status_code == 286  # htmx stops polling
    assert "hx-trigger" not in done.text
    assert "Completed" in done.text
    assert "unknown cost" in done.text
    assert "all done" in done.text
    assert "Retry" in done.text
    with db.session_scope(sqlite_settings.database_url) as session:
        session.add(
            Article(
                url="https://bbc.example/news/2026/12/04/a-story",
                title="A story",
                category="economy",
                decided_by="rule",
                run_date=utcnow().date(),
                execution_id=1,
            )
        )
    page = admin_web.get("/executions/1?lang=es")
    assert page.status_code == 200
    assert "<html" in page.text
    assert "A story" in page.text
    assert "Economía" in page.text


def test_executions_list_filters(admin_web: TestClient, sqlite_settings: Settings) -> None:
    admin_web.post("/run", data={"stage": "noop"}, headers=HX)
    _finish(sqlite_settings, 1)
    admin_web.post("/run", data={"stage": "noop"}, headers=HX)
    table = admin_web.get(
        "/executions?status=completed", headers={**HX, "HX-Target": "executions-table"}
    )
    assert 'id="exec-1"' in table.text
    assert 'id="exec-2"' not in table.text
    assert "$0.0002" in table.text
    assert admin_web.get("/executions?status=nonsense").status_code == 200


def test_cancel_then_retry(admin_web: TestClient, sqlite_settings: Settings) -> None:
    admin_web.post("/run", data={"stage": "noop"}, headers=HX)
    r = admin_web.post("/executions/1/cancel", headers=HX)
    assert r.status_code == 286
    assert "Cancelled" in r.text
    assert "alice" in r.text
    r = admin_web.post("/executions/1/cancel", headers=HX)
    assert r.status_code == 409
    assert "already" in r.text
    r = admin_web.post("/executions/1/retry", headers=HX)
    assert r.status_code == 200
    assert '"/executions/2"' in r.headers["HX-Location"]
    with db.session_scope(sqlite_settings.database_url) as session:
        assert runs_queries.get_or_raise(session=session, execution_id=2).retry_of_id == 1


def test_unknown_execution_is_a_404_page(admin_web: TestClient) -> None:
    r = admin_web.get("/executions/42")
    assert r.status_code == 404
    assert "<html" in r.text
    assert "does not exist" in r.text


def test_forms_work_without_javascript(admin_web: TestClient) -> None:
    r = admin_web.post("/run", data={"stage": "noop", "use_fallback": "1"})
    assert r.status_code == 303
    assert r.headers["location"] == "/executions/1"
    r = admin_web.post("/executions/1/cancel")
    assert r.status_code == 303
    r = admin_web.post("/run", data={"stage": "noop", "parameters": "{oops"})
    assert r.status_code == 422
    assert "<html" in r.text  # a whole page with the message, not a bare fragment
    assert "JSON object" in r.text
