"""CRON schedules, evaluated in the editor's time zone."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.db import Base, TimestampMixin


class OverlapPolicy(enum.StrEnum):
    skip = "skip"
    queue = "queue"
    allow = "allow"


class MisfirePolicy(enum.StrEnum):
    run_once = "run_once"
    skip = "skip"


class Schedule(TimestampMixin, Base):
    __tablename__ = "schedules"
    __table_args__ = (Index(None, "is_active", "next_run_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    stage: Mapped[str] = mapped_column(String(64), default="extract_urls")
    cron_expression: Mapped[str] = mapped_column(String(128))
    timezone: Mapped[str] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(default=True)
    source_ids: Mapped[list[int] | None]
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"))
    use_fallback: Mapped[bool] = mapped_column(default=True)
    parameters: Mapped[dict[str, Any] | None]
    overlap_policy: Mapped[str] = mapped_column(String(16), default=OverlapPolicy.skip.value)
    misfire_policy: Mapped[str] = mapped_column(String(16), default=MisfirePolicy.run_once.value)
    misfire_grace_seconds: Mapped[int] = mapped_column(default=3600)
    next_run_at: Mapped[datetime | None]
    # When this schedule last created an execution. Its last status and failure streak
    # are derived from its executions when read, so they can never go stale.
    last_run_at: Mapped[datetime | None]
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
