"""Four scheduler processes, 50 schedules due every minute, one simulated hour (PostgreSQL).

The processes share one clock (a multiprocessing.Value the test moves a minute at a time)
and race on every instant: each instant must produce exactly one execution.
"""

from __future__ import annotations

import multiprocessing
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from newsdesk import db
from newsdesk.core.clock import FakeClock
from newsdesk.runs.models import Execution
from newsdesk.scheduling import service
from newsdesk.scheduling.schemas import ScheduleCreate
from tests.conftest import TEST_ENCRYPTION_KEY
from tests.fixtures.scheduling import register_noop_stage, scheduler_process

PROCESSES = 4
SCHEDULES = 50
MINUTES = 60
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _wait(condition, what: str, workers: list, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        if not all(w.is_alive() for w in workers):
            pytest.fail(f"a scheduler process died while waiting for {what}")
        time.sleep(0.01)


def test_each_instant_fires_exactly_once_across_four_processes(pg_url: str) -> None:
    register_noop_stage()
    with db.session_scope(pg_url) as session:
        for i in range(SCHEDULES):
            service.create(
                session=session,
                schedule_in=ScheduleCreate(
                    name=f"s{i:02d}",
                    stage="sched_noop",
                    cron_expression="* * * * *",
                    timezone="UTC",
                    # Half may overlap freely; the other half skip while a run is pending.
                    overlap_policy="allow" if i % 2 else "skip",
                ),
                clock=FakeClock(START - timedelta(seconds=30)),
            )
    db.dispose_engines()

    ctx = multiprocessing.get_context("spawn")
    shared_now = ctx.Value("d", (START - timedelta(seconds=30)).timestamp(), lock=False)
    passes = ctx.Array("i", PROCESSES)
    stop = ctx.Event()
    results = ctx.Queue()
    workers = [
        ctx.Process(
            target=scheduler_process,
            args=(pg_url, TEST_ENCRYPTION_KEY, shared_now, passes, i, stop, results),
        )
        for i in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    try:
        _wait(lambda: all(passes[:]), "the scheduler processes to start", workers)
        for minute in range(MINUTES):
            seen = list(passes[:])
            shared_now.value = (START + timedelta(minutes=minute, seconds=0.5)).timestamp()
            # Every process makes two full passes at this instant: all of them raced.
            _wait(
                lambda seen=seen: all(p >= s + 2 for p, s in zip(passes[:], seen, strict=True)),
                f"minute {minute}",
                workers,
            )
        stop.set()
        totals = [results.get(timeout=60) for _ in workers]
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()

    with db.session_scope(pg_url) as session:
        rows = session.execute(
            select(Execution.schedule_id, Execution.scheduled_for, func.count()).group_by(
                Execution.schedule_id, Execution.scheduled_for
            )
        ).all()
        statuses = dict(
            session.execute(select(Execution.status, func.count()).group_by(Execution.status))
            .tuples()
            .all()
        )
        missed = session.scalar(select(func.count()).where(Execution.reason == "missed"))
    expected = {
        (sid, START + timedelta(minutes=m))
        for sid in range(1, SCHEDULES + 1)
        for m in range(MINUTES)
    }
    assert {(sid, at) for sid, at, _ in rows} == expected
    assert all(count == 1 for _, _, count in rows)
    assert missed == 0
    assert sum(statuses.values()) == SCHEDULES * MINUTES
    created = sum(t[1] for t in totals)
    skipped = sum(t[2] for t in totals)
    assert created + skipped == SCHEDULES * MINUTES
    assert sum(1 for t in totals if t[1] + t[2] > 0) >= 2, "only one process ever fired"
