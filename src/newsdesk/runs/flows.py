"""The one place that runs a stage: claim -> context -> stage.run -> finish.

Both executors call `execute(execution_id)` inside a worker process (a local pool process
or a Celery prefork child). A monitor thread beside the stage flushes its log lines and
progress to the database, writes the heartbeat, turns a cancel request or the soft time
limit into the cancel token, and, when the stage ignores the token for `cancel_grace`
seconds, records the end itself and hard-stops the process (`hard_stop`).
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from newsdesk import db, stages
from newsdesk.core.clock import utcnow
from newsdesk.core.errors import InvalidTransition
from newsdesk.runs import service
from newsdesk.runs.models import RunStatus
from newsdesk.settings import Settings, get_settings

log = logging.getLogger("newsdesk.runs.flows")

EXTRA_STAGES_ENV = "NEWSDESK_EXTRA_STAGES"


def worker_id(prefix: str = "") -> str:
    return f"{prefix}{socket.gethostname()}:{os.getpid()}"


def import_stage_modules(modules: list[str] | None = None) -> None:
    """Import modules that register stages: `modules` plus $NEWSDESK_EXTRA_STAGES (comma list)."""
    names = list(modules or [])
    names += [m.strip() for m in os.environ.get(EXTRA_STAGES_ENV, "").split(",") if m.strip()]
    for name in names:
        importlib.import_module(name)


def preload() -> None:
    """Import the stages and the LLM gateway now, not inside a run's time limit.

    A Celery parent calls this before forking its children, a pool process before taking
    work: the first run of a fresh process must not spend seconds importing the SDKs.
    """
    stages.names()
    importlib.import_module("newsdesk.llm.gateway")


def registered_stage_modules() -> list[str]:
    """Modules whose import registered the current stages (handed to spawned workers)."""
    return sorted({type(stages.get(name)).__module__ for name in stages.names()})


@dataclass(frozen=True)
class Claimed:
    id: int
    stage: str
    run_date: date
    source_ids: list[int]
    api_key_id: int | None
    use_fallback: bool
    parameters: dict[str, Any]
    concurrency_key: str | None


@dataclass
class Monitor:
    """Carries the stage's reports to the database and watches for stop signals."""

    execution_id: int
    settings: Settings
    deadline: float
    hard_stop: Callable[[int], None] | None = None
    cancel: stages.CancelToken = field(default_factory=stages.CancelToken)

    def __post_init__(self) -> None:
        self._lines: list[tuple[Any, str, str]] = []
        self._progress: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"monitor-{self.execution_id}", daemon=True
        )
        self._cancel_seen: float | None = None

    # The stage's callbacks: cheap, in memory; the monitor thread writes them out.
    def log(self, level: str, message: str) -> None:
        with self._lock:
            self._lines.append((utcnow(), level, message))

    def progress(self, progress: stages.Progress) -> None:
        with self._lock:
            self._progress = asdict(progress)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.flush()

    def flush(self) -> None:
        with self._lock:
            lines, self._lines = self._lines, []
            progress, self._progress = self._progress, None
        if not lines and progress is None:
            return
        with db.session_scope() as session:
            if lines:
                service.append_logs(session=session, execution_id=self.execution_id, lines=lines)
            if progress is not None:
                service.set_progress(
                    session=session, execution_id=self.execution_id, progress=progress
                )

    def _run(self) -> None:
        tick = min(0.5, self.settings.heartbeat_interval)
        next_beat = time.monotonic() + self.settings.heartbeat_interval
        while not self._stop.wait(tick):
            try:
                self.flush()
                now = time.monotonic()
                if now >= self.deadline and not self.cancel.is_set():
                    self.cancel.set("timeout")
                    self.log(
                        "ERROR",
                        f"soft time limit of {self.settings.task_soft_time_limit} s reached; "
                        "asking the stage to stop",
                    )
                with db.session_scope() as session:
                    if now >= next_beat:
                        next_beat = now + self.settings.heartbeat_interval
                        reply = service.heartbeat(session=session, execution_id=self.execution_id)
                        if not reply.running:
                            self.cancel.set("lost")  # reaped or killed: stop wasting work
                        asked = reply.cancel_requested
                    else:
                        asked = service.cancel_requested(session, self.execution_id)
                if asked and not self.cancel.is_set():
                    self.cancel.set("cancelled")
                    self.log("WARNING", "cancel requested; stopping at the next checkpoint")
                if self.cancel.is_set():
                    self._cancel_seen = self._cancel_seen or now
                    if now - self._cancel_seen > self.settings.cancel_grace + tick:
                        self._force_stop()
            except Exception:  # a database hiccup must not kill the monitor
                log.exception("monitor of execution %s", self.execution_id)

    def _force_stop(self) -> None:
        if self.hard_stop is None:
            return
        reason = self.cancel.reason or "cancelled"
        grace = self.settings.cancel_grace
        self.log("ERROR", f"the stage ignored the stop request for {grace:g} s; killing it")
        self.flush()
        try:
            with db.session_scope() as session:
                if reason == "timeout":
                    service.finish(
                        session=session,
                        execution_id=self.execution_id,
                        status=RunStatus.failed,
                        reason="timeout",
                        error="soft time limit reached and the stage did not stop; killed",
                    )
                elif reason == "cancelled":
                    service.finish(
                        session=session,
                        execution_id=self.execution_id,
                        status=RunStatus.cancelled,
                        reason="cancelled",
                        error=f"killed after a {grace:g} s grace period",
                    )
        except InvalidTransition:
            pass
        self.hard_stop(1)


def _claim(execution_id: int, worker: str) -> Claimed | None:
    with db.session_scope() as session:
        row = service.claim(session=session, execution_id=execution_id, worker=worker)
        if row is None:
            return None
        return Claimed(
            id=row.id,
            stage=row.stage,
            run_date=row.run_date,
            source_ids=list(row.source_ids or []),
            api_key_id=row.api_key_id,
            use_fallback=row.use_fallback,
            parameters=dict(row.parameters or {}),
            concurrency_key=row.concurrency_key,
        )


def _source_specs(source_ids: list[int]) -> list[stages.SourceSpec]:
    if not source_ids:
        return []
    from newsdesk.sources import service as sources_service

    with db.session_scope() as session:
        found = sources_service.resolve(
            session=session, source_ids=source_ids, source_names=None, active_only=False
        )
        return [sources_service.to_spec(s) for s in found]


def _llm_client(run: Claimed, settings: Settings, monitor: Monitor) -> stages.LlmClient | None:
    """The gateway bound to this run's key choice and meter (None: no usable key at all)."""
    from newsdesk.llm import gateway

    return gateway.for_execution(
        execution_id=run.id,
        stage=run.stage,
        api_key_id=run.api_key_id,
        use_fallback=run.use_fallback,
        settings=settings,
        log=monitor.log,
    )


def execute(
    execution_id: int,
    *,
    settings: Settings | None = None,
    worker: str | None = None,
    hard_stop: Callable[[int], None] | None = None,
    submit_next: bool = True,
) -> str | None:
    """Run one execution to its end; None when it was not ours to run (claimed elsewhere).

    Never raises for a stage's failure: the run ends failed with the error recorded.
    """
    settings = settings or get_settings()
    worker = worker or worker_id()
    run = _claim(execution_id, worker)
    if run is None:
        log.info("execution %s not claimed (already taken, final, or waiting)", execution_id)
        return None
    monitor = Monitor(
        execution_id=run.id,
        settings=settings,
        deadline=time.monotonic() + settings.task_soft_time_limit,
        hard_stop=hard_stop,
    )
    monitor.start()
    result: stages.StageResult | None = None
    status: RunStatus | None = None
    reason: str | None = None
    error: str | None = None
    try:
        stage = stages.get(run.stage)
        ctx = stages.StageContext(
            stage=run.stage,
            run_date=run.run_date,
            sources=_source_specs(run.source_ids),
            execution_id=run.id,
            parameters=run.parameters,
            llm=_llm_client(run, settings, monitor),
            log=monitor.log,
            report_progress=monitor.progress,
            cancel=monitor.cancel,
            deadline=monitor.deadline,
        )
        monitor.log("INFO", f"{run.stage} started on {worker} with {len(ctx.sources)} sources")
        result = stage.run(ctx)
    except stages.StageCancelled:
        if not monitor.cancel.is_set():  # the stage stopped on its own account
            monitor.cancel.set("cancelled")
    except Exception as exc:
        if type(exc).__name__ == "SoftTimeLimitExceeded":  # Celery's soft limit fired
            monitor.cancel.set("timeout")
        else:
            status, reason = RunStatus.failed, "error"
            error = f"{type(exc).__name__}: {exc}"
            monitor.log("ERROR", "".join(traceback.format_exception(exc)).rstrip())
    finally:
        monitor.stop()
    if status is None and monitor.cancel.is_set():
        if monitor.cancel.reason == "timeout":
            status, reason = RunStatus.failed, "timeout"
            error = f"soft time limit of {settings.task_soft_time_limit} s reached"
        elif monitor.cancel.reason == "cancelled":
            status, reason = RunStatus.cancelled, "cancelled"
    return _finish(
        run,
        settings,
        result=result,
        status=status,
        reason=reason,
        error=error,
        submit_next=submit_next,
    )


def _finish(
    run: Claimed,
    settings: Settings,
    *,
    result: stages.StageResult | None,
    status: RunStatus | None,
    reason: str | None,
    error: str | None,
    submit_next: bool,
) -> str | None:
    next_id = None
    try:
        with db.session_scope() as session:
            row = service.finish(
                session=session,
                execution_id=run.id,
                result=result,
                status=status,
                reason=reason,
                error=error,
            )
            final = row.status
            service.append_log(
                session=session,
                execution_id=run.id,
                level="INFO" if final == RunStatus.completed.value else "WARNING",
                message=f"finished: {final}"
                + (f" ({row.reason})" if row.reason else "")
                + f", {row.total_items} items, {row.new_items} new",
            )
            if run.concurrency_key and submit_next:
                next_id = service.next_queued(session=session, key=run.concurrency_key)
    except InvalidTransition as exc:
        # Reaped, killed by the executor or cancelled while we ran: that end stands.
        log.warning("execution %s ended elsewhere: %s", run.id, exc.detail)
        return None
    if next_id is not None:
        from newsdesk.runs import executors

        executors.get_executor(settings).submit(next_id)
    return final
