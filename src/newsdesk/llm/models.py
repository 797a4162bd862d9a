"""API keys (encrypted at rest), every LLM call with its usage and cost, and the key canary."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.core.clock import utcnow
from newsdesk.db import Base, BigId, TimestampMixin


class KeyState(enum.StrEnum):
    ok = "ok"
    cooling_down = "cooling_down"
    disabled_invalid = "disabled_invalid"
    disabled_quota = "disabled_quota"
    over_budget = "over_budget"
    undecryptable = "undecryptable"
    disabled = "disabled"


class CallOutcome(enum.StrEnum):
    ok = "ok"
    rate_limited = "rate_limited"  # 429: the key cools down, the call moves to the next key
    quota_exhausted = "quota_exhausted"  # insufficient_quota / 402: key disabled_quota
    auth_error = "auth_error"  # 401/403: key disabled_invalid
    server_error = "server_error"  # 5xx: same key retried with backoff
    unreachable = "unreachable"  # timeout or connection error: same key retried
    rejected = "rejected"  # context length, content policy, bad request: the call fails
    error = "error"


class ApiKey(TimestampMixin, Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(64), default="openai")
    base_url: Mapped[str] = mapped_column(String(512))
    model: Mapped[str] = mapped_column(String(128))
    ciphertext: Mapped[str] = mapped_column(Text)
    hint: Mapped[str] = mapped_column(String(8))
    is_active: Mapped[bool] = mapped_column(default=True)
    use_as_fallback: Mapped[bool] = mapped_column(default=True)
    # Set by the gateway (invalid, quota) until an admin re-enables the key.
    disabled_reason: Mapped[str | None] = mapped_column(String(32))
    usage_count: Mapped[int] = mapped_column(default=0)
    last_used_at: Mapped[datetime | None] = mapped_column(index=True)
    cooldown_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    daily_budget_usd: Mapped[Decimal | None]
    monthly_budget_usd: Mapped[Decimal | None]
    notes: Mapped[str | None] = mapped_column(Text)


class LlmCall(Base):
    """One attempt at the provider; buckets never overlap (input excludes cached)."""

    __tablename__ = "llm_calls"
    __table_args__ = (Index(None, "api_key_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    execution_id: Mapped[int | None] = mapped_column(
        ForeignKey("executions.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str | None] = mapped_column(String(64))
    operation: Mapped[str | None] = mapped_column(String(64))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"))
    requested_model: Mapped[str | None] = mapped_column(String(128))
    model: Mapped[str | None] = mapped_column(String(128))
    input_tokens: Mapped[int] = mapped_column(default=0)
    cached_tokens: Mapped[int] = mapped_column(default=0)
    output_tokens: Mapped[int] = mapped_column(default=0)
    reasoning_tokens: Mapped[int] = mapped_column(default=0)
    # NULL means unknown (model missing from the price table), never 0.
    cost_usd: Mapped[Decimal | None]
    price_version: Mapped[str | None] = mapped_column(String(64))
    latency_ms: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(128))


class AppState(Base):
    """Small named values shared by every process (the encryption canary, ...)."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
