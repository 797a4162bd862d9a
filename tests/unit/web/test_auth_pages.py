"""Login, logout, redirects, CSRF and roles on the web pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsdesk import db
from newsdesk.settings import Settings
from newsdesk.sources import service as sources_service
from tests.unit.web.conftest import PASSWORD, web_login


def test_pages_redirect_to_login_and_back(web: TestClient) -> None:
    r = web.get("/sources?active=yes")
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fsources%3Factive%3Dyes"
    r = web.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, "next": "/sources?active=yes"},
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/sources?active=yes"
    session_cookie = r.headers.get_list("set-cookie")[0]
    assert "newsdesk_session=" in session_cookie
    assert "HttpOnly" in session_cookie
    assert "SameSite=lax" in session_cookie.replace("Lax", "lax")
    assert web.get("/sources").status_code == 200


def test_htmx_requests_without_a_session_are_sent_to_login(web: TestClient) -> None:
    r = web.get("/executions", headers={"HX-Request": "true"})
    assert r.status_code == 401
    assert r.headers["HX-Redirect"].startswith("/login?next=")


def test_login_never_redirects_off_site(web: TestClient) -> None:
    r = web.post(
        "/login", data={"username": "alice", "password": PASSWORD, "next": "//evil.example/"}
    )
    assert r.headers["location"] == "/"


def test_wrong_password_then_throttling(web: TestClient, sqlite_settings: Settings) -> None:
    for _ in range(sqlite_settings.login_max_failures):
        r = web.post("/login", data={"username": "alice", "password": "wrong-password"})
        assert r.status_code == 401
        assert "Wrong username or password." in r.text
    r = web.post("/login", data={"username": "alice", "password": PASSWORD})
    assert r.status_code == 429
    assert "Too many failed logins" in r.text
    assert "newsdesk_session" not in web.cookies


def test_throttling_message_in_spanish(web: TestClient, sqlite_settings: Settings) -> None:
    for _ in range(sqlite_settings.login_max_failures + 1):
        r = web.post("/login?lang=es", data={"username": "alice", "password": "wrong-password"})
    assert r.status_code == 429
    assert "Demasiados intentos fallidos" in r.text


def test_logout_revokes_the_session(web: TestClient) -> None:
    csrf = web_login(web, "alice")
    cookie = web.cookies["newsdesk_session"]
    r = web.post("/logout", data={"csrf_token": csrf})
    assert r.status_code == 303
    web.cookies.set("newsdesk_session", cookie)
    assert web.get("/").status_code == 303  # the old cookie no longer works


def test_changes_need_the_csrf_token_as_header_or_form_field(
    web: TestClient, sqlite_settings: Settings
) -> None:
    csrf = web_login(web, "alice")
    source = {"name": "bbc", "base_url": "https://www.bbc.co.uk/", "is_active": "1"}
    r = web.post("/sources", data=source)
    assert r.status_code == 403
    assert "expired" in r.text
    r = web.post("/sources", data={**source, "csrf_token": "not-it"})
    assert r.status_code == 403
    r = web.post("/sources", data={**source, "csrf_token": csrf})
    assert r.status_code == 303
    r = web.post("/sources", data={**source, "name": "bbc2"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 303
    with db.session_scope(sqlite_settings.database_url) as session:
        names = [s.name for s in sources_service.list_sources(session=session)[0]]
    assert names == ["bbc", "bbc2"]


def test_viewer_sees_no_change_buttons_and_is_refused(
    viewer_web: TestClient, sqlite_settings: Settings
) -> None:
    for path in ("/", "/sources", "/schedules", "/api-keys"):
        page = viewer_web.get(path)
        assert page.status_code == 200
        assert 'method="post" action="/run"' not in page.text
        assert "New source" not in page.text
        assert "Add key" not in page.text
        assert "New schedule" not in page.text
    r = viewer_web.post("/sources", data={"name": "bbc", "base_url": "https://www.bbc.co.uk/"})
    assert r.status_code == 403
    assert "only an admin" in r.text
    assert viewer_web.get("/sources/new").status_code == 403
    r = viewer_web.post("/run", data={}, headers={"HX-Request": "true"})
    assert r.status_code == 403
    assert r.headers["HX-Retarget"] == "#flash"
    with db.session_scope(sqlite_settings.database_url) as session:
        assert sources_service.list_sources(session=session)[1] == 0
