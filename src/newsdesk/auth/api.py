"""Login, logout, who am I, one's own password; users, API tokens and the audit trail (admin)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from newsdesk.auth import service as auth_service
from newsdesk.auth.exceptions import BadCredentials, WrongPassword
from newsdesk.auth.models import Role
from newsdesk.auth.schemas import (
    AuditRead,
    LoginIn,
    LoginOut,
    PasswordChange,
    PasswordSet,
    TokenCreate,
    TokenCreated,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from newsdesk.core.clock import utcnow
from newsdesk.core.schemas import Page, Paging
from newsdesk.deps import (
    AdminUser,
    AppSettings,
    CurrentUser,
    DbSession,
    clear_session_cookies,
    set_session_cookies,
)

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
users_router = APIRouter(prefix="/api/v1/users", tags=["users"])
tokens_router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])
audit_router = APIRouter(prefix="/api/v1/audit", tags=["auth"])


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post("/login", response_model=LoginOut)
def login(
    login_in: LoginIn,
    request: Request,
    response: Response,
    session: DbSession,
    settings: AppSettings,
) -> LoginOut:
    """Check a username and password; set the session cookie (HttpOnly) and the CSRF cookie."""
    try:
        user = auth_service.check_login(
            session=session,
            username=login_in.username,
            password=login_in.password,
            client_ip=_client_ip(request),
            max_failures=settings.login_max_failures,
            lockout_seconds=settings.login_lockout_seconds,
        )
    except BadCredentials:
        session.commit()  # the failed attempt must count even though we answer 401
        raise
    ttl = timedelta(hours=settings.session_ttl_hours)
    raw, token = auth_service.start_session(session=session, user=user, ttl=ttl)
    set_session_cookies(response, raw, token, settings)
    return LoginOut(
        user=UserRead.model_validate(user),
        csrf_token=token.csrf_token or "",
        expires_at=token.expires_at or utcnow() + ttl,
    )


@router.post("/logout", status_code=204)
def logout(request: Request, response: Response, session: DbSession, user: CurrentUser) -> None:
    """End this browser session (a bearer token stays valid: revoke it under /tokens)."""
    auth_service.end_session(session=session, token=request.state.token)
    clear_session_cookies(response)


@router.get("/me", response_model=UserRead)
def me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)


@router.post("/password", status_code=204)
def change_password(
    password_in: PasswordChange,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    user: CurrentUser,
) -> None:
    """Change your own password; your other browser sessions end, this one stays."""
    try:
        auth_service.change_own_password(
            session=session,
            user=user,
            current_password=password_in.current_password,
            new_password=password_in.new_password,
            client_ip=_client_ip(request),
            max_failures=settings.login_max_failures,
            lockout_seconds=settings.login_lockout_seconds,
            current=request.state.token,
        )
    except WrongPassword:
        session.commit()  # count the failure, as for a login
        raise


# --- users (admin) -------------------------------------------------------------------


@users_router.get("", response_model=Page[UserRead])
def list_users(
    session: DbSession,
    admin: AdminUser,
    page: Paging,
    role: Role | None = None,
    is_active: bool | None = None,
) -> Page[UserRead]:
    rows, total = auth_service.list_users(
        session=session, limit=page.limit, offset=page.offset, role=role, is_active=is_active
    )
    return Page.of([UserRead.model_validate(u) for u in rows], total, page)


@users_router.post("", response_model=UserRead, status_code=201)
def create_user(user_in: UserCreate, session: DbSession, admin: AdminUser) -> UserRead:
    user = auth_service.create_user(
        session=session, username=user_in.username, password=user_in.password, role=user_in.role
    )
    auth_service.audit(
        session=session,
        actor=admin,
        action="user.create",
        entity_type="user",
        entity_id=user.id,
        after=auth_service.user_snapshot(user),
    )
    return UserRead.model_validate(user)


@users_router.get("/{user_id}", response_model=UserRead)
def get_user(user_id: int, session: DbSession, admin: AdminUser) -> UserRead:
    return UserRead.model_validate(auth_service.get_user_or_raise(session=session, user_id=user_id))


@users_router.patch("/{user_id}", response_model=UserRead)
def update_user(
    user_id: int, user_in: UserUpdate, session: DbSession, admin: AdminUser
) -> UserRead:
    """Change a user's role or enable/disable them (disabling revokes their tokens at once)."""
    user = auth_service.get_user_or_raise(session=session, user_id=user_id)
    before = auth_service.user_snapshot(user)
    auth_service.update_user(
        session=session, user=user, role=user_in.role, is_active=user_in.is_active
    )
    auth_service.audit_if_changed(
        session=session,
        actor=admin,
        action="user.update",
        entity_type="user",
        entity_id=user.id,
        before=before,
        after=auth_service.user_snapshot(user),
    )
    return UserRead.model_validate(user)


@users_router.post("/{user_id}/password", status_code=204)
def set_user_password(
    user_id: int, password_in: PasswordSet, session: DbSession, admin: AdminUser
) -> None:
    """Set a user's password; their browser sessions end (their API tokens stay)."""
    user = auth_service.get_user_or_raise(session=session, user_id=user_id)
    auth_service.set_password(session=session, user=user, password=password_in.password)
    auth_service.audit(
        session=session,
        actor=admin,
        action="user.set_password",
        entity_type="user",
        entity_id=user.id,
    )


# --- API tokens (admin) --------------------------------------------------------------


@tokens_router.get("", response_model=Page[TokenRead])
def list_tokens(
    session: DbSession,
    admin: AdminUser,
    page: Paging,
    user_id: Annotated[int | None, Query(description="Only this user's tokens")] = None,
) -> Page[TokenRead]:
    owner = auth_service.get_user_or_raise(session=session, user_id=user_id) if user_id else None
    rows, total = auth_service.list_tokens(
        session=session, user=owner, limit=page.limit, offset=page.offset
    )
    now = utcnow()
    return Page.of(
        [TokenRead.from_token(t, auth_service.token_status(t, now)) for t in rows], total, page
    )


@tokens_router.post("", response_model=TokenCreated, status_code=201)
def create_token(token_in: TokenCreate, session: DbSession, admin: AdminUser) -> TokenCreated:
    """Create an API token; the answer carries the secret, shown this once."""
    owner = (
        auth_service.get_user_or_raise(session=session, user_id=token_in.user_id)
        if token_in.user_id is not None
        else admin
    )
    ttl = timedelta(days=token_in.expires_in_days) if token_in.expires_in_days else None
    raw, token = auth_service.create_token(session=session, user=owner, name=token_in.name, ttl=ttl)
    auth_service.audit(
        session=session,
        actor=admin,
        action="token.create",
        entity_type="api_token",
        entity_id=token.id,
        after=auth_service.token_snapshot(token),
    )
    read = TokenRead.from_token(token, auth_service.token_status(token))
    return TokenCreated(**read.model_dump(), token=raw)


@tokens_router.delete("/{token_id}", status_code=204)
def revoke_token(token_id: int, session: DbSession, admin: AdminUser) -> None:
    """Revoke an API token: it stops working at once. Revoking twice is harmless."""
    token = auth_service.get_token_or_raise(session=session, token_id=token_id)
    before = auth_service.token_snapshot(token)
    auth_service.revoke_token(session=session, token_id=token_id)
    auth_service.audit_if_changed(
        session=session,
        actor=admin,
        action="token.revoke",
        entity_type="api_token",
        entity_id=token.id,
        before=before,
        after=auth_service.token_snapshot(token),
    )


@audit_router.get("", response_model=Page[AuditRead])
def list_audit(
    session: DbSession,
    admin: AdminUser,
    page: Paging,
    entity_type: str | None = None,
) -> Page[AuditRead]:
    rows, total = auth_service.list_audit(
        session=session, limit=page.limit, offset=page.offset, entity_type=entity_type
    )
    return Page.of([AuditRead.model_validate(r) for r in rows], total, page)


routers = [router, users_router, tokens_router, audit_router]
