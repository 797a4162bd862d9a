"""REST: /api/v1/api-keys (admin changes, anyone logged in reads) and /api/v1/costs."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from newsdesk import db
from newsdesk.auth.models import User
from newsdesk.core.clock import today_in
from newsdesk.core.errors import BadRequest
from newsdesk.core.schemas import Page, Paging
from newsdesk.deps import AdminUser, AppSettings, CurrentUser, DbSession
from newsdesk.llm import gateway, metering
from newsdesk.llm import service as keys_service
from newsdesk.llm.models import ApiKey
from newsdesk.llm.schemas import (
    ApiKeyCreate,
    ApiKeyPatch,
    ApiKeyRead,
    ApiKeyUpdate,
    CostReport,
    GroupBy,
    KeyTestRead,
)
from newsdesk.settings import Settings

router = APIRouter(prefix="/api/v1/api-keys", tags=["llm"])
costs_router = APIRouter(prefix="/api/v1/costs", tags=["llm"])
routers = [router, costs_router]

# Fields a PATCH/PUT may not blank: a null there means "leave as it is".
_KEEP_WHEN_NULL = {"alias", "provider", "base_url", "model", "is_active", "use_as_fallback"}


def _read(session: Session, settings: Settings, key: ApiKey) -> ApiKeyRead:
    view = keys_service.describe(session=session, settings=settings, keys=[key])[0]
    return ApiKeyRead.model_validate(view.as_dict())


@router.get("", response_model=Page[ApiKeyRead])
def list_api_keys(
    session: DbSession,
    settings: AppSettings,
    user: CurrentUser,
    page: Paging,
) -> Page[ApiKeyRead]:
    rows, total = keys_service.list_keys(session=session, limit=page.limit, offset=page.offset)
    views = keys_service.describe(session=session, settings=settings, keys=rows)
    return Page.of([ApiKeyRead.model_validate(v.as_dict()) for v in views], total, page)


@router.post("", response_model=ApiKeyRead, status_code=201)
def create_api_key(
    key_in: ApiKeyCreate, session: DbSession, settings: AppSettings, user: AdminUser
) -> ApiKeyRead:
    values = key_in.model_dump(exclude={"api_key"})
    key = keys_service.create(
        session=session,
        settings=settings,
        values=values,
        secret=key_in.api_key.get_secret_value(),
    )
    keys_service.audit(session=session, actor=user, action="api_key.create", key=key, before=None)
    return _read(session, settings, key)


@router.get("/{key_id}", response_model=ApiKeyRead)
def get_api_key(
    key_id: int, session: DbSession, settings: AppSettings, user: CurrentUser
) -> ApiKeyRead:
    key = keys_service.get_or_raise(session=session, key_id=key_id)
    return _read(session, settings, key)


def _change(
    session: Session,
    settings: Settings,
    user: User,
    key_id: int,
    values: dict[str, Any],
    secret: str | None,
) -> ApiKeyRead:
    key = keys_service.get_or_raise(session=session, key_id=key_id)
    before = keys_service.snapshot(key)
    values = {k: v for k, v in values.items() if not (v is None and k in _KEEP_WHEN_NULL)}
    keys_service.update(session=session, settings=settings, key=key, values=values, secret=secret)
    keys_service.audit(
        session=session,
        actor=user,
        action="api_key.update",
        key=key,
        before=before,
        detail="the key itself was replaced" if secret is not None else None,
    )
    return _read(session, settings, key)


@router.put("/{key_id}", response_model=ApiKeyRead)
def replace_api_key(
    key_id: int, key_in: ApiKeyUpdate, session: DbSession, settings: AppSettings, user: AdminUser
) -> ApiKeyRead:
    secret = key_in.api_key.get_secret_value() if key_in.api_key is not None else None
    values = key_in.model_dump(exclude={"api_key"})
    return _change(session, settings, user, key_id, values, secret)


@router.patch("/{key_id}", response_model=ApiKeyRead)
def update_api_key(
    key_id: int, key_in: ApiKeyPatch, session: DbSession, settings: AppSettings, user: AdminUser
) -> ApiKeyRead:
    secret = key_in.api_key.get_secret_value() if key_in.api_key is not None else None
    values = key_in.model_dump(exclude={"api_key"}, exclude_unset=True)
    return _change(session, settings, user, key_id, values, secret)


@router.delete("/{key_id}", status_code=204)
def delete_api_key(key_id: int, session: DbSession, user: AdminUser) -> Response:
    key = keys_service.get_or_raise(session=session, key_id=key_id)
    before = keys_service.snapshot(key)
    keys_service.audit(session=session, actor=user, action="api_key.delete", key=key, before=before)
    keys_service.delete(session=session, key=key)
    return Response(status_code=204)


@router.post("/{key_id}/test", response_model=KeyTestRead)
def test_api_key(
    key_id: int, session: DbSession, settings: AppSettings, user: AdminUser
) -> KeyTestRead:
    keys_service.get_or_raise(session=session, key_id=key_id)
    # No transaction may be held during the provider call (SQLite would block the meter).
    session.commit()
    result = gateway.test_key(settings=settings, key_id=key_id)
    return KeyTestRead(
        result=result.result,  # type: ignore[arg-type]
        message=result.message,
        model=result.model,
        latency_ms=result.latency_ms,
    )


def _set_active(
    session: Session, settings: Settings, user: User, key_id: int, active: bool
) -> ApiKeyRead:
    key = keys_service.get_or_raise(session=session, key_id=key_id)
    before = keys_service.snapshot(key)
    keys_service.set_active(session=session, key=key, active=active)
    action = "api_key.enable" if active else "api_key.disable"
    keys_service.audit(session=session, actor=user, action=action, key=key, before=before)
    return _read(session, settings, key)


@router.post("/{key_id}/enable", response_model=ApiKeyRead)
def enable_api_key(
    key_id: int, session: DbSession, settings: AppSettings, user: AdminUser
) -> ApiKeyRead:
    return _set_active(session, settings, user, key_id, True)


@router.post("/{key_id}/disable", response_model=ApiKeyRead)
def disable_api_key(
    key_id: int, session: DbSession, settings: AppSettings, user: AdminUser
) -> ApiKeyRead:
    return _set_active(session, settings, user, key_id, False)


# --- costs ---------------------------------------------------------------------------


def _range(settings: Settings, date_from: date | None, date_to: date | None) -> tuple[date, date]:
    date_to = date_to or today_in(settings.timezone)
    date_from = date_from or date_to - timedelta(days=29)
    if date_from > date_to:
        raise BadRequest(f"'from' ({date_from}) must not be after 'to' ({date_to})")
    return date_from, date_to


FromQuery = Annotated[
    date | None, Query(alias="from", description="First day (editor's zone); default to-29")
]
ToQuery = Annotated[
    date | None, Query(alias="to", description="Last day, inclusive; default today")
]


@costs_router.get("", response_model=CostReport)
def get_costs(
    session: DbSession,
    settings: AppSettings,
    user: CurrentUser,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
    group_by: GroupBy = "day",
) -> CostReport:
    start, end = _range(settings, date_from, date_to)
    report = metering.cost_report(
        session=session, date_from=start, date_to=end, group_by=group_by, tz=settings.timezone
    )
    return CostReport.model_validate(report)


@costs_router.get("/export.csv")
def export_costs(
    settings: AppSettings,
    user: CurrentUser,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
) -> StreamingResponse:
    start, end = _range(settings, date_from, date_to)

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(metering.CSV_COLUMNS)
        # Its own short transaction: the request's is over before the body streams.
        with db.session_scope(settings.database_url) as session:
            for row in metering.csv_rows(
                session=session, date_from=start, date_to=end, tz=settings.timezone
            ):
                writer.writerow(row)
                if buffer.tell() > 64 * 1024:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="token_usage.csv"'},
    )
