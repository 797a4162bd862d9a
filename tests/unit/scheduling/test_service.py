"""Schedules CRUD, run now and the derived status, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.auth.models import AuditEntry
from newsdesk.core.clock import FakeClock
from newsdesk.llm.models import ApiKey
from newsdesk.runs.exceptions import ConcurrencyConflict
from newsdesk.runs.models import Execution, RunStatus
from newsdesk.scheduling import service
from newsdesk.scheduling.exceptions import (
    InvalidCron,
    InvalidTimezone,
    ScheduleInputInvalid,
    ScheduleNameTaken,
)
from newsdesk.scheduling.schemas import ScheduleCreate, SchedulePatch, ScheduleUpdate
from newsdesk.sources.models import Source


def make(session: Session, clock: FakeClock, **values: object):
    data = {"name": "morning", "stage": "sched_noop", "cron_expression": "0 7 * * *"}
    data.update(values)
    return service.create(session=session, schedule_in=ScheduleCreate(**data), clock=clock)


def test_create_computes_next_run_in_the_zone(session: Session, clock: FakeClock) -> None:
    # clock: Monday 2026-03-02 09:00:30 UTC = 10:00:30 in Madrid (the settings' zone).
    schedule = make(session, clock)
    assert schedule.timezone == "Europe/Madrid"
    assert schedule.next_run_at == datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
    read = service.read(session=session, schedule=schedule)
    assert read.description == "At 07:00" and read.description_es == "A las 07:00"
    assert read.next_run_local.strftime("%H:%M %z") == "07:00 +0100"
    assert read.failing is False and read.last_status is None
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "schedule.create"))
    assert entry is not None and entry.after["cron_expression"] == "0 7 * * *"


def test_check_cron_flags_dst_runs(clock: FakeClock) -> None:
    check = service.check_cron(
        cron_expression="30 2 * * *",
        timezone="Europe/Madrid",
        now=datetime(2026, 3, 27, 12, tzinfo=UTC),
        count=3,
    )
    assert check.valid and check.description == {"en": "At 02:30", "es": "A las 02:30"}
    assert [r.dst for r in check.next_runs] == [None, "gap", None]
    assert check.next_runs[1].at.isoformat() == "2026-03-29T03:00:00+02:00"
    assert check.next_runs[1].utc_offset == "+02:00" and check.warnings == []


def test_name_is_unique(session: Session, clock: FakeClock) -> None:
    make(session, clock)
    with pytest.raises(ScheduleNameTaken) as caught:
        make(session, clock, cron_expression="0 8 * * *")
    assert caught.value.status_code == 409


def test_invalid_cron_or_zone_is_422_with_the_validate_cron_text(
    session: Session, clock: FakeClock
) -> None:
    with pytest.raises(InvalidCron) as caught:
        make(session, clock, cron_expression="0 25 * * *")
    check = service.check_cron(cron_expression="0 25 * * *", timezone="UTC", now=clock.now())
    assert caught.value.status_code == 422
    assert caught.value.detail == check.error == "cron field 'hour' must be 0-23, got 25"
    with pytest.raises(InvalidTimezone):
        make(session, clock, timezone="Europe/Atlantis")


def test_sources_and_key_are_checked(session: Session, clock: FakeClock) -> None:
    source = Source(name="elpais", base_url="https://elpais.com/")
    key = ApiKey(alias="main", base_url="http://x", model="m", ciphertext="c", hint="abcd")
    session.add_all([source, key])
    session.flush()
    schedule = make(session, clock, source_ids=[source.id, source.id], api_key_id=key.id)
    assert schedule.source_ids == [source.id] and schedule.api_key_id == key.id
    with pytest.raises(ScheduleInputInvalid, match="unknown source"):
        make(session, clock, name="b", source_ids=[source.id + 100])
    with pytest.raises(ScheduleInputInvalid, match="API key 999 does not exist"):
        make(session, clock, name="c", api_key_id=999)
    with pytest.raises(ScheduleInputInvalid, match="unknown stage"):
        make(session, clock, name="d", stage="no_such_stage")


def test_update_recomputes_next_run_and_audits(session: Session, clock: FakeClock) -> None:
    schedule = make(session, clock)
    service.patch(
        session=session,
        schedule=schedule,
        schedule_in=SchedulePatch(cron_expression="30 12 * * *", timezone="America/New_York"),
        clock=clock,
    )
    assert schedule.next_run_at == datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    service.replace(
        session=session,
        schedule=schedule,
        schedule_in=ScheduleUpdate(name="renamed", stage="sched_noop", cron_expression="0 9 * * *"),
        clock=clock,
    )
    assert schedule.name == "renamed" and schedule.timezone == "Europe/Madrid"
    assert schedule.next_run_at == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["schedule.create", "schedule.update", "schedule.update"]
    with pytest.raises(InvalidCron, match="'minute'"):
        service.patch(
            session=session,
            schedule=schedule,
            schedule_in=SchedulePatch(cron_expression="99 * * * *"),
            clock=clock,
        )


def test_pause_and_resume_from_now(session: Session, clock: FakeClock) -> None:
    schedule = make(session, clock, cron_expression="*/10 * * * *")
    service.set_active(session=session, schedule=schedule, active=False, clock=clock)
    assert schedule.is_active is False and schedule.next_run_at is None
    clock.advance(3 * 3600)
    service.set_active(session=session, schedule=schedule, clock=clock)  # toggle
    assert schedule.is_active is True
    assert schedule.next_run_at == datetime(2026, 3, 2, 12, 10, tzinfo=UTC)
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["schedule.pause", "schedule.resume"]


def test_delete_keeps_executions(session: Session, clock: FakeClock) -> None:
    schedule = make(session, clock)
    execution = service.run_now(session=session, schedule=schedule)
    service.delete(session=session, schedule=schedule)
    session.expire_all()
    assert session.get(Execution, execution.id).schedule_id is None


def test_run_now_uses_the_schedules_inputs(session: Session, clock: FakeClock) -> None:
    source = Source(name="bbc", base_url="https://bbc.co.uk/")
    session.add(source)
    session.flush()
    schedule = make(session, clock, source_ids=[source.id], parameters={"limit": 3})
    execution = service.run_now(session=session, schedule=schedule)
    assert execution.trigger == "manual" and execution.status == RunStatus.pending.value
    assert execution.schedule_id == schedule.id and execution.scheduled_for is None
    assert execution.source_ids == [source.id] and execution.parameters == {"limit": 3}
    with pytest.raises(ConcurrencyConflict):
        service.run_now(session=session, schedule=schedule)


def _finish(session: Session, schedule_id: int, statuses: list[str]) -> None:
    base = datetime(2026, 3, 1, tzinfo=UTC)
    done = len(session.scalars(select(Execution.id)).all())
    for i, status in enumerate(statuses, start=done):
        session.add(
            Execution(
                stage="sched_noop",
                trigger="scheduled",
                status=status,
                schedule_id=schedule_id,
                scheduled_for=base + timedelta(hours=i),
                run_date=base.date(),
            )
        )
    session.flush()


def test_failing_after_five_consecutive_failed_runs(session: Session, clock: FakeClock) -> None:
    schedule = make(session, clock)
    other = make(session, clock, name="other")
    _finish(session, schedule.id, ["completed"] + ["failed"] * 4)
    _finish(session, other.id, ["failed"] * 7)
    read = service.read(session=session, schedule=schedule)
    assert (read.consecutive_failures, read.failing, read.last_status) == (4, False, "failed")
    # Skipped instants neither fail nor succeed: the streak goes on through them.
    _finish(session, schedule.id, ["skipped", "failed", "skipped"])
    reads = service.read_many(session=session, schedules=[schedule, other])
    assert [(r.consecutive_failures, r.failing) for r in reads] == [(5, True), (5, True)]
    assert reads[0].last_status == "skipped" and reads[0].is_active is True
    _finish(session, other.id, ["completed"])
    assert service.read(session=session, schedule=other).failing is False


def test_metrics_lag_missed_and_skipped(session: Session, clock: FakeClock) -> None:
    schedule = make(session, clock, cron_expression="*/5 * * * *")
    assert service.metrics(session=session, clock=clock).lag_seconds == 0
    clock.advance(600 + 270)  # 09:15 due, now 09:15:00 + 0
    _finish(session, schedule.id, ["skipped", "skipped"])
    session.execute(
        Execution.__table__.update()
        .values(reason="missed")
        .where(Execution.schedule_id == schedule.id)
    )
    numbers = service.metrics(session=session, clock=clock)
    assert numbers.active == 1 and numbers.missed_total == 2
    assert numbers.lag_seconds == pytest.approx(600.0)
