"""The executions API: trigger under contention, read, follow (SSE), cancel, retry, metrics."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from newsdesk import db
from newsdesk.runs import executors, service
from newsdesk.settings import Settings
from newsdesk.stages import StageResult
from tests.integration.runs.conftest import create, wait_for


def test_twenty_concurrent_triggers_make_exactly_one_run(
    admin_client: TestClient, fast_settings: Settings, one_source: int
):
    barrier = threading.Barrier(20)

    def trigger(_: int) -> tuple[int, dict]:
        barrier.wait()
        r = admin_client.post("/api/v1/stage-executions", json={"stage": "noop"})
        return r.status_code, r.json()

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(trigger, range(20)))
    codes = sorted(code for code, _ in answers)
    assert codes == [201] + [409] * 19
    created = next(body for code, body in answers if code == 201)
    for code, body in answers:
        if code == 409:
            assert body["code"] == "execution_in_progress"
            assert body["blocking_execution_id"] == created["id"]
    page = admin_client.get("/api/v1/stage-executions").json()
    assert page["total"] == 1


def test_trigger_validation_and_roles(
    admin_client: TestClient, viewer_client: TestClient, fast_settings: Settings, one_source: int
):
    r = admin_client.post(
        "/api/v1/stage-executions", json={"stage": "noop", "source_names": ["nope"]}
    )
    assert r.status_code == 400
    r = admin_client.post("/api/v1/stage-executions", json={"stage": "noop", "api_key_id": 999})
    assert r.status_code == 404
    r = admin_client.post("/api/v1/stage-executions", json={"stage": "no-such-stage"})
    assert (r.status_code, r.json()["code"]) == (400, "unknown_stage")
    assert viewer_client.post("/api/v1/stage-executions", json={"stage": "noop"}).status_code == 403
    r = admin_client.post(
        "/api/v1/stage-executions", json={"stage": "noop", "parameters": {"a": 1}}
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "pending" and body["created_by"] == "alice"
    assert body["source_names"] == ["alpha"] and body["parameters"] == {"a": 1}
    assert viewer_client.get(f"/api/v1/stage-executions/{body['id']}").status_code == 200
    assert viewer_client.post(f"/api/v1/stage-executions/{body['id']}/cancel").status_code == 403
    unauth = TestClient(admin_client.app)
    assert unauth.get("/api/v1/stage-executions").status_code == 401
    assert unauth.get("/metrics").status_code == 401


def _run_to_end(settings: Settings, execution_id: int, **log: str) -> None:
    from newsdesk.stages import SourceOutcome

    with db.session_scope(settings.database_url) as s:
        row = service.claim(session=s, execution_id=execution_id, worker="test")
        assert row is not None
        service.append_log(session=s, execution_id=execution_id, level="INFO", message="hello")
    with db.session_scope(settings.database_url) as s:
        service.finish(
            session=s,
            execution_id=execution_id,
            result=StageResult(
                sources=[
                    SourceOutcome(
                        source_id=row.source_ids[0],
                        source_name="alpha",
                        status="ok",
                        articles_found=2,
                        new_articles=1,
                    )
                ]
            ),
        )


def test_list_filters_detail_status_logs(
    admin_client: TestClient, fast_settings: Settings, one_source: int
):
    first = create(fast_settings, "noop")
    _run_to_end(fast_settings, first)
    second = create(fast_settings, "fail")
    api = "/api/v1/stage-executions"
    page = admin_client.get(api, params={"limit": 1}).json()
    assert [i["id"] for i in page["items"]] == [second] and page["total"] == 2
    older = admin_client.get(api, params={"limit": 1, "cursor": page["next_cursor"]}).json()
    assert [i["id"] for i in older["items"]] == [first]
    assert admin_client.get(api, params={"status": "completed"}).json()["total"] == 1
    assert admin_client.get(api, params={"stage": "fail"}).json()["items"][0]["id"] == second
    assert admin_client.get(api, params={"trigger": "scheduled"}).json()["total"] == 0
    detail = admin_client.get(f"{api}/{first}").json()
    assert detail["sources"][0]["source_name"] == "alpha"
    assert (detail["total_items"], detail["new_items"]) == (2, 1)
    assert detail["keys"] == []
    status = admin_client.get(f"{api}/{first}/status").json()
    assert status["status"] == "completed" and status["is_final"] and status["last_log_seq"] >= 1
    logs = admin_client.get(f"{api}/{first}/logs").json()
    assert logs["items"][0]["message"] == "hello"
    assert (
        admin_client.get(f"{api}/{first}/logs", params={"after": logs["next_after"]}).json()[
            "items"
        ]
        == []
    )
    articles = admin_client.get(f"{api}/{first}/articles").json()
    assert articles["total"] == 0
    assert admin_client.get(f"{api}/999999").json()["code"] == "execution_not_found"


def test_cancel_and_retry(admin_client: TestClient, fast_settings: Settings, one_source: int):
    api = "/api/v1/stage-executions"
    execution_id = admin_client.post(api, json={"stage": "noop"}).json()["id"]
    r = admin_client.post(f"{api}/{execution_id}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert r.json()["cancelled_by"] == "alice"
    assert admin_client.post(f"{api}/{execution_id}/cancel").status_code == 409
    r = admin_client.post(f"{api}/{execution_id}/retry")
    assert r.status_code == 201
    retried = r.json()
    assert retried["trigger"] == "retry" and retried["retry_of_id"] == execution_id
    assert admin_client.post(f"{api}/{retried['id']}/retry").status_code == 409


def test_events_stream_status_and_logs(
    admin_client: TestClient, fast_settings: Settings, one_source: int
):
    executor = executors.LocalExecutor(fast_settings).start()
    try:
        execution_id = create(fast_settings, "logs", parameters={"lines": 4, "pause": 0.2})
        executor.submit(execution_id)
        events: list[tuple[str, str | None]] = []
        with admin_client.stream("GET", f"/api/v1/stage-executions/{execution_id}/events") as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            kind, ident = None, None
            for line in r.iter_lines():
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("id: "):
                    ident = line[4:]
                elif line == "" and kind:
                    events.append((kind, ident))
                    kind, ident = None, None
        kinds = [k for k, _ in events]
        assert kinds[-1] == "end" and "status" in kinds and "progress" in kinds
        assert kinds.count("log") >= 5  # 4 stage lines + framework lines
        # Resume: only lines after the given id come again.
        last_log_id = max(int(i) for k, i in events if k == "log" and i)
        with admin_client.stream(
            "GET",
            f"/api/v1/stage-executions/{execution_id}/events",
            headers={"Last-Event-ID": str(last_log_id - 1)},
        ) as r:
            body = "".join(r.iter_text())
        assert body.count("event: log") == 1 and "event: end" in body
    finally:
        executor.stop(timeout=5)
    assert wait_for(fast_settings, execution_id).status == "completed"


def test_metrics_from_the_database(
    admin_client: TestClient, fast_settings: Settings, one_source: int
):
    done = create(fast_settings, "noop")
    _run_to_end(fast_settings, done)
    create(fast_settings, "fail")
    text = admin_client.get("/metrics").text
    assert 'newsdesk_executions{stage="noop",status="completed"} 1.0' in text
    assert 'newsdesk_queue_depth{stage="fail"} 1.0' in text
    assert 'newsdesk_execution_items_total{stage="noop"} 2.0' in text
    assert 'newsdesk_execution_duration_seconds_count{stage="noop"} 1.0' in text
    assert "newsdesk_oldest_pending_age_seconds" in text
    assert 'newsdesk_executions_reaped_total{stage="noop"} 0.0' in text
