"""Writes beside the lifecycle: log lines, progress, per-source rows, usage sums, submits.

None of these changes an execution's status (only `service` does that).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk import stages
from newsdesk.core.clock import Clock, now_of
from newsdesk.runs.models import Execution, ExecutionLog, RunStatus, SourceRun

log = logging.getLogger("newsdesk.runs")

MAX_ERROR_CHARS = 4000
MAX_LOG_CHARS = 8000


def clip(text: str | None, limit: int = MAX_ERROR_CHARS) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "\u2026"


def set_progress(*, session: Session, execution_id: int, progress: dict[str, Any]) -> None:
    session.execute(
        update(Execution)
        .where(Execution.id == execution_id, Execution.status == RunStatus.running.value)
        .values(progress=progress)
        .execution_options(synchronize_session=False)
    )


def append_logs(
    *, session: Session, execution_id: int, lines: Sequence[tuple[datetime, str, str]]
) -> None:
    """Store log lines (at, level, message) with the next sequence numbers of the run."""
    if not lines:
        return
    # Several writers (worker, executor, reaper) may append to one run: the unique
    # (execution_id, seq) makes a collision fail, and we take the next free numbers.
    for _ in range(10):
        try:
            with session.begin_nested():
                base = session.scalar(
                    select(func.coalesce(func.max(ExecutionLog.seq), 0)).where(
                        ExecutionLog.execution_id == execution_id
                    )
                )
                session.add_all(
                    ExecutionLog(
                        execution_id=execution_id,
                        seq=base + i + 1,
                        at=at,
                        level=level.upper()[:8],
                        message=clip(message, MAX_LOG_CHARS) or "",
                    )
                    for i, (at, level, message) in enumerate(lines)
                )
                session.flush()
            return
        except IntegrityError:
            continue
    log.warning("dropped %d log lines of execution %s", len(lines), execution_id)


def append_log(
    *,
    session: Session,
    execution_id: int,
    level: str,
    message: str,
    clock: Clock | None = None,
) -> None:
    append_logs(session=session, execution_id=execution_id, lines=[(now_of(clock), level, message)])


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    cached_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Decimal | None = Decimal(0)
    cost_unknown: bool = False


def usage(session: Session, execution_id: int) -> Usage:
    """Sum the run's LLM calls (the gateway's meter wrote one row per attempt).

    Any call whose model had no price makes the run's cost unknown: NULL, never a guess.
    """
    from newsdesk.llm.metering import execution_usage

    input_tokens, cached, output, cost, unknown = execution_usage(
        session=session, execution_id=execution_id
    )
    return Usage(
        input_tokens=input_tokens,
        cached_tokens=cached,
        output_tokens=output,
        cost_usd=None if unknown or cost is None else Decimal(cost),
        cost_unknown=unknown or cost is None,
    )


def record_sources(
    session: Session, execution_id: int, outcomes: Iterable[stages.SourceOutcome]
) -> None:
    seen: set[tuple[int | None, str]] = set()
    for o in outcomes:
        if (o.source_id, o.source_name) in seen:
            continue
        seen.add((o.source_id, o.source_name))
        session.add(
            SourceRun(
                execution_id=execution_id,
                source_id=o.source_id,
                source_name=o.source_name[:64],
                status=o.status,
                http_status=o.http_status,
                bytes=o.bytes,
                links_found=o.links_found,
                articles_found=o.articles_found,
                new_articles=o.new_articles,
                undecided=o.undecided,
                llm_calls=o.llm_calls,
                error=clip(o.error),
                duration_ms=o.duration_ms,
            )
        )


def mark_submitted(
    *,
    session: Session,
    execution_ids: Sequence[int],
    task_id: str | None = None,
    clock: Clock | None = None,
) -> None:
    values: dict[str, Any] = {"submitted_at": now_of(clock)}
    if task_id is not None:
        values["task_id"] = task_id
    session.execute(
        update(Execution)
        .where(Execution.id.in_(list(execution_ids)))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
