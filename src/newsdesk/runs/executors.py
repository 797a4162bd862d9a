"""Executors: where an execution id goes after its row is committed.

- `LocalExecutor` (settings.executor = "local", embedded in `newsdesk serve`): a pool of
  long-lived worker processes (multiprocessing, spawn). The parent only hands out ids and
  supervises: a worker that dies mid-run ends that run failed/worker_lost at once; one
  that passes the hard time limit, or ignores a cancel past `cancel_grace`, is killed and
  replaced, and its run ends failed/timeout or cancelled. The server never runs a stage.
- `CeleryExecutor` (settings.executor = "celery"): sends `newsdesk.execute_stage(id)` to
  the queue `stage.<name>` on Redis.
- `DatabaseOnly`: when this process runs no executor (the CLI, a second API process with
  the local executor), the pending row itself is the message: the dispatcher of a running
  server picks it up.

`submit` never raises for a queue problem: the database is the source of truth, and the
reconciler re-submits what a lost message left pending.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import socket
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from newsdesk import db
from newsdesk.core.clock import utcnow
from newsdesk.core.errors import InvalidTransition
from newsdesk.runs import service
from newsdesk.runs.models import Execution, RunStatus
from newsdesk.settings import Settings, configure

log = logging.getLogger("newsdesk.runs.executors")


class Executor(Protocol):
    def submit(self, execution_id: int) -> None: ...


class DatabaseOnly:
    """Leave the pending row for a server's dispatcher (nothing runs in this process)."""

    def submit(self, execution_id: int) -> None:
        return None


class CeleryExecutor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def submit(self, execution_id: int, stage: str | None = None) -> None:
        from newsdesk.runs.celery_app import route_for, sender

        try:
            if stage is None:
                with db.session_scope(self.settings.database_url) as session:
                    row = session.get(Execution, execution_id)
                    if row is None:
                        return
                    stage = row.stage
            task = sender(self.settings).send_task(
                "newsdesk.execute_stage", args=[execution_id], queue=route_for(stage)
            )
            with db.session_scope(self.settings.database_url) as session:
                service.mark_submitted(
                    session=session, execution_ids=[execution_id], task_id=task.id
                )
        except Exception as exc:  # the reconciler re-submits it
            log.warning("could not send execution %s to Celery: %s", execution_id, exc)


# --- local pool ------------------------------------------------------------------------


def _worker_main(conn: Connection, settings: Settings, modules: list[str]) -> None:
    """A pool process: run the ids the parent sends, one at a time, until told to stop."""
    import os

    from newsdesk.runs import flows

    configure(settings)
    flows.import_stage_modules(modules)
    flows.preload()
    logging.basicConfig(level=settings.log_level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per fetch is noise here
    conn.send(("ready", None))  # time limits count from here, not from the imports
    while True:
        try:
            execution_id = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if execution_id is None:
            return
        status = flows.execute(
            execution_id, settings=settings, worker=flows.worker_id("local:"), hard_stop=os._exit
        )
        conn.send(("done", status))


@dataclass
class _Slot:
    process: Any
    conn: Connection
    ready: bool = False
    busy_id: int | None = None
    busy_since: float = 0.0


# Modules every pool process needs: a forkserver imports them once, and each worker is a
# fork of it (milliseconds) instead of a fresh interpreter importing the SDKs (seconds).
PRELOAD = ["newsdesk.runs.flows", "newsdesk.llm.gateway", "newsdesk.extraction.stage"]


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass
class LocalExecutor:
    """A supervised pool of worker processes; `poll_database` adds the dispatcher."""

    settings: Settings
    workers: int | None = None
    poll_database: bool = False
    poll_interval: float = 1.0
    _queue: queue.Queue[int] = field(default_factory=queue.Queue)
    _known: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._ctx = _context()
        self._slots: list[_Slot] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        # submit() and stop() write a byte here; the supervisor sleeps on it and on the
        # workers' pipes together, so a finished run frees its slot at once.
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._modules: list[str] = []
        self._thread = threading.Thread(target=self._supervise, name="local-executor", daemon=True)

    def start(self) -> LocalExecutor:
        from newsdesk.runs import flows

        self._modules = flows.registered_stage_modules()
        count = self.workers or self.settings.local_workers
        self._slots = [self._spawn() for _ in range(count)]
        self._thread.start()
        return self

    def _spawn(self) -> _Slot:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, self.settings, self._modules),
            name="newsdesk-worker",
            daemon=True,
        )
        process.start()
        child.close()
        return _Slot(process=process, conn=parent)

    def submit(self, execution_id: int) -> None:
        with self._lock:
            if execution_id in self._known:
                return
            self._known.add(execution_id)
        self._queue.put(execution_id)
        self._nudge()

    def _nudge(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def busy(self) -> dict[int, int]:
        """Execution id -> worker pid, for what is running right now."""
        return {s.busy_id: s.process.pid for s in self._slots if s.busy_id is not None}

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._nudge()
        self._thread.join(timeout=timeout)
        for slot in self._slots:
            with contextlib.suppress(OSError, ValueError):
                slot.conn.send(None)
        deadline = time.monotonic() + timeout
        for slot in self._slots:
            slot.process.join(max(0.1, deadline - time.monotonic()))
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(1)
            slot.conn.close()
        self._wake_r.close()
        self._wake_w.close()

    # -- supervisor thread --

    def _supervise(self) -> None:
        last_poll = 0.0
        last_cancel_check = 0.0
        while not self._stopping.is_set():
            wait([s.conn for s in self._slots] + [self._wake_r], timeout=0.2)
            with contextlib.suppress(BlockingIOError):
                self._wake_r.recv(4096)
            try:
                now = time.monotonic()
                if self.poll_database and now - last_poll >= self.poll_interval:
                    last_poll = now
                    self._dispatch_from_database()
                self._collect()
                self._assign()
                self._enforce_hard_limit()
                if now - last_cancel_check >= 0.5:
                    last_cancel_check = now
                    self._enforce_cancel_grace()
            except Exception:
                log.exception("local executor supervisor")

    def _dispatch_from_database(self) -> None:
        with db.session_scope(self.settings.database_url) as session:
            ids = service.pending_for_dispatch(session=session)
        for execution_id in ids:
            self.submit(execution_id)

    def _collect(self) -> None:
        for i, slot in enumerate(self._slots):
            if slot.conn.poll():
                try:
                    kind, _ = slot.conn.recv()
                except (EOFError, OSError):
                    pass
                else:
                    if kind == "ready":
                        slot.ready = True
                    elif slot.busy_id is not None:
                        self._release(slot)
                    continue
            if not slot.process.is_alive():
                lost = slot.busy_id
                if lost is not None:
                    self._end(
                        lost,
                        RunStatus.failed,
                        "worker_lost",
                        f"worker process {slot.process.pid} died "
                        f"(exit code {slot.process.exitcode})",
                    )
                    self._release(slot)
                slot.conn.close()
                self._slots[i] = self._spawn()

    def _release(self, slot: _Slot) -> None:
        with self._lock:
            self._known.discard(slot.busy_id)  # type: ignore[arg-type]
        slot.busy_id = None

    def _assign(self) -> None:
        for slot in self._slots:
            if slot.busy_id is not None or not slot.ready or not slot.process.is_alive():
                continue
            try:
                execution_id = self._queue.get_nowait()
            except queue.Empty:
                return
            slot.busy_id, slot.busy_since = execution_id, time.monotonic()
            slot.conn.send(execution_id)

    def _kill(self, slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join(5)

    def _enforce_hard_limit(self) -> None:
        limit = self.settings.task_time_limit
        for slot in self._slots:
            if slot.busy_id is not None and time.monotonic() - slot.busy_since > limit:
                execution_id = slot.busy_id
                self._kill(slot)
                self._end(
                    execution_id,
                    RunStatus.failed,
                    "timeout",
                    f"hard time limit of {limit} s exceeded; the worker was killed",
                )
                # _collect sees the dead process next tick and replaces it.

    def _enforce_cancel_grace(self) -> None:
        busy = {s.busy_id: s for s in self._slots if s.busy_id is not None}
        if not busy:
            return
        with db.session_scope(self.settings.database_url) as session:
            asked = dict(
                session.execute(
                    Execution.__table__.select()
                    .with_only_columns(Execution.id, Execution.cancel_requested_at)
                    .where(
                        Execution.id.in_(list(busy)),
                        Execution.cancel_requested_at.is_not(None),
                        Execution.status == RunStatus.running.value,
                    )
                ).all()
            )
        # The worker's own monitor kills the stage after the grace; this is the backstop
        # for a stage that never lets the monitor thread run (a GIL-holding C call).
        margin = self.settings.cancel_grace + 2.0
        for execution_id, at in asked.items():
            if (utcnow() - at).total_seconds() > margin:
                self._kill(busy[execution_id])
                self._end(
                    execution_id,
                    RunStatus.cancelled,
                    "cancelled",
                    "the stage ignored the cancel; its worker was killed",
                )

    def _end(self, execution_id: int, status: RunStatus, reason: str, error: str) -> None:
        try:
            with db.session_scope(self.settings.database_url) as session:
                service.finish(
                    session=session,
                    execution_id=execution_id,
                    status=status,
                    reason=reason,
                    error=error,
                )
                service.append_log(
                    session=session, execution_id=execution_id, level="ERROR", message=error
                )
        except InvalidTransition:
            pass  # the run had already ended (or was never claimed: it stays pending)


# --- process-wide executor ---------------------------------------------------------------

_embedded: LocalExecutor | None = None


def get_executor(settings: Settings) -> Executor:
    """The executor new runs go to from this process."""
    if settings.executor == "celery":
        return CeleryExecutor(settings)
    if _embedded is not None and _embedded.settings.database_url == settings.database_url:
        return _embedded
    return DatabaseOnly()


@dataclass
class Embedded:
    executor: LocalExecutor | None
    maintenance: Any

    def stop(self) -> None:
        global _embedded
        self.maintenance.stop()
        if self.executor is not None:
            self.executor.stop()
            if _embedded is self.executor:
                _embedded = None


def start_embedded(settings: Settings) -> Embedded:
    """Start what `newsdesk serve` runs for executions; `stop()` ends it.

    Local: the worker pool, a dispatcher that also picks up pending rows other processes
    created (CLI, scheduler), and the reaper. Celery: the reaper and the reconciler.
    """
    global _embedded
    from newsdesk.runs.reaper import Maintenance

    executor = None
    if settings.executor == "local":
        executor = LocalExecutor(settings, poll_database=True).start()
        _embedded = executor
    maintenance = Maintenance(settings, executor=get_executor(settings)).start()
    return Embedded(executor=executor, maintenance=maintenance)
