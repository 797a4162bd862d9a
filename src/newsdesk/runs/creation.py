"""Creating executions: a new pending run (with its overlap guard), a skipped record, a retry.

New rows start pending (or skipped); from then on only `service` moves them between states.
Inserts that may collide with the UNIQUE `concurrency_key` (or with a schedule's instant)
run inside a SAVEPOINT, so a lost race never poisons the caller's transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk import stages
from newsdesk.auth.models import User
from newsdesk.core.clock import Clock, now_of, today_in
from newsdesk.core.errors import InvalidTransition, NotFound
from newsdesk.runs.exceptions import AlreadyFired, ConcurrencyConflict, UnknownStage
from newsdesk.runs.models import FINAL_STATUSES, Execution, RunStatus, Trigger
from newsdesk.runs.queries import get_or_raise
from newsdesk.runs.records import clip
from newsdesk.settings import Settings, get_settings

OnConflict = Literal["raise", "skip", "queue", "allow"]


def creator(created_by: User | str | None) -> tuple[int | None, str | None]:
    """Split who acted into (user id, label): a user, or a label such as "cli:ana"."""
    if isinstance(created_by, User):
        return created_by.id, created_by.username
    return None, created_by


def _check_stage(stage: str) -> None:
    try:
        stages.get(stage)
    except NotFound as exc:
        raise UnknownStage(exc.detail) from None


def _resolve_sources(
    session: Session, source_ids: list[int] | None, source_names: list[str] | None
) -> tuple[list[int], list[str]]:
    """Resolve ids/names (none = every active source) to ids and names; 400 when unknown."""
    from newsdesk.sources import service as sources_service

    found = sources_service.resolve(
        session=session, source_ids=source_ids, source_names=source_names, active_only=True
    )
    return [s.id for s in found], [s.name for s in found]


def _check_key(session: Session, api_key_id: int | None) -> None:
    if api_key_id is None:
        return
    from newsdesk.llm import service as llm_service

    llm_service.get_or_raise(session=session, key_id=api_key_id)


def _try_insert(session: Session, row: Execution) -> bool:
    """Insert `row` inside a savepoint; False when a unique constraint refused it."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def _holder(session: Session, key: str) -> int | None:
    return session.scalar(select(Execution.id).where(Execution.concurrency_key == key))


def _fired_already(
    session: Session, schedule_id: int | None, scheduled_for: datetime | None
) -> int | None:
    if schedule_id is None or scheduled_for is None:
        return None
    return session.scalar(
        select(Execution.id).where(
            Execution.schedule_id == schedule_id, Execution.scheduled_for == scheduled_for
        )
    )


def create_execution(
    *,
    session: Session,
    stage: str,
    trigger: Trigger,
    source_ids: list[int] | None = None,
    source_names: list[str] | None = None,
    api_key_id: int | None = None,
    use_fallback: bool = True,
    parameters: dict[str, Any] | None = None,
    schedule_id: int | None = None,
    scheduled_for: datetime | None = None,
    created_by: User | str | None = None,
    retry_of_id: int | None = None,
    on_conflict: OnConflict = "raise",
    settings: Settings | None = None,
    clock: Clock | None = None,
) -> Execution:
    """Record a new pending execution (the caller submits it to an executor after commit).

    on_conflict decides what happens when another run of the stage is pending or running:
    "raise" -> ConcurrencyConflict (409, with the blocking id); "skip" -> a `skipped` row
    with reason "overlap"; "queue" -> a pending row that runs once the slot frees;
    "allow" -> no guard. Raises UnknownStage, a sources 400, ApiKeyNotFound, AlreadyFired.
    """
    settings = settings or get_settings()
    _check_stage(stage)
    ids, names = _resolve_sources(session, source_ids, source_names)
    _check_key(session, api_key_id)
    user_id, label = creator(created_by)
    key = None if on_conflict == "allow" else stage

    def build(**overrides: Any) -> Execution:
        values: dict[str, Any] = {
            "stage": stage,
            "trigger": Trigger(trigger).value,
            "status": RunStatus.pending.value,
            "source_ids": ids,
            "source_names": names,
            "api_key_id": api_key_id,
            "use_fallback": use_fallback,
            "parameters": dict(parameters or {}),
            "schedule_id": schedule_id,
            "scheduled_for": scheduled_for,
            "retry_of_id": retry_of_id,
            "created_by_user_id": user_id,
            "created_by": label,
            "run_date": today_in(settings.timezone),
            "created_at": now_of(clock),
            "concurrency_key": key,
        }
        values.update(overrides)
        return Execution(**values)

    # A blocking run may finish between our failed insert and the lookup of its id:
    # then the slot is free and the next attempt succeeds.
    for _ in range(5):
        row = build()
        if _try_insert(session, row):
            return row
        fired = _fired_already(session, schedule_id, scheduled_for)
        if fired is not None:
            raise AlreadyFired(
                f"schedule {schedule_id} already fired for {scheduled_for.isoformat()}"  # type: ignore[union-attr]
                f" (execution {fired})",
                execution_id=fired,
            )
        if key is None:
            continue  # no other unique constraint can refuse this row; try again
        blocking = _holder(session, key)
        if blocking is None:
            continue
        if on_conflict == "raise":
            raise ConcurrencyConflict(key, blocking)
        if on_conflict == "skip":
            row = build(
                status=RunStatus.skipped.value,
                reason="overlap",
                concurrency_key=None,
                completed_at=now_of(clock),
                error=f"execution {blocking} of {key!r} was still pending or running",
            )
        else:  # queue: wait for the slot; claim() takes it atomically
            row = build(concurrency_key=None, queued_key=key)
        if _try_insert(session, row):
            return row
        fired = _fired_already(session, schedule_id, scheduled_for)
        if fired is not None:
            raise AlreadyFired(
                f"schedule {schedule_id} already fired for this instant (execution {fired})",
                execution_id=fired,
            )
    raise ConcurrencyConflict(key or stage, _holder(session, key or stage))


def record_skipped(
    *,
    session: Session,
    stage: str,
    reason: str,
    trigger: Trigger = Trigger.scheduled,
    schedule_id: int | None = None,
    scheduled_for: datetime | None = None,
    source_ids: list[int] | None = None,
    source_names: list[str] | None = None,
    api_key_id: int | None = None,
    use_fallback: bool = True,
    parameters: dict[str, Any] | None = None,
    created_by: User | str | None = None,
    detail: str | None = None,
    settings: Settings | None = None,
    clock: Clock | None = None,
) -> Execution:
    """Record an execution that never ran (reason: "missed", "overlap", ...).

    Raises AlreadyFired when the schedule already has an execution for `scheduled_for`.
    """
    settings = settings or get_settings()
    user_id, label = creator(created_by)
    now = now_of(clock)
    row = Execution(
        stage=stage,
        trigger=Trigger(trigger).value,
        status=RunStatus.skipped.value,
        reason=reason,
        error=clip(detail),
        source_ids=source_ids,
        source_names=source_names,
        api_key_id=api_key_id,
        use_fallback=use_fallback,
        parameters=dict(parameters or {}),
        schedule_id=schedule_id,
        scheduled_for=scheduled_for,
        created_by_user_id=user_id,
        created_by=label,
        run_date=today_in(settings.timezone),
        created_at=now,
        completed_at=now,
    )
    if not _try_insert(session, row):
        fired = _fired_already(session, schedule_id, scheduled_for)
        raise AlreadyFired(
            f"schedule {schedule_id} already has an execution for this instant ({fired})",
            execution_id=fired,
        )
    return row


def retry(
    *,
    session: Session,
    execution_id: int,
    created_by: User | str | None = None,
    on_conflict: OnConflict = "raise",
    settings: Settings | None = None,
) -> Execution:
    """Create a new run with the same inputs as a finished one (trigger "retry")."""
    old = get_or_raise(session=session, execution_id=execution_id)
    if RunStatus(old.status) not in FINAL_STATUSES:
        raise InvalidTransition(
            f"execution {old.id} is still {old.status}; retry it once it has finished"
        )
    return create_execution(
        session=session,
        stage=old.stage,
        trigger=Trigger.retry,
        source_ids=list(old.source_ids) if old.source_ids else None,
        api_key_id=old.api_key_id,
        use_fallback=old.use_fallback,
        parameters=dict(old.parameters or {}),
        created_by=created_by,
        retry_of_id=old.id,
        on_conflict=on_conflict,
        settings=settings,
    )
