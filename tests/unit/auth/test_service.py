"""The auth service on both databases: users, passwords, tokens, throttling, the last admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.auth import service as auth_service
from newsdesk.auth.exceptions import (
    BadCredentials,
    LastAdmin,
    LoginThrottled,
    UserDisabled,
    UsernameTaken,
    WeakPassword,
)
from newsdesk.auth.models import ApiToken, LoginAttempt, Role, TokenKind
from newsdesk.core.clock import utcnow
from newsdesk.core.errors import Invalid
from tests.unit.auth.conftest import PRODUCTION_HASHER

PW = "s3cret-passw0rd"


def _user(session: Session, name: str = "alice", role: Role = Role.admin):
    return auth_service.create_user(session=session, username=name, password=PW, role=role)


def test_password_is_hashed_with_argon2(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth_service, "_hasher", PRODUCTION_HASHER)
    user = _user(session)
    assert user.password_hash.startswith("$argon2id$") and "m=65536" in user.password_hash
    assert PW not in user.password_hash
    assert auth_service.verify_password(PW, user.password_hash)
    assert not auth_service.verify_password("wrong-password", user.password_hash)


def test_create_user_rejects_bad_input(session: Session) -> None:
    _user(session)
    with pytest.raises(UsernameTaken):
        _user(session)
    with pytest.raises(Invalid, match="username must be"):
        auth_service.create_user(session=session, username="bad name!", password=PW)
    with pytest.raises(WeakPassword, match="at least 8"):
        auth_service.create_user(session=session, username="bob", password="short")
    assert auth_service.get_by_username(session=session, username="bob") is None


def test_token_secret_is_returned_once_and_only_its_hash_stored(session: Session) -> None:
    user = _user(session)
    raw, token = auth_service.create_token(session=session, user=user, name="ci")
    assert raw.startswith("nd_") and len(raw) > 40
    row = session.scalar(select(ApiToken).where(ApiToken.id == token.id))
    assert row is not None
    stored = [str(getattr(row, c.key)) for c in ApiToken.__table__.columns]
    assert raw not in stored
    assert row.token_hash == auth_service.hash_secret(raw)
    found = auth_service.resolve_token(session=session, raw=raw, kind=TokenKind.api)
    assert found is not None and found[0].id == user.id


def test_revoked_expired_and_foreign_kind_tokens_are_rejected(session: Session) -> None:
    user = _user(session)
    raw, token = auth_service.create_token(session=session, user=user)
    auth_service.revoke_token(session=session, token_id=token.id)
    assert auth_service.resolve_token(session=session, raw=raw, kind=TokenKind.api) is None

    raw2, token2 = auth_service.create_token(session=session, user=user, ttl=timedelta(hours=1))
    token2.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    assert auth_service.resolve_token(session=session, raw=raw2, kind=TokenKind.api) is None
    assert auth_service.token_status(token2) == "expired"

    raw3, _ = auth_service.create_token(session=session, user=user, kind=TokenKind.session)
    # A session cookie is no bearer token, and the other way round.
    assert auth_service.resolve_token(session=session, raw=raw3, kind=TokenKind.api) is None
    assert auth_service.resolve_token(session=session, raw=raw3, kind=TokenKind.session)
    assert auth_service.resolve_token(session=session, raw="nd_unknown", kind=TokenKind.api) is None


def test_disabling_revokes_every_token_and_blocks_new_ones(session: Session) -> None:
    _user(session, "root")
    bob = _user(session, "bob", Role.viewer)
    raw, _ = auth_service.create_token(session=session, user=bob)
    raw_s, _ = auth_service.create_token(session=session, user=bob, kind=TokenKind.session)
    auth_service.set_active(session=session, user=bob, active=False)
    assert auth_service.resolve_token(session=session, raw=raw, kind=TokenKind.api) is None
    assert auth_service.resolve_token(session=session, raw=raw_s, kind=TokenKind.session) is None
    with pytest.raises(UserDisabled):
        auth_service.create_token(session=session, user=bob)
    # Enabling again does not bring revoked tokens back.
    auth_service.set_active(session=session, user=bob, active=True)
    assert auth_service.resolve_token(session=session, raw=raw, kind=TokenKind.api) is None


def test_the_last_active_admin_cannot_be_disabled_or_demoted(session: Session) -> None:
    root = _user(session, "root")
    with pytest.raises(LastAdmin):
        auth_service.set_active(session=session, user=root, active=False)
    with pytest.raises(LastAdmin):
        auth_service.set_role(session=session, user=root, role=Role.viewer)
    other = _user(session, "other")
    auth_service.set_role(session=session, user=root, role=Role.viewer)
    assert root.role == "viewer"
    with pytest.raises(LastAdmin):
        auth_service.update_user(session=session, user=other, is_active=False)


def test_set_password_ends_sessions_but_keeps_api_tokens(session: Session) -> None:
    user = _user(session)
    api_raw, _ = auth_service.create_token(session=session, user=user)
    s1, _ = auth_service.create_token(session=session, user=user, kind=TokenKind.session)
    s2, keep = auth_service.create_token(session=session, user=user, kind=TokenKind.session)
    auth_service.set_password(
        session=session, user=user, password="n3w-password", keep_session=keep
    )
    assert auth_service.resolve_token(session=session, raw=api_raw, kind=TokenKind.api)
    assert auth_service.resolve_token(session=session, raw=s1, kind=TokenKind.session) is None
    assert auth_service.resolve_token(session=session, raw=s2, kind=TokenKind.session)
    assert auth_service.verify_password("n3w-password", user.password_hash)


def test_first_admin_is_created_once(session: Session) -> None:
    password = auth_service.ensure_first_admin(session=session)
    assert password and len(password) >= 12
    admin = auth_service.get_by_username_or_raise(session=session, username="admin")
    assert admin.role == "admin" and admin.must_change_password
    assert auth_service.verify_password(password, admin.password_hash)
    assert auth_service.ensure_first_admin(session=session) is None


def _login(session: Session, password: str, ip: str | None = "10.0.0.1", max_failures: int = 3):
    return auth_service.check_login(
        session=session,
        username="alice",
        password=password,
        client_ip=ip,
        max_failures=max_failures,
        lockout_seconds=60,
    )


def test_login_throttles_after_max_failures_with_retry_after(session: Session) -> None:
    _user(session)
    for _ in range(3):
        with pytest.raises(BadCredentials):
            _login(session, "wrong-password")
    with pytest.raises(LoginThrottled) as caught:
        _login(session, PW)  # even the right password waits
    assert 1 <= caught.value.extra["retry_after"] <= 60


def test_old_failures_stop_counting_and_success_clears_them(session: Session) -> None:
    _user(session)
    old = utcnow() - timedelta(seconds=120)
    session.add_all(
        [LoginAttempt(username="alice", client_ip="10.0.0.1", at=old) for _ in range(5)]
    )
    session.flush()
    assert _login(session, PW).username == "alice"
    for _ in range(2):
        with pytest.raises(BadCredentials):
            _login(session, "wrong-password")
    _login(session, PW)
    left = session.scalars(select(LoginAttempt).where(LoginAttempt.username == "alice")).all()
    assert left == []


def test_an_address_guessing_many_names_is_throttled(session: Session) -> None:
    _user(session)
    # The per-address allowance is 4x the per-name one: 4 names x 3 failures.
    for i in range(12):
        with pytest.raises(BadCredentials):
            auth_service.check_login(
                session=session,
                username=f"ghost{i}",
                password="x",
                client_ip="10.9.9.9",
                max_failures=3,
                lockout_seconds=60,
            )
    with pytest.raises(LoginThrottled):
        _login(session, PW, ip="10.9.9.9")
    assert _login(session, PW, ip="10.0.0.2").username == "alice"


def test_disabled_user_cannot_log_in(session: Session) -> None:
    _user(session, "root")
    bob = _user(session, "bob", Role.viewer)
    auth_service.set_active(session=session, user=bob, active=False)
    with pytest.raises(BadCredentials):
        auth_service.check_login(
            session=session,
            username="bob",
            password=PW,
            client_ip=None,
            max_failures=3,
            lockout_seconds=60,
        )
