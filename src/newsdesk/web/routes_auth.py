"""Log in and out of the admin panel (the same auth service as the REST login)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from newsdesk.auth import service as auth_service
from newsdesk.auth.exceptions import BadCredentials, LoginThrottled
from newsdesk.auth.models import TokenKind
from newsdesk.core.clock import utcnow
from newsdesk.deps import CSRF_COOKIE, SESSION_COOKIE, AppSettings, DbSession
from newsdesk.web.common import WebRoute, WebUser, error_message, render

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def _safe_next(value: str | None) -> str:
    """Only same-site paths: an open redirect would let a link send users anywhere."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": None, "username": ""})


@router.post("/login")
def login(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    client_ip = request.client.host if request.client else None
    try:
        user = auth_service.check_login(
            session=session,
            username=username.strip(),
            password=password,
            client_ip=client_ip,
            max_failures=settings.login_max_failures,
            lockout_seconds=settings.login_lockout_seconds,
        )
    except (BadCredentials, LoginThrottled) as exc:
        session.commit()  # a failed attempt must count even though we answer with an error
        headers = {}
        if isinstance(exc, LoginThrottled):
            headers["Retry-After"] = str(int(exc.extra.get("retry_after", 60)))
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": error_message(request, exc), "username": username},
            status_code=exc.status_code,
            headers=headers,
        )
    ttl = timedelta(hours=settings.session_ttl_hours)
    raw, token = auth_service.create_token(
        session=session, user=user, kind=TokenKind.session, ttl=ttl, name="web session"
    )
    response = RedirectResponse(_safe_next(next), status_code=303)
    cookie_args = {
        "max_age": int(ttl.total_seconds()),
        "samesite": "lax",
        "secure": settings.cookie_secure,
        "path": "/",
    }
    response.set_cookie(SESSION_COOKIE, raw, httponly=True, **cookie_args)
    response.set_cookie(CSRF_COOKIE, token.csrf_token or "", httponly=False, **cookie_args)
    return response


@router.post("/logout")
def logout(request: Request, user: WebUser) -> Response:
    token = request.state.token
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response
