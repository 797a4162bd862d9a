"""Pydantic shapes of executions: what the API accepts and returns."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from newsdesk.core.schemas import ORMModel
from newsdesk.runs.models import RunStatus, Trigger


class ExecutionCreate(BaseModel):
    stage: str = Field(default="extract_urls", min_length=1, max_length=64)
    source_ids: list[int] | None = Field(
        default=None, description="Sources to run; none (and no names) = every active source"
    )
    source_names: list[str] | None = None
    api_key_id: int | None = Field(default=None, description="Pin one key; null = rotation")
    use_fallback: bool = True
    parameters: dict[str, Any] = Field(default_factory=dict)


class ExecutionRead(ORMModel):
    id: int
    stage: str
    trigger: Trigger
    status: RunStatus
    reason: str | None = None
    error: str | None = None
    schedule_id: int | None = None
    scheduled_for: datetime | None = None
    retry_of_id: int | None = None
    created_by: str | None = None
    source_ids: list[int] | None = None
    source_names: list[str] | None = None
    api_key_id: int | None = None
    use_fallback: bool = True
    parameters: dict[str, Any] | None = None
    run_date: date
    created_at: datetime
    started_at: datetime | None = None
    completed_at: datetime | None = None
    heartbeat_at: datetime | None = None
    duration_ms: int | None = None
    worker: str | None = None
    cancel_requested_at: datetime | None = None
    cancelled_by: str | None = None
    progress: dict[str, Any] | None = None
    warnings: list[str] | None = None
    total_items: int = 0
    new_items: int = 0
    input_tokens: int = 0
    cached_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Decimal | None = None
    cost_unknown: bool = False


class ExecutionPage(BaseModel):
    items: list[ExecutionRead]
    total: int
    total_is_estimate: bool = Field(
        default=False,
        description="True when over 10,000 rows match: `total` is then PostgreSQL's estimate",
    )
    limit: int
    offset: int
    next_cursor: int | None = Field(
        default=None, description="Pass as `cursor` for the next (older) page"
    )


class SourceRunRead(ORMModel):
    source_id: int | None = None
    source_name: str
    status: str
    http_status: int | None = None
    bytes: int = 0
    links_found: int = 0
    articles_found: int = 0
    new_articles: int = 0
    undecided: int = 0
    llm_calls: int = 0
    error: str | None = None
    duration_ms: int = 0


class KeyUseRead(ORMModel):
    api_key_id: int | None = None
    alias: str | None = None
    calls: int
    input_tokens: int
    cached_tokens: int
    output_tokens: int
    cost_usd: Decimal | None = None


class ExecutionDetail(ExecutionRead):
    sources: list[SourceRunRead] = Field(default_factory=list)
    keys: list[KeyUseRead] = Field(default_factory=list)


class ExecutionStatus(ORMModel):
    id: int
    stage: str
    status: RunStatus
    reason: str | None = None
    progress: dict[str, Any] | None = None
    total_items: int = 0
    new_items: int = 0
    started_at: datetime | None = None
    completed_at: datetime | None = None
    heartbeat_at: datetime | None = None
    cancel_requested: bool = False
    last_log_seq: int = 0
    is_final: bool = False


class LogLine(ORMModel):
    seq: int
    at: datetime
    level: str
    message: str


class LogPage(BaseModel):
    items: list[LogLine]
    next_after: int = Field(description="Pass as `after` to get only newer lines")


class ArticleRead(ORMModel):
    id: int
    url: str
    title: str | None = None
    category: str | None = None
    decided_by: str
    source_id: int | None = None
    first_seen_at: datetime
    run_date: date
