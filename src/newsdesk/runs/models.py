"""Executions of stages, their per-source breakdown and their log lines."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.core.clock import utcnow
from newsdesk.db import Base, BigId


class RunStatus(enum.StrEnum):
    pending = "pending"
    running = "running"
    completed = "completed"
    failed = "failed"
    cancelled = "cancelled"
    skipped = "skipped"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES


FINAL_STATUSES = frozenset(
    {RunStatus.completed, RunStatus.failed, RunStatus.cancelled, RunStatus.skipped}
)


class Trigger(enum.StrEnum):
    manual = "manual"
    scheduled = "scheduled"
    retry = "retry"


class Execution(Base):
    __tablename__ = "executions"
    __table_args__ = (
        # A schedule fires once per instant, however many schedulers run.
        UniqueConstraint("schedule_id", "scheduled_for"),
        # Lists are newest first by id; each filter has an (x, id) index so a page of 50
        # out of millions of rows is an index range scan.
        Index(None, "stage", "id"),
        Index(None, "status", "id"),
        Index(None, "trigger", "id"),
        Index(None, "schedule_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    stage: Mapped[str] = mapped_column(String(64))
    trigger: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.pending.value)
    # Reason code for skipped/failed/cancelled: overlap, missed, worker_lost, timeout, ...
    reason: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    # Held while pending/running, NULL once final: a unique index makes "one run of this
    # key at a time" a database guarantee instead of a read-then-insert check.
    concurrency_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    # A queued run (overlap policy "queue") waits for this key: claiming it moves the key
    # into concurrency_key, which the unique index lets only one run hold.
    queued_key: Mapped[str | None] = mapped_column(String(128), index=True)
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedules.id", ondelete="SET NULL"))
    scheduled_for: Mapped[datetime | None]
    retry_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("executions.id", ondelete="SET NULL")
    )
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_by: Mapped[str | None] = mapped_column(String(64))
    source_ids: Mapped[list[int] | None]
    source_names: Mapped[list[str] | None]
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"))
    use_fallback: Mapped[bool] = mapped_column(default=True)
    parameters: Mapped[dict[str, Any] | None]
    run_date: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    duration_ms: Mapped[int | None]
    heartbeat_at: Mapped[datetime | None]
    worker: Mapped[str | None] = mapped_column(String(128))
    task_id: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None]
    cancel_requested_at: Mapped[datetime | None]
    cancelled_by: Mapped[str | None] = mapped_column(String(64))
    progress: Mapped[dict[str, Any] | None]
    warnings: Mapped[list[str] | None]
    total_items: Mapped[int] = mapped_column(default=0)
    new_items: Mapped[int] = mapped_column(default=0)
    input_tokens: Mapped[int] = mapped_column(default=0)
    cached_tokens: Mapped[int] = mapped_column(default=0)
    output_tokens: Mapped[int] = mapped_column(default=0)
    cost_usd: Mapped[Decimal | None]
    # True when some LLM call's model had no price: cost_usd is then a lower bound.
    cost_unknown: Mapped[bool] = mapped_column(default=False)


class SourceRun(Base):
    """One source's outcome within one execution."""

    __tablename__ = "source_runs"
    __table_args__ = (UniqueConstraint("execution_id", "source_id", "source_name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    execution_id: Mapped[int] = mapped_column(ForeignKey("executions.id", ondelete="CASCADE"))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    source_name: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # ok | unchanged | failed
    http_status: Mapped[int | None]
    bytes: Mapped[int] = mapped_column(default=0)
    links_found: Mapped[int] = mapped_column(default=0)
    articles_found: Mapped[int] = mapped_column(default=0)
    new_articles: Mapped[int] = mapped_column(default=0)
    undecided: Mapped[int] = mapped_column(default=0)
    llm_calls: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExecutionLog(Base):
    __tablename__ = "execution_logs"
    __table_args__ = (UniqueConstraint("execution_id", "seq"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    execution_id: Mapped[int] = mapped_column(ForeignKey("executions.id", ondelete="CASCADE"))
    seq: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    level: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
