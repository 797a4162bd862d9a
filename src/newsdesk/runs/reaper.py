"""The reaper and the reconciler: keep the database's promises when workers and queues fail.

- Reaper: a running execution whose heartbeat stopped for `reap_after` seconds ends
  failed/worker_lost and frees its concurrency slot.
- Reconciler: a pending execution no worker claimed within `reconcile_after` seconds is
  submitted again (a lost Redis message, a restarted broker). Claims are atomic, so a
  duplicate submission runs nothing twice.

`newsdesk serve` runs both in a thread (`Maintenance`); cron users call `newsdesk reap`.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from newsdesk import db
from newsdesk.runs import service
from newsdesk.settings import Settings

log = logging.getLogger("newsdesk.runs.reaper")


@dataclass(frozen=True)
class PassResult:
    reaped: list[int]
    resubmitted: list[int]


def run_once(settings: Settings, *, executor: object | None = None) -> PassResult:
    """One reaper + reconciler pass; re-submits through `executor` (default: this process's)."""
    from newsdesk.runs import executors

    with db.session_scope(settings.database_url) as session:
        reaped = service.reap(session=session, settings=settings)
    with db.session_scope(settings.database_url) as session:
        again = service.reconcile(session=session, settings=settings)
    target = executor or executors.get_executor(settings)
    for execution_id in again:
        target.submit(execution_id)  # type: ignore[attr-defined]
    if again:
        log.info("re-submitted unclaimed executions %s", again)
    return PassResult(reaped=reaped, resubmitted=again)


class Maintenance:
    """Run `run_once` every few seconds in a daemon thread."""

    def __init__(self, settings: Settings, *, executor: object | None = None) -> None:
        self.settings = settings
        self.executor = executor
        self.interval = max(0.2, min(5.0, settings.reap_after / 4, settings.reconcile_after / 2))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="runs-maintenance", daemon=True)

    def start(self) -> Maintenance:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                run_once(self.settings, executor=self.executor)
            except Exception:
                log.exception("reaper pass failed; trying again in %.1f s", self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
