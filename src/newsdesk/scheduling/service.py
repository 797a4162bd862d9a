"""CRON schedules: CRUD with an audit trail, run now, status, and firing (see `firing`).

Every change is audited with before/after snapshots (actor None = the CLI, "system").
Functions flush, never commit: the caller owns the transaction. `next_run_at` is
recomputed whenever the cron, the zone or the active flag changes, so the firing loop
only ever compares it with the clock.

A schedule's last status and failure streak are derived from its executions when read
(never stored), so a run finished by any worker is reflected at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.auth import service as auth_service
from newsdesk.auth.models import User
from newsdesk.core.clock import Clock, system_clock
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.paging import paginate
from newsdesk.runs import service as runs_service
from newsdesk.runs.models import Execution, Trigger
from newsdesk.scheduling import cron
from newsdesk.scheduling.exceptions import (
    ScheduleInputInvalid,
    ScheduleNameTaken,
    ScheduleNotFound,
)
from newsdesk.scheduling.firing import FireReport, fire_due, next_due_at, notify_changed
from newsdesk.scheduling.models import Schedule
from newsdesk.scheduling.schemas import (
    CronCheckOut,
    NextRun,
    ScheduleCreate,
    SchedulePatch,
    ScheduleRead,
    ScheduleUpdate,
)
from newsdesk.scheduling.status import (
    FAILING_AFTER,
    ScheduleMetrics,
    ScheduleStatus,
    metrics,
    statuses,
)
from newsdesk.settings import Settings, get_settings

__all__ = [
    "FAILING_AFTER",
    "FireReport",
    "ScheduleMetrics",
    "ScheduleStatus",
    "check_cron",
    "create",
    "delete",
    "fire_due",
    "get",
    "get_by_name",
    "get_or_raise",
    "list_schedules",
    "metrics",
    "next_due_at",
    "patch",
    "read",
    "read_many",
    "replace",
    "run_now",
    "set_active",
]

ENTITY = "schedule"
EDITABLE_FIELDS = (
    "name",
    "stage",
    "cron_expression",
    "timezone",
    "is_active",
    "source_ids",
    "api_key_id",
    "use_fallback",
    "parameters",
    "overlap_policy",
    "misfire_policy",
    "misfire_grace_seconds",
)


def snapshot(schedule: Schedule) -> dict[str, Any]:
    return {name: getattr(schedule, name) for name in EDITABLE_FIELDS}


# --- cron checks ---------------------------------------------------------------------


def check_cron(
    *, cron_expression: str, timezone: str | None, now: datetime, count: int = 5
) -> CronCheckOut:
    """Explain an expression: valid or the error naming its bad field, descriptions, runs."""
    zone = timezone or get_settings().timezone
    try:
        schedule = cron.parse(cron_expression, zone)
    except NewsdeskError as exc:
        return CronCheckOut(
            valid=False,
            cron_expression=cron_expression,
            timezone=zone,
            error=exc.detail,
            field=exc.extra.get("field"),
        )
    runs = [
        NextRun(
            at=i.at_local,
            at_utc=i.at_utc,
            utc_offset=cron.utc_offset(i.at_local),
            dst=i.dst,
            note=i.note,
        )
        for i in cron.next_runs(schedule.expression, zone, after=now, count=count)
    ]
    return CronCheckOut(
        valid=True,
        cron_expression=schedule.expression,
        timezone=zone,
        description={
            "en": cron.describe(schedule.expression),
            "es": cron.describe(schedule.expression, "es"),
        },
        next_runs=runs,
        warnings=cron.warnings(schedule.expression, zone, now=now),
    )


# --- lookups -------------------------------------------------------------------------


def get(*, session: Session, schedule_id: int) -> Schedule | None:
    return session.get(Schedule, schedule_id)


def get_or_raise(*, session: Session, schedule_id: int) -> Schedule:
    schedule = session.get(Schedule, schedule_id)
    if schedule is None:
        raise ScheduleNotFound(
            f"schedule {schedule_id} does not exist; list them with `newsdesk schedules list`"
        )
    return schedule


def get_by_name(*, session: Session, name: str) -> Schedule | None:
    return session.scalar(select(Schedule).where(Schedule.name == name))


def find(*, session: Session, ref: str) -> Schedule:
    """Return the schedule named `ref`, or whose id is `ref` (the CLI accepts both)."""
    schedule = get_by_name(session=session, name=ref)
    if schedule is None and ref.isdigit():
        schedule = session.get(Schedule, int(ref))
    if schedule is None:
        raise ScheduleNotFound(
            f"no schedule named or numbered {ref!r}; list them with `newsdesk schedules list`"
        )
    return schedule


def list_schedules(
    *, session: Session, limit: int = 50, offset: int = 0, is_active: bool | None = None
) -> tuple[list[Schedule], int]:
    query = select(Schedule)
    if is_active is not None:
        query = query.where(Schedule.is_active == is_active)
    return paginate(session, query, Schedule.name, limit=limit, offset=offset)


def _usernames(session: Session, schedules: list[Schedule]) -> dict[int, str]:
    ids = {s.created_by_user_id for s in schedules if s.created_by_user_id is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(ids)))
    return {user_id: username for user_id, username in rows}


def read_many(*, session: Session, schedules: list[Schedule]) -> list[ScheduleRead]:
    """Return the API view of `schedules`: next/last run, last status and failing flag."""
    found = statuses(session=session, schedule_ids=[s.id for s in schedules])
    users = _usernames(session, schedules)
    out = []
    for s in schedules:
        status = found.get(s.id, ScheduleStatus())
        try:
            tz = cron.validate_timezone(s.timezone)
        except NewsdeskError:  # a zone tzdata dropped: still list the schedule (it is paused)
            tz = ZoneInfo("UTC")
        out.append(
            ScheduleRead(
                id=s.id,
                name=s.name,
                stage=s.stage,
                cron_expression=s.cron_expression,
                timezone=s.timezone,
                description=cron.describe(s.cron_expression),
                description_es=cron.describe(s.cron_expression, "es"),
                is_active=s.is_active,
                source_ids=s.source_ids,
                api_key_id=s.api_key_id,
                use_fallback=s.use_fallback,
                parameters=s.parameters,
                overlap_policy=s.overlap_policy,
                misfire_policy=s.misfire_policy,
                misfire_grace_seconds=s.misfire_grace_seconds,
                next_run_at=s.next_run_at,
                next_run_local=s.next_run_at.astimezone(tz) if s.next_run_at else None,
                last_run_at=s.last_run_at,
                last_execution_id=status.last_execution_id,
                last_status=status.last_status,
                last_reason=status.last_reason,
                consecutive_failures=status.consecutive_failures,
                failing=status.failing,
                created_by=users.get(s.created_by_user_id) if s.created_by_user_id else None,
                created_at=s.created_at,
                updated_at=s.updated_at,
            )
        )
    return out


def read(*, session: Session, schedule: Schedule) -> ScheduleRead:
    return read_many(session=session, schedules=[schedule])[0]


# --- changes -------------------------------------------------------------------------


def _ensure_name_free(session: Session, name: str, schedule_id: int | None = None) -> None:
    other = get_by_name(session=session, name=name)
    if other is not None and other.id != schedule_id:
        raise ScheduleNameTaken(
            f"a schedule named {name!r} already exists (id {other.id}); choose another name"
        )


def _check_inputs(session: Session, values: dict[str, Any]) -> None:
    """Refuse unknown stages, sources and keys now rather than at 3 a.m."""
    from newsdesk import stages
    from newsdesk.llm.models import ApiKey
    from newsdesk.sources import service as sources_service

    try:
        stages.get(values["stage"])
        if values.get("source_ids"):
            sources_service.resolve(
                session=session, source_ids=values["source_ids"], active_only=False
            )
    except NewsdeskError as exc:
        raise ScheduleInputInvalid(exc.detail) from None
    key_id = values.get("api_key_id")
    if key_id is not None and session.get(ApiKey, key_id) is None:
        raise ScheduleInputInvalid(
            f"API key {key_id} does not exist; see `newsdesk keys list` (or omit it for rotation)"
        )


def _next_run(schedule: Schedule, now: datetime) -> datetime | None:
    if not schedule.is_active:
        return None
    return cron.parse(schedule.cron_expression, schedule.timezone).next_after(now)


def _values(schedule_in: ScheduleCreate | SchedulePatch, *, exclude_unset: bool) -> dict[str, Any]:
    data = schedule_in.model_dump(exclude_unset=exclude_unset)
    for key in ("overlap_policy", "misfire_policy"):
        if data.get(key) is not None:
            data[key] = str(data[key].value if hasattr(data[key], "value") else data[key])
    return data


def create(
    *,
    session: Session,
    schedule_in: ScheduleCreate,
    actor: User | None = None,
    clock: Clock = system_clock,
    settings: Settings | None = None,
) -> Schedule:
    """Create a schedule; 409 on a taken name, 422 on a bad cron or zone, 400 on bad inputs."""
    data = _values(schedule_in, exclude_unset=False)
    data["timezone"] = data.get("timezone") or (settings or get_settings()).timezone
    parsed = cron.parse(data["cron_expression"], data["timezone"])
    data["cron_expression"] = parsed.expression
    _ensure_name_free(session, data["name"])
    _check_inputs(session, data)
    schedule = Schedule(**data, created_by_user_id=actor.id if actor else None)
    schedule.next_run_at = _next_run(schedule, clock.now())
    session.add(schedule)
    session.flush()
    auth_service.audit(
        session=session,
        actor=actor,
        action="schedule.create",
        entity_type=ENTITY,
        entity_id=schedule.id,
        after=snapshot(schedule),
    )
    notify_changed(session)
    return schedule


def _apply(
    *,
    session: Session,
    schedule: Schedule,
    changes: dict[str, Any],
    actor: User | None,
    action: str,
    clock: Clock,
) -> Schedule:
    before = snapshot(schedule)
    merged = {**before, **changes}
    parsed = cron.parse(merged["cron_expression"], merged["timezone"])
    changes["cron_expression"] = parsed.expression
    changed = {k: v for k, v in changes.items() if before.get(k) != v}
    if not changed:
        return schedule
    if "name" in changed:
        _ensure_name_free(session, changed["name"], schedule.id)
    _check_inputs(session, merged)
    for key, value in changed.items():
        setattr(schedule, key, value)
    if {"cron_expression", "timezone", "is_active"} & changed.keys():
        schedule.next_run_at = _next_run(schedule, clock.now())
    session.flush()
    auth_service.audit(
        session=session,
        actor=actor,
        action=action,
        entity_type=ENTITY,
        entity_id=schedule.id,
        before=before,
        after=snapshot(schedule),
    )
    notify_changed(session)
    return schedule


def replace(
    *,
    session: Session,
    schedule: Schedule,
    schedule_in: ScheduleUpdate,
    actor: User | None = None,
    clock: Clock = system_clock,
    settings: Settings | None = None,
) -> Schedule:
    """Replace every editable field (PUT)."""
    changes = _values(schedule_in, exclude_unset=False)
    changes["timezone"] = changes.get("timezone") or (settings or get_settings()).timezone
    return _apply(
        session=session,
        schedule=schedule,
        changes=changes,
        actor=actor,
        action="schedule.update",
        clock=clock,
    )


def patch(
    *,
    session: Session,
    schedule: Schedule,
    schedule_in: SchedulePatch,
    actor: User | None = None,
    clock: Clock = system_clock,
) -> Schedule:
    """Change only the fields sent (PATCH); a null means "unset" only where that is allowed."""
    changes = _values(schedule_in, exclude_unset=True)
    required = {"name", "stage", "cron_expression", "timezone", "is_active", "use_fallback"}
    required |= {"overlap_policy", "misfire_policy", "misfire_grace_seconds"}
    changes = {k: v for k, v in changes.items() if not (k in required and v is None)}
    return _apply(
        session=session,
        schedule=schedule,
        changes=changes,
        actor=actor,
        action="schedule.update",
        clock=clock,
    )


def set_active(
    *,
    session: Session,
    schedule: Schedule,
    active: bool | None = None,
    actor: User | None = None,
    clock: Clock = system_clock,
) -> Schedule:
    """Pause or resume (`active` None toggles); resuming starts from now, not from the past."""
    target = (not schedule.is_active) if active is None else active
    action = "schedule.resume" if target else "schedule.pause"
    return _apply(
        session=session,
        schedule=schedule,
        changes={"is_active": target},
        actor=actor,
        action=action,
        clock=clock,
    )


def delete(*, session: Session, schedule: Schedule, actor: User | None = None) -> None:
    """Delete the schedule; its executions stay (their schedule_id becomes NULL)."""
    before = snapshot(schedule)
    schedule_id = schedule.id
    session.delete(schedule)
    session.flush()
    auth_service.audit(
        session=session,
        actor=actor,
        action="schedule.delete",
        entity_type=ENTITY,
        entity_id=schedule_id,
        before=before,
    )
    notify_changed(session)


def run_now(
    *,
    session: Session,
    schedule: Schedule,
    actor: User | None = None,
    settings: Settings | None = None,
) -> Execution:
    """Create a manual execution with the schedule's inputs (409 when one is in the way).

    The caller submits it to the executor after committing.
    """
    execution = runs_service.create_execution(
        session=session,
        stage=schedule.stage,
        trigger=Trigger.manual,
        source_ids=list(schedule.source_ids) if schedule.source_ids else None,
        api_key_id=schedule.api_key_id,
        use_fallback=schedule.use_fallback,
        parameters=dict(schedule.parameters or {}),
        schedule_id=schedule.id,
        created_by=actor or f"schedule:{schedule.name}"[:64],
        on_conflict="raise",
        settings=settings,
    )
    auth_service.audit(
        session=session,
        actor=actor,
        action="schedule.run",
        entity_type=ENTITY,
        entity_id=schedule.id,
        detail=f"execution {execution.id}",
    )
    return execution
