"""Helpers for the auth tests: logging in through the API, reading rows behind the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from newsdesk import db
from newsdesk.auth.models import AuditEntry

PASSWORD = "correct-horse-battery"  # the password conftest.py gives alice and victor


def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def audit_rows(url: str) -> list[AuditEntry]:
    with db.session_scope(url) as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def assert_no_secret(entries: list[AuditEntry], *secrets: str) -> None:
    """No audit entry holds a secret, a password hash or a token hash."""
    for entry in entries:
        blob = repr((entry.before, entry.after, entry.detail))
        assert "$argon2" not in blob
        assert "password_hash" not in blob and "token_hash" not in blob
        for secret in secrets:
            assert secret not in blob, f"secret found in audit entry {entry.action}"
