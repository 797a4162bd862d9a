"""Helpers for the sources tests: a factory, row snapshots and audit lookups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk import db
from newsdesk.auth.models import AuditEntry
from newsdesk.settings import Settings
from newsdesk.sources import service as sources_service
from newsdesk.sources.models import Source
from newsdesk.sources.schemas import SourceCreate

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "sources.yml"


def make_source(session: Session, **overrides: Any) -> Source:
    """Create (and flush) a valid source; keyword arguments override its fields."""
    values: dict[str, Any] = {
        "name": "elpais",
        "display_name": "El País",
        "base_url": "https://elpais.com/",
        "language": "es",
        "category": "general",
    }
    values.update(overrides)
    return sources_service.create(session=session, source_in=SourceCreate(**values))


def table_state(settings: Settings) -> list[dict[str, Any]]:
    """Every source row as plain data (timestamps included), to prove nothing changed."""
    with db.session_scope(settings.database_url) as s:
        rows = s.scalars(select(Source).order_by(Source.id)).all()
        return [
            {**sources_service.snapshot(r), "updated_at": r.updated_at, "etag": r.etag}
            for r in rows
        ]


def audit_actions(settings: Settings) -> list[tuple[str, str | None]]:
    """(action, entity_id) of every source audit entry, oldest first."""
    with db.session_scope(settings.database_url) as s:
        rows = s.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "source").order_by(AuditEntry.id)
        ).all()
        return [(r.action, r.entity_id) for r in rows]
