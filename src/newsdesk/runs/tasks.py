"""Celery tasks: `newsdesk.execute_stage(execution_id)` runs one execution via flows.

The task itself is a thin wrapper: claiming makes a redelivered message a no-op. What
the child cannot report (it was killed by the hard time limit, or it died) is recorded
by the worker's main process in `RunRequest`.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from billiard.exceptions import WorkerLostError
from celery.worker.request import Request

from newsdesk import db
from newsdesk.core.errors import InvalidTransition
from newsdesk.runs import flows, service
from newsdesk.runs.celery_app import TASK_NAME, app
from newsdesk.runs.models import RunStatus

log = logging.getLogger("newsdesk.runs.tasks")


def _end(execution_id: int, reason: str, error: str) -> None:
    try:
        with db.session_scope() as session:
            service.finish(
                session=session,
                execution_id=execution_id,
                status=RunStatus.failed,
                reason=reason,
                error=error,
            )
            service.append_log(
                session=session, execution_id=execution_id, level="ERROR", message=error
            )
    except InvalidTransition:
        pass  # it ended already (or never started: then it stays pending)
    except Exception:
        log.exception("could not record the end of execution %s", execution_id)


class RunRequest(Request):
    """Runs in the worker's main process, where a killed child can still be accounted for."""

    def on_timeout(self, soft: bool, timeout: float) -> None:
        super().on_timeout(soft, timeout)
        if not soft and self.args:
            _end(
                int(self.args[0]),
                "timeout",
                f"hard time limit of {timeout} s exceeded; the task was killed",
            )

    def on_failure(
        self, exc_info: Any, send_failed_event: bool = True, return_ok: bool = False
    ) -> None:
        super().on_failure(exc_info, send_failed_event=send_failed_event, return_ok=return_ok)
        if isinstance(exc_info.exception, WorkerLostError) and self.args:
            _end(int(self.args[0]), "worker_lost", f"the worker process died: {exc_info.exception}")


@app.task(name=TASK_NAME, bind=True, Request=RunRequest)
def execute_stage(self: Any, execution_id: int) -> str | None:
    """Run execution `execution_id` (no-op when another delivery already claimed it)."""
    return flows.execute(execution_id, worker=flows.worker_id("celery:"), hard_stop=os._exit)
