"""Celery Beat entry for those who run `celery beat` as the seed did.

`register(app)` (called by `newsdesk.runs.celery_app`) adds the task
`newsdesk.fire_due_schedules` and a Beat entry that sends it every `INTERVAL` seconds to
the queue `scheduler`. Some worker must consume that queue, e.g.
`newsdesk worker --queues scheduler,stage.extract_urls`; a dedicated
queue keeps the check from waiting behind an hour-long stage run. Each message expires
after one interval, so a stopped worker does not face a pile of stale checks.

Running Beat beside `newsdesk serve` or `newsdesk scheduler` is safe (exactly-once firing
is the database's job), but Beat adds up to `INTERVAL` seconds of delay: prefer
`newsdesk scheduler` for on-time runs.
"""

from __future__ import annotations

from typing import Any

from newsdesk.scheduling.firing import fire_due
from newsdesk.settings import get_settings

TASK_NAME = "newsdesk.fire_due_schedules"
ENTRY_NAME = "newsdesk-fire-due-schedules"
QUEUE = "scheduler"
INTERVAL = 5.0


def fire_due_schedules() -> dict[str, int]:
    """Fire every due schedule once (the body of the Beat task)."""
    report = fire_due(settings=get_settings())
    return {
        "created": report.created,
        "skipped_overlap": report.skipped_overlap,
        "missed": report.missed,
        "errors": report.errors,
    }


def register(app: Any, *, interval: float = INTERVAL) -> None:
    """Add the task and its Beat entry to the Celery `app`."""
    app.task(name=TASK_NAME, ignore_result=True)(fire_due_schedules)
    entries = dict(app.conf.beat_schedule or {})
    entries[ENTRY_NAME] = {
        "task": TASK_NAME,
        "schedule": interval,
        "options": {"queue": QUEUE, "expires": interval},
    }
    app.conf.beat_schedule = entries
