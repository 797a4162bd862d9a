"""Read side: list totals (exact or estimated), filters by time, the status snapshot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from newsdesk import db
from newsdesk.core.clock import FakeClock
from newsdesk.runs import queries, service
from newsdesk.runs.models import Trigger
from newsdesk.settings import Settings


def _make(settings: Settings, n: int, clock: FakeClock | None = None) -> list[int]:
    ids = []
    with db.session_scope(settings.database_url) as s:
        for _ in range(n):
            row = service.create_execution(
                session=s, stage="noop", trigger=Trigger.manual, on_conflict="allow", clock=clock
            )
            ids.append(row.id)
            if clock:
                clock.advance(60)
    return ids


def test_small_totals_are_exact(settings: Settings, sources: list[int]):
    _make(settings, 3)
    with db.session_scope(settings.database_url) as s:
        page = queries.list_page(session=s, limit=2, allow_estimate=True)
        assert (page.total, page.total_is_estimate, len(page.rows)) == (3, False, 2)


def test_huge_totals_are_estimated_on_postgresql(
    settings: Settings, sources: list[int], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(queries, "EXACT_COUNT_UP_TO", 2)
    _make(settings, 6)
    if not settings.is_sqlite:
        with db.get_engine(settings.database_url).connect() as conn:
            conn.execute(text("ANALYZE executions"))
            conn.commit()
    with db.session_scope(settings.database_url) as s:
        total, estimated = queries.count_executions(session=s, allow_estimate=True)
        exact, _ = queries.count_executions(session=s)
    assert exact == 6
    # SQLite always counts; PostgreSQL trusts its planner above the threshold.
    assert estimated is (not settings.is_sqlite)
    assert total > 2


def test_time_window_filter(settings: Settings, sources: list[int]):
    clock = FakeClock()
    start = clock.now()
    ids = _make(settings, 4, clock)
    window = queries.ExecutionFilter(
        created_from=start + timedelta(seconds=30), created_to=start + timedelta(seconds=150)
    )
    with db.session_scope(settings.database_url) as s:
        rows, total = queries.list_executions(session=s, filters=window)
    assert [r.id for r in rows] == [ids[2], ids[1]] and total == 2


def test_status_snapshot_reports_last_log_seq(settings: Settings, sources: list[int]):
    (execution_id,) = _make(settings, 1)
    with db.session_scope(settings.database_url) as s:
        service.append_log(session=s, execution_id=execution_id, level="INFO", message="x")
        service.append_log(session=s, execution_id=execution_id, level="INFO", message="y")
    with db.session_scope(settings.database_url) as s:
        snap = queries.status_snapshot(session=s, execution_id=execution_id)
    assert (snap.status, snap.last_log_seq, snap.cancel_requested) == ("pending", 2, False)
