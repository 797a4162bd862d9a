"""Schedules: list (next run in the schedule's zone, last status, failing flag), pause and
resume, run now, create/edit with the cron expression explained live, delete."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from fastapi import APIRouter, Request, Response

from newsdesk import stages
from newsdesk.core.clock import utcnow
from newsdesk.core.errors import Invalid
from newsdesk.core.handlers import validated
from newsdesk.deps import AppSettings, DbSession
from newsdesk.llm import service as llm_service
from newsdesk.runs import executors
from newsdesk.scheduling import schemas as schedule_schemas
from newsdesk.scheduling import service as schedules_service
from newsdesk.scheduling.models import MisfirePolicy, OverlapPolicy, Schedule
from newsdesk.sources import service as sources_service
from newsdesk.web.common import (
    WebAdmin,
    WebForm,
    WebRoute,
    WebUser,
    form_bool,
    form_list,
    is_htmx,
    parse_int,
    redirect,
    render,
    started_response,
)

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@lru_cache(maxsize=1)
def _zones() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))


def _schedule_in(
    form: dict[str, Any], model: type[schedule_schemas.ScheduleCreate]
) -> schedule_schemas.ScheduleCreate:
    """Validate the form as a schedule; raises Invalid with one line per bad field."""
    parameters: dict[str, Any] | None = None
    text = str(form.get("parameters") or "").strip()
    if text:
        try:
            parameters = json.loads(text)
        except json.JSONDecodeError as exc:
            raise Invalid(f"parameters: must be a JSON object ({exc})") from None
        if not isinstance(parameters, dict):
            raise Invalid('parameters: must be a JSON object, like {"no_llm": true}')
    data = {
        "name": form.get("name", ""),
        "stage": form.get("stage") or "extract_urls",
        "cron_expression": str(form.get("cron_expression", "")).strip(),
        "timezone": form.get("timezone") or None,
        "is_active": form_bool(form, "is_active"),
        "source_ids": [int(v) for v in form_list(form, "source_ids") if v.isdigit()] or None,
        "api_key_id": parse_int(form.get("api_key_id")),
        "use_fallback": form_bool(form, "use_fallback"),
        "parameters": parameters,
        "overlap_policy": form.get("overlap_policy") or OverlapPolicy.skip.value,
        "misfire_policy": form.get("misfire_policy") or MisfirePolicy.run_once.value,
        "misfire_grace_seconds": parse_int(form.get("misfire_grace_seconds")) or 0,
    }
    return validated(model, data)


def _form_context(
    session: DbSession, settings: AppSettings, schedule: Schedule | None
) -> dict[str, Any]:
    sources, _ = sources_service.list_sources(session=session)
    keys, _ = llm_service.list_keys(session=session)
    return {
        "schedule": schedule,
        "stage_names": stages.names(),
        "sources": sources,
        "keys": keys,
        "zones": _zones(),
        "default_timezone": settings.timezone,
        "overlap_policies": [p.value for p in OverlapPolicy],
        "misfire_policies": [p.value for p in MisfirePolicy],
        "parameters_text": json.dumps(schedule.parameters)
        if schedule and schedule.parameters
        else "",
    }


@router.get("/schedules")
def list_schedules(request: Request, session: DbSession, user: WebUser) -> Response:
    rows, total = schedules_service.list_schedules(session=session, limit=500)
    views = schedules_service.read_many(session=session, schedules=rows)
    return render(request, "schedules/list.html", {"schedules": views, "total": total})


@router.get("/schedules/validate-cron")
def validate_cron(
    request: Request,
    user: WebUser,
    settings: AppSettings,
    cron_expression: str = "",
    timezone: str = "",
) -> Response:
    """The live explanation under the cron field: description in the UI language, next runs."""
    check = None
    if cron_expression.strip():
        check = schedules_service.check_cron(
            cron_expression=cron_expression.strip(),
            timezone=timezone.strip() or settings.timezone,
            now=utcnow(),
        )
    return render(request, "schedules/form.html", {"check": check}, block="cron_help")


@router.get("/schedules/new")
def new_schedule(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin
) -> Response:
    return render(request, "schedules/form.html", _form_context(session, settings, None))


@router.post("/schedules")
def create_schedule(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, form: WebForm
) -> Response:
    schedule_in = _schedule_in(form, schedule_schemas.ScheduleCreate)
    schedules_service.create(
        session=session, schedule_in=schedule_in, actor=user, settings=settings
    )
    return redirect(request, "/schedules")


@router.get("/schedules/{schedule_id}/edit")
def edit_schedule(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, schedule_id: int
) -> Response:
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    context = _form_context(session, settings, schedule)
    context["check"] = schedules_service.check_cron(
        cron_expression=schedule.cron_expression, timezone=schedule.timezone, now=utcnow()
    )
    return render(request, "schedules/form.html", context)


@router.post("/schedules/{schedule_id}")
def update_schedule(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    user: WebAdmin,
    form: WebForm,
    schedule_id: int,
) -> Response:
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    schedule_in = _schedule_in(form, schedule_schemas.ScheduleUpdate)
    schedules_service.replace(
        session=session,
        schedule=schedule,
        schedule_in=schedule_in,  # type: ignore[arg-type]
        actor=user,
        settings=settings,
    )
    return redirect(request, "/schedules")


@router.post("/schedules/{schedule_id}/toggle")
def toggle_schedule(
    request: Request, session: DbSession, user: WebAdmin, schedule_id: int
) -> Response:
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    schedules_service.set_active(session=session, schedule=schedule, actor=user)
    if is_htmx(request):
        view = schedules_service.read(session=session, schedule=schedule)
        return render(request, "schedules/list.html", {"s": view}, block="row")
    return redirect(request, "/schedules")


@router.post("/schedules/{schedule_id}/run")
def run_schedule(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, schedule_id: int
) -> Response:
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    execution = schedules_service.run_now(
        session=session, schedule=schedule, actor=user, settings=settings
    )
    session.commit()
    executors.get_executor(settings).submit(execution.id)
    return started_response(request, execution.id)


@router.post("/schedules/{schedule_id}/delete")
def delete_schedule(
    request: Request, session: DbSession, user: WebAdmin, schedule_id: int
) -> Response:
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    schedules_service.delete(session=session, schedule=schedule, actor=user)
    return redirect(request, "/schedules")
