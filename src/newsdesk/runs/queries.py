"""Read side of executions: lookups, lists, logs, articles, keys used. Never changes a row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from newsdesk.runs.exceptions import ExecutionNotFound
from newsdesk.runs.models import Execution, ExecutionLog, RunStatus, SourceRun


def get(*, session: Session, execution_id: int) -> Execution | None:
    return session.get(Execution, execution_id)


def get_or_raise(*, session: Session, execution_id: int) -> Execution:
    row = session.get(Execution, execution_id)
    if row is None:
        raise ExecutionNotFound(
            f"execution {execution_id} does not exist; list them with `newsdesk executions list`"
        )
    return row


@dataclass(frozen=True)
class ExecutionFilter:
    stage: str | None = None
    status: RunStatus | None = None
    trigger: str | None = None
    schedule_id: int | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


def _filtered(query: Select[Any], f: ExecutionFilter) -> Select[Any]:
    if f.stage:
        query = query.where(Execution.stage == f.stage)
    if f.status:
        query = query.where(Execution.status == RunStatus(f.status).value)
    if f.trigger:
        query = query.where(Execution.trigger == f.trigger)
    if f.schedule_id is not None:
        query = query.where(Execution.schedule_id == f.schedule_id)
    if f.created_from is not None:
        query = query.where(Execution.created_at >= f.created_from)
    if f.created_to is not None:
        query = query.where(Execution.created_at < f.created_to)
    return query


# Above this many matching rows (by the planner's estimate) a list reports the estimate
# as its total: an exact count(*) over a million rows costs more than the page itself.
EXACT_COUNT_UP_TO = 10_000


def count_executions(
    *, session: Session, filters: ExecutionFilter | None = None, allow_estimate: bool = False
) -> tuple[int, bool]:
    """(total, is_estimate): exact, unless PostgreSQL's planner expects a huge total."""
    f = filters or ExecutionFilter()
    bind = session.get_bind()
    if allow_estimate and bind.dialect.name == "postgresql":
        # The planner's row estimate for the filtered scan (not for a count: a parallel
        # count's top node estimates its partial aggregates instead).
        compiled = _filtered(select(Execution.id), f).compile(dialect=bind.dialect)
        plan = (
            session.connection()
            .exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params)
            .scalar_one()
        )
        estimate = int(plan[0]["Plan"].get("Plan Rows", 0))
        if estimate > EXACT_COUNT_UP_TO:
            return estimate, True
    return int(session.scalar(_filtered(select(func.count(Execution.id)), f)) or 0), False


@dataclass(frozen=True)
class ExecutionList:
    rows: Sequence[Execution]
    total: int
    total_is_estimate: bool


def list_page(
    *,
    session: Session,
    filters: ExecutionFilter | None = None,
    limit: int = 50,
    offset: int = 0,
    before_id: int | None = None,
    allow_estimate: bool = False,
) -> ExecutionList:
    """Newest first; page by `offset`, or by `before_id` (a cursor: the last id seen)."""
    f = filters or ExecutionFilter()
    total, estimated = count_executions(session=session, filters=f, allow_estimate=allow_estimate)
    query = _filtered(select(Execution), f)
    # A cursor pages in constant time; an offset is kept for the UI's page links.
    query = query.where(Execution.id < before_id) if before_id is not None else query.offset(offset)
    rows = session.scalars(query.order_by(Execution.id.desc()).limit(limit)).all()
    return ExecutionList(rows=rows, total=total, total_is_estimate=estimated)


def list_executions(
    *,
    session: Session,
    filters: ExecutionFilter | None = None,
    limit: int = 50,
    offset: int = 0,
    before_id: int | None = None,
) -> tuple[Sequence[Execution], int]:
    """Newest first with the exact total (see `list_page` for the estimated one)."""
    page = list_page(
        session=session, filters=filters, limit=limit, offset=offset, before_id=before_id
    )
    return page.rows, page.total


def list_logs(
    *, session: Session, execution_id: int, after: int = 0, limit: int = 1000
) -> Sequence[ExecutionLog]:
    return session.scalars(
        select(ExecutionLog)
        .where(ExecutionLog.execution_id == execution_id, ExecutionLog.seq > after)
        .order_by(ExecutionLog.seq)
        .limit(limit)
    ).all()


def source_runs(*, session: Session, execution_id: int) -> Sequence[SourceRun]:
    return session.scalars(
        select(SourceRun).where(SourceRun.execution_id == execution_id).order_by(SourceRun.id)
    ).all()


@dataclass(frozen=True)
class KeyUse:
    api_key_id: int | None
    alias: str | None
    calls: int
    input_tokens: int
    cached_tokens: int
    output_tokens: int
    cost_usd: Decimal | None


def keys_used(*, session: Session, execution_id: int) -> list[KeyUse]:
    """Which API keys the run's LLM calls went through (never the secret, just the alias)."""
    from newsdesk.llm.models import ApiKey, LlmCall

    rows = session.execute(
        select(
            LlmCall.api_key_id,
            ApiKey.alias,
            func.count(LlmCall.id),
            func.coalesce(func.sum(LlmCall.input_tokens), 0),
            func.coalesce(func.sum(LlmCall.cached_tokens), 0),
            func.coalesce(func.sum(LlmCall.output_tokens), 0),
            func.sum(LlmCall.cost_usd),
            func.count(LlmCall.id).filter(LlmCall.cost_usd.is_(None)),
        )
        .outerjoin(ApiKey, ApiKey.id == LlmCall.api_key_id)
        .where(LlmCall.execution_id == execution_id)
        .group_by(LlmCall.api_key_id, ApiKey.alias)
        .order_by(LlmCall.api_key_id)
    ).all()
    return [
        KeyUse(
            api_key_id=r[0],
            alias=r[1],
            calls=int(r[2]),
            input_tokens=int(r[3]),
            cached_tokens=int(r[4]),
            output_tokens=int(r[5]),
            cost_usd=None if r[7] else (Decimal(str(r[6])) if r[6] is not None else Decimal(0)),
        )
        for r in rows
    ]


def list_articles(
    *, session: Session, execution_id: int, limit: int = 50, offset: int = 0
) -> tuple[Sequence[Any], int]:
    """Articles first found by the run, newest first."""
    from newsdesk.extraction.models import Article

    where = Article.execution_id == execution_id
    total = session.scalar(select(func.count(Article.id)).where(where)) or 0
    rows = session.scalars(
        select(Article).where(where).order_by(Article.id.desc()).limit(limit).offset(offset)
    ).all()
    return rows, total


@dataclass(frozen=True)
class StatusSnapshot:
    id: int
    stage: str
    status: str
    reason: str | None
    progress: dict[str, Any] | None
    total_items: int
    new_items: int
    started_at: datetime | None
    completed_at: datetime | None
    heartbeat_at: datetime | None
    cancel_requested: bool
    last_log_seq: int


def status_snapshot(*, session: Session, execution_id: int) -> StatusSnapshot:
    """The few columns a poller needs, in one indexed lookup."""
    row = session.execute(
        select(
            Execution.id,
            Execution.stage,
            Execution.status,
            Execution.reason,
            Execution.progress,
            Execution.total_items,
            Execution.new_items,
            Execution.started_at,
            Execution.completed_at,
            Execution.heartbeat_at,
            Execution.cancel_requested_at,
            select(func.coalesce(func.max(ExecutionLog.seq), 0))
            .where(ExecutionLog.execution_id == Execution.id)
            .scalar_subquery(),
        ).where(Execution.id == execution_id)
    ).one_or_none()
    if row is None:
        raise ExecutionNotFound(f"execution {execution_id} does not exist")
    last_seq = row[11]
    return StatusSnapshot(
        id=row[0],
        stage=row[1],
        status=row[2],
        reason=row[3],
        progress=row[4],
        total_items=row[5],
        new_items=row[6],
        started_at=row[7],
        completed_at=row[8],
        heartbeat_at=row[9],
        cancel_requested=row[10] is not None,
        last_log_seq=int(last_seq or 0),
    )


def dispatchable() -> Any:
    """Pending runs that a worker could claim now (a queued run whose slot is held waits)."""
    holder = aliased(Execution)
    slot_held = exists().where(holder.concurrency_key == Execution.queued_key)
    return select(Execution.id).where(
        Execution.status == RunStatus.pending.value,
        or_(Execution.queued_key.is_(None), and_(~slot_held)),
    )


def pending_for_dispatch(*, session: Session, limit: int = 100) -> list[int]:
    """Ids of pending runs that a worker could claim now, oldest first."""
    return list(session.scalars(dispatchable().order_by(Execution.id).limit(limit)).all())


def next_queued(*, session: Session, key: str) -> int | None:
    """The oldest queued run waiting for `key`, to submit once the slot frees."""
    return session.scalar(
        select(Execution.id)
        .where(Execution.status == RunStatus.pending.value, Execution.queued_key == key)
        .order_by(Execution.id)
        .limit(1)
    )
