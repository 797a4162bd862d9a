"""News sources an editor configured."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.db import Base, TimestampMixin


class SourceKind(enum.StrEnum):
    html = "html"
    rss = "rss"
    sitemap = "sitemap"


class Source(TimestampMixin, Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    # Nullable: sources imported from old data may lack these; nothing may crash on it.
    base_url: Mapped[str | None] = mapped_column(String(2048))
    kind: Mapped[str] = mapped_column(String(16), default=SourceKind.html.value)
    feed_url: Mapped[str | None] = mapped_column(String(2048))
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    category: Mapped[str | None] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(default=True, index=True)
    render_js: Mapped[bool] = mapped_column(default=False)
    respect_robots: Mapped[bool] = mapped_column(default=True)
    # {"include": [regex, ...], "exclude": [regex, ...]} applied by stage 01 before global rules.
    rules: Mapped[dict[str, Any] | None]
    notes: Mapped[str | None] = mapped_column(Text)
    # Conditional GET state of the home page, kept between runs.
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    last_fetched_at: Mapped[datetime | None]
