"""The local executor: worker processes, limits, cancel, crashes, the embedded dispatcher."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from newsdesk.runs import executors
from newsdesk.settings import Settings
from tests.conftest import make_settings
from tests.integration.runs.conftest import FAST, create, load, wait_for


@pytest.fixture
def pool(fast_settings: Settings) -> Iterator[executors.LocalExecutor]:
    executor = executors.LocalExecutor(fast_settings).start()
    yield executor
    executor.stop(timeout=5)


def test_runs_complete_and_failures_are_recorded(
    fast_settings: Settings, pool: executors.LocalExecutor, one_source: int
):
    ok = create(fast_settings, "noop", parameters={"items": 3, "new": 2})
    pool.submit(ok)
    pool.submit(ok)  # a duplicate delivery runs nothing twice
    row = wait_for(fast_settings, ok)
    assert (row.status, row.total_items, row.new_items) == ("completed", 3, 2)
    assert row.worker and row.worker.startswith("local:")

    bad = create(fast_settings, "fail")
    pool.submit(bad)
    row = wait_for(fast_settings, bad)
    assert (row.status, row.reason) == ("failed", "error")
    assert "boom" in (row.error or "")


def test_cancel_of_a_running_stage_is_cooperative(
    fast_settings: Settings, pool: executors.LocalExecutor, one_source: int
):
    from newsdesk import db
    from newsdesk.runs import service

    execution_id = create(fast_settings, "sleep", parameters={"seconds": 30})
    pool.submit(execution_id)
    wait_for(fast_settings, execution_id, lambda r: r.status == "running")
    with db.session_scope(fast_settings.database_url) as s:
        service.request_cancel(session=s, execution_id=execution_id, by="alice")
    row = wait_for(fast_settings, execution_id, timeout=10)
    assert (row.status, row.cancelled_by) == ("cancelled", "alice")
    assert row.concurrency_key is None


def test_a_stage_that_ignores_cancel_is_killed_after_the_grace(
    fast_settings: Settings, pool: executors.LocalExecutor, one_source: int
):
    from newsdesk import db
    from newsdesk.runs import service

    execution_id = create(fast_settings, "hang")
    pool.submit(execution_id)
    wait_for(fast_settings, execution_id, lambda r: r.status == "running")
    with db.session_scope(fast_settings.database_url) as s:
        service.request_cancel(session=s, execution_id=execution_id, by="alice")
    row = wait_for(fast_settings, execution_id, timeout=15)
    assert row.status == "cancelled"
    # The slot is free and a fresh worker process takes the next run.
    after = create(fast_settings, "noop")
    pool.submit(after)
    assert wait_for(fast_settings, after).status == "completed"


def test_worker_killed_mid_run_ends_worker_lost_and_next_run_starts(
    fast_settings: Settings, pool: executors.LocalExecutor, one_source: int
):
    execution_id = create(fast_settings, "sleep", parameters={"seconds": 30})
    pool.submit(execution_id)
    row = wait_for(fast_settings, execution_id, lambda r: r.status == "running")
    pid = int(row.worker.rsplit(":", 1)[1])  # type: ignore[union-attr]
    os.kill(pid, signal.SIGKILL)
    row = wait_for(fast_settings, execution_id, timeout=fast_settings.reap_after + 5)
    assert (row.status, row.reason) == ("failed", "worker_lost")
    after = create(fast_settings, "noop")
    pool.submit(after)
    assert wait_for(fast_settings, after).status == "completed"


@pytest.mark.parametrize("limit", ["soft", "hard"])
def test_time_limits(sqlite_url: str, limit: str):
    from newsdesk.settings import configure

    overrides = dict(FAST, task_soft_time_limit=1, task_time_limit=60)
    stage = "sleep"
    if limit == "hard":
        # A stage that ignores the token, and a grace longer than the hard limit.
        overrides.update(task_time_limit=2, cancel_grace=30)
        stage = "hang"
    settings = make_settings(sqlite_url, **overrides)
    configure(settings)
    executor = executors.LocalExecutor(settings).start()
    try:
        execution_id = create(settings, stage, parameters={"seconds": 30})
        executor.submit(execution_id)
        started = time.monotonic()
        row = wait_for(settings, execution_id, timeout=20)
        assert (row.status, row.reason) == ("failed", "timeout")
        assert ("hard time limit" in (row.error or "")) == (limit == "hard")
        assert time.monotonic() - started < 15
    finally:
        executor.stop(timeout=5)
        configure(None)


def test_embedded_runtime_picks_up_rows_from_other_processes(
    fast_settings: Settings, one_source: int
):
    embedded = executors.start_embedded(fast_settings)
    try:
        # The CLI or the scheduler process only inserts the row (DatabaseOnly submit).
        execution_id = create(fast_settings, "logs", parameters={"lines": 3, "pause": 0.01})
        row = wait_for(fast_settings, execution_id)
        assert row.status == "completed" and row.total_items == 3
        assert load(fast_settings, execution_id).progress["sources_done"] == 3  # type: ignore[index]
        # Longer than reap_after: the heartbeat keeps it alive while the reaper runs.
        long_run = create(fast_settings, "sleep", parameters={"seconds": 3})
        row = wait_for(fast_settings, long_run)
        assert row.status == "completed"
        assert row.heartbeat_at and row.started_at and row.heartbeat_at > row.started_at
        # A queued run waits for the slot and starts when the running one ends.
        first = create(fast_settings, "sleep", parameters={"seconds": 1})
        queued = create(fast_settings, "sleep", parameters={"seconds": 0}, on_conflict="queue")
        a, b = wait_for(fast_settings, first), wait_for(fast_settings, queued)
        assert a.status == b.status == "completed"
        assert b.started_at >= a.completed_at  # type: ignore[operator]
    finally:
        embedded.stop()
