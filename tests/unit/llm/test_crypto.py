"""Encryption at rest: MultiFernet, rotate-encryption, the start-up canary (both DBs)."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from newsdesk import cli, db, startup
from newsdesk.core.errors import ConfigError
from newsdesk.llm import crypto
from newsdesk.llm import service as keys_service
from newsdesk.llm.exceptions import EncryptionKeyError
from newsdesk.llm.models import ApiKey, AppState, KeyState
from newsdesk.settings import configure
from tests.conftest import make_settings

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
STRANGER = Fernet.generate_key().decode()


def test_first_key_encrypts_and_every_key_decrypts(sqlite_url) -> None:
    old = make_settings(sqlite_url, encryption_key=OLD)
    both = make_settings(sqlite_url, encryption_key=f"{NEW}, {OLD}")
    token = crypto.encrypt("sk-secret-1234", settings=old)
    assert crypto.decrypt(token, settings=both) == "sk-secret-1234"
    assert not crypto.is_current(token, settings=both)
    rotated = crypto.rotate(token, settings=both)
    assert crypto.is_current(rotated, settings=both)
    assert crypto.decrypt(rotated, settings=make_settings(sqlite_url, encryption_key=NEW))
    with pytest.raises(crypto.Undecryptable) as info:
        crypto.decrypt(token, settings=make_settings(sqlite_url, encryption_key=STRANGER))
    assert "sk-secret" not in str(info.value)


def _store(settings, alias: str, secret: str) -> int:
    with db.session_scope(settings.database_url) as s:
        return keys_service.create(
            session=s, settings=settings, values={"alias": alias}, secret=secret
        ).id


def test_rotate_encryption_with_two_keys(database_url, capsys) -> None:
    old = make_settings(database_url, encryption_key=OLD)
    configure(old)
    try:
        ids = [_store(old, f"k{i}", f"sk-secret-{i}-abcdef") for i in range(3)]
        configure(make_settings(database_url, encryption_key=f"{NEW},{OLD}"))
        assert cli.invoke(["keys", "rotate-encryption", "--batch", "2"]) == 0
        assert "re-encrypted 3 key(s); 0 already" in capsys.readouterr().err
        # Re-running (e.g. after an interruption) finds nothing left to do.
        assert cli.invoke(["keys", "rotate-encryption"]) == 0
        assert "re-encrypted 0 key(s); 3 already" in capsys.readouterr().err
        new_only = make_settings(database_url, encryption_key=NEW)
        with db.session_scope(database_url) as s:
            for i, key_id in enumerate(ids):
                key = s.get(ApiKey, key_id)
                assert keys_service.plaintext(key=key, settings=new_only) == f"sk-secret-{i}-abcdef"
        startup.check_encryption(new_only)  # the canary moved to the new key too
    finally:
        configure(None)
        db.dispose_engines()


def test_rotate_encryption_reports_undecryptable_rows(database_url, capsys) -> None:
    stranger = make_settings(database_url, encryption_key=STRANGER)
    old = make_settings(database_url, encryption_key=OLD)
    _store(old, "good", "sk-good-abcdef")
    lost = _store(stranger, "lost", "sk-lost-abcdef")
    configure(make_settings(database_url, encryption_key=f"{NEW},{OLD}"))
    try:
        assert cli.invoke(["keys", "rotate-encryption"]) == 1
        err = capsys.readouterr().err
        assert "re-encrypted 1 key(s)" in err
        assert f"could not decrypt 1 key(s): lost (#{lost})" in err
        # The undecryptable row is shown as such and breaks no listing.
        assert cli.invoke(["keys", "list", "--json"]) == 0
        listed = capsys.readouterr().out
        assert '"state": "undecryptable"' in listed and '"alias": "good"' in listed
    finally:
        configure(None)
        db.dispose_engines()


def test_canary_is_created_on_first_start_and_checked_after(database_url) -> None:
    settings = make_settings(database_url, encryption_key=OLD)
    startup.check_encryption(settings)
    with db.session_scope(database_url) as s:
        canary = s.get(AppState, crypto.CANARY_STATE_KEY)
        assert canary is not None and "newsdesk" not in canary.value
    _store(settings, "main", "sk-main-abcdef")
    startup.check_encryption(make_settings(database_url, encryption_key=f"{NEW},{OLD}"))
    with pytest.raises(EncryptionKeyError) as info:
        startup.check(
            make_settings(database_url, encryption_key=STRANGER), announce=lambda line: None
        )
    assert isinstance(info.value, ConfigError)
    assert "cannot decrypt the stored canary" in info.value.detail
    assert "rotate-encryption" in info.value.detail
    with pytest.raises(EncryptionKeyError, match="NEWSDESK_ENCRYPTION_KEY is not set, but 1 API"):
        startup.check_encryption(make_settings(database_url, encryption_key=None))
    db.dispose_engines()


def test_canary_without_stored_keys_is_replaced(database_url) -> None:
    startup.check_encryption(make_settings(database_url, encryption_key=OLD))
    startup.check_encryption(make_settings(database_url, encryption_key=None))  # nothing stored
    fresh = make_settings(database_url, encryption_key=STRANGER)
    startup.check_encryption(fresh)  # nothing encrypted to lose: a new canary
    startup.check_encryption(fresh)
    db.dispose_engines()


def test_serve_stops_on_wrong_key(database_url, capsys) -> None:
    _store(make_settings(database_url, encryption_key=OLD), "main", "sk-main-abcdef")
    configure(make_settings(database_url, encryption_key=STRANGER))
    try:
        assert cli.invoke(["serve", "--port", "1"]) == 2
        assert "error: NEWSDESK_ENCRYPTION_KEY cannot decrypt" in capsys.readouterr().err
    finally:
        configure(None)
        db.dispose_engines()


def test_adding_a_key_without_encryption_key_says_how_to_fix(database_url) -> None:
    settings = make_settings(database_url, encryption_key=None)
    with pytest.raises(EncryptionKeyError, match="generate one with"):
        _store(settings, "main", "sk-main-abcdef")
    db.dispose_engines()


def test_undecryptable_state(sqlite_url) -> None:
    settings = make_settings(sqlite_url, encryption_key=OLD)
    _store(make_settings(sqlite_url, encryption_key=STRANGER), "lost", "sk-lost-abcdef")
    with db.session_scope(sqlite_url) as s:
        rows, _ = keys_service.list_keys(session=s)
        [view] = keys_service.describe(session=s, settings=settings, keys=rows)
    assert view.state is KeyState.undecryptable
    db.dispose_engines()
