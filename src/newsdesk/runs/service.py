"""The lifecycle of executions: the one module that moves an execution between states.

    pending -> running -> completed | failed | cancelled
    pending -> cancelled                      (cancel before a worker claimed it)
    skipped                                   (recorded, never run: overlap, missed)

Every move is one conditional UPDATE (`... WHERE id = ? AND status = ?`), so two workers
racing for the same run, or a reaper racing a late worker, can never both win: the loser
sees rowcount 0. An illegal move raises `InvalidTransition`.

Concurrency: a pending or running execution holds `concurrency_key` (default: its stage
name). The column is UNIQUE, so "one run of this key at a time" is the database's promise,
not a read-then-insert check. Inserts that may collide run inside a SAVEPOINT, so a lost
race never poisons the caller's transaction. Functions flush, never commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk import stages
from newsdesk.auth.models import User
from newsdesk.core.clock import Clock, system_clock, today_in
from newsdesk.core.errors import InvalidTransition, NotFound
from newsdesk.runs import records
from newsdesk.runs.exceptions import (
    AlreadyFired,
    ConcurrencyConflict,
    ExecutionNotFound,
    UnknownStage,
)
from newsdesk.runs.models import (
    FINAL_STATUSES,
    Execution,
    RunStatus,
    Trigger,
)
from newsdesk.runs.queries import dispatchable, get, get_or_raise, next_queued, pending_for_dispatch
from newsdesk.runs.records import (
    append_log,
    append_logs,
    clip,
    mark_submitted,
    set_progress,
)
from newsdesk.settings import Settings, get_settings

log = logging.getLogger("newsdesk.runs")

OnConflict = Literal["raise", "skip", "queue", "allow"]

__all__ = [
    "AlreadyFired",
    "HeartbeatReply",
    "append_log",
    "append_logs",
    "claim",
    "create_execution",
    "finish",
    "get",
    "get_or_raise",
    "heartbeat",
    "mark_submitted",
    "next_queued",
    "pending_for_dispatch",
    "reap",
    "reconcile",
    "record_skipped",
    "request_cancel",
    "retry",
    "set_progress",
]


@dataclass(frozen=True)
class HeartbeatReply:
    running: bool
    cancel_requested: bool


def _now(clock: Clock | None) -> datetime:
    return (clock or system_clock).now()


def _creator(created_by: User | str | None) -> tuple[int | None, str | None]:
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
    user_id, label = _creator(created_by)
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
            "created_at": _now(clock),
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
                completed_at=_now(clock),
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
    user_id, label = _creator(created_by)
    now = _now(clock)
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


# --- the worker's side ---------------------------------------------------------------


def claim(
    *, session: Session, execution_id: int, worker: str, clock: Clock | None = None
) -> Execution | None:
    """Move a pending run to running for `worker`; None when it is not (or not yet) ours.

    None means: already claimed (a duplicate delivery), final, or a queued run whose
    concurrency slot is still held (it stays pending and is offered again later).
    """
    now = _now(clock)
    stmt = (
        update(Execution)
        .where(Execution.id == execution_id, Execution.status == RunStatus.pending.value)
        .values(
            status=RunStatus.running.value,
            started_at=now,
            heartbeat_at=now,
            worker=worker[:128],
            concurrency_key=func.coalesce(Execution.concurrency_key, Execution.queued_key),
            queued_key=None,
        )
        .execution_options(synchronize_session=False)
    )
    try:
        with session.begin_nested():
            claimed = session.execute(stmt).rowcount == 1  # type: ignore[attr-defined]
    except IntegrityError:
        return None
    if not claimed:
        return None
    return session.get(Execution, execution_id, populate_existing=True)


def heartbeat(*, session: Session, execution_id: int, clock: Clock | None = None) -> HeartbeatReply:
    """Stamp a running execution as alive; report whether it still runs and a cancel is asked."""
    result = session.execute(
        update(Execution)
        .where(Execution.id == execution_id, Execution.status == RunStatus.running.value)
        .values(heartbeat_at=_now(clock))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return HeartbeatReply(running=False, cancel_requested=False)
    return HeartbeatReply(running=True, cancel_requested=cancel_requested(session, execution_id))


def cancel_requested(session: Session, execution_id: int) -> bool:
    """True when someone asked a running execution to stop."""
    at = session.scalar(select(Execution.cancel_requested_at).where(Execution.id == execution_id))
    return at is not None


def finish(
    *,
    session: Session,
    execution_id: int,
    result: stages.StageResult | None = None,
    status: RunStatus | None = None,
    reason: str | None = None,
    error: str | None = None,
    cancelled_by: str | None = None,
    clock: Clock | None = None,
) -> Execution:
    """End a running execution: counts from `result`, tokens and cost from its LLM calls.

    Without `status`, the result decides: failed (with its error) when `result.failed`,
    else completed. Frees the concurrency slot. Raises InvalidTransition unless running.
    """
    row = get_or_raise(session=session, execution_id=execution_id)
    now = _now(clock)
    if status is None:
        failed = result is not None and result.failed
        status = RunStatus.failed if failed else RunStatus.completed
        if failed and error is None:
            error = result.error if result else None  # type: ignore[union-attr]
            reason = reason or "stage_failed"
    if status not in FINAL_STATUSES or status is RunStatus.skipped:
        raise InvalidTransition(f"finish() cannot move an execution to {status.value}")
    usage = records.usage(session, execution_id)
    values: dict[str, Any] = {
        "status": status.value,
        "reason": reason,
        "error": clip(error),
        "completed_at": now,
        "duration_ms": int((now - row.started_at).total_seconds() * 1000)
        if row.started_at
        else None,
        "concurrency_key": None,
        "queued_key": None,
        "input_tokens": usage.input_tokens,
        "cached_tokens": usage.cached_tokens,
        "output_tokens": usage.output_tokens,
        "cost_usd": usage.cost_usd,
        "cost_unknown": usage.cost_unknown,
    }
    if cancelled_by is not None:
        values["cancelled_by"] = cancelled_by
    if result is not None:
        values["total_items"] = result.total_items or sum(s.articles_found for s in result.sources)
        values["new_items"] = result.new_items or sum(s.new_articles for s in result.sources)
        values["warnings"] = list(result.warnings) or None
    done = session.execute(
        update(Execution)
        .where(Execution.id == execution_id, Execution.status == RunStatus.running.value)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)
        raise InvalidTransition(
            f"execution {execution_id} is {row.status}; it cannot become {status.value}"
        )
    if result is not None:
        records.record_sources(session, execution_id, result.sources)
    session.flush()
    session.refresh(row)
    return row


def request_cancel(
    *,
    session: Session,
    execution_id: int,
    by: User | str | None = None,
    clock: Clock | None = None,
) -> Execution:
    """Cancel a pending run at once; ask a running one to stop (the worker enforces it).

    Asking twice is harmless. Raises InvalidTransition when the run has already ended.
    """
    _, label = _creator(by)
    label = label or "system"
    now = _now(clock)
    pending = session.execute(
        update(Execution)
        .where(Execution.id == execution_id, Execution.status == RunStatus.pending.value)
        .values(
            status=RunStatus.cancelled.value,
            reason="cancelled",
            cancel_requested_at=now,
            cancelled_by=label,
            completed_at=now,
            concurrency_key=None,
            queued_key=None,
        )
        .execution_options(synchronize_session=False)
    )
    if pending.rowcount != 1:  # type: ignore[attr-defined]
        session.execute(
            update(Execution)
            .where(
                Execution.id == execution_id,
                Execution.status == RunStatus.running.value,
                Execution.cancel_requested_at.is_(None),
            )
            .values(cancel_requested_at=now, cancelled_by=label)
            .execution_options(synchronize_session=False)
        )
    row = session.get(Execution, execution_id, populate_existing=True)
    if row is None:
        raise ExecutionNotFound(f"execution {execution_id} does not exist")
    if row.status not in (RunStatus.running.value, RunStatus.cancelled.value):
        raise InvalidTransition(f"execution {execution_id} already ended ({row.status})")
    if row.status == RunStatus.cancelled.value and pending.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidTransition(f"execution {execution_id} is already cancelled")
    return row


# --- the reaper and the reconciler ---------------------------------------------------


def reap(
    *, session: Session, settings: Settings | None = None, clock: Clock | None = None
) -> list[int]:
    """Fail running executions whose heartbeat stopped (reason worker_lost); free their slots."""
    settings = settings or get_settings()
    now = _now(clock)
    cutoff = now - timedelta(seconds=settings.reap_after)
    last_sign = func.coalesce(Execution.heartbeat_at, Execution.started_at)
    ids = session.scalars(
        select(Execution.id).where(Execution.status == RunStatus.running.value, last_sign < cutoff)
    ).all()
    reaped = []
    for execution_id in ids:
        try:
            finish(
                session=session,
                execution_id=execution_id,
                status=RunStatus.failed,
                reason="worker_lost",
                error=f"no heartbeat for {settings.reap_after:g} s: the worker died or "
                "lost the database",
                clock=clock,
            )
        except InvalidTransition:
            continue  # it ended while we looked
        append_log(
            session=session,
            execution_id=execution_id,
            level="ERROR",
            message="reaper: heartbeat stopped; marked failed (worker_lost)",
            clock=clock,
        )
        reaped.append(execution_id)
    if reaped:
        log.warning("reaped executions %s (worker_lost)", reaped)
    return reaped


def reconcile(
    *,
    session: Session,
    settings: Settings | None = None,
    clock: Clock | None = None,
    limit: int = 500,
) -> list[int]:
    """Return pending runs no worker claimed within reconcile_after, stamped as re-submitted.

    The caller submits the ids after commit: a lost queue message costs a delay, not a run.
    """
    settings = settings or get_settings()
    now = _now(clock)
    cutoff = now - timedelta(seconds=settings.reconcile_after)
    ids = list(
        session.scalars(
            dispatchable()
            .where(func.coalesce(Execution.submitted_at, Execution.created_at) < cutoff)
            .order_by(Execution.id)
            .limit(limit)
        ).all()
    )
    if ids:
        mark_submitted(session=session, execution_ids=ids, clock=clock)
    return ids
