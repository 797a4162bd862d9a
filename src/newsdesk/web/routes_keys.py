"""API keys: state and hint only (never the key), add, edit, enable/disable, test."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from newsdesk.auth.models import User
from newsdesk.core.handlers import validated
from newsdesk.deps import AppSettings, DbSession
from newsdesk.llm import gateway
from newsdesk.llm import service as keys_service
from newsdesk.llm.models import ApiKey
from newsdesk.llm.schemas import ApiKeyCreate, ApiKeyUpdate
from newsdesk.web.common import (
    WebAdmin,
    WebForm,
    WebRoute,
    WebUser,
    flash_response,
    form_bool,
    is_htmx,
    redirect,
    render,
    translator,
)

router = APIRouter(route_class=WebRoute, include_in_schema=False)

_TEST_MESSAGES = {
    "ok": "The provider accepted the key.",
    "invalid": "The provider refused the key (invalid).",
    "quota_exhausted": "The key has no quota left.",
    "rate_limited": "The key is rate limited right now.",
    "unreachable": "The provider could not be reached.",
}


def _key_in(form: dict[str, Any], model: type[BaseModel]) -> Any:
    secret = str(form.get("api_key") or "").strip()
    data: dict[str, Any] = {
        "alias": str(form.get("alias") or "").strip(),
        "provider": form.get("provider") or None,
        "base_url": form.get("base_url") or None,
        "model": form.get("model") or None,
        "is_active": form_bool(form, "is_active"),
        "use_as_fallback": form_bool(form, "use_as_fallback"),
        "daily_budget_usd": form.get("daily_budget_usd") or None,
        "monthly_budget_usd": form.get("monthly_budget_usd") or None,
        "notes": form.get("notes") or None,
    }
    if secret or model is ApiKeyCreate:
        data["api_key"] = secret
    # The secret never appears in the error message: pydantic masks SecretStr input.
    return validated(model, data)


def _audit(session: DbSession, user: User, action: str, key: ApiKey, before: Any) -> None:
    keys_service.audit(session=session, actor=user, action=action, key=key, before=before)


def _row(request: Request, session: DbSession, settings: AppSettings, key: ApiKey) -> Response:
    view = keys_service.describe(session=session, settings=settings, keys=[key])[0]
    return render(request, "keys/list.html", {"k": view}, block="row")


@router.get("/api-keys")
def list_keys(
    request: Request, session: DbSession, settings: AppSettings, user: WebUser
) -> Response:
    keys, total = keys_service.list_keys(session=session)
    views = keys_service.describe(session=session, settings=settings, keys=keys)
    return render(request, "keys/list.html", {"keys": views, "total": total})


@router.get("/api-keys/new")
def new_key(request: Request, settings: AppSettings, user: WebAdmin) -> Response:
    return render(request, "keys/form.html", {"key": None, "settings": settings})


@router.post("/api-keys")
def create_key(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, form: WebForm
) -> Response:
    key_in = _key_in(form, ApiKeyCreate)
    key = keys_service.create(
        session=session,
        settings=settings,
        values=key_in.model_dump(exclude={"api_key"}),
        secret=key_in.api_key.get_secret_value(),
    )
    _audit(session, user, "api_key.create", key, None)
    return redirect(request, "/api-keys")


@router.get("/api-keys/{key_id}/edit")
def edit_key(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, key_id: int
) -> Response:
    key = keys_service.get_or_raise(session=session, key_id=key_id)
    return render(request, "keys/form.html", {"key": key, "settings": settings})


@router.post("/api-keys/{key_id}")
def update_key(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    user: WebAdmin,
    form: WebForm,
    key_id: int,
) -> Response:
    key = keys_service.get_or_raise(session=session, key_id=key_id)
    key_in = _key_in(form, ApiKeyUpdate)
    before = keys_service.snapshot(key)
    secret = key_in.api_key.get_secret_value() if key_in.api_key is not None else None
    keys_service.update(
        session=session,
        settings=settings,
        key=key,
        values=key_in.model_dump(exclude={"api_key"}),
        secret=secret,
    )
    _audit(session, user, "api_key.update", key, before)
    return redirect(request, "/api-keys")


def _set_active(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    user: User,
    key_id: int,
    active: bool,
) -> Response:
    key = keys_service.get_or_raise(session=session, key_id=key_id)
    before = keys_service.snapshot(key)
    keys_service.set_active(session=session, key=key, active=active)
    _audit(session, user, "api_key.enable" if active else "api_key.disable", key, before)
    return (
        _row(request, session, settings, key)
        if is_htmx(request)
        else redirect(request, "/api-keys")
    )


@router.post("/api-keys/{key_id}/enable")
def enable_key(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, key_id: int
) -> Response:
    return _set_active(request, session, settings, user, key_id, True)


@router.post("/api-keys/{key_id}/disable")
def disable_key(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, key_id: int
) -> Response:
    return _set_active(request, session, settings, user, key_id, False)


@router.post("/api-keys/{key_id}/test")
def test_key(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, key_id: int
) -> Response:
    key = keys_service.get_or_raise(session=session, key_id=key_id)
    alias = key.alias
    session.commit()  # no transaction may be held during the provider call (SQLite)
    result = gateway.test_key(settings=settings, key_id=key_id)
    _ = translator(request)
    message = f"{alias}: {_(_TEST_MESSAGES.get(result.result, result.result))} ({result.message})"
    return flash_response(request, message, kind="ok" if result.result == "ok" else "error")
