"""What a schedule's executions say about it: last status, failure streak, metrics.

Derived from the executions table when read (never stored on the schedule), so a run
finished by any worker on any machine is reflected at once. Read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.core.clock import Clock, system_clock
from newsdesk.runs.models import Execution, RunStatus, Trigger
from newsdesk.scheduling.models import Schedule

FAILING_AFTER = 5


@dataclass(frozen=True)
class ScheduleStatus:
    last_execution_id: int | None = None
    last_status: str | None = None
    last_reason: str | None = None
    consecutive_failures: int = 0

    @property
    def failing(self) -> bool:
        return self.consecutive_failures >= FAILING_AFTER


def statuses(*, session: Session, schedule_ids: list[int]) -> dict[int, ScheduleStatus]:
    """Return each schedule's last execution and its streak of failed runs (up to 5)."""
    if not schedule_ids:
        return {}
    newest = func.row_number().over(
        partition_by=Execution.schedule_id, order_by=Execution.id.desc()
    )
    last = select(
        Execution.schedule_id, Execution.id, Execution.status, Execution.reason, newest.label("rn")
    ).where(Execution.schedule_id.in_(schedule_ids))
    last_sq = last.subquery()
    lasts = {
        row.schedule_id: row for row in session.execute(select(last_sq).where(last_sq.c.rn == 1))
    }
    # Only runs that ran count toward the streak: skipped and cancelled ones neither
    # fail nor succeed.
    finished = (
        select(Execution.schedule_id, Execution.status, newest.label("rn"))
        .where(
            Execution.schedule_id.in_(schedule_ids),
            Execution.status.in_([RunStatus.completed.value, RunStatus.failed.value]),
        )
        .subquery()
    )
    streaks: dict[int, list[tuple[int, str]]] = {}
    for row in session.execute(select(finished).where(finished.c.rn <= FAILING_AFTER)):
        streaks.setdefault(row.schedule_id, []).append((row.rn, row.status))
    result: dict[int, ScheduleStatus] = {}
    for schedule_id in schedule_ids:
        failures = 0
        for _, status in sorted(streaks.get(schedule_id, [])):
            if status != RunStatus.failed.value:
                break
            failures += 1
        row = lasts.get(schedule_id)
        result[schedule_id] = ScheduleStatus(
            last_execution_id=row.id if row else None,
            last_status=row.status if row else None,
            last_reason=row.reason if row else None,
            consecutive_failures=failures,
        )
    return result


@dataclass(frozen=True)
class ScheduleMetrics:
    active: int
    lag_seconds: float  # how far the most overdue active schedule is behind; 0 when none
    missed_total: int  # skipped executions with reason "missed" (one may stand for many)
    skipped_overlap_total: int  # scheduled runs skipped because the previous still ran


def metrics(*, session: Session, clock: Clock = system_clock) -> ScheduleMetrics:
    """Return the numbers /metrics exposes about schedules."""
    now = clock.now()
    active = session.scalar(select(func.count()).where(Schedule.is_active.is_(True))) or 0
    oldest = session.scalar(
        select(func.min(Schedule.next_run_at)).where(Schedule.is_active.is_(True))
    )
    lag = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0

    def skipped(reason: str) -> int:
        return (
            session.scalar(
                select(func.count()).where(
                    Execution.trigger == Trigger.scheduled.value,
                    Execution.status == RunStatus.skipped.value,
                    Execution.reason == reason,
                )
            )
            or 0
        )

    return ScheduleMetrics(
        active=active,
        lag_seconds=lag,
        missed_total=skipped("missed"),
        skipped_overlap_total=skipped("overlap"),
    )
