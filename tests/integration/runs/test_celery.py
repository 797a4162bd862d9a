"""The celery executor against the machine's Redis and a real `celery worker` subprocess.

The worker uses Redis databases 11 (broker) and 12 (results), flushed per test, and the
session's PostgreSQL database. Tests that kill the worker start it again afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from newsdesk import db
from newsdesk.runs import executors, reaper, service
from newsdesk.settings import Settings, configure
from newsdesk.sources.models import Source
from tests.conftest import TEST_ENCRYPTION_KEY, make_settings
from tests.integration.runs.conftest import FAST, create, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
BROKER_DB, RESULT_DB = 11, 12
LIMITS = {"task_soft_time_limit": 3, "task_time_limit": 6}
QUEUES = "stage.noop,stage.sleep,stage.hang,stage.stubborn,stage.logs,stage.fail"


class Worker:
    def __init__(self, settings: Settings, log: Path) -> None:
        self.settings = settings
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        s = self.settings
        env.update(
            NEWSDESK_DATABASE_URL=s.database_url,
            NEWSDESK_REDIS_BROKER_URL=s.redis_broker_url,
            NEWSDESK_REDIS_RESULT_BACKEND=s.redis_result_backend,
            NEWSDESK_ENCRYPTION_KEY=TEST_ENCRYPTION_KEY,
            NEWSDESK_EXTRA_STAGES="tests.fixtures.stages",
            NEWSDESK_TIMEZONE=s.timezone,
            PYTHONPATH=str(ROOT),
            **{f"NEWSDESK_{k.upper()}": str(v) for k, v in {**FAST, **LIMITS}.items()},
        )
        return env

    def start(self) -> None:
        self.log.write_text("")
        celery = str(Path(sys.executable).parent / "celery")
        self.process = subprocess.Popen(
            [
                celery,
                "-A",
                "newsdesk.runs.celery_app",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                f"--queues={QUEUES}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"newsdesk-test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while "ready." not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("celery worker did not start:\n" + self.log.read_text())
            time.sleep(0.2)

    def kill(self) -> None:
        """kill -9 the whole worker: main process and its pool children."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def _flush(redis_url: str) -> None:
    for number in (BROKER_DB, RESULT_DB):
        redis.Redis.from_url(f"{redis_url}/{number}").flushdb()


@pytest.fixture(scope="module")
def worker(
    pg_database: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Worker]:
    settings = make_settings(
        pg_database,
        executor="celery",
        redis_broker_url=f"{redis_url}/{BROKER_DB}",
        redis_result_backend=f"{redis_url}/{RESULT_DB}",
        **FAST,
        **LIMITS,
    )
    _flush(redis_url)
    w = Worker(settings, tmp_path_factory.mktemp("celery") / "worker.log")
    w.start()
    yield w
    w.stop()
    _flush(redis_url)


@pytest.fixture
def celery_settings(worker: Worker, pg_url: str, redis_url: str) -> Iterator[Settings]:
    _flush(redis_url)
    if worker.process is None or worker.process.poll() is not None:
        worker.start()
    configure(worker.settings)
    with db.session_scope(pg_url) as s:
        s.add(Source(name="alpha", base_url="https://alpha.example/"))
    yield worker.settings
    configure(None)


def test_a_run_completes_on_a_celery_worker(celery_settings: Settings):
    executor = executors.get_executor(celery_settings)
    assert isinstance(executor, executors.CeleryExecutor)
    execution_id = create(celery_settings, "logs", parameters={"lines": 3, "pause": 0.01})
    executor.submit(execution_id)
    executor.submit(execution_id)  # a duplicate delivery runs nothing twice
    row = wait_for(celery_settings, execution_id)
    assert (row.status, row.total_items) == ("completed", 3)
    assert row.worker and row.worker.startswith("celery:") and row.task_id
    with db.session_scope(celery_settings.database_url) as s:
        from newsdesk.runs import queries

        messages = [x.message for x in queries.list_logs(session=s, execution_id=execution_id)]
    assert "line 3 of 3" in messages


def test_soft_time_limit_fails_the_run_with_timeout(celery_settings: Settings):
    execution_id = create(celery_settings, "hang")
    executors.get_executor(celery_settings).submit(execution_id)
    row = wait_for(celery_settings, execution_id, timeout=20)
    assert (row.status, row.reason) == ("failed", "timeout")


def test_hard_time_limit_kills_a_stage_that_ignores_the_soft_one(celery_settings: Settings):
    execution_id = create(celery_settings, "stubborn")
    executors.get_executor(celery_settings).submit(execution_id)
    row = wait_for(celery_settings, execution_id, timeout=30)
    assert (row.status, row.reason) == ("failed", "timeout")
    # Killed either by the flow's own stop after the soft limit's grace or by Celery's hard limit.
    assert "killed" in (row.error or "")
    assert row.completed_at is not None


def _restart_redis() -> None:
    """Stop the machine's Redis and start it again, empty (it keeps nothing on disk)."""
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False)
    deadline = time.monotonic() + 15
    while subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True).returncode == 0:
        assert time.monotonic() < deadline, "Redis did not stop"
        time.sleep(0.1)
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            "6379",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
    )
    while subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True).returncode:
        assert time.monotonic() < deadline + 15, "Redis did not come back"
        time.sleep(0.1)


def test_runs_pending_across_a_real_redis_restart_are_not_lost(
    celery_settings: Settings, worker: Worker
):
    worker.kill()
    ids = [create(celery_settings, "noop", on_conflict="allow") for _ in range(3)]
    for execution_id in ids:
        executors.get_executor(celery_settings).submit(execution_id)
    _restart_redis()  # the queued messages are gone with it
    worker.start()
    time.sleep(celery_settings.reconcile_after + 0.2)
    result = reaper.run_once(celery_settings)
    assert sorted(result.resubmitted) == sorted(ids)
    for execution_id in ids:
        row = wait_for(celery_settings, execution_id)
        assert row.status == "completed", (row.reason, row.error, worker.log.read_text())


def test_lost_messages_are_resubmitted_by_the_reconciler(
    celery_settings: Settings, worker: Worker, redis_url: str
):
    # Runs pending while the broker loses every message (a Redis restart without
    # persistence): the worker is down, the queue is flushed, then both come back.
    worker.kill()
    ids = [create(celery_settings, "noop", on_conflict="allow") for _ in range(3)]
    for execution_id in ids:
        executors.get_executor(celery_settings).submit(execution_id)
    _flush(redis_url)
    worker.start()
    time.sleep(celery_settings.reconcile_after + 0.2)
    result = reaper.run_once(celery_settings)
    assert sorted(result.resubmitted) == sorted(ids)
    for execution_id in ids:
        row = wait_for(celery_settings, execution_id)
        assert row.status == "completed", (row.reason, row.error, worker.log.read_text())


def test_kill_9_mid_run_ends_worker_lost_and_the_next_run_starts(
    celery_settings: Settings, worker: Worker
):
    embedded = executors.start_embedded(celery_settings)  # the reaper loop of `serve`
    try:
        execution_id = create(celery_settings, "sleep", parameters={"seconds": 30})
        executors.get_executor(celery_settings).submit(execution_id)
        wait_for(celery_settings, execution_id, lambda r: r.status == "running")
        worker.kill()
        killed_at = time.monotonic()
        row = wait_for(celery_settings, execution_id, timeout=celery_settings.reap_after + 10)
        assert (row.status, row.reason) == ("failed", "worker_lost")
        assert time.monotonic() - killed_at < celery_settings.reap_after + 8
        worker.start()
        after = create(celery_settings, "noop")
        executors.get_executor(celery_settings).submit(after)
        assert wait_for(celery_settings, after).status == "completed"
    finally:
        embedded.stop()
    with db.session_scope(celery_settings.database_url) as s:
        assert service.pending_for_dispatch(session=s) == []
