"""The drivers of fire_due: the loop (embedded and `newsdesk scheduler`) and Celery Beat."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from newsdesk import db
from newsdesk.core.clock import utcnow
from newsdesk.runs.models import Execution
from newsdesk.scheduling import beat, loop, service
from newsdesk.scheduling.models import Schedule
from newsdesk.scheduling.schemas import ScheduleCreate
from newsdesk.settings import Settings
from tests.conftest import TEST_ENCRYPTION_KEY
from tests.fixtures.scheduling import OffsetClock

REPO = Path(__file__).resolve().parents[3]


def next_minute() -> datetime:
    now = utcnow()
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


def wait_for_executions(settings: Settings, count: int, timeout: float = 15.0) -> list[Execution]:
    deadline = time.monotonic() + timeout
    while True:
        with db.session_scope(settings.database_url) as session:
            rows = list(session.scalars(select(Execution)))
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


def add(settings: Settings, clock: object, name: str = "every-minute") -> None:
    with db.session_scope(settings.database_url) as session:
        service.create(
            session=session,
            schedule_in=ScheduleCreate(
                name=name, stage="sched_noop", cron_expression="* * * * *", overlap_policy="allow"
            ),
            clock=clock,  # type: ignore[arg-type]
        )


def test_loop_sleeps_until_the_instant_then_fires(sqlite_settings: Settings) -> None:
    target = next_minute()
    clock = OffsetClock(target, lead=0.7)  # the loop's "now" meets a minute boundary soon
    add(sqlite_settings, clock)
    scheduler = loop.SchedulerLoop(sqlite_settings, clock=clock, poll_interval=30).start()
    try:
        (execution,) = wait_for_executions(sqlite_settings, 1)
    finally:
        scheduler.stop()
    assert execution.scheduled_for == target and execution.trigger == "scheduled"
    # It slept until the instant rather than polling: one pass before, one at the instant.
    assert scheduler.passes <= 3 and scheduler.total.created == 1
    assert scheduler._thread is not None and not scheduler._thread.is_alive()


def test_a_committed_change_wakes_the_loop(sqlite_settings: Settings) -> None:
    target = next_minute()
    clock = OffsetClock(target, lead=0.7)
    # Nothing scheduled: without a wake-up it would sleep the whole poll interval (60 s).
    scheduler = loop.SchedulerLoop(sqlite_settings, clock=clock, poll_interval=60).start()
    try:
        time.sleep(0.1)
        add(sqlite_settings, clock)
        rows = wait_for_executions(sqlite_settings, 1, timeout=10)
    finally:
        scheduler.stop()
    assert [r.scheduled_for for r in rows] == [target]


def test_start_embedded_returns_a_stoppable_loop(sqlite_settings: Settings) -> None:
    part = loop.start_embedded(sqlite_settings)
    part.stop()
    assert part._thread is not None and not part._thread.is_alive()


def test_newsdesk_scheduler_fires_and_stops_cleanly(sqlite_settings: Settings) -> None:
    with db.session_scope(sqlite_settings.database_url) as session:
        schedule = service.create(
            session=session,
            schedule_in=ScheduleCreate(
                name="due", stage="sched_noop", cron_expression="* * * * *", timezone="UTC"
            ),
        )
        # Due at the start of this minute: it fires as soon as the process starts.
        schedule.next_run_at = utcnow().replace(second=0, microsecond=0)
    env = {
        **os.environ,
        "NEWSDESK_DATABASE_URL": sqlite_settings.database_url,
        "NEWSDESK_ENCRYPTION_KEY": TEST_ENCRYPTION_KEY,
        "NEWSDESK_TIMEZONE": "UTC",
        "NEWSDESK_EXTRA_STAGES": "tests.fixtures.scheduling",
        "PYTHONPATH": str(REPO),
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "newsdesk"), "scheduler", "--poll", "0.5"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        rows = wait_for_executions(sqlite_settings, 1, timeout=30)
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=30)
    assert len(rows) == 1 and rows[0].status == "pending", err
    assert process.returncode == 0, err
    assert "scheduler stopped:" in err  # the count may miss a pass Ctrl-C interrupted
    assert "Traceback" not in err


def test_beat_entry_is_registered_and_fires(sqlite_settings: Settings) -> None:
    from newsdesk.runs.celery_app import app

    entry = app.conf.beat_schedule[beat.ENTRY_NAME]
    assert entry["task"] == beat.TASK_NAME == "newsdesk.fire_due_schedules"
    assert entry["schedule"] <= 10 and entry["options"]["queue"] == beat.QUEUE
    assert beat.TASK_NAME in app.tasks
    add(sqlite_settings, OffsetClock(next_minute(), lead=0))
    with db.session_scope(sqlite_settings.database_url) as session:
        this_minute = datetime.now(UTC).replace(second=0, microsecond=0)
        session.execute(Schedule.__table__.update().values(next_run_at=this_minute))
    # The task body, as a worker would run it.
    assert app.tasks[beat.TASK_NAME].run()["created"] == 1
