"""Start-up checks of `newsdesk serve`: the first admin, the encryption key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from newsdesk import db, startup
from newsdesk.auth.models import AuditEntry, User
from newsdesk.core.errors import NewsdeskError
from newsdesk.llm.models import ApiKey
from newsdesk.settings import Settings, configure
from tests.conftest import make_settings


def test_first_admin_is_announced_once_and_audited(settings: Settings) -> None:
    said: list[str] = []
    startup.check(settings, announce=said.append)
    startup.check(settings, announce=said.append)
    assert len(said) == 1 and "created user 'admin' with password: " in said[0]
    password = said[0].split("password: ", 1)[1].split()[0]
    with db.session_scope(settings.database_url) as s:
        assert s.scalar(select(func.count()).select_from(User)) == 1
        entry = s.scalar(select(AuditEntry))
        assert entry is not None and entry.action == "user.create"
        assert password not in repr((entry.before, entry.after, entry.detail))


def test_a_wrong_encryption_key_stops_start_up(sqlite_settings: Settings) -> None:
    startup.check(sqlite_settings, announce=lambda _: None)  # stores the canary
    with db.session_scope(sqlite_settings.database_url) as s:
        s.add(ApiKey(alias="k", base_url="http://x", model="m", ciphertext="c", hint="abcd"))
    other = make_settings(
        sqlite_settings.database_url, encryption_key=Fernet.generate_key().decode()
    )
    configure(other)
    with pytest.raises(NewsdeskError) as caught:
        startup.check(other, announce=lambda _: None)
    assert caught.value.exit_code == 2
    assert "NEWSDESK_ENCRYPTION_KEY" in caught.value.detail
