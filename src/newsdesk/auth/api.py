"""Login, logout, who am I, and the audit trail."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from newsdesk.auth import service as auth_service
from newsdesk.auth.exceptions import BadCredentials
from newsdesk.auth.models import TokenKind
from newsdesk.auth.schemas import AuditRead, LoginIn, LoginOut, UserRead
from newsdesk.core.clock import utcnow
from newsdesk.core.schemas import Page, PageParams, page_params
from newsdesk.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    AdminUser,
    AppSettings,
    CurrentUser,
    DbSession,
)

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
audit_router = APIRouter(prefix="/api/v1/audit", tags=["auth"])


@router.post("/login", response_model=LoginOut)
def login(
    login_in: LoginIn,
    request: Request,
    response: Response,
    session: DbSession,
    settings: AppSettings,
) -> LoginOut:
    client_ip = request.client.host if request.client else None
    try:
        user = auth_service.check_login(
            session=session,
            username=login_in.username,
            password=login_in.password,
            client_ip=client_ip,
            max_failures=settings.login_max_failures,
            lockout_seconds=settings.login_lockout_seconds,
        )
    except BadCredentials:
        session.commit()  # the failed attempt must count even though we answer 401
        raise
    ttl = timedelta(hours=settings.session_ttl_hours)
    raw, token = auth_service.create_token(
        session=session, user=user, kind=TokenKind.session, ttl=ttl, name="web session"
    )
    cookie_args = {
        "max_age": int(ttl.total_seconds()),
        "samesite": "lax",
        "secure": settings.cookie_secure,
        "path": "/",
    }
    response.set_cookie(SESSION_COOKIE, raw, httponly=True, **cookie_args)
    # Readable by the page's script, which echoes it in X-CSRF-Token (double submit).
    response.set_cookie(CSRF_COOKIE, token.csrf_token or "", httponly=False, **cookie_args)
    return LoginOut(
        user=UserRead.model_validate(user),
        csrf_token=token.csrf_token or "",
        expires_at=token.expires_at or utcnow() + ttl,
    )


@router.post("/logout", status_code=204)
def logout(request: Request, response: Response, session: DbSession, user: CurrentUser) -> None:
    token = request.state.token
    if token.kind == TokenKind.session.value and token.revoked_at is None:
        token.revoked_at = utcnow()
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me", response_model=UserRead)
def me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)


@audit_router.get("", response_model=Page[AuditRead])
def list_audit(
    session: DbSession,
    user: AdminUser,
    page: Annotated[PageParams, Depends(page_params)],
    entity_type: str | None = None,
) -> Page[AuditRead]:
    rows, total = auth_service.list_audit(
        session=session, limit=page.limit, offset=page.offset, entity_type=entity_type
    )
    return Page(
        items=[AuditRead.model_validate(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


routers = [router, audit_router]
