"""Fixtures shared by every test: databases (SQLite and PostgreSQL), settings, app clients.

PostgreSQL and Redis are the machine's real servers. When NEWSDESK_REQUIRE_SERVICES=1
(set by .ci/run) a missing server fails the tests that need it instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from newsdesk import db
from newsdesk.settings import Settings, configure

REQUIRE_SERVICES = os.environ.get("NEWSDESK_REQUIRE_SERVICES") == "1"
PG_SERVER = os.environ.get("NEWSDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
TEST_ENCRYPTION_KEY = Fernet.generate_key().decode()


def service_missing(what: str) -> None:
    """Skip a test whose server is down, or fail it when services are required (CI)."""
    message = f"{what} is not reachable"
    if REQUIRE_SERVICES:
        pytest.fail(message + " (NEWSDESK_REQUIRE_SERVICES=1)")
    pytest.skip(message)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    if not _port_open(REDIS_HOST, REDIS_PORT):
        service_missing(f"Redis at {REDIS_HOST}:{REDIS_PORT}")
    return f"redis://{REDIS_HOST}:{REDIS_PORT}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test gets a copy (a fresh database per test)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    url = f"sqlite:///{path}"
    db.upgrade(url)
    db.get_engine(url).dispose()
    db.dispose_engines()
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database made for this test session, migrated once, dropped at the end."""
    if not _port_open("127.0.0.1", 5432):
        service_missing("PostgreSQL at 127.0.0.1:5432")
    name = f"newsdesk_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{PG_SERVER}/{name}"
    try:
        db.upgrade(url)
        yield url
    finally:
        db.dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _truncate_pg(url: str) -> None:
    import newsdesk.models as models

    tables = ", ".join(f'"{t.name}"' for t in models.Base.metadata.sorted_tables)
    engine = db.get_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def _sqlite_copy(template: Path, tmp_path: Path) -> str:
    path = tmp_path / "newsdesk.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database: the test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield _sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
        return
    url = request.getfixturevalue("pg_database")
    _truncate_pg(url)
    yield url
    _truncate_pg(url)


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite database (for tests that need not run on both)."""
    return _sqlite_copy(sqlite_template, tmp_path)


@pytest.fixture
def pg_url(pg_database: str) -> Iterator[str]:
    """The session's PostgreSQL database, emptied before and after the test."""
    _truncate_pg(pg_database)
    yield pg_database
    _truncate_pg(pg_database)


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "encryption_key": TEST_ENCRYPTION_KEY,
        "timezone": "Europe/Madrid",
        "fetch_host_delay": 0.0,
        "login_lockout_seconds": 60,
        "embedded_scheduler": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
def settings(database_url: str) -> Iterator[Settings]:
    """Settings pointing at the test's database (on both backends), made current."""
    value = make_settings(database_url)
    configure(value)
    yield value
    configure(None)
    db.dispose_engines()


@pytest.fixture
def sqlite_settings(sqlite_url: str) -> Iterator[Settings]:
    value = make_settings(sqlite_url)
    configure(value)
    yield value
    configure(None)
    db.dispose_engines()


@pytest.fixture
def session(settings: Settings) -> Iterator[Session]:
    """A session on the test's database; the test commits or flushes as it likes."""
    s = db.session_factory(settings.database_url)()
    try:
        yield s
    finally:
        s.rollback()
        s.close()


def _client_for(settings: Settings) -> TestClient:
    from newsdesk.app import create_app

    return TestClient(create_app(settings))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """An unauthenticated client of the app on the test's database."""
    with _client_for(settings) as c:
        yield c


def _user_with_token(settings: Settings, username: str, role: str) -> str:
    from newsdesk.auth import service as auth_service
    from newsdesk.auth.models import Role

    with db.session_scope(settings.database_url) as s:
        user = auth_service.create_user(
            session=s, username=username, password="correct-horse-battery", role=Role(role)
        )
        raw, _ = auth_service.create_token(session=s, user=user, name="tests")
    return raw


@pytest.fixture
def admin_token(settings: Settings) -> str:
    return _user_with_token(settings, "alice", "admin")


@pytest.fixture
def viewer_token(settings: Settings) -> str:
    return _user_with_token(settings, "victor", "viewer")


@pytest.fixture
def admin_client(client: TestClient, admin_token: str) -> TestClient:
    client.headers["Authorization"] = f"Bearer {admin_token}"
    return client


@pytest.fixture
def viewer_client(settings: Settings, viewer_token: str) -> Iterator[TestClient]:
    with _client_for(settings) as c:
        c.headers["Authorization"] = f"Bearer {viewer_token}"
        yield c
