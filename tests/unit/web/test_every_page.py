"""Every page renders, as a whole page and as an htmx fragment, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import tests.fixtures.stages  # noqa: F401  (registers the fake stages)
from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.auth.models import Role
from newsdesk.runs import service as runs_service
from newsdesk.runs.models import Trigger
from newsdesk.settings import Settings
from tests.unit.web.conftest import PASSWORD, web_login

PAGES = [
    "/",
    "/executions",
    "/executions?status=pending&trigger=manual&date_from=2026-01-01&date_to=2026-12-31",
    "/executions/1",
    "/sources",
    "/sources/new",
    "/schedules",
    "/schedules/new",
    "/api-keys",
    "/api-keys/new",
    "/costs",
    "/costs?group_by=source",
]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_renders(settings: Settings, lang: str) -> None:
    from newsdesk.app import create_app

    with db.session_scope(settings.database_url) as session:
        auth_service.create_user(
            session=session, username="alice", password=PASSWORD, role=Role.admin
        )
        runs_service.create_execution(session=session, stage="noop", trigger=Trigger.manual)
    with TestClient(create_app(settings), follow_redirects=False) as client:
        web_login(client, "alice")
        for path in PAGES:
            sep = "&" if "?" in path else "?"
            full = client.get(f"{path}{sep}lang={lang}")
            assert full.status_code == 200, (path, full.text[:500])
            assert f'<html lang="{lang}">' in full.text
            fragment = client.get(path, headers={"HX-Request": "true"})
            assert fragment.status_code == 200, path
            assert "<html" not in fragment.text
