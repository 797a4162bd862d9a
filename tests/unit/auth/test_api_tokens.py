"""API tokens over REST: shown once, stored hashed, revocable, audited without the secret."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from newsdesk import db
from newsdesk.auth.models import ApiToken
from newsdesk.core.clock import utcnow
from newsdesk.settings import Settings
from tests.unit.auth.conftest import assert_no_secret, audit_rows


def _bearer(client: TestClient, raw: str, path: str = "/api/v1/auth/me") -> int:
    return client.get(path, headers={"Authorization": f"Bearer {raw}"}).status_code


def test_token_is_shown_once_and_only_its_hash_stored(
    admin_client: TestClient, settings: Settings
) -> None:
    r = admin_client.post("/api/v1/tokens", json={"name": "nightly"})
    assert r.status_code == 201, r.text
    body = r.json()
    raw = body["token"]
    assert raw.startswith(body["prefix"]) and body["status"] == "active"
    assert body["username"] == "alice" and body["name"] == "nightly"
    assert _bearer(admin_client, raw) == 200

    listed = admin_client.get("/api/v1/tokens").json()
    assert listed["total"] == 2  # the fixture's token and this one
    assert raw not in repr(listed) and all("token" not in t for t in listed["items"])
    with db.session_scope(settings.database_url) as s:
        row = s.get(ApiToken, body["id"])
        assert row is not None
        assert raw not in [str(getattr(row, c.key)) for c in ApiToken.__table__.columns]

    [entry] = [e for e in audit_rows(settings.database_url) if e.action == "token.create"]
    assert entry.entity_id == str(body["id"]) and entry.after["name"] == "nightly"
    assert_no_secret(audit_rows(settings.database_url), raw)


def test_admin_makes_a_token_for_another_user_with_expiry(
    admin_client: TestClient, viewer_token: str
) -> None:
    victor = admin_client.get("/api/v1/users", params={"role": "viewer"}).json()["items"][0]
    r = admin_client.post(
        "/api/v1/tokens", json={"user_id": victor["id"], "name": "bot", "expires_in_days": 7}
    )
    assert r.status_code == 201
    assert r.json()["username"] == "victor" and r.json()["expires_at"] is not None
    only = admin_client.get("/api/v1/tokens", params={"user_id": victor["id"]}).json()
    assert {t["name"] for t in only["items"]} == {"tests", "bot"}
    bad = admin_client.post("/api/v1/tokens", json={"user_id": 999})
    assert bad.status_code == 404 and bad.json()["code"] == "user_not_found"
    bad = admin_client.post("/api/v1/tokens", json={"expires_in_days": 0})
    assert bad.status_code == 422


def test_revoked_token_is_rejected_at_once(admin_client: TestClient, settings: Settings) -> None:
    created = admin_client.post("/api/v1/tokens", json={"name": "temp"}).json()
    assert _bearer(admin_client, created["token"]) == 200
    r = admin_client.delete(f"/api/v1/tokens/{created['id']}")
    assert r.status_code == 204
    assert _bearer(admin_client, created["token"]) == 401
    again = admin_client.delete(f"/api/v1/tokens/{created['id']}")
    assert again.status_code == 204  # idempotent, and not audited twice
    listed = admin_client.get("/api/v1/tokens").json()["items"]
    assert next(t for t in listed if t["id"] == created["id"])["status"] == "revoked"
    revokes = [e for e in audit_rows(settings.database_url) if e.action == "token.revoke"]
    assert len(revokes) == 1 and revokes[0].after["revoked"] is True
    missing = admin_client.delete("/api/v1/tokens/9999")
    assert missing.status_code == 404 and missing.json()["code"] == "token_not_found"


def test_expired_token_is_rejected(admin_client: TestClient, settings: Settings) -> None:
    created = admin_client.post("/api/v1/tokens", json={"expires_in_days": 1}).json()
    assert _bearer(admin_client, created["token"]) == 200
    with db.session_scope(settings.database_url) as s:
        row = s.scalar(select(ApiToken).where(ApiToken.id == created["id"]))
        assert row is not None
        row.expires_at = utcnow() - timedelta(minutes=1)
    r = admin_client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {created['token']}"})
    assert r.status_code == 401 and r.json()["code"] == "auth_required"
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_viewer_cannot_list_create_or_revoke_tokens(viewer_client: TestClient) -> None:
    assert viewer_client.get("/api/v1/tokens").status_code == 403
    assert viewer_client.post("/api/v1/tokens", json={}).status_code == 403
    assert viewer_client.delete("/api/v1/tokens/1").status_code == 403
