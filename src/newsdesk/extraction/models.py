"""Articles found by stage 01: each canonical URL stored once."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.core.clock import utcnow
from newsdesk.db import Base, BigId


class DecidedBy(enum.StrEnum):
    rule = "rule"
    feed = "feed"
    llm = "llm"


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(64), index=True)
    decided_by: Mapped[str] = mapped_column(String(16))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    run_date: Mapped[date] = mapped_column(index=True)
    execution_id: Mapped[int | None] = mapped_column(
        ForeignKey("executions.id", ondelete="SET NULL"), index=True
    )


class RejectedLink(Base):
    """A link the LLM judged not to be an article, remembered so no later run asks again.

    Rules are free and deterministic, so only the LLM's "no" is kept here; together with
    the articles table it makes a re-run over unchanged pages call the LLM for nothing.
    """

    __tablename__ = "rejected_links"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), index=True
    )
    decided_by: Mapped[str] = mapped_column(String(16), default=DecidedBy.llm.value)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
