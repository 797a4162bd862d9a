"""Users, password hashing, API tokens, browser sessions, login throttling and the audit log.

Secrets handed to users (API tokens, session cookies) are random 256-bit strings; only their
SHA-256 is stored, so a database leak does not leak a usable credential. Passwords are hashed
with Argon2 (pwdlib). Failed logins are rows in `login_attempts`, so throttling holds across
every server process sharing the database.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from pwdlib import PasswordHash
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from newsdesk.auth import throttle
from newsdesk.auth.exceptions import (
    BadCredentials,
    LastAdmin,
    LoginThrottled,
    TokenNotFound,
    UserDisabled,
    UsernameTaken,
    UserNotFound,
    WeakPassword,
    WrongPassword,
)
from newsdesk.auth.models import ApiToken, AuditEntry, LoginAttempt, Role, TokenKind, User
from newsdesk.core.clock import utcnow
from newsdesk.core.errors import Invalid
from newsdesk.core.paging import paginate

_hasher = PasswordHash.recommended()
USERNAME_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
TOKEN_PREFIX = "nd_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password, password_hash)
    except Exception:  # a corrupt hash is a failed login, not a crash
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def check_password_rules(password: str) -> None:
    """Raise WeakPassword unless `password` is acceptable."""
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(f"password must be at least {MIN_PASSWORD} characters long")
    if len(password) > MAX_PASSWORD:
        raise WeakPassword(f"password must be at most {MAX_PASSWORD} characters long")
    if not password.strip():
        raise WeakPassword("password must not be only whitespace")


def user_snapshot(user: User) -> dict[str, Any]:
    """What the audit log keeps of a user: never the password hash."""
    return {"username": user.username, "role": user.role, "is_active": user.is_active}


def token_snapshot(token: ApiToken) -> dict[str, Any]:
    """What the audit log keeps of a token: never the secret nor its hash."""
    return {
        "user_id": token.user_id,
        "name": token.name,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        "revoked": token.revoked_at is not None,
    }


# --- users ---------------------------------------------------------------------------


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_or_raise(*, session: Session, user_id: int) -> User:
    user = get_user(session=session, user_id=user_id)
    if user is None:
        raise UserNotFound(f"no user with id {user_id}")
    return user


def get_by_username(*, session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get_by_username_or_raise(*, session: Session, username: str) -> User:
    user = get_by_username(session=session, username=username)
    if user is None:
        raise UserNotFound(f"no user named {username!r}; see `newsdesk users list`")
    return user


def list_users(
    *,
    session: Session,
    limit: int | None = None,
    offset: int = 0,
    role: Role | None = None,
    is_active: bool | None = None,
) -> tuple[Sequence[User], int]:
    """Return one page of users, by username, and the total that match."""
    query = select(User)
    if role is not None:
        query = query.where(User.role == Role(role).value)
    if is_active is not None:
        query = query.where(User.is_active == is_active)
    return paginate(session, query, User.username, limit=limit, offset=offset)


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
    check_password_rules(password)
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


def _guard_last_admin(*, session: Session, user: User) -> None:
    """Refuse to demote or disable the last active admin: nobody could undo it."""
    if user.role != Role.admin.value or not user.is_active:
        return
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.admin.value, User.is_active.is_(True), User.id != user.id)
    )
    if not others:
        raise LastAdmin(
            f"{user.username!r} is the last active admin; make another user admin first"
        )


def _revoke_all(
    *, session: Session, user: User, kind: TokenKind | None, keep: ApiToken | None = None
) -> int:
    # One UPDATE rather than walking `user.tokens`, which may be stale within this session.
    stmt = update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if kind is not None:
        stmt = stmt.where(ApiToken.kind == kind.value)
    if keep is not None:
        stmt = stmt.where(ApiToken.id != keep.id)
    session.flush()
    result = session.execute(
        stmt.values(revoked_at=utcnow()), execution_options={"synchronize_session": "fetch"}
    )
    return int(result.rowcount or 0)


def revoke_sessions(*, session: Session, user: User, keep: ApiToken | None = None) -> int:
    """Revoke the user's browser sessions (all but `keep`); return how many."""
    return _revoke_all(session=session, user=user, kind=TokenKind.session, keep=keep)


def set_password(
    *, session: Session, user: User, password: str, keep_session: ApiToken | None = None
) -> None:
    """Set a new password and end the user's other browser sessions (API tokens stay)."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    revoke_sessions(session=session, user=user, keep=keep_session)
    session.flush()


def set_active(*, session: Session, user: User, active: bool) -> User:
    """Enable or disable a user; disabling also revokes every token and session at once."""
    if not active:
        _guard_last_admin(session=session, user=user)
        _revoke_all(session=session, user=user, kind=None)
    user.is_active = active
    session.flush()
    return user


def set_role(*, session: Session, user: User, role: Role) -> User:
    """Change a user's role; the last active admin cannot be demoted."""
    role = Role(role)
    if role is not Role.admin:
        _guard_last_admin(session=session, user=user)
    user.role = role.value
    session.flush()
    return user


def update_user(
    *, session: Session, user: User, role: Role | None = None, is_active: bool | None = None
) -> User:
    """Apply the given changes (None leaves a field as it is)."""
    if role is not None:
        set_role(session=session, user=user, role=role)
    if is_active is not None and is_active != user.is_active:
        set_active(session=session, user=user, active=is_active)
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
    if not user.is_active:
        raise UserDisabled(f"user {user.username!r} is disabled; enable it first")
    if ttl is not None and ttl <= timedelta(0):
        raise Invalid("a token's lifetime must be positive")
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


def get_token_or_raise(*, session: Session, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.kind != TokenKind.api.value:
        raise TokenNotFound(f"no API token with id {token_id}; see `newsdesk tokens list`")
    return token


def list_tokens(
    *,
    session: Session,
    user: User | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[Sequence[ApiToken], int]:
    """Return one page of API tokens (never browser sessions), oldest first, and the total."""
    query = select(ApiToken).where(ApiToken.kind == TokenKind.api.value)
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return paginate(session, query, ApiToken.id, limit=limit, offset=offset)


def start_session(*, session: Session, user: User, ttl: timedelta) -> tuple[str, ApiToken]:
    """Open a browser session for `user`; return (raw cookie value, row with its CSRF token)."""
    return create_token(
        session=session, user=user, kind=TokenKind.session, ttl=ttl, name="web session"
    )


def end_session(*, session: Session, token: ApiToken) -> None:
    """Revoke `token` if it is a browser session (a bearer token is revoked under /tokens)."""
    if token.kind == TokenKind.session.value and token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()


def revoke_token(*, session: Session, token_id: int) -> ApiToken:
    """Revoke an API token; revoking one already revoked changes nothing."""
    token = get_token_or_raise(session=session, token_id=token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    session.flush()
    return token


def token_status(token: ApiToken, now: datetime | None = None) -> str:
    """Say whether a token is `active`, `revoked` or `expired`."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= (now or utcnow()):
        return "expired"
    return "active"


# --- login ---------------------------------------------------------------------------


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
    wait = throttle.login_wait(
        session=session,
        username=username,
        client_ip=client_ip,
        max_failures=max_failures,
        lockout_seconds=lockout_seconds,
    )
    if wait:
        raise LoginThrottled(
            f"too many failed logins for this account or address; try again in {wait} s",
            retry_after=wait,
        )
    now = utcnow()
    user = get_by_username(session=session, username=username)
    # Hash even for an unknown name, so the answer's timing does not reveal which names exist.
    password_hash = user.password_hash if user is not None else _dummy_hash()
    valid = verify_password(password, password_hash)
    if user is None or not user.is_active or not valid:
        # Old attempts no longer count; clear them so the table stays small.
        session.execute(
            delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(seconds=lockout_seconds))
        )
        session.add(LoginAttempt(username=username[:64], client_ip=client_ip, at=now))
        session.flush()
        raise BadCredentials("wrong username or password")
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
    user.last_login_at = now
    session.flush()
    return user


def change_own_password(
    *,
    session: Session,
    user: User,
    current_password: str,
    new_password: str,
    client_ip: str | None,
    max_failures: int,
    lockout_seconds: int,
    current: ApiToken,
) -> None:
    """Change a user's password after checking the current one (throttled like a login).

    `current` is the credential of the request: a browser session stays open, the user's
    other sessions end. Audited. Raises WrongPassword (the caller must commit so the failure
    counts), LoginThrottled or WeakPassword.
    """
    check_password_rules(new_password)
    try:
        check_login(
            session=session,
            username=user.username,
            password=current_password,
            client_ip=client_ip,
            max_failures=max_failures,
            lockout_seconds=lockout_seconds,
        )
    except BadCredentials:
        raise WrongPassword("the current password is wrong") from None
    keep = current if current.kind == TokenKind.session.value else None
    set_password(session=session, user=user, password=new_password, keep_session=keep)
    audit(
        session=session,
        actor=user,
        action="user.change_own_password",
        entity_type="user",
        entity_id=user.id,
    )


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
    actor_name: str | None = None,
) -> AuditEntry:
    """Record an admin action; callers pass snapshots that hold no secret.

    Without an `actor` (the CLI, the system itself) `actor_name` says who acted.
    """
    entry = AuditEntry(
        user_id=actor.id if actor else None,
        username=actor.username if actor else (actor_name or "system"),
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


def audit_if_changed(
    *,
    session: Session,
    actor: User | None,
    action: str,
    entity_type: str,
    entity_id: object | None,
    before: dict[str, Any],
    after: dict[str, Any],
    actor_name: str | None = None,
) -> AuditEntry | None:
    """Audit a change only when the snapshot moved: doing a thing twice records it once."""
    if before == after:
        return None
    return audit(
        session=session,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
        actor_name=actor_name,
    )


def list_audit(
    *, session: Session, limit: int, offset: int, entity_type: str | None = None
) -> tuple[Sequence[AuditEntry], int]:
    query = select(AuditEntry)
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    return paginate(session, query, AuditEntry.id.desc(), limit=limit, offset=offset)
