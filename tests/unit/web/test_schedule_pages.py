"""Schedules pages: live cron validation in the UI language, create/edit, pause, run now."""

from __future__ import annotations

from fastapi.testclient import TestClient

import tests.fixtures.stages  # noqa: F401  (registers the fake stages)
from newsdesk import db
from newsdesk.scheduling import service as schedules_service
from newsdesk.settings import Settings

HX = {"HX-Request": "true"}
DAILY = {
    "name": "morning",
    "stage": "noop",
    "cron_expression": "0 7 * * 1-5",
    "timezone": "America/New_York",
    "is_active": "1",
    "use_fallback": "1",
    "overlap_policy": "skip",
    "misfire_policy": "run_once",
    "misfire_grace_seconds": "3600",
}


def test_validate_cron_explains_in_the_ui_language(admin_web: TestClient) -> None:
    query = "cron_expression=0+7+*+*+1-5&timezone=Europe/Madrid"
    r = admin_web.get(f"/schedules/validate-cron?{query}", headers=HX)
    assert r.status_code == 200
    assert "At 07:00, Monday through Friday" in r.text
    assert r.text.count("<li>") == 5
    assert "+01:00" in r.text or "+02:00" in r.text
    r = admin_web.get(f"/schedules/validate-cron?{query}&lang=es", headers=HX)
    assert "lunes" in r.text
    r = admin_web.get("/schedules/validate-cron?cron_expression=0+25+*+*+*", headers=HX)
    assert "hour" in r.text
    assert "0-23" in r.text


def test_create_pause_and_run_a_schedule(admin_web: TestClient, sqlite_settings: Settings) -> None:
    r = admin_web.post("/schedules", data={**DAILY, "cron_expression": "0 7 * *"}, headers=HX)
    assert r.status_code == 422
    assert r.headers["HX-Retarget"] == "#flash"
    r = admin_web.post("/schedules", data=DAILY, headers=HX)
    assert r.status_code == 200, r.text
    listing = admin_web.get("/schedules")
    assert "morning" in listing.text
    assert "America/New_York" in listing.text
    assert "07:00" in listing.text  # next run shown in the schedule's own zone
    assert "At 07:00, Monday through Friday" in listing.text
    with db.session_scope(sqlite_settings.database_url) as session:
        schedule = schedules_service.get_by_name(session=session, name="morning")
        assert schedule is not None
        assert schedule.timezone == "America/New_York"
        schedule_id = schedule.id

    r = admin_web.post(f"/schedules/{schedule_id}/toggle", headers=HX)
    assert "Paused" in r.text
    assert "Resume" in r.text
    r = admin_web.post(f"/schedules/{schedule_id}/run", headers=HX)
    assert "Execution #1 started." in r.text

    edit = admin_web.get(f"/schedules/{schedule_id}/edit")
    assert 'value="0 7 * * 1-5"' in edit.text
    r = admin_web.post(
        f"/schedules/{schedule_id}", data={**DAILY, "cron_expression": "30 6 * * *"}, headers=HX
    )
    assert r.status_code == 200
    with db.session_scope(sqlite_settings.database_url) as session:
        assert (
            schedules_service.get_or_raise(session=session, schedule_id=schedule_id).cron_expression
            == "30 6 * * *"
        )


def test_failing_schedules_are_flagged(admin_web: TestClient, sqlite_settings: Settings) -> None:
    from newsdesk.runs import service as runs_service
    from newsdesk.runs.models import RunStatus

    admin_web.post("/schedules", data={**DAILY, "stage": "fail"}, headers=HX)
    with db.session_scope(sqlite_settings.database_url) as session:
        schedule = schedules_service.get_by_name(session=session, name="morning")
        assert schedule is not None
        for _ in range(5):
            run = schedules_service.run_now(session=session, schedule=schedule)
            runs_service.claim(session=session, execution_id=run.id, worker="t")
            runs_service.finish(
                session=session, execution_id=run.id, status=RunStatus.failed, error="boom"
            )
    listing = admin_web.get("/schedules")
    assert "failing" in listing.text
    assert "Failed" in listing.text
    assert "fallando" in admin_web.get("/schedules?lang=es").text
