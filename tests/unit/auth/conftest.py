"""Helpers for the auth tests: logging in through the API, reading rows behind the API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import select

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.auth.models import AuditEntry

PASSWORD = "correct-horse-battery"  # the password conftest.py gives alice and victor
PRODUCTION_HASHER = auth_service._hasher
# Still Argon2, with the smallest cost: the production cost (64 MiB, 3 passes) makes each
# hash take ~0.1-1 s on a shared CI machine, and these tests hash hundreds of times.
CHEAP_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth_service, "_hasher", CHEAP_HASHER)
    auth_service._dummy_hash.cache_clear()


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
