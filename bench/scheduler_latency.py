"""Scheduler latency: how long after its instant a due schedule's execution is created.

Three drivers of the same `fire_due`, each on its own database, measured in one window
of real time (every schedule is `* * * * *`, so each minute boundary is one instant for
all of them):

- the embedded loop of `newsdesk serve` (a thread here: `SchedulerLoop`),
- `newsdesk scheduler` (a separate process),
- the peer: a naive once-a-minute poller (the seed's Beat design: check every 60 s,
  whenever the check happens to run), calling the same `fire_due`.

Delay = executions.created_at - executions.scheduled_for. Target: p95 < 1 s for the
first two. The naive poller's delay depends on its phase (when it started relative to
the minute): measured here for one phase, and over all phases it is uniform in [0, 60) s.

    .venv/bin/python -m bench.scheduler_latency [--schedules 200] [--minutes 2]
        [--backend sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import create_engine, func, select, text

from newsdesk import db
from newsdesk.core.clock import FakeClock, utcnow
from newsdesk.runs.models import Execution
from newsdesk.scheduling import service
from newsdesk.scheduling.loop import SchedulerLoop
from newsdesk.scheduling.schemas import ScheduleCreate
from newsdesk.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
KEY = Fernet.generate_key().decode()
STARTUP_MARGIN = timedelta(seconds=12)  # instants before this are skipped: start-up is not latency


@dataclass
class Target:
    name: str
    url: str
    delays: list[float]

    def settings(self) -> Settings:
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=self.url,
            encryption_key=KEY,
            timezone="UTC",
            embedded_scheduler=False,
        )


def make_database(backend: str, tmp: Path, name: str) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{tmp / name}.db"
    else:
        db_name = f"bench_sched_{name}_{uuid.uuid4().hex[:6]}"
        admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{db_name}"'))
        admin.dispose()
        url = f"{PG}/{db_name}"
    db.upgrade(url)
    return url


def drop_database(url: str) -> None:
    if url.startswith("postgresql"):
        admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
        admin.dispose()


def add_schedules(url: str, count: int, first_after: datetime, prefix: str = "s") -> datetime:
    """Add `count` every-minute schedules; return their first instant."""
    with db.session_scope(url) as session:
        for i in range(count):
            service.create(
                session=session,
                schedule_in=ScheduleCreate(
                    name=f"{prefix}{i:04d}",
                    cron_expression="* * * * *",
                    timezone="UTC",
                    overlap_policy="allow",  # measure firing, not the concurrency guard
                ),
                clock=FakeClock(first_after),
            )
    return first_after.replace(second=0, microsecond=0) + timedelta(minutes=1)


def executions(url: str) -> int:
    with db.session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(Execution)) or 0


def delays(url: str) -> list[float]:
    with db.session_scope(url) as session:
        rows = session.execute(select(Execution.scheduled_for, Execution.created_at)).all()
    return sorted((created - due).total_seconds() for due, created in rows)


def naive_poller(settings: Settings, stop: threading.Event) -> None:
    """The peer: check once a minute, from whenever it started."""
    while not stop.is_set():
        service.fire_due(settings=settings)
        stop.wait(60.0)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]
        if p < 100
        else max(values)
    )


def wait_for(url: str, count: int, until: datetime) -> None:
    while executions(url) < count and utcnow() < until:
        time.sleep(0.5)


def run_embedded(target: Target, schedules: int, minutes: int) -> None:
    first = add_schedules(target.url, schedules, utcnow() + STARTUP_MARGIN)
    loop = SchedulerLoop(target.settings(), name="bench embedded").start()
    try:
        wait_for(target.url, schedules * minutes, first + timedelta(minutes=minutes, seconds=30))
    finally:
        loop.stop()


def run_process(target: Target, schedules: int, minutes: int) -> None:
    first = add_schedules(target.url, schedules, utcnow() + STARTUP_MARGIN)
    env = {
        **os.environ,
        "NEWSDESK_DATABASE_URL": target.url,
        "NEWSDESK_ENCRYPTION_KEY": KEY,
        "NEWSDESK_TIMEZONE": "UTC",
        "NEWSDESK_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "newsdesk"), "scheduler"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(target.url, schedules * minutes, first + timedelta(minutes=minutes, seconds=30))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def firing_rate(url: str, schedules: int) -> float:
    """Firings per second on this machine now: one fire_due over `schedules` due ones."""
    # Their first instant is the start of this minute: all due at once.
    add_schedules(url, schedules, utcnow() - timedelta(minutes=1), prefix="rate")
    settings = Target("rate", url, []).settings()
    started = time.perf_counter()
    report = service.fire_due(settings=settings, submit=False)
    return report.created / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", type=int, default=200)
    parser.add_argument("--minutes", type=int, default=2, help="Instants to measure per driver")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    n, m = args.schedules, args.minutes

    tmp = Path(tempfile.mkdtemp(prefix="bench-scheduler-"))
    targets = [
        Target("embedded loop (newsdesk serve)", make_database(args.backend, tmp, "embedded"), []),
        Target("newsdesk scheduler (process)", make_database(args.backend, tmp, "process"), []),
        Target("naive once-a-minute poller (peer)", make_database(args.backend, tmp, "naive"), []),
    ]
    print(f"{n} schedules, {m} instants per driver, {args.backend}", file=sys.stderr)
    # The peer runs through the whole window on its own database; it is idle but for one
    # check a minute, so it does not disturb the two drivers measured one after the other.
    stop = threading.Event()
    peer = targets[2]
    add_schedules(peer.url, n, utcnow() + STARTUP_MARGIN)
    poller = threading.Thread(target=naive_poller, args=(peer.settings(), stop), daemon=True)
    poller.start()
    load = os.getloadavg()[0]
    try:
        print("embedded loop...", file=sys.stderr)
        run_embedded(targets[0], n, m)
        print("newsdesk scheduler...", file=sys.stderr)
        run_process(targets[1], n, m)
        wait_for(peer.url, n * m, utcnow() + timedelta(seconds=75))
    finally:
        stop.set()
    load = max(load, os.getloadavg()[0])
    for target in targets:
        target.delays = delays(target.url)[: n * m]
    rate = firing_rate(targets[0].url, n)

    print()
    print(f"{n} schedules due at each instant, {m} instants per driver, {args.backend}; ")
    print(f"firing rate {rate:,.0f} schedules/s in one fire_due; load average {load:.1f}")
    print()
    print("| driver | executions | p50 delay (s) | p95 delay (s) | max delay (s) | p95 vs peer |")
    print("|---|---:|---:|---:|---:|---:|")
    for target in targets:
        d = target.delays
        ratio = pct(peer.delays, 95) / pct(d, 95) if d and pct(d, 95) > 0 else float("inf")
        vs = "1x (peer)" if target is peer else f"{ratio:,.0f}x lower"
        print(
            f"| {target.name} | {len(d)}/{n * m} | {pct(d, 50):.3f} | {pct(d, 95):.3f} "
            f"| {max(d) if d else float('nan'):.3f} | {vs} |"
        )
    print("| naive poller, any phase (uniform in [0, 60) s) | - | 30.000 | 57.000 | 60.000 | - |")
    for target in targets:
        drop_database(target.url)
    db.dispose_engines()


if __name__ == "__main__":
    main()
