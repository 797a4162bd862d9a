"""The access rules, checked on every API route the app has (whoever's domain it is).

Every /api route needs credentials (401) except login; a viewer gets 403 on every change
except the few that only touch their own account.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsdesk import db
from newsdesk.app import create_app
from newsdesk.auth import service as auth_service
from newsdesk.auth.models import Role
from newsdesk.settings import Settings

OPEN = {("POST", "/api/v1/auth/login")}
# Changes a viewer may make: to their own session or password only.
VIEWER_MAY = {
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/auth/password"),
    # Computes the next firings of a CRON expression; stores nothing.
    ("POST", "/api/v1/stage-executions/schedules/validate-cron"),
}
# Accounts, tokens and the audit trail are an admin's business, even to read.
ADMIN_READS = {"/api/v1/users", "/api/v1/tokens", "/api/v1/audit"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _api_operations(app_client: TestClient) -> list[tuple[str, str]]:
    paths = app_client.app.openapi()["paths"]  # type: ignore[attr-defined]
    ops = [
        (method.upper(), path.replace("{", "").replace("}", "").split("/"))
        for path, methods in paths.items()
        for method in methods
        if path.startswith("/api/")
    ]
    # Every path parameter gets the value 1: a real-looking id, so only auth can refuse.
    return [
        (m, "/".join(seg if not seg.endswith("_id") and seg != "id" else "1" for seg in parts))
        for m, parts in ops
    ]


@pytest.fixture
def anon(sqlite_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_settings)) as c:
        yield c


@pytest.fixture
def viewer(sqlite_settings: Settings) -> Iterator[TestClient]:
    with db.session_scope(sqlite_settings.database_url) as s:
        user = auth_service.create_user(
            session=s, username="victor", password="viewer-password", role=Role.viewer
        )
        raw, _ = auth_service.create_token(session=s, user=user)
    with TestClient(create_app(sqlite_settings)) as c:
        c.headers["Authorization"] = f"Bearer {raw}"
        yield c


def test_every_api_route_requires_authentication(anon: TestClient) -> None:
    ops = _api_operations(anon)
    assert ("GET", "/api/v1/users") in ops and len(ops) > 10
    for method, path in ops:
        if (method, path) in OPEN:
            continue
        r = anon.request(method, path, json={})
        assert r.status_code == 401, f"{method} {path} answered {r.status_code} without auth"
        assert r.json()["code"] == "auth_required"


def test_viewer_cannot_change_anything(viewer: TestClient) -> None:
    ops = [(m, p) for m, p in _api_operations(viewer) if m in UNSAFE and (m, p) not in VIEWER_MAY]
    assert ("DELETE", "/api/v1/tokens/1") in ops
    for method, path in ops:
        r = viewer.request(method, path, json={})
        assert r.status_code == 403, f"a viewer's {method} {path} answered {r.status_code}"
        assert r.json()["code"] == "forbidden"


def _streams(app_client: TestClient) -> set[str]:
    """Paths that answer an endless stream (SSE): a plain GET on them would never return."""
    paths = app_client.app.openapi()["paths"]  # type: ignore[attr-defined]
    found = set()
    for path, methods in paths.items():
        content = methods.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        if "text/event-stream" in content or any(w in path for w in ("stream", "events", "sse")):
            found.add(path)
    return found


def test_viewer_reads_every_list(viewer: TestClient) -> None:
    streams = _streams(viewer)
    lists = [
        p for m, p in _api_operations(viewer) if m == "GET" and "/1" not in p and p not in streams
    ]
    assert "/api/v1/auth/me" in lists
    for path in lists:
        r = viewer.get(path)
        expected = 403 if path in ADMIN_READS else 200
        assert r.status_code == expected, f"a viewer's GET {path} answered {r.status_code}"
