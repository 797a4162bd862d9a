"""The lifecycle of executions: the one module that moves an execution between states.

    pending -> running -> completed | failed | cancelled
    pending -> cancelled                      (cancel before a worker claimed it)
    skipped                                   (recorded, never run: overlap, missed)

Every move is one conditional UPDATE (`... WHERE id = ? AND status = ?`), so two workers
racing for the same run, or a reaper racing a late worker, can never both win: the loser
sees rowcount 0. An illegal move raises `InvalidTransition`.

Concurrency: a pending or running execution holds `concurrency_key` (default: its stage
name). The column is UNIQUE, so "one run of this key at a time" is the database's promise,
not a read-then-insert check. New rows are made by `creation` (re-exported here:
`create_execution`, `record_skipped`, `retry`). Functions flush, never commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk import stages
from newsdesk.auth.models import User
from newsdesk.core.clock import Clock, now_of
from newsdesk.core.errors import InvalidTransition
from newsdesk.runs import records
from newsdesk.runs.creation import create_execution, creator, record_skipped, retry
from newsdesk.runs.exceptions import (
    AlreadyFired,
    ExecutionNotFound,
)
from newsdesk.runs.models import (
    FINAL_STATUSES,
    Execution,
    RunStatus,
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


# --- the worker's side ---------------------------------------------------------------


def claim(
    *, session: Session, execution_id: int, worker: str, clock: Clock | None = None
) -> Execution | None:
    """Move a pending run to running for `worker`; None when it is not (or not yet) ours.

    None means: already claimed (a duplicate delivery), final, or a queued run whose
    concurrency slot is still held (it stays pending and is offered again later).
    """
    now = now_of(clock)
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
        .values(heartbeat_at=now_of(clock))
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
    now = now_of(clock)
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
    _, label = creator(by)
    label = label or "system"
    now = now_of(clock)
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
    now = now_of(clock)
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
    now = now_of(clock)
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
