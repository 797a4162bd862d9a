"""Fire what is due, exactly once per (schedule, instant), however many schedulers run.

`fire_due` takes the due schedules a small batch per transaction (a schedule's execution
and its advanced `next_run_at` always commit together):

1. lock the most overdue due rows (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, so a
   second scheduler takes other rows instead of waiting; SQLite: every transaction is
   BEGIN IMMEDIATE, one writer at a time, see `newsdesk.db`); the WHERE clause is
   evaluated under the lock, so a row another scheduler just advanced is not due any more;
2. list the instants from `next_run_at` up to now and apply the misfire policy: the most
   recent instant runs if it is on time (or, with `run_once`, within the grace period);
   every other one is recorded as a `skipped` execution with reason `missed`;
3. create the execution through `runs.service.create_execution`, whose overlap handling
   (`skip` / `queue` / `allow`) is the schedule's overlap policy;
4. advance `next_run_at` past now and set `last_run_at`; commit.

The UNIQUE (schedule_id, scheduled_for) on executions is the backstop: should two
transactions ever both pass step 1, the second insert is refused (`AlreadyFired`) and
that instant is not fired again. Pending executions are submitted to the executor after
the commit. A batch that fails is retried one schedule per transaction, so one broken
schedule cannot hold up the others.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

import newsdesk.models  # noqa: F401  (every table mapped: a lone scheduler process flushes executions)
from newsdesk import db
from newsdesk.core.clock import Clock, system_clock
from newsdesk.core.errors import NewsdeskError
from newsdesk.runs import service as runs_service
from newsdesk.runs.models import RunStatus, Trigger
from newsdesk.scheduling import cron
from newsdesk.scheduling.models import MisfirePolicy, Schedule
from newsdesk.settings import Settings

log = logging.getLogger("newsdesk.scheduling")

# An instant this late (or less) is on time, whatever the misfire policy says.
ON_TIME = timedelta(seconds=60)
# Up to this many missed instants get one `skipped` record each; more collapse into one.
MAX_MISSED_RECORDS = 10
# Instants listed per schedule per pass; beyond this a backlog is only counted as "more".
MAX_SCAN = 10_000
# Schedules locked and fired per transaction: amortises BEGIN/COMMIT (SQLite's write
# lock) without holding it long.
BATCH = 20
# Transactions per call at most, so one call always returns.
MAX_TRANSACTIONS = 2_000

_OVERLAP = {"skip": "skip", "queue": "queue", "allow": "allow"}


@dataclass
class FireReport:
    checked: int = 0
    created: int = 0
    skipped_overlap: int = 0
    missed: int = 0
    already_fired: int = 0
    errors: int = 0
    execution_ids: list[int] = field(default_factory=list)
    # (scheduled_for, created_at) of every execution created, for latency measurements.
    delays: list[float] = field(default_factory=list)

    def merge(self, other: FireReport) -> None:
        for name in ("checked", "created", "skipped_overlap", "missed", "already_fired"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors
        self.execution_ids += other.execution_ids
        self.delays += other.delays


# --- wake-ups for in-process loops ----------------------------------------------------

_listeners: list[threading.Event] = []
_listeners_lock = threading.Lock()
_CHANGED = "newsdesk.schedules_changed"


def subscribe(wake: threading.Event) -> None:
    with _listeners_lock:
        _listeners.append(wake)


def unsubscribe(wake: threading.Event) -> None:
    with _listeners_lock:
        if wake in _listeners:
            _listeners.remove(wake)


def notify_changed(session: Session) -> None:
    """Wake this process's scheduler loops once `session` commits a schedule change."""
    session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        with _listeners_lock:
            for wake in _listeners:
                wake.set()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)


# --- firing --------------------------------------------------------------------------


def next_due_at(*, session: Session) -> datetime | None:
    """Return the earliest next_run_at of the active schedules (None: nothing scheduled)."""
    return session.scalar(
        select(func.min(Schedule.next_run_at)).where(Schedule.is_active.is_(True))
    )


def _inputs(schedule: Schedule) -> dict[str, Any]:
    return {
        "stage": schedule.stage,
        "source_ids": list(schedule.source_ids) if schedule.source_ids else None,
        "api_key_id": schedule.api_key_id,
        "use_fallback": schedule.use_fallback,
        "parameters": dict(schedule.parameters or {}),
        "schedule_id": schedule.id,
    }


def _skip(
    session: Session,
    schedule: Schedule,
    *,
    reason: str,
    instant: datetime,
    detail: str,
    settings: Settings,
    clock: Clock,
) -> bool:
    """Record `instant` as a skipped execution; False when it already has one."""
    try:
        runs_service.record_skipped(
            session=session,
            reason=reason,
            scheduled_for=instant,
            detail=detail,
            created_by=f"schedule:{schedule.name}"[:64],
            settings=settings,
            clock=clock,
            **_inputs(schedule),
        )
    except runs_service.AlreadyFired:
        return False
    return True


def _record_missed(
    session: Session,
    schedule: Schedule,
    missed: list[datetime],
    more: bool,
    settings: Settings,
    clock: Clock,
) -> int:
    """Record `missed` instants as skipped executions; many collapse into one record."""
    if not missed:
        return 0
    policy = schedule.misfire_policy
    tz = cron.validate_timezone(schedule.timezone)
    if len(missed) <= MAX_MISSED_RECORDS and not more:
        for instant in missed:
            detail = (
                f"due at {instant.astimezone(tz):%Y-%m-%d %H:%M %Z} while no scheduler was "
                f"running (misfire policy {policy!r})"
            )
            _skip(
                session,
                schedule,
                reason="missed",
                instant=instant,
                detail=detail,
                settings=settings,
                clock=clock,
            )
        return len(missed)
    count = f"more than {len(missed)}" if more else str(len(missed))
    detail = (
        f"{count} instants missed from {missed[0].astimezone(tz):%Y-%m-%d %H:%M %Z} to "
        f"{missed[-1].astimezone(tz):%Y-%m-%d %H:%M %Z} while no scheduler was running "
        f"(misfire policy {policy!r}); recorded as this one execution"
    )
    _skip(
        session,
        schedule,
        reason="missed",
        instant=missed[0],
        detail=detail,
        settings=settings,
        clock=clock,
    )
    return len(missed)


def _lock_due(
    session: Session, now: datetime, *, exclude: set[int], only: list[int] | None, limit: int
) -> list[Schedule]:
    """Lock the most overdue due schedules that no other scheduler holds."""
    query = select(Schedule).where(Schedule.is_active.is_(True), Schedule.next_run_at <= now)
    if only is not None:
        query = query.where(Schedule.id.in_(only))
    elif exclude:
        query = query.where(Schedule.id.not_in(exclude))
    # The classic queue pattern: each scheduler takes different rows, none waits.
    query = query.order_by(Schedule.next_run_at, Schedule.id).limit(limit)
    return list(session.scalars(query.with_for_update(skip_locked=True)))


def _fire_one(
    session: Session,
    schedule: Schedule,
    now: datetime,
    settings: Settings,
    clock: Clock,
    report: FireReport,
) -> list[int]:
    """Fire one locked schedule in the caller's transaction; return executions to submit."""
    report.checked += 1
    try:
        parsed = cron.parse(schedule.cron_expression, schedule.timezone)
    except NewsdeskError as exc:
        # Stored before a rule changed (e.g. a zone removed from tzdata): stop, loudly.
        log.error("schedule %s (%s) paused: %s", schedule.id, schedule.name, exc.detail)
        schedule.is_active = False
        schedule.next_run_at = None
        report.errors += 1
        return []
    # One walk lists the due instants and finds the next one after now.
    due: list[datetime] = []
    following: datetime | None = None
    for instant in parsed.after(schedule.next_run_at - timedelta(microseconds=1)):
        if instant.at_utc > now:
            following = instant.at_utc
            break
        due.append(instant.at_utc)
        if len(due) >= MAX_SCAN:
            break
    more = following is None and len(due) >= MAX_SCAN
    grace = ON_TIME
    if schedule.misfire_policy == MisfirePolicy.run_once.value:
        grace = max(ON_TIME, timedelta(seconds=schedule.misfire_grace_seconds))
    latest = due[-1] if due else None
    tail: list[datetime] = []
    if more:
        # A huge backlog was only partly listed: look for the newest instants near now.
        near_now = parsed.between(max(due[-1], now - grace), now, limit=MAX_SCAN)
        tail = [t for t in near_now if t > due[-1]]
        latest = tail[-1] if tail else due[-1]
    run = latest is not None and now - latest <= grace
    missed = [d for d in due + tail if d != latest or not run]
    report.missed += _record_missed(session, schedule, missed, more, settings, clock)

    to_submit: list[int] = []
    if run and latest is not None:
        try:
            execution = runs_service.create_execution(
                session=session,
                trigger=Trigger.scheduled,
                scheduled_for=latest,
                created_by=f"schedule:{schedule.name}"[:64],
                on_conflict=_OVERLAP.get(schedule.overlap_policy, "skip"),  # type: ignore[arg-type]
                settings=settings,
                clock=clock,
                **_inputs(schedule),
            )
        except runs_service.AlreadyFired:
            report.already_fired += 1
        except NewsdeskError as exc:
            # Inputs that went bad since the schedule was saved (source deleted, key
            # removed): record why this instant did not run instead of failing silently.
            report.errors += 1
            _skip(
                session,
                schedule,
                reason="invalid_inputs",
                instant=latest,
                detail=exc.detail,
                settings=settings,
                clock=clock,
            )
        else:
            if execution.status == RunStatus.skipped.value:
                report.skipped_overlap += 1
            else:
                report.created += 1
                report.execution_ids.append(execution.id)
                report.delays.append((execution.created_at - latest).total_seconds())
                if getattr(execution, "queued_key", None) is None:
                    to_submit.append(execution.id)
            schedule.last_run_at = now
    schedule.next_run_at = following if following is not None else parsed.next_after(now)
    return to_submit


def submit_executions(settings: Settings, execution_ids: list[int]) -> None:
    """Hand pending executions to the executor; a failure only delays them (reconciler)."""
    if not execution_ids:
        return
    try:
        from newsdesk.runs import executors

        executor = executors.get_executor(settings)
        for execution_id in execution_ids:
            executor.submit(execution_id)
    except Exception:
        log.exception("could not submit executions %s; the reconciler will", execution_ids)


def fire_due(
    *,
    settings: Settings,
    clock: Clock = system_clock,
    session_factory: sessionmaker[Session] | None = None,
    submit: bool = True,
) -> FireReport:
    """Fire every active schedule whose next_run_at has come; safe to run concurrently.

    Due schedules are locked and fired a batch per transaction (each schedule's
    execution and its advanced next_run_at commit together). A batch that fails is
    retried one schedule per transaction, so one bad schedule cannot hold up the rest.
    Returns when no due schedule is left that another scheduler is not already firing.
    """
    factory = session_factory or db.session_factory(settings.database_url)
    report = FireReport()
    failed: set[int] = set()  # left due by an error: not retried in this pass
    alone: list[int] = []  # from a failed batch: retried one per transaction
    for _ in range(MAX_TRANSACTIONS):
        only = [alone.pop(0)] if alone else None
        part = FireReport()
        picked: list[int] = []
        to_submit: list[int] = []
        try:
            with factory.begin() as session:
                now = clock.now()
                rows = _lock_due(
                    session, now, exclude=failed, only=only, limit=1 if only else BATCH
                )
                picked = [row.id for row in rows]
                for schedule in rows:
                    to_submit += _fire_one(session, schedule, now, settings, clock, part)
        except Exception as exc:
            report.errors += 1
            if isinstance(exc, IntegrityError):
                # The unique (schedule, instant) refused a second firing: someone else won.
                report.already_fired += 1
            log.warning("firing schedules %s failed (%s); retrying", picked, exc, exc_info=True)
            if len(picked) > 1:
                alone += picked
            else:
                failed.update(picked)
            if not picked and isinstance(exc, OperationalError):
                return report  # the database is unreachable or busy: the caller retries
            continue
        if not picked and only is None:
            return report
        report.merge(part)
        if submit:
            submit_executions(settings, to_submit)
    return report
