"""One error shape for every error; /healthz; the OpenAPI pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsdesk import db
from newsdesk.app import create_app
from newsdesk.settings import Settings, configure
from tests.conftest import make_settings


def _shape(body: dict, code: str) -> None:
    assert set(body) >= {"detail", "code"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["code"] == code


def test_every_error_has_the_same_shape(
    viewer_client: TestClient, admin_client: TestClient, settings: Settings
) -> None:
    anon = TestClient(create_app(settings))
    _shape(anon.get("/api/v1/users").json(), "auth_required")
    _shape(viewer_client.post("/api/v1/users", json={}).json(), "forbidden")
    _shape(admin_client.get("/api/v1/no-such-thing").json(), "not_found")
    _shape(admin_client.get("/api/v1/users/424242").json(), "user_not_found")
    r = admin_client.put("/api/v1/auth/me")
    assert r.status_code == 405
    _shape(r.json(), "method_not_allowed")
    r = admin_client.post("/api/v1/users", json={"username": 5, "role": "king"})
    assert r.status_code == 422
    body = r.json()
    _shape(body, "invalid")
    fields = {e["field"] for e in body["errors"]}
    assert {"username", "password", "role"} <= fields
    bad_json = admin_client.post(
        "/api/v1/users", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert bad_json.status_code == 422
    _shape(bad_json.json(), "invalid")
    assert bad_json.json()["detail"].startswith("body: invalid JSON")
    for _ in range(settings.login_max_failures + 1):
        r = anon.post("/api/v1/auth/login", json={"username": "nobody", "password": "x"})
    assert r.status_code == 429 and "Retry-After" in r.headers
    _shape(r.json(), "login_throttled")


def test_unexpected_errors_answer_500_without_details(sqlite_settings: Settings) -> None:
    app = create_app(sqlite_settings)

    def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    _shape(r.json(), "internal_error")
    assert "secret internals" not in r.text


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    spec = client.get("/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert "/api/v1/users" in paths and "/api/v1/tokens/{token_id}" in paths
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_healthz_reports_database_and_migration(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["migration"] == body["expected_migration"] is not None


@pytest.fixture
def bare_settings(tmp_path: Path) -> Iterator[Settings]:
    """An SQLite file nobody migrated."""
    value = make_settings(f"sqlite:///{tmp_path}/empty.db")
    configure(value)
    yield value
    configure(None)
    db.dispose_engines()


def test_healthz_is_503_when_not_migrated(bare_settings: Settings) -> None:
    with TestClient(create_app(bare_settings)) as c:
        r = c.get("/healthz")
    assert r.status_code == 503
    assert r.json()["status"] == "unhealthy" and r.json()["migration"] is None


def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    value = make_settings("postgresql+psycopg://postgres@127.0.0.1:1/none")
    try:
        with TestClient(create_app(value)) as c:
            r = c.get("/healthz")
    finally:
        configure(None)
        db.dispose_engines()
    assert r.status_code == 503
    assert r.json()["database"] == "unreachable"


def test_validation_lines_name_the_field() -> None:
    from newsdesk.core.handlers import describe_validation

    errors = [
        {"loc": ("body", "base_url"), "msg": "Value error, must be an absolute http(s) URL"},
        {"loc": ("query", "limit"), "msg": "Input should be less than or equal to 500"},
        {"loc": (), "msg": "Value error, feed_url is required when kind is rss"},
    ]
    assert describe_validation(errors) == (
        "base_url: must be an absolute http(s) URL; "
        "limit: Input should be less than or equal to 500; "
        "feed_url is required when kind is rss"
    )
