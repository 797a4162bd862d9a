"""API keys pages (hint only, never the key) and the costs report (unknown cost flagged)."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.core.clock import utcnow
from newsdesk.llm import metering
from newsdesk.settings import Settings
from newsdesk.testing.fake_openai import FakeOpenAI

HX = {"HX-Request": "true"}
SECRET = "sk-test-0123456789abcdefWXYZ"


def test_keys_show_state_and_hint_never_the_key(
    admin_web: TestClient, sqlite_settings: Settings
) -> None:
    r = admin_web.post(
        "/api-keys",
        data={"alias": "main", "api_key": "short", "is_active": "1"},
        headers=HX,
    )
    assert r.status_code == 422
    assert "short" not in r.text
    r = admin_web.post(
        "/api-keys",
        data={"alias": "main", "api_key": SECRET, "is_active": "1", "daily_budget_usd": "2.5"},
        headers=HX,
    )
    assert r.status_code == 200, r.text
    listing = admin_web.get("/api-keys")
    assert "…WXYZ" in listing.text
    assert SECRET not in listing.text
    assert "OK" in listing.text
    r = admin_web.post("/api-keys/1/disable", headers=HX)
    assert "Disabled" in r.text
    assert "Enable" in r.text
    r = admin_web.post("/api-keys/1/enable", headers=HX)
    assert "Disable" in r.text
    edit = admin_web.get("/api-keys/1/edit")
    assert SECRET not in edit.text
    # Saving without a new key keeps the stored one.
    r = admin_web.post(
        "/api-keys/1", data={"alias": "main", "model": "gpt-4o", "is_active": "1"}, headers=HX
    )
    assert r.status_code == 200
    assert "…WXYZ" in admin_web.get("/api-keys").text
    with db.session_scope(sqlite_settings.database_url) as session:
        entries, _ = auth_service.list_audit(
            session=session, limit=50, offset=0, entity_type="api_key"
        )
        assert {e.action for e in entries} >= {"api_key.create", "api_key.disable"}
        assert all(SECRET not in str(e.before) + str(e.after) for e in entries)


def test_costs_report_groups_and_flags_unknown_cost(
    admin_web: TestClient, sqlite_settings: Settings
) -> None:
    with db.session_scope(sqlite_settings.database_url) as session:
        for model, cost in (("gpt-4o-mini", Decimal("0.25")), ("mystery-model", None)):
            metering.record(
                session=session,
                attempt=metering.Attempt(
                    outcome="ok",
                    api_key_id=None,
                    requested_model=model,
                    model=model,
                    stage="extract_urls",
                    usage=metering.Usage(input_tokens=1000, cached_tokens=200, output_tokens=30),
                    cost_usd=cost,
                ),
                at=utcnow(),
            )
    page = admin_web.get("/costs?group_by=model")
    assert page.status_code == 200
    assert "gpt-4o-mini" in page.text
    assert "mystery-model" in page.text
    assert "unknown cost" in page.text
    assert "$0.2500" in page.text
    assert "$0.0000" not in page.text  # an unpriced model's cost is unknown, never 0
    assert "2,000" in page.text  # input tokens total
    table = admin_web.get("/costs?group_by=stage", headers={**HX, "HX-Target": "cost-report"})
    assert "<html" not in table.text
    assert "extract_urls" in table.text
    r = admin_web.get("/costs?date_from=2026-02-01&date_to=2026-01-01")
    assert r.status_code == 400


def test_test_button_reports_the_provider_answer(
    admin_web: TestClient, sqlite_settings: Settings
) -> None:
    with FakeOpenAI() as provider:
        for alias, secret in (("good", "ok-0123456789"), ("bad", "invalid-0123456789")):
            r = admin_web.post(
                "/api-keys",
                data={
                    "alias": alias,
                    "api_key": secret,
                    "base_url": provider.base_url,
                    "is_active": "1",
                },
                headers=HX,
            )
            assert r.status_code == 200, r.text
        ok = admin_web.post("/api-keys/1/test", headers=HX)
        assert "good: The provider accepted the key." in ok.text
        assert "alert-ok" in ok.text
        bad = admin_web.post("/api-keys/2/test", headers=HX)
        assert "bad: The provider refused the key (invalid)." in bad.text
        assert "alert-error" in bad.text
        assert "invalid-0123456789" not in bad.text  # the provider echoed it; we never do
