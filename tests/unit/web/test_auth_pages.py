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


def _temporary(settings: Settings, username: str) -> None:
    """Give `username` a temporary password, as the printed first admin has."""
    from newsdesk.auth.models import User

    with db.session_scope(settings.database_url) as session:
        user = session.query(User).filter_by(username=username).one()
        user.must_change_password = True


def test_a_temporary_password_opens_only_the_password_page(
    web: TestClient, sqlite_settings: Settings
) -> None:
    _temporary(sqlite_settings, "alice")
    csrf = web_login(web, "alice")
    for page in ("/", "/sources", "/executions"):
        r = web.get(page)
        assert (r.status_code, r.headers["location"]) == (303, "/account/password")
    page = web.get("/account/password")
    assert page.status_code == 200 and "Your password is temporary" in page.text
    form = {"csrf_token": csrf, "current_password": PASSWORD}
    r = web.post(
        "/account/password",
        data={**form, "new_password": "n3w-pass!", "confirm_password": "other-pass"},
    )
    assert r.status_code == 400 and "The two new passwords differ." in r.text
    r = web.post(
        "/account/password", data={**form, "new_password": "short", "confirm_password": "short"}
    )
    assert r.status_code == 400 and "at least 8 characters" in r.text
    bad = {
        **form,
        "current_password": "not-it",
        "new_password": "n3w-pass!",
        "confirm_password": "n3w-pass!",
    }
    r = web.post("/account/password", data=bad)
    assert r.status_code == 400 and "Wrong current password." in r.text
    good = {**form, "new_password": "n3w-pass!", "confirm_password": "n3w-pass!"}
    r = web.post("/account/password", data=good)
    assert (r.status_code, r.headers["location"]) == (303, "/")
    assert web.get("/sources").status_code == 200  # the panel is open now
    web.cookies.clear()
    r = web.post("/login", data={"username": "alice", "password": "n3w-pass!"})
    assert r.status_code == 303


def test_any_user_can_change_their_password_from_the_panel(web: TestClient) -> None:
    csrf = web_login(web, "victor")
    assert 'href="/account/password"' in web.get("/").text
    r = web.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current_password": PASSWORD,
            "new_password": "n3w-pass!",
            "confirm_password": "n3w-pass!",
        },
    )
    assert r.status_code == 200 and "Password changed." in r.text
    r = web.post("/account/password?lang=es", data={"current_password": PASSWORD})
    assert r.status_code == 403  # no CSRF token, no change
