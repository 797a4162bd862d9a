"""Login, the session cookie and its CSRF token, logout, throttling, one's own password."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsdesk.app import create_app
from newsdesk.settings import Settings
from tests.unit.auth.conftest import PASSWORD, login


def test_login_sets_cookie_and_me_answers(client: TestClient, admin_token: str) -> None:
    r = login(client, "alice")
    assert r.status_code == 200, r.text
    assert r.json()["user"]["username"] == "alice" and r.json()["csrf_token"]
    set_cookie = r.headers.get_list("set-cookie")
    session_cookie = next(c for c in set_cookie if c.startswith("newsdesk_session="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert client.cookies["newsdesk_csrf"] == r.json()["csrf_token"]
    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json()["username"] == "alice"


def test_requests_without_credentials_get_401(client: TestClient) -> None:
    r = client.get("/api/v1/auth/me")
    assert r.status_code == 401
    assert r.json()["code"] == "auth_required"
    r = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer nd_not-a-token"})
    assert r.status_code == 401


def test_healthz_is_open(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_cookie_requests_that_change_state_need_the_csrf_token(
    client: TestClient, admin_token: str
) -> None:
    csrf = login(client, "alice").json()["csrf_token"]
    body = {"username": "editor", "password": "fresh-password-1"}
    missing = client.post("/api/v1/users", json=body)
    assert missing.status_code == 403 and missing.json()["code"] == "csrf_failed"
    wrong = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403
    ok = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201
    # Reads need no CSRF token; a bearer token needs none for writes either.
    assert client.get("/api/v1/users").status_code == 200
    client.cookies.clear()
    r = client.post(
        "/api/v1/users",
        json={"username": "other", "password": "fresh-password-1"},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    assert r.status_code == 201


def test_logout_revokes_the_session(client: TestClient, admin_token: str) -> None:
    csrf = login(client, "alice").json()["csrf_token"]
    cookie = client.cookies["newsdesk_session"]
    r = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 204
    # Even a client that kept the cookie is out.
    r = client.get("/api/v1/auth/me", cookies={"newsdesk_session": cookie})
    assert r.status_code == 401


def test_failed_logins_are_throttled_across_processes(
    client: TestClient, settings: Settings, admin_token: str
) -> None:
    for _ in range(settings.login_max_failures):
        r = login(client, "alice", "wrong-password")
        assert r.status_code == 401 and r.json()["code"] == "bad_credentials"
    r = login(client, "alice")
    assert r.status_code == 429
    assert r.json()["code"] == "login_throttled"
    assert 1 <= int(r.headers["Retry-After"]) <= settings.login_lockout_seconds
    # Another app instance (another process) on the same database sees the same failures.
    with TestClient(create_app(settings)) as other:
        assert login(other, "alice").status_code == 429
    # Other accounts are not locked out by alice's failures from the same client.
    assert login(client, "victor-not-there", "x").status_code == 401


def test_user_changes_own_password(viewer_client: TestClient, settings: Settings) -> None:
    url = "/api/v1/auth/password"
    wrong = viewer_client.post(url, json={"current_password": "nope", "new_password": "n3w-pass!"})
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_password"
    weak = viewer_client.post(url, json={"current_password": PASSWORD, "new_password": "x"})
    assert weak.status_code == 422
    ok = viewer_client.post(url, json={"current_password": PASSWORD, "new_password": "n3w-pass!"})
    assert ok.status_code == 204
    assert login(viewer_client, "victor", PASSWORD).status_code == 401
    assert login(viewer_client, "victor", "n3w-pass!").status_code == 200


def test_password_change_keeps_this_session_and_ends_the_others(
    client: TestClient, admin_token: str, settings: Settings
) -> None:
    with TestClient(create_app(settings)) as elsewhere:
        assert login(elsewhere, "alice").status_code == 200
        csrf = login(client, "alice").json()["csrf_token"]
        r = client.post(
            "/api/v1/auth/password",
            json={"current_password": PASSWORD, "new_password": "n3w-pass!"},
            headers={"X-CSRF-Token": csrf},
        )
        assert r.status_code == 204
        assert client.get("/api/v1/auth/me").status_code == 200
        assert elsewhere.get("/api/v1/auth/me").status_code == 401


def test_a_temporary_password_login_may_only_change_the_password(
    client: TestClient, admin_token: str, settings: Settings
) -> None:
    from newsdesk import db
    from newsdesk.auth.models import User

    with db.session_scope(settings.database_url) as session:
        session.query(User).filter_by(username="alice").one().must_change_password = True
    csrf = login(client, "alice").json()["csrf_token"]
    r = client.get("/api/v1/sources")
    assert r.status_code == 403 and r.json()["code"] == "password_change_required"
    assert client.get("/api/v1/auth/me").json()["must_change_password"] is True
    # API tokens are separate credentials an admin made on purpose: not affected
    bearer = {"Authorization": f"Bearer {admin_token}"}
    assert client.get("/api/v1/sources", headers=bearer, cookies={}).status_code == 200
    r = client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "n3w-pass!"},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 204
    assert client.get("/api/v1/sources").status_code == 200
