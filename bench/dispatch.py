"""Dispatch overhead: no-op stage runs end to end (trigger -> completed) per second.

Compares newsdesk's `local` executor and `celery` executor against plain Celery no-op
tasks on the same Redis and the same worker processes (concurrency 2), in one script.
A newsdesk run is: insert the pending row, submit, claim (conditional UPDATE), resolve
its sources, bind the LLM gateway, start the monitor thread, run the no-op stage, finish
(counts, usage sums, per-source rows, log lines). The plain task is a bare function call
with a result in Redis: the ratio is what the bookkeeping costs per run.

    .venv/bin/python -m bench.dispatch [--runs 200] [--plain 500]

Needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379 (databases 13 and 14).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, func, select, text

from newsdesk import db
from newsdesk.runs import executors, service
from newsdesk.runs.models import Execution, RunStatus, Trigger
from newsdesk.settings import Settings, configure

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
BROKER, BACKEND = "redis://127.0.0.1:6379/13", "redis://127.0.0.1:6379/14"
KEY = Fernet.generate_key().decode()


def _settings(url: str, executor: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url,
        executor=executor,  # type: ignore[arg-type]
        redis_broker_url=BROKER,
        redis_result_backend=BACKEND,
        encryption_key=KEY,
        local_workers=2,
        embedded_scheduler=False,
        log_level="WARNING",
    )


def _wait_all(url: str, ids: list[int], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    with db.get_engine(url).connect() as conn:
        while True:
            done = conn.execute(
                select(func.count())
                .select_from(Execution)
                .where(Execution.id.in_(ids), Execution.status == RunStatus.completed.value)
            ).scalar_one()
            conn.commit()
            if done == len(ids):
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"only {done}/{len(ids)} runs completed")
            time.sleep(0.01)


def _trigger(settings: Settings, n: int, submit: object) -> float:
    """Create and submit n no-op runs; return runs per second until all completed."""
    start = time.perf_counter()
    ids = []
    for _ in range(n):
        with db.session_scope(settings.database_url) as s:
            row = service.create_execution(
                session=s,
                stage="noop",
                trigger=Trigger.manual,
                on_conflict="allow",
                settings=settings,
            )
            ids.append(row.id)
        submit.submit(row.id)  # type: ignore[attr-defined]
    _wait_all(settings.database_url, ids)
    return n / (time.perf_counter() - start)


def _start_worker(url: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        NEWSDESK_DATABASE_URL=url,
        NEWSDESK_REDIS_BROKER_URL=BROKER,
        NEWSDESK_REDIS_RESULT_BACKEND=BACKEND,
        NEWSDESK_ENCRYPTION_KEY=KEY,
        NEWSDESK_EXTRA_STAGES="tests.fixtures.stages",
        NEWSDESK_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    celery = str(Path(sys.executable).parent / "celery")
    proc = subprocess.Popen(
        [
            celery,
            "-A",
            "newsdesk.runs.celery_app",
            "worker",
            "-I",
            "bench.celery_noop",
            "--loglevel=INFO",
            "--concurrency=2",
            "--queues=stage.noop,bench",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            "bench@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("celery worker did not start:\n" + log.read_text())
        time.sleep(0.2)
    return proc


def _plain_celery(n: int) -> float:
    from bench.celery_noop import noop

    start = time.perf_counter()
    results = [noop.apply_async(queue="bench") for _ in range(n)]
    for r in results:
        r.get(timeout=120)
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--plain", type=int, default=500)
    args = parser.parse_args()

    import tests.fixtures.stages  # noqa: F401  (the no-op stage)

    name = f"newsdesk_bench_dispatch_{os.getpid()}"
    admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{PG}/{name}"
    worker = None
    for number in (13, 14):
        redis.Redis.from_url(f"redis://127.0.0.1:6379/{number}").flushdb()
    try:
        db.upgrade(url)
        rows: list[tuple[str, float]] = []

        local = _settings(url, "local")
        configure(local)
        pool = executors.LocalExecutor(local).start()
        _trigger(local, 10, pool)  # warm-up: the pool's processes are ready
        rows.append(("newsdesk local executor (2 processes)", _trigger(local, args.runs, pool)))
        pool.stop()

        with tempfile.TemporaryDirectory() as tmp:
            worker = _start_worker(url, Path(tmp) / "worker.log")
            dist = _settings(url, "celery")
            configure(dist)
            celery_exec = executors.get_executor(dist)
            _trigger(dist, 10, celery_exec)
            _plain_celery(20)
            rows.append(
                ("newsdesk celery executor (prefork 2)", _trigger(dist, args.runs, celery_exec))
            )
            rows.append(("plain Celery no-op task (prefork 2)", _plain_celery(args.plain)))
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
            worker = None
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGKILL)
        configure(None)
        db.dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    plain = rows[-1][1]
    print(
        f"\nDispatch overhead, no-op runs trigger -> completed ({args.runs} runs, "
        f"{args.plain} plain tasks; PostgreSQL + Redis on this machine)\n"
    )
    print(f"| {'executor':<40} | {'runs/s':>8} | {'vs plain Celery':>15} |")
    print(f"|{'-' * 42}|{'-' * 10}|{'-' * 17}|")
    for label, rate in rows:
        print(f"| {label:<40} | {rate:>8.1f} | {rate / plain:>14.2f}x |")


if __name__ == "__main__":
    main()
