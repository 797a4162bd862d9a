"""`newsdesk users ...` and `newsdesk tokens ...` through `cli.invoke`, on both databases."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.auth.models import ApiToken, TokenKind, User
from newsdesk.cli import invoke
from newsdesk.settings import Settings
from tests.unit.auth.conftest import assert_no_secret, audit_rows

PW = "cli-password-1"


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def _create(monkeypatch: pytest.MonkeyPatch, name: str, role: str = "viewer") -> int:
    _stdin(monkeypatch, PW + "\n")
    return invoke(["users", "create", name, "--role", role, "--password-stdin"])


def _user(settings: Settings, name: str) -> User:
    with db.session_scope(settings.database_url) as s:
        user = s.scalar(select(User).where(User.username == name))
        assert user is not None
        return user


def test_create_list_disable_enable(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _create(monkeypatch, "root", "admin") == 0
    assert _create(monkeypatch, "reader") == 0
    root = _user(settings, "root")
    assert root.role == "admin" and auth_service.verify_password(PW, root.password_hash)
    capsys.readouterr()

    assert invoke(["users", "list"]) == 0
    table = capsys.readouterr().out
    assert "root" in table and "reader" in table and "viewer" in table

    assert invoke(["users", "disable", "reader"]) == 0
    assert _user(settings, "reader").is_active is False
    assert invoke(["users", "enable", "reader"]) == 0
    assert _user(settings, "reader").is_active is True
    actions = [(e.action, e.username) for e in audit_rows(settings.database_url)]
    assert [a for a, _ in actions] == ["user.create", "user.create", "user.update", "user.update"]
    assert all(who.startswith("cli") for _, who in actions)
    assert_no_secret(audit_rows(settings.database_url), PW)


def test_create_prompts_twice_for_a_hidden_password(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([PW, PW])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert invoke(["users", "create", "prompted", "--role", "admin"]) == 0
    assert auth_service.verify_password(PW, _user(settings, "prompted").password_hash)


def test_prompt_mismatch_and_bad_input_fail_cleanly(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter([PW, "other-password", PW, PW])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    # click asks again after a mismatch; the second pair matches.
    assert invoke(["users", "create", "second", "--role", "viewer"]) == 0
    capsys.readouterr()

    assert _create(monkeypatch, "second") == 4
    assert "error: a user named 'second' already exists" in capsys.readouterr().err
    _stdin(monkeypatch, "short\n")
    assert invoke(["users", "create", "weak", "--password-stdin"]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    _stdin(monkeypatch, "")
    assert invoke(["users", "create", "empty", "--password-stdin"]) == 2
    assert invoke(["users", "create", "x1", "--role", "root", "--password-stdin"]) == 2
    assert invoke(["users", "disable", "ghost"]) == 3
    captured = capsys.readouterr()
    assert "no user named 'ghost'" in captured.err and "Traceback" not in captured.err


def test_set_password(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _create(monkeypatch, "root", "admin")
    _stdin(monkeypatch, "brand-new-pw\n")
    assert invoke(["users", "set-password", "root", "--password-stdin"]) == 0
    assert auth_service.verify_password("brand-new-pw", _user(settings, "root").password_hash)
    assert invoke(["users", "set-password", "ghost", "--password-stdin"]) == 3
    assert_no_secret(audit_rows(settings.database_url), "brand-new-pw")


def test_last_admin_cannot_be_disabled(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _create(monkeypatch, "root", "admin")
    assert invoke(["users", "disable", "root"]) == 4
    assert "last active admin" in capsys.readouterr().err
    assert _user(settings, "root").is_active


def test_token_create_prints_only_the_token_on_stdout(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _create(monkeypatch, "bot")
    capsys.readouterr()
    assert invoke(["tokens", "create", "--user", "bot", "--name", "nightly"]) == 0
    captured = capsys.readouterr()
    raw = captured.out.strip()
    assert captured.out == raw + "\n" and raw.startswith("nd_") and " " not in raw
    assert "shown only now" in captured.err and raw not in captured.err
    with db.session_scope(settings.database_url) as s:
        found = auth_service.resolve_token(session=s, raw=raw, kind=TokenKind.api)
        assert found is not None and found[0].username == "bot"
        token_id = found[1].id
        stored = s.get(ApiToken, token_id)
        assert stored is not None and stored.token_hash == auth_service.hash_secret(raw)

    assert invoke(["tokens", "list", "--user", "bot"]) == 0
    listing = capsys.readouterr().out
    assert "nightly" in listing and "active" in listing and raw not in listing

    assert invoke(["tokens", "revoke", str(token_id)]) == 0
    with db.session_scope(settings.database_url) as s:
        assert auth_service.resolve_token(session=s, raw=raw, kind=TokenKind.api) is None
    assert invoke(["tokens", "list"]) == 0
    assert "revoked" in capsys.readouterr().out
    actions = [e.action for e in audit_rows(settings.database_url)]
    assert actions[-2:] == ["token.create", "token.revoke"]
    assert_no_secret(audit_rows(settings.database_url), raw)


def test_token_errors(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert invoke(["tokens", "create", "--user", "ghost"]) == 3
    assert invoke(["tokens", "revoke", "999"]) == 3
    assert invoke(["tokens", "list", "--user", "ghost"]) == 3
    _create(monkeypatch, "root", "admin")
    _create(monkeypatch, "gone")
    invoke(["users", "disable", "gone"])
    capsys.readouterr()
    assert invoke(["tokens", "create", "--user", "gone"]) == 4
    captured = capsys.readouterr()
    assert captured.out == "" and "disabled" in captured.err
