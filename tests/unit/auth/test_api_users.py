"""Users over REST (admin only), on both databases, with their audit trail."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from newsdesk import db
from newsdesk.auth.models import User
from newsdesk.settings import Settings
from tests.unit.auth.conftest import assert_no_secret, audit_rows, login

NEW_PW = "fresh-password-1"


def _create(client: TestClient, username: str = "editor", role: str = "viewer") -> dict:
    r = client.post("/api/v1/users", json={"username": username, "password": NEW_PW, "role": role})
    assert r.status_code == 201, r.text
    return r.json()


def test_admin_creates_lists_and_reads_users(admin_client: TestClient, settings: Settings) -> None:
    created = _create(admin_client)
    assert created["username"] == "editor" and created["role"] == "viewer"
    assert "password" not in created and "password_hash" not in created

    page = admin_client.get("/api/v1/users", params={"limit": 1}).json()
    assert page["total"] == 2 and page["limit"] == 1 and page["offset"] == 0
    assert [u["username"] for u in page["items"]] == ["alice"]
    viewers = admin_client.get("/api/v1/users", params={"role": "viewer"}).json()
    assert [u["username"] for u in viewers["items"]] == ["editor"]

    one = admin_client.get(f"/api/v1/users/{created['id']}")
    assert one.status_code == 200 and one.json()["username"] == "editor"
    assert login(admin_client, "editor", NEW_PW).status_code == 200

    [entry] = [e for e in audit_rows(settings.database_url) if e.action == "user.create"]
    assert entry.username == "alice" and entry.after["username"] == "editor"
    assert_no_secret(audit_rows(settings.database_url), NEW_PW)


def test_bad_user_input_is_refused_and_changes_nothing(admin_client: TestClient) -> None:
    _create(admin_client)
    dup = admin_client.post(
        "/api/v1/users", json={"username": "editor", "password": NEW_PW, "role": "viewer"}
    )
    assert dup.status_code == 409 and dup.json()["code"] == "username_taken"
    short = admin_client.post("/api/v1/users", json={"username": "x2", "password": "short"})
    assert short.status_code == 422 and "password" in short.json()["detail"]
    role = admin_client.post(
        "/api/v1/users", json={"username": "x3", "password": NEW_PW, "role": "root"}
    )
    assert role.status_code == 422 and role.json()["code"] == "invalid"
    name = admin_client.post("/api/v1/users", json={"username": "a b!", "password": NEW_PW})
    assert name.status_code == 422 and "username" in name.json()["detail"]
    assert admin_client.get("/api/v1/users").json()["total"] == 2
    missing = admin_client.get("/api/v1/users/9999")
    assert missing.status_code == 404 and missing.json()["code"] == "user_not_found"


def test_patch_changes_role_and_disabling_cuts_access_at_once(
    admin_client: TestClient, viewer_client: TestClient, settings: Settings
) -> None:
    victor = next(
        u for u in admin_client.get("/api/v1/users").json()["items"] if u["username"] == "victor"
    )
    assert viewer_client.get("/api/v1/auth/me").status_code == 200

    r = admin_client.patch(f"/api/v1/users/{victor['id']}", json={"role": "admin"})
    assert r.status_code == 200 and r.json()["role"] == "admin"
    r = admin_client.patch(f"/api/v1/users/{victor['id']}", json={"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert viewer_client.get("/api/v1/auth/me").status_code == 401
    assert login(viewer_client, "victor").status_code == 401

    entries = [e for e in audit_rows(settings.database_url) if e.action == "user.update"]
    assert [(e.before["role"], e.after["role"]) for e in entries] == [
        ("viewer", "admin"),
        ("admin", "admin"),
    ]
    assert entries[1].before["is_active"] is True and entries[1].after["is_active"] is False
    assert_no_secret(entries)


def test_the_last_admin_cannot_lock_everyone_out(admin_client: TestClient) -> None:
    me = admin_client.get("/api/v1/auth/me").json()
    r = admin_client.patch(f"/api/v1/users/{me['id']}", json={"is_active": False})
    assert r.status_code == 409 and r.json()["code"] == "last_admin"
    r = admin_client.patch(f"/api/v1/users/{me['id']}", json={"role": "viewer"})
    assert r.status_code == 409
    assert admin_client.get("/api/v1/auth/me").json()["role"] == "admin"


def test_admin_sets_a_password_which_is_audited_without_it(
    admin_client: TestClient, settings: Settings
) -> None:
    created = _create(admin_client)
    r = admin_client.post(
        f"/api/v1/users/{created['id']}/password", json={"password": "an0ther-pw"}
    )
    assert r.status_code == 204
    assert login(admin_client, "editor", NEW_PW).status_code == 401
    assert login(admin_client, "editor", "an0ther-pw").status_code == 200
    weak = admin_client.post(f"/api/v1/users/{created['id']}/password", json={"password": "x"})
    assert weak.status_code == 422
    actions = [e.action for e in audit_rows(settings.database_url)]
    assert actions == ["user.create", "user.set_password"]
    assert_no_secret(audit_rows(settings.database_url), NEW_PW, "an0ther-pw")
    with db.session_scope(settings.database_url) as s:
        editor = s.scalar(select(User).where(User.username == "editor"))
        assert editor is not None and "an0ther-pw" not in editor.password_hash


def test_viewer_cannot_read_or_change_users(viewer_client: TestClient) -> None:
    for method, path, body in [
        ("GET", "/api/v1/users", None),
        ("POST", "/api/v1/users", {"username": "evil", "password": NEW_PW}),
        ("PATCH", "/api/v1/users/1", {"role": "admin"}),
        ("POST", "/api/v1/users/1/password", {"password": NEW_PW}),
        ("GET", "/api/v1/audit", None),
    ]:
        r = viewer_client.request(method, path, json=body)
        assert r.status_code == 403, (method, path, r.text)
        assert r.json()["code"] == "forbidden"
