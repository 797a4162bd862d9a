"""The schedules REST API: CRUD, toggle, run now, validate-cron, roles, audit, metrics."""

from __future__ import annotations

from fastapi.testclient import TestClient

BASE = "/api/v1/stage-executions/schedules"
BODY = {"name": "morning", "stage": "sched_noop", "cron_expression": "0 7 * * 1-5"}


def test_crud_round_trip(admin_client: TestClient) -> None:
    created = admin_client.post(BASE, json={**BODY, "timezone": "America/New_York"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["description"] == "At 07:00, Monday through Friday"
    assert body["description_es"] == "A las 07:00, de lunes a viernes"
    assert body["next_run_at"] and body["next_run_local"].endswith(("-05:00", "-04:00"))
    assert (body["overlap_policy"], body["misfire_policy"]) == ("skip", "run_once")
    assert body["created_by"] == "alice" and body["failing"] is False
    sid = body["id"]

    listed = admin_client.get(BASE).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == sid
    assert {"next_run_at", "last_run_at", "last_status", "failing"} <= listed["items"][0].keys()

    patched = admin_client.patch(f"{BASE}/{sid}", json={"cron_expression": "15 8 * * *"})
    assert patched.status_code == 200 and patched.json()["cron_expression"] == "15 8 * * *"
    assert patched.json()["timezone"] == "America/New_York"
    put = admin_client.put(f"{BASE}/{sid}", json={**BODY, "name": "evening"})
    assert put.json()["name"] == "evening" and put.json()["timezone"] == "Europe/Madrid"

    paused = admin_client.put(f"{BASE}/{sid}/toggle")
    assert paused.json()["is_active"] is False and paused.json()["next_run_at"] is None
    resumed = admin_client.put(f"{BASE}/{sid}/toggle", json={"is_active": True})
    assert resumed.json()["is_active"] is True and resumed.json()["next_run_at"]

    assert admin_client.delete(f"{BASE}/{sid}").status_code == 204
    assert admin_client.get(f"{BASE}/{sid}").status_code == 404
    actions = [e["action"] for e in admin_client.get("/api/v1/audit").json()["items"]]
    for action in ("schedule.create", "schedule.update", "schedule.pause", "schedule.delete"):
        assert action in actions


def test_errors_are_explained(admin_client: TestClient) -> None:
    bad = admin_client.post(BASE, json={**BODY, "cron_expression": "0 25 * * *"})
    assert bad.status_code == 422
    assert bad.json() == {
        "detail": "cron field 'hour' must be 0-23, got 25",
        "code": "invalid_cron",
        "field": "hour",
    }
    zone = admin_client.post(BASE, json={**BODY, "timezone": "Europe/Atlantis"})
    assert zone.status_code == 422 and zone.json()["code"] == "invalid_timezone"
    assert admin_client.post(BASE, json=BODY).status_code == 201
    taken = admin_client.post(BASE, json=BODY)
    assert taken.status_code == 409 and "already exists" in taken.json()["detail"]
    unknown = admin_client.post(BASE, json={**BODY, "name": "x", "source_ids": [4242]})
    assert unknown.status_code == 400 and "unknown source" in unknown.json()["detail"]
    policy = admin_client.post(BASE, json={**BODY, "name": "y", "overlap_policy": "sometimes"})
    assert policy.status_code == 422
    assert admin_client.patch(f"{BASE}/999", json={"name": "z"}).status_code == 404


def test_validate_cron(viewer_client: TestClient) -> None:
    answer = viewer_client.post(
        f"{BASE}/validate-cron", json={"cron_expression": "*/2 * * * *", "timezone": "UTC"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["valid"] is True and body["description"]["en"] == "Every 2 minutes"
    assert body["description"]["es"] == "Cada 2 minutos"
    assert len(body["next_runs"]) == 5 and body["next_runs"][0]["utc_offset"] == "+00:00"
    assert "more often than every 5 minutes" in body["warnings"][0]
    bad = viewer_client.post(f"{BASE}/validate-cron", json={"cron_expression": "0 0 * 13 *"})
    assert bad.json()["valid"] is False and bad.json()["field"] == "month"
    assert bad.json()["error"] == "cron field 'month' must be 1-12, got 13"
    assert bad.json()["timezone"] == "Europe/Madrid"
    never = viewer_client.post(f"{BASE}/validate-cron", json={"cron_expression": "0 0 30 2 *"})
    assert never.json()["next_runs"] == [] and "never fires" in never.json()["warnings"][0]


def test_viewers_read_admins_change(viewer_client: TestClient) -> None:
    assert viewer_client.get(BASE).status_code == 200
    assert viewer_client.post(BASE, json=BODY).status_code == 403
    assert viewer_client.put(f"{BASE}/1/toggle").status_code == 403
    assert viewer_client.post(f"{BASE}/1/run").status_code == 403
    assert viewer_client.delete(f"{BASE}/1").status_code == 403


def test_anonymous_is_refused(client: TestClient) -> None:
    assert client.get(BASE).status_code == 401


def test_run_now_creates_a_manual_execution(admin_client: TestClient) -> None:
    sid = admin_client.post(BASE, json=BODY).json()["id"]
    run = admin_client.post(f"{BASE}/{sid}/run")
    assert run.status_code == 201, run.text
    assert run.json()["trigger"] == "manual" and run.json()["schedule_id"] == sid
    again = admin_client.post(f"{BASE}/{sid}/run")
    assert again.status_code == 409 and again.json()["blocking_execution_id"] == run.json()["id"]
    listed = admin_client.get(BASE).json()["items"][0]
    assert listed["last_execution_id"] == run.json()["id"] and listed["last_status"] == "pending"


def test_metrics_expose_schedules(admin_client: TestClient) -> None:
    admin_client.post(BASE, json=BODY)
    text = admin_client.get("/metrics").text
    assert "newsdesk_schedules_active 1.0" in text
    assert "newsdesk_schedules_failing 0.0" in text
    assert "newsdesk_schedule_lag_seconds 0.0" in text
    assert "newsdesk_schedule_missed_total 0.0" in text
    assert "newsdesk_schedule_skipped_overlap_total 0.0" in text
