"""Plumbing shared by every admin page: templates, fragments, auth dependencies, errors.

A page is one template that extends `layout.html`. A request made by htmx (`HX-Request`)
gets only the page's `content` block (or a named smaller block), so navigation and partial
refreshes swap a fragment instead of the whole document. Errors raised by services come
back as an inline fragment retargeted at the page's `#flash` slot.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Coroutine, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from newsdesk import __version__
from newsdesk.auth import service as auth_service
from newsdesk.auth.exceptions import PasswordChangeRequired
from newsdesk.auth.models import Role, TokenKind, User
from newsdesk.core.errors import AuthRequired, NewsdeskError, PermissionDenied
from newsdesk.core.handlers import describe_validation
from newsdesk.deps import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, DbSession
from newsdesk.settings import get_settings
from newsdesk.web import i18n

TEMPLATES_DIR = Path(__file__).parent / "templates"
CSRF_FIELD = "csrf_token"
# where a user with a temporary password is sent, whatever page they asked for
PASSWORD_PAGE = "/account/password"
# htmx stops a polling element when the response has this status (and still swaps it).
STOP_POLLING = 286


def _localtime(value: datetime | None, tz: str | None = None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZoneInfo(tz or get_settings().timezone)).strftime(fmt)


def _money(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    return f"${value:,.4f}" if value < 1 else f"${value:,.2f}"


def _number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _duration(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return "—"
    seconds = int((end - start).total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds:02d} s"


env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["localtime"] = _localtime
env.filters["money"] = _money
env.filters["number"] = _number
env.globals["duration"] = _duration
env.globals["version"] = __version__


def is_htmx(request: Request) -> bool:
    """True for an htmx request that wants a fragment (not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def base_context(request: Request) -> dict[str, Any]:
    lang = i18n.language_for(request)
    translate = i18n.translator(lang)
    user: User | None = getattr(request.state, "user", None)
    token = getattr(request.state, "token", None)
    ctx: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "languages": i18n.LANGUAGES,
        "_": translate,
        "user": user,
        "is_admin": user is not None and user.role == Role.admin.value,
        "csrf_token": (token.csrf_token if token is not None else "") or "",
        "csrf_field": CSRF_FIELD,
        "path": request.url.path,
        "timezone": get_settings().timezone,
        "category_label": lambda name: i18n.category_label(name, lang),
        "status_label": lambda name: translate(i18n.STATUS_LABELS.get(name or "", name or "—")),
    }
    ctx["ui"] = env.get_template("_macros.html").make_module(ctx)
    return ctx


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    block: str | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render page `name`: the whole document, or a block of it for an htmx request.

    `block` names the fragment an htmx request wants; without it an htmx request gets the
    page's `content` block and a plain request the full page.
    """
    template = env.get_template(name)
    ctx = {**base_context(request), **(context or {})}
    if block is None and is_htmx(request):
        block = "content"
    if block is not None:
        html = "".join(template.blocks[block](template.new_context(ctx)))
    else:
        html = template.render(ctx)
    response = HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))
    i18n.remember_choice(request, response)
    return response


def redirect(request: Request, url: str) -> Response:
    """Send the browser to `url`: a 303 for plain forms, `HX-Location` for htmx."""
    if is_htmx(request):
        target = json.dumps({"path": url, "target": "#main"})
        return Response(status_code=200, headers={"HX-Location": target})
    return RedirectResponse(url, status_code=303)


def flash_response(
    request: Request,
    message: str,
    *,
    kind: str = "ok",
    link: str | None = None,
    link_label: str | None = None,
) -> HTMLResponse:
    """A one-line notice: swapped into the page's `#flash` slot, or a page of its own."""
    context = {"message": message, "kind": kind, "link": link, "link_label": link_label}
    if not is_htmx(request):
        return render(request, "error.html", context)
    return render(
        request,
        "_flash.html",
        context,
        block="flash",
        headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
    )


def started_response(request: Request, execution_id: int) -> Response:
    """After starting a run: its page, or (htmx) a notice that links to it."""
    url = f"/executions/{execution_id}"
    if not is_htmx(request):
        return redirect(request, url)
    _ = translator(request)
    return flash_response(
        request,
        _("Execution #{id} started.").format(id=execution_id),
        link=url,
        link_label=_("Follow it"),
    )


# --- errors --------------------------------------------------------------------------

# Service messages are English; the ones a user meets often get a translated wording.
_KNOWN_CODES = {
    "bad_credentials": "Wrong username or password.",
    "forbidden": "You are a viewer: only an admin can change this.",
    "csrf_failed": "This form has expired. Reload the page and try again.",
}


def error_message(request: Request, exc: NewsdeskError) -> str:
    _ = i18n.translator(i18n.language_for(request))
    if exc.code == "login_throttled":
        minutes = max(1, int(exc.extra.get("retry_after", 60)) // 60)
        return _("Too many failed logins. Try again in {minutes} minute(s).").format(
            minutes=minutes
        )
    if exc.code in _KNOWN_CODES:
        return _(_KNOWN_CODES[exc.code])
    return exc.detail


def error_response(request: Request, message: str, status_code: int) -> HTMLResponse:
    if is_htmx(request):
        return render(
            request,
            "_flash.html",
            {"message": message, "kind": "error", "link": None, "link_label": None},
            block="flash",
            status_code=status_code,
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
        )
    return render(
        request,
        "error.html",
        {"message": message, "kind": "error", "link": None, "link_label": None},
        status_code=status_code,
    )


def login_redirect(request: Request) -> Response:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    url = "/login?next=" + quote(target, safe="")
    if is_htmx(request):
        # An XHR would follow a 303 silently; htmx follows HX-Redirect with a full load.
        return Response(status_code=401, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


class WebRoute(APIRoute):
    """A route whose errors become HTML (a fragment for htmx) instead of the JSON shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except AuthRequired:
                return login_redirect(request)
            except PasswordChangeRequired:
                return redirect(request, PASSWORD_PAGE)
            except NewsdeskError as exc:
                return error_response(request, error_message(request, exc), exc.status_code)
            except RequestValidationError as exc:
                return error_response(request, describe_validation(list(exc.errors())), 422)

        return route


# --- auth dependencies ---------------------------------------------------------------


async def sent_csrf(request: Request) -> str:
    """The CSRF token a request carries: the htmx header, or a plain form's hidden field."""
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.method not in SAFE_METHODS:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()  # cached on the request; Form() params reuse it
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else ""
    return sent


def web_user(
    request: Request, session: DbSession, csrf: Annotated[str, Depends(sent_csrf)]
) -> User:
    """The user behind the session cookie; state-changing requests must echo its CSRF token."""
    raw = request.cookies.get(SESSION_COOKIE, "")
    found = auth_service.resolve_token(session=session, raw=raw, kind=TokenKind.session)
    if found is None:
        raise AuthRequired("log in to continue")
    user, token = found
    request.state.user = user
    request.state.token = token
    if request.method not in SAFE_METHODS:
        expected = token.csrf_token or ""
        if not (csrf and expected and secrets.compare_digest(csrf, expected)):
            raise PermissionDenied("missing or wrong CSRF token", code="csrf_failed")
    if user.must_change_password and request.url.path not in (PASSWORD_PAGE, "/logout"):
        raise PasswordChangeRequired("change your temporary password first")
    return user


WebUser = Annotated[User, Depends(web_user)]


def web_admin(user: WebUser) -> User:
    if user.role != Role.admin.value:
        raise PermissionDenied(f"user {user.username!r} is a viewer; this needs an admin")
    return user


WebAdmin = Annotated[User, Depends(web_admin)]


def translator(request: Request) -> Callable[[str], str]:
    return i18n.translator(i18n.language_for(request))


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_int(value: str | None) -> int | None:
    """A form's optional integer: blank means None."""
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        return None


async def _form(request: Request) -> dict[str, Any]:
    """The submitted form as a dict; fields sent several times become lists."""
    form = await request.form()
    data: dict[str, Any] = {}
    for key in form:
        values = [v for v in form.getlist(key) if isinstance(v, str)]
        data[key] = values if len(values) > 1 else (values[0] if values else "")
    return data


WebForm = Annotated[dict[str, Any], Depends(_form)]


def form_list(form: dict[str, Any], key: str) -> list[str]:
    value = form.get(key)
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def form_bool(form: dict[str, Any], key: str) -> bool:
    return str(form.get(key, "")).lower() in {"1", "on", "true", "yes"}
