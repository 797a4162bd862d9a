from fastapi.testclient import TestClient


def test_login_sets_cookie_and_me_answers(client: TestClient, admin_token: str) -> None:
    r = client.post(
        "/api/v1/auth/login", json={"username": "alice", "password": "correct-horse-battery"}
    )
    assert r.status_code == 200, r.text
    assert "newsdesk_session" in r.cookies
    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json()["username"] == "alice"


def test_requests_without_credentials_get_401(client: TestClient) -> None:
    r = client.get("/api/v1/auth/me")
    assert r.status_code == 401
    assert r.json()["code"] == "auth_required"


def test_healthz_is_open(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
