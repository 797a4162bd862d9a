"""Log in and out of the admin panel (the same auth service as the REST login)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from newsdesk.auth import service as auth_service
from newsdesk.auth.exceptions import BadCredentials, LoginThrottled, WeakPassword, WrongPassword
from newsdesk.deps import AppSettings, DbSession, clear_session_cookies, set_session_cookies
from newsdesk.web.common import (
    PASSWORD_PAGE,
    WebRoute,
    WebUser,
    error_message,
    redirect,
    render,
    translator,
)

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
    raw, token = auth_service.start_session(session=session, user=user, ttl=ttl)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookies(response, raw, token, settings)
    return response


@router.post("/logout")
def logout(request: Request, session: DbSession, user: WebUser) -> Response:
    auth_service.end_session(session=session, token=request.state.token)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookies(response)
    return response


@router.get(PASSWORD_PAGE)
def password_page(request: Request, user: WebUser) -> Response:
    return render(request, "account_password.html", {"error": None, "done": False})


@router.post(PASSWORD_PAGE)
def change_password(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    user: WebUser,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    confirm_password: Annotated[str, Form()] = "",
) -> Response:
    """Change one's own password (the same service as the REST endpoint); sessions elsewhere end."""
    _ = translator(request)
    temporary = user.must_change_password
    error = None
    if new_password != confirm_password:
        error = _("The two new passwords differ.")
    else:
        try:
            auth_service.change_own_password(
                session=session,
                user=user,
                current_password=current_password,
                new_password=new_password,
                client_ip=request.client.host if request.client else None,
                max_failures=settings.login_max_failures,
                lockout_seconds=settings.login_lockout_seconds,
                current=request.state.token,
            )
        except (WrongPassword, LoginThrottled, WeakPassword) as exc:
            session.commit()  # a wrong current password counts as a failed login
            error = _("Wrong current password.") if isinstance(exc, WrongPassword) else None
            error = error or error_message(request, exc)
    if error is not None:
        return render(
            request, "account_password.html", {"error": error, "done": False}, status_code=400
        )
    if temporary:  # the rest of the panel was closed until now: go to it
        return redirect(request, "/")
    return render(request, "account_password.html", {"error": None, "done": True})
