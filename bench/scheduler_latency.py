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


def add_schedules(url: str, count: int, first_after: datetime) -> None:
    with db.session_scope(url) as session:
        for i in range(count):
            service.create(
                session=session,
                schedule_in=ScheduleCreate(
                    name=f"s{i:04d}",
                    cron_expression="* * * * *",
                    timezone="UTC",
                    overlap_policy="allow",  # measure firing, not the concurrency guard
                ),
                clock=FakeClock(first_after),
            )


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", type=int, default=200)
    parser.add_argument("--minutes", type=int, default=2, help="Instants to measure")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-scheduler-"))
    targets = [
        Target("embedded loop (newsdesk serve)", make_database(args.backend, tmp, "embedded"), []),
        Target("newsdesk scheduler (process)", make_database(args.backend, tmp, "process"), []),
        Target("naive once-a-minute poller (peer)", make_database(args.backend, tmp, "naive"), []),
    ]
    first_after = utcnow() + STARTUP_MARGIN
    for target in targets:
        add_schedules(target.url, args.schedules, first_after)
    first = first_after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    last = first + timedelta(minutes=args.minutes - 1)
    expected = args.schedules * args.minutes
    print(
        f"{args.schedules} schedules x {args.minutes} instants ({first:%H:%M}..{last:%H:%M} UTC) "
        f"on {args.backend}; waiting for the minute boundaries...",
        file=sys.stderr,
    )

    stop = threading.Event()
    embedded = SchedulerLoop(targets[0].settings(), name="bench embedded").start()
    env = {
        **os.environ,
        "NEWSDESK_DATABASE_URL": targets[1].url,
        "NEWSDESK_ENCRYPTION_KEY": KEY,
        "NEWSDESK_TIMEZONE": "UTC",
        "NEWSDESK_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "newsdesk"), "scheduler"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    poller = threading.Thread(target=naive_poller, args=(targets[2].settings(), stop), daemon=True)
    poller.start()
    try:
        deadline = last + timedelta(seconds=75)
        while utcnow() < deadline and any(executions(t.url) < expected for t in targets):
            time.sleep(1.0)
        # Stop the drivers before the next boundary adds instants we did not ask for.
    finally:
        stop.set()
        embedded.stop()
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    for target in targets:
        target.delays = [d for d in delays(target.url)][:expected]

    peer = targets[2]
    print()
    print("| driver | executions | p50 delay (s) | p95 delay (s) | max delay (s) | p95 vs peer |")
    print("|---|---:|---:|---:|---:|---:|")
    for target in targets:
        d = target.delays
        ratio = pct(peer.delays, 95) / pct(d, 95) if d and pct(d, 95) > 0 else float("inf")
        print(
            f"| {target.name} | {len(d)}/{expected} | {pct(d, 50):.3f} | {pct(d, 95):.3f} "
            f"| {max(d) if d else float('nan'):.3f} | "
            f"{'1.0x (peer)' if target is peer else f'{ratio:,.0f}x lower'} |"
        )
    print("| naive poller over all phases (uniform) | - | 30.000 | 57.000 | 60.000 | - |")
    for target in targets:
        drop_database(target.url)
    db.dispose_engines()


if __name__ == "__main__":
    main()
