"""Web fixtures: the app on a fresh SQLite database, with an admin and a viewer logged in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.auth.models import Role
from newsdesk.settings import Settings

PASSWORD = "correct-horse-battery"


def web_login(client: TestClient, username: str) -> str:
    """Log in through the web form; return the session's CSRF token."""
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    return client.cookies["newsdesk_csrf"]


@pytest.fixture
def web_users(sqlite_settings: Settings) -> None:
    with db.session_scope(sqlite_settings.database_url) as session:
        for name, role in (("alice", Role.admin), ("victor", Role.viewer)):
            auth_service.create_user(session=session, username=name, password=PASSWORD, role=role)


@pytest.fixture
def web(sqlite_settings: Settings, web_users: None) -> Iterator[TestClient]:
    """An anonymous browser-like client (cookies kept, redirects not followed)."""
    from newsdesk.app import create_app

    with TestClient(create_app(sqlite_settings), follow_redirects=False) as client:
        yield client


@pytest.fixture
def admin_web(web: TestClient) -> TestClient:
    """Logged in as the admin; every change sends the CSRF header like htmx does."""
    web.headers["X-CSRF-Token"] = web_login(web, "alice")
    return web


@pytest.fixture
def viewer_web(web: TestClient) -> TestClient:
    web.headers["X-CSRF-Token"] = web_login(web, "victor")
    return web
