"""The scheduler loop: fire what is due, then sleep until the next due instant.

One loop runs inside `newsdesk serve` (a thread, `start_embedded`) and one is the whole
of `newsdesk scheduler` (the main thread, `run_forever`). The loop does not tick every
minute: it sleeps until the earliest `next_run_at`, so a schedule fires within
milliseconds of its instant. It re-reads the database at least every `poll_interval`
seconds, so schedules made by other processes are seen, and a change committed in this
process wakes it at once. Any number of loops may run against one database: firing is
exactly-once by locks and a unique key (see `firing`).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from newsdesk import db
from newsdesk.core.clock import Clock, system_clock
from newsdesk.scheduling.firing import FireReport, fire_due, next_due_at, subscribe, unsubscribe
from newsdesk.settings import Settings

log = logging.getLogger("newsdesk.scheduling.loop")

POLL_INTERVAL = 2.0
# When something stays due (another scheduler holds its lock, or firing failed), look
# again soon rather than spin.
RETRY_DELAY = 0.25
ERROR_BACKOFF_MAX = 30.0


class SchedulerLoop:
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = system_clock,
        poll_interval: float = POLL_INTERVAL,
        name: str = "scheduler",
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.poll_interval = poll_interval
        self.name = name
        self.passes = 0
        self.total = FireReport()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        self._wake.set()

    def _delay_until_due(self) -> float:
        with db.session_factory(self.settings.database_url)() as session:
            due: datetime | None = next_due_at(session=session)
            session.rollback()
        if due is None:
            return self.poll_interval
        seconds = (due - self.clock.now()).total_seconds()
        if seconds <= 0:
            return RETRY_DELAY
        return min(self.poll_interval, seconds)

    def run_once(self) -> float:
        """Fire what is due; return how long to sleep before the next pass."""
        report = fire_due(settings=self.settings, clock=self.clock)
        self.passes += 1
        self.total.merge(report)
        if report.created or report.missed or report.skipped_overlap or report.errors:
            log.info(
                "%s: %d created, %d skipped (overlap), %d missed, %d errors",
                self.name,
                report.created,
                report.skipped_overlap,
                report.missed,
                report.errors,
            )
        return self._delay_until_due()

    def run(self) -> None:
        """Loop until `stop()` (or KeyboardInterrupt in the main thread)."""
        subscribe(self._wake)
        failures = 0
        try:
            while not self._stopping.is_set():
                try:
                    delay = self.run_once()
                    failures = 0
                except Exception:
                    failures += 1
                    delay = min(ERROR_BACKOFF_MAX, self.poll_interval * 2**failures)
                    log.exception("%s: firing failed; retrying in %.0f s", self.name, delay)
                self._wake.wait(delay)
                self._wake.clear()
        finally:
            unsubscribe(self._wake)

    def start(self) -> SchedulerLoop:
        self._thread = threading.Thread(target=self.run, name=f"newsdesk-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)


def start_embedded(settings: Settings) -> SchedulerLoop:
    """Start the loop `newsdesk serve` runs beside the HTTP server; `stop()` ends it."""
    log.info("scheduler loop started (embedded)")
    return SchedulerLoop(settings, name="embedded scheduler").start()
