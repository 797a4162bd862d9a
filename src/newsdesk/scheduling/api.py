"""Schedules REST API, under the seed's paths: /api/v1/stage-executions/schedules.

Included before the executions router, so `/stage-executions/schedules` is never taken
for an execution id. Viewers read; admins change; every change is audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Body, Query, Response

from newsdesk.core.clock import utcnow
from newsdesk.core.schemas import Page, Paging
from newsdesk.deps import AdminUser, AppSettings, CurrentUser, DbSession
from newsdesk.runs.schemas import ExecutionRead
from newsdesk.scheduling import firing
from newsdesk.scheduling import service as schedules_service
from newsdesk.scheduling.schemas import (
    CronCheckIn,
    CronCheckOut,
    ScheduleCreate,
    SchedulePatch,
    ScheduleRead,
    ScheduleUpdate,
)

router = APIRouter(prefix="/api/v1/stage-executions/schedules", tags=["schedules"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such schedule"}}
_CHANGE: dict[int | str, dict[str, Any]] = {
    400: {"description": "Unknown stage, source or API key"},
    409: {"description": "Name already taken"},
    422: {"description": "Invalid cron expression or time zone (same text as validate-cron)"},
}


@router.post("/validate-cron", response_model=CronCheckOut)
def validate_cron(check_in: CronCheckIn, user: CurrentUser, settings: AppSettings) -> CronCheckOut:
    """Explain a cron expression: the bad field, descriptions (en, es), next runs, warnings."""
    return schedules_service.check_cron(
        cron_expression=check_in.cron_expression,
        timezone=check_in.timezone or settings.timezone,
        now=utcnow(),
        count=check_in.count,
    )


@router.get("", response_model=Page[ScheduleRead])
def list_schedules(
    session: DbSession,
    user: CurrentUser,
    page: Paging,
    is_active: Annotated[bool | None, Query(description="Only active or paused ones")] = None,
) -> Page[ScheduleRead]:
    rows, total = schedules_service.list_schedules(
        session=session, limit=page.limit, offset=page.offset, is_active=is_active
    )
    return Page[ScheduleRead].of(
        schedules_service.read_many(session=session, schedules=rows), total, page
    )


@router.post("", response_model=ScheduleRead, status_code=201, responses=_CHANGE)
def create_schedule(
    schedule_in: ScheduleCreate, session: DbSession, user: AdminUser, settings: AppSettings
) -> ScheduleRead:
    schedule = schedules_service.create(
        session=session, schedule_in=schedule_in, actor=user, settings=settings
    )
    return schedules_service.read(session=session, schedule=schedule)


@router.get("/{schedule_id}", response_model=ScheduleRead, responses=_NOT_FOUND)
def get_schedule(schedule_id: int, session: DbSession, user: CurrentUser) -> ScheduleRead:
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    return schedules_service.read(session=session, schedule=schedule)


@router.put("/{schedule_id}", response_model=ScheduleRead, responses={**_NOT_FOUND, **_CHANGE})
def replace_schedule(
    schedule_id: int,
    schedule_in: ScheduleUpdate,
    session: DbSession,
    user: AdminUser,
    settings: AppSettings,
) -> ScheduleRead:
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    schedule = schedules_service.replace(
        session=session, schedule=schedule, schedule_in=schedule_in, actor=user, settings=settings
    )
    return schedules_service.read(session=session, schedule=schedule)


@router.patch("/{schedule_id}", response_model=ScheduleRead, responses={**_NOT_FOUND, **_CHANGE})
def patch_schedule(
    schedule_id: int, schedule_in: SchedulePatch, session: DbSession, user: AdminUser
) -> ScheduleRead:
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    schedule = schedules_service.patch(
        session=session, schedule=schedule, schedule_in=schedule_in, actor=user
    )
    return schedules_service.read(session=session, schedule=schedule)


@router.delete("/{schedule_id}", status_code=204, responses=_NOT_FOUND)
def delete_schedule(schedule_id: int, session: DbSession, user: AdminUser) -> Response:
    """Delete the schedule; its past executions stay."""
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    schedules_service.delete(session=session, schedule=schedule, actor=user)
    return Response(status_code=204)


@router.put("/{schedule_id}/toggle", response_model=ScheduleRead, responses=_NOT_FOUND)
def toggle_schedule(
    schedule_id: int,
    session: DbSession,
    user: AdminUser,
    is_active: Annotated[
        bool | None,
        Body(embed=True, description="Pause (false) or resume (true); omitted: flip it"),
    ] = None,
) -> ScheduleRead:
    """Pause or resume; a resumed schedule's next run is computed from now."""
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    schedule = schedules_service.set_active(
        session=session, schedule=schedule, active=is_active, actor=user
    )
    return schedules_service.read(session=session, schedule=schedule)


@router.post(
    "/{schedule_id}/run",
    response_model=ExecutionRead,
    status_code=201,
    responses={**_NOT_FOUND, 409: {"description": "A run of this stage is in the way"}},
)
def run_schedule_now(
    schedule_id: int,
    session: DbSession,
    user: AdminUser,
    settings: AppSettings,
    background: BackgroundTasks,
) -> ExecutionRead:
    """Run now with the schedule's inputs (a manual execution); 409 names the run in the way."""
    schedule = schedules_service.get_or_raise(session=session, schedule_id=schedule_id)
    execution = schedules_service.run_now(
        session=session, schedule=schedule, actor=user, settings=settings
    )
    # Background tasks run after the request's transaction committed.
    background.add_task(firing.submit_executions, settings, [execution.id])
    return ExecutionRead.model_validate(execution)
