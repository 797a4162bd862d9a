"""FastAPI dependencies, as `Annotated` aliases: DbSession, CurrentUser, AdminUser.

Each HTTP request owns one transaction: `DbSession` commits when the route returns and
rolls back when it raises. Authentication accepts `Authorization: Bearer <token>` (scripts)
or the session cookie set by the login endpoint (web UI); a cookie-authenticated request
that changes state must also carry the session's CSRF token in `X-CSRF-Token`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.auth.exceptions import PasswordChangeRequired
from newsdesk.auth.models import ApiToken, Role, TokenKind, User
from newsdesk.core.errors import AuthRequired, PermissionDenied
from newsdesk.settings import Settings, get_settings

SESSION_COOKIE = "newsdesk_session"
CSRF_COOKIE = "newsdesk_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def set_session_cookies(response: Response, raw: str, token: ApiToken, settings: Settings) -> None:
    """Set the HttpOnly session cookie and the script-readable CSRF cookie."""
    cookie_args = {
        "max_age": settings.session_ttl_hours * 3600,
        "samesite": "lax",
        "secure": settings.cookie_secure,
        "path": "/",
    }
    response.set_cookie(SESSION_COOKIE, raw, httponly=True, **cookie_args)
    # Readable by the page's script, which echoes it in X-CSRF-Token; the server compares
    # the header with the value stored for this session, not with the cookie.
    response.set_cookie(CSRF_COOKIE, token.csrf_token or "", httponly=False, **cookie_args)


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


def get_session() -> Iterator[Session]:
    session = db.session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


DbSession = Annotated[Session, Depends(get_session, scope="function")]
AppSettings = Annotated[Settings, Depends(get_settings)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def authenticate(request: Request, session: Session) -> tuple[User, ApiToken] | None:
    """Return the caller and the credential used, or None when there is none valid."""
    raw = _bearer(request)
    if raw is not None:
        return auth_service.resolve_token(session=session, raw=raw, kind=TokenKind.api)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = auth_service.resolve_token(session=session, raw=cookie, kind=TokenKind.session)
        if found and request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            expected = found[1].csrf_token or ""
            if not (sent and secrets.compare_digest(sent, expected)):
                raise PermissionDenied(
                    "missing or wrong CSRF token: send the X-CSRF-Token header",
                    code="csrf_failed",
                )
        return found
    return None


def current_user(request: Request, session: DbSession) -> User:
    found = authenticate(request, session)
    if found is None:
        raise AuthRequired(
            "authentication required: send 'Authorization: Bearer <token>' or log in"
        )
    user, token = found
    request.state.user = user
    request.state.token = token
    if (
        user.must_change_password
        and token.kind == TokenKind.session.value
        and request.url.path not in _WHILE_PASSWORD_IS_TEMPORARY
    ):
        raise PasswordChangeRequired(
            "change your temporary password first: POST /api/v1/auth/password "
            "(API tokens are not affected)"
        )
    return user


# What a password login may still do while its password is temporary.
_WHILE_PASSWORD_IS_TEMPORARY = frozenset(
    {"/api/v1/auth/me", "/api/v1/auth/password", "/api/v1/auth/logout"}
)

CurrentUser = Annotated[User, Depends(current_user)]


def admin_user(user: CurrentUser) -> User:
    if user.role != Role.admin.value:
        raise PermissionDenied(f"user {user.username!r} is a viewer; this needs an admin")
    return user


AdminUser = Annotated[User, Depends(admin_user)]
