"""fire_due: on time, exactly once, misfire and overlap policies, DST; both databases."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from newsdesk.core.clock import FakeClock
from newsdesk.runs.models import Execution
from newsdesk.scheduling import service
from newsdesk.scheduling.firing import FireReport
from newsdesk.scheduling.models import Schedule
from newsdesk.scheduling.schemas import ScheduleCreate
from newsdesk.settings import Settings
from newsdesk.sources.models import Source


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def add(factory: sessionmaker[Session], clock: FakeClock, **values: object) -> int:
    data = {"name": "s", "stage": "sched_noop", "cron_expression": "*/5 * * * *"}
    data.update(values)
    with factory.begin() as session:
        schedule = service.create(session=session, schedule_in=ScheduleCreate(**data), clock=clock)
        return schedule.id


def fire(settings: Settings, clock: FakeClock) -> FireReport:
    return service.fire_due(settings=settings, clock=clock, submit=False)


def executions(factory: sessionmaker[Session]) -> list[tuple[str, str | None, datetime | None]]:
    with factory() as session:
        rows = session.scalars(select(Execution).order_by(Execution.scheduled_for, Execution.id))
        return [(e.status, e.reason, e.scheduled_for) for e in rows]


def schedule_row(factory: sessionmaker[Session], schedule_id: int) -> Schedule:
    with factory() as session:
        return session.get(Schedule, schedule_id)  # type: ignore[return-value]


def test_fires_once_on_time_and_advances(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    schedule_id = add(factory, clock)
    assert fire(settings, clock).created == 0  # 09:00:30, next is 09:05
    clock.set(utc(2026, 3, 2, 9, 5, 0))
    report = fire(settings, clock)
    assert (report.created, report.missed, report.delays) == (1, 0, [0.0])
    assert fire(settings, clock).created == 0  # the same instant never fires twice
    assert executions(factory) == [("pending", None, utc(2026, 3, 2, 9, 5))]
    row = schedule_row(factory, schedule_id)
    assert row.next_run_at == utc(2026, 3, 2, 9, 10) and row.last_run_at == clock.now()
    with factory() as session:
        execution = session.scalar(select(Execution))
        assert execution.trigger == "scheduled" and execution.schedule_id == schedule_id


def test_paused_schedules_do_not_fire(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    add(factory, clock, is_active=False)
    clock.advance(3600)
    assert fire(settings, clock).checked == 0 and executions(factory) == []


def test_run_once_runs_the_latest_missed_instant_within_grace(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    add(factory, clock, overlap_policy="allow")
    clock.set(utc(2026, 3, 2, 9, 32, 10))  # down since before 09:05
    report = fire(settings, clock)
    assert (report.created, report.missed) == (1, 5)
    rows = executions(factory)
    assert rows[:5] == [("skipped", "missed", utc(2026, 3, 2, 9, m)) for m in (5, 10, 15, 20, 25)]
    assert rows[5] == ("pending", None, utc(2026, 3, 2, 9, 30))


def test_run_once_beyond_grace_records_everything_missed(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    schedule_id = add(factory, clock, cron_expression="0 * * * *", misfire_grace_seconds=600)
    clock.set(utc(2026, 3, 2, 12, 30))  # 10:00, 11:00, 12:00 passed; 12:00 is 30 min late
    report = fire(settings, clock)
    assert (report.created, report.missed) == (0, 3)
    assert [r[:2] for r in executions(factory)] == [("skipped", "missed")] * 3
    assert schedule_row(factory, schedule_id).next_run_at == utc(2026, 3, 2, 13)


def test_skip_policy_runs_only_what_is_on_time(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    add(factory, clock, misfire_policy="skip", overlap_policy="allow")
    clock.set(utc(2026, 3, 2, 9, 12, 10))  # 09:05 and 09:10 passed; 09:10 is 130 s late
    assert (fire(settings, clock).missed, executions(factory)[-1][1]) == (2, "missed")
    clock.set(utc(2026, 3, 2, 9, 15, 40))  # 40 s late: on time
    assert fire(settings, clock).created == 1


def test_a_long_downtime_collapses_into_one_record(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    add(factory, clock, cron_expression="* * * * *", overlap_policy="allow")
    clock.set(utc(2026, 3, 2, 12, 0, 20))
    report = fire(settings, clock)
    assert (report.created, report.missed) == (1, 179)
    rows = executions(factory)
    assert len(rows) == 2
    with factory() as session:
        record = session.scalar(select(Execution).where(Execution.reason == "missed"))
        assert record.scheduled_for == utc(2026, 3, 2, 9, 1)
        assert "179 instants missed from 2026-03-02 10:01 CET to 2026-03-02 12:59 CET" in (
            record.error or ""
        )
    assert rows[1] == ("pending", None, utc(2026, 3, 2, 12, 0))


def test_a_huge_backlog_is_bounded_and_the_latest_still_runs(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    schedule_id = add(factory, clock, cron_expression="* * * * *", overlap_policy="allow")
    clock.set(utc(2026, 3, 12, 9, 0, 20))  # ten days (14,400 instants) later
    report = fire(settings, clock)
    assert report.created == 1 and report.missed > 10_000
    with factory() as session:
        record = session.scalar(select(Execution).where(Execution.reason == "missed"))
        assert (record.error or "").startswith("more than 10")
        assert "to 2026-03-12 09:59 CET" in (record.error or "")
    assert executions(factory)[-1] == ("pending", None, utc(2026, 3, 12, 9, 0))
    assert schedule_row(factory, schedule_id).next_run_at == utc(2026, 3, 12, 9, 1)


def test_overlap_policies(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    ids = {
        policy: add(factory, clock, name=policy, overlap_policy=policy)
        for policy in ("skip", "queue", "allow")
    }
    with factory.begin() as session:  # a run of the stage is in the way
        blocking = service.run_now(session=session, schedule=session.get(Schedule, ids["skip"]))
    clock.set(utc(2026, 3, 2, 9, 5, 1))
    report = fire(settings, clock)
    assert (report.created, report.skipped_overlap) == (2, 1)
    with factory() as session:
        by_schedule = {
            e.schedule_id: e
            for e in session.scalars(select(Execution).where(Execution.id != blocking.id))
        }
    skipped = by_schedule[ids["skip"]]
    assert (skipped.status, skipped.reason) == ("skipped", "overlap")
    queued = by_schedule[ids["queue"]]
    assert queued.status == "pending" and queued.queued_key == "sched_noop"
    allowed = by_schedule[ids["allow"]]
    assert allowed.status == "pending" and allowed.concurrency_key is None


def test_inputs_gone_bad_are_recorded_not_silent(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    with factory.begin() as session:
        source = Source(name="gone", base_url="https://gone.example/")
        session.add(source)
        session.flush()
        source_id = source.id
    schedule_id = add(factory, clock, source_ids=[source_id])
    with factory.begin() as session:
        session.get(Source, source_id).is_active = False
    clock.set(utc(2026, 3, 2, 9, 5, 2))
    report = fire(settings, clock)
    assert (report.created, report.errors) == (0, 1)
    with factory() as session:
        record = session.scalar(select(Execution))
        assert (record.status, record.reason) == ("skipped", "invalid_inputs")
        assert "inactive source" in (record.error or "")
    assert schedule_row(factory, schedule_id).next_run_at == utc(2026, 3, 2, 9, 10)


def test_the_unique_instant_is_the_backstop(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    schedule_id = add(factory, clock, overlap_policy="allow")
    with factory.begin() as session:  # as if another scheduler fired but did not advance
        session.add(
            Execution(
                stage="sched_noop",
                trigger="scheduled",
                status="completed",
                schedule_id=schedule_id,
                scheduled_for=utc(2026, 3, 2, 9, 5),
                run_date=utc(2026, 3, 2).date(),
            )
        )
    clock.set(utc(2026, 3, 2, 9, 5, 3))
    report = fire(settings, clock)
    assert (report.created, report.already_fired) == (0, 1)
    assert len(executions(factory)) == 1
    assert schedule_row(factory, schedule_id).next_run_at == utc(2026, 3, 2, 9, 10)


def test_threads_racing_fire_each_instant_once(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    for i in range(5):
        add(factory, clock, name=f"s{i}", overlap_policy="allow")
    clock.set(utc(2026, 3, 2, 9, 5, 0))
    reports: list[FireReport] = []
    threads = [
        threading.Thread(target=lambda: reports.append(fire(settings, clock))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.created for r in reports) == 5
    assert len(executions(factory)) == 5


def _night(settings: Settings, clock: FakeClock, start: datetime, hours: int) -> None:
    clock.set(start)
    for _ in range(hours * 12):
        clock.advance(300)
        fire(settings, clock)


def test_dst_fall_back_fires_once_at_the_first_occurrence(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    clock.set(utc(2026, 10, 24, 20))
    add(factory, clock, cron_expression="30 2 * * *", timezone="Europe/Madrid")
    _night(settings, clock, utc(2026, 10, 24, 20), 10)
    assert executions(factory) == [("pending", None, utc(2026, 10, 25, 0, 30))]  # 02:30 CEST


def test_dst_spring_forward_fires_once_after_the_gap(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    clock.set(utc(2026, 3, 28, 20))
    add(factory, clock, cron_expression="30 2 * * *", timezone="Europe/Madrid")
    _night(settings, clock, utc(2026, 3, 28, 20), 10)
    assert executions(factory) == [("pending", None, utc(2026, 3, 29, 1, 0))]  # 03:00 CEST


def test_a_stored_zone_that_no_longer_exists_pauses_the_schedule(
    settings: Settings, factory: sessionmaker[Session], clock: FakeClock
) -> None:
    schedule_id = add(factory, clock)
    with factory.begin() as session:  # e.g. tzdata dropped the zone after an upgrade
        session.execute(Schedule.__table__.update().values(timezone="Mars/Olympus_Mons"))
    clock.set(utc(2026, 3, 2, 9, 5, 1))
    assert fire(settings, clock).errors == 1
    row = schedule_row(factory, schedule_id)
    assert (row.is_active, row.next_run_at) == (False, None)
    with factory() as session:
        (read,) = service.read_many(session=session, schedules=[row])
        assert read.is_active is False and read.timezone == "Mars/Olympus_Mons"
