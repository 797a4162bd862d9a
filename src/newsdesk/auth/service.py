"""Users, password hashing, API tokens, browser sessions, login throttling and the audit log.

Secrets handed to users (API tokens, session cookies) are random 256-bit strings; only their
SHA-256 is stored, so a database leak does not leak a usable credential. Passwords are hashed
with Argon2 (pwdlib).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pwdlib import PasswordHash
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from newsdesk.auth.exceptions import (
    BadCredentials,
    LoginThrottled,
    TokenNotFound,
    UsernameTaken,
    UserNotFound,
    WeakPassword,
)
from newsdesk.auth.models import ApiToken, AuditEntry, LoginAttempt, Role, TokenKind, User
from newsdesk.core.clock import utcnow
from newsdesk.core.errors import Invalid

_hasher = PasswordHash.recommended()
USERNAME_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$")
MIN_PASSWORD = 8
TOKEN_PREFIX = "nd_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password, password_hash)
    except Exception:  # a corrupt hash is a failed login, not a crash
        return False


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(f"password must be at least {MIN_PASSWORD} characters long")


def get_by_username(*, session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get_by_username_or_raise(*, session: Session, username: str) -> User:
    user = get_by_username(session=session, username=username)
    if user is None:
        raise UserNotFound(f"no user named {username!r}")
    return user


def list_users(*, session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.username)).all()


def create_user(
    *,
    session: Session,
    username: str,
    password: str,
    role: Role = Role.viewer,
    must_change_password: bool = False,
) -> User:
    """Create a user; raises UsernameTaken, WeakPassword or Invalid (bad username)."""
    if not USERNAME_RE.match(username):
        raise Invalid(
            "username must be 2-64 characters: letters, digits, '_', '.', '-' "
            f"(starting with a letter or digit), got {username!r}"
        )
    _check_password(password)
    if get_by_username(session=session, username=username) is not None:
        raise UsernameTaken(f"a user named {username!r} already exists")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=Role(role).value,
        must_change_password=must_change_password,
    )
    session.add(user)
    session.flush()
    return user


def set_password(*, session: Session, user: User, password: str) -> None:
    _check_password(password)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    session.flush()


def set_active(*, session: Session, user: User, active: bool) -> User:
    """Enable or disable a user; disabling also revokes every token and session."""
    user.is_active = active
    if not active:
        now = utcnow()
        for token in user.tokens:
            if token.revoked_at is None:
                token.revoked_at = now
    session.flush()
    return user


def ensure_first_admin(*, session: Session) -> str | None:
    """Create `admin` with a random password when no user exists; return that password once."""
    if session.scalar(select(func.count()).select_from(User)):
        return None
    password = secrets.token_urlsafe(12)
    create_user(
        session=session,
        username="admin",
        password=password,
        role=Role.admin,
        must_change_password=True,
    )
    return password


# --- tokens and sessions -------------------------------------------------------------


def create_token(
    *,
    session: Session,
    user: User,
    name: str | None = None,
    kind: TokenKind = TokenKind.api,
    ttl: timedelta | None = None,
) -> tuple[str, ApiToken]:
    """Create a token and return (raw secret, row); the raw secret is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        kind=kind.value,
        name=name,
        token_hash=hash_secret(raw),
        prefix=raw[:10],
        csrf_token=secrets.token_urlsafe(24) if kind is TokenKind.session else None,
        expires_at=utcnow() + ttl if ttl else None,
    )
    session.add(token)
    session.flush()
    return raw, token


def resolve_token(*, session: Session, raw: str, kind: TokenKind) -> tuple[User, ApiToken] | None:
    """Return the active user and token behind `raw`, or None if it is unknown or dead."""
    if not raw:
        return None
    token = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_secret(raw), ApiToken.kind == kind.value)
    )
    if token is None or token.revoked_at is not None:
        return None
    now = utcnow()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    user = token.user
    if not user.is_active:
        return None
    # Writing on every request would serialise readers on SQLite; a minute's precision is enough.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
    return user, token


def list_tokens(*, session: Session, user: User | None = None) -> Sequence[ApiToken]:
    query = select(ApiToken).where(ApiToken.kind == TokenKind.api.value)
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return session.scalars(query.order_by(ApiToken.id)).all()


def revoke_token(*, session: Session, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.kind != TokenKind.api.value:
        raise TokenNotFound(f"no API token with id {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    session.flush()
    return token


# --- login ---------------------------------------------------------------------------


def _recent_failures(
    *, session: Session, username: str, client_ip: str | None, since: datetime
) -> int:
    by_user = session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.username == username, LoginAttempt.at >= since)
    )
    by_ip = 0
    if client_ip:
        by_ip = session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.client_ip == client_ip, LoginAttempt.at >= since)
        )
    # An address may try a few names; it gets a wider allowance than one username.
    return max(by_user or 0, (by_ip or 0) // 4)


def check_login(
    *,
    session: Session,
    username: str,
    password: str,
    client_ip: str | None,
    max_failures: int,
    lockout_seconds: int,
) -> User:
    """Verify a password, throttling repeated failures; raises LoginThrottled or BadCredentials.

    The caller must commit even when this raises BadCredentials, so the failure is counted.
    """
    now = utcnow()
    since = now - timedelta(seconds=lockout_seconds)
    if _recent_failures(session=session, username=username, client_ip=client_ip, since=since) >= (
        max_failures
    ):
        raise LoginThrottled(
            f"too many failed logins; try again in {lockout_seconds // 60 or 1} minute(s)",
            retry_after=lockout_seconds,
        )
    user = get_by_username(session=session, username=username)
    if user is None or not user.is_active or not verify_password(password, user.password_hash):
        session.add(LoginAttempt(username=username, client_ip=client_ip, at=now))
        session.flush()
        raise BadCredentials("wrong username or password")
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
    user.last_login_at = now
    session.flush()
    return user


# --- audit ---------------------------------------------------------------------------


def audit(
    *,
    session: Session,
    actor: User | None,
    action: str,
    entity_type: str,
    entity_id: object | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str | None = None,
) -> AuditEntry:
    """Record an admin action; callers pass snapshots that hold no secret."""
    entry = AuditEntry(
        user_id=actor.id if actor else None,
        username=actor.username if actor else "system",
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id) if entity_id is not None else None,
        before=before,
        after=after,
        detail=detail,
    )
    session.add(entry)
    session.flush()
    return entry


def list_audit(
    *, session: Session, limit: int, offset: int, entity_type: str | None = None
) -> tuple[Sequence[AuditEntry], int]:
    query = select(AuditEntry)
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).all()
    return rows, total
