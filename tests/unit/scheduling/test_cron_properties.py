"""Property tests of the DST rules over zones with unusual transitions.

Madrid and New York shift by an hour at 02:00; Lord Howe shifts by 30 minutes;
Santiago shifts at midnight. Start instants range over years of transitions.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.scheduling import cron

ZONES = ["Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "America/Santiago"]

zones = st.sampled_from(ZONES)
starts = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda d: d.replace(tzinfo=UTC)
)
# Bias toward the transitions: the start of one of the year's DST-ish months.
near_transitions = st.builds(
    lambda year, month, day, hour: datetime(year, month, day, hour, tzinfo=UTC),
    st.integers(2024, 2030),
    st.sampled_from([3, 4, 9, 10, 11]),
    st.integers(1, 28),
    st.integers(0, 23),
)
any_start = st.one_of(starts, near_transitions)
minutes = st.integers(0, 59)
hours = st.integers(0, 23)
expressions = st.one_of(
    st.builds(lambda m, h: f"{m} {h} * * *", minutes, hours),
    st.builds(lambda s: f"*/{s} * * * *", st.sampled_from([1, 5, 7, 15, 30])),
    st.builds(lambda m: f"{m} * * * *", minutes),
    st.builds(lambda m, s: f"{m} */{s} * * *", minutes, st.integers(2, 6)),
    st.builds(lambda m, h: f"{m} {h} * * 1-5", minutes, hours),
)

PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(zone=zones, expression=expressions, start=any_start)
def test_next_runs_strictly_increase(zone: str, expression: str, start: datetime) -> None:
    runs = [r.at_utc for r in cron.next_runs(expression, zone, after=start, count=60)]
    assert runs and runs[0] > start
    assert all(a < b for a, b in itertools.pairwise(runs))
    assert all(r.tzinfo is not None and r.utcoffset() == timedelta(0) for r in runs)


@PROPERTY
@given(zone=zones, minute=minutes, hour=hours, start=any_start)
def test_daily_schedule_never_skips_a_day_nor_fires_twice(
    zone: str, minute: int, hour: int, start: datetime
) -> None:
    runs = cron.next_runs(f"{minute} {hour} * * *", zone, after=start, count=45)
    days = [r.at_local.date() for r in runs]
    assert len(set(days)) == len(days), "fired twice on one day"
    assert all((b - a).days == 1 for a, b in itertools.pairwise(days)), "skipped a day"
    for run in runs:
        local = run.at_local
        if run.dst == "gap":
            # Moved to the first valid instant after the gap, on the same day, later.
            assert (local.hour, local.minute) > (hour, minute)
        else:
            assert (local.hour, local.minute) == (hour, minute)


@PROPERTY
@given(zone=zones, minute=minutes, hour=hours, start=any_start)
def test_overlap_fires_at_the_first_occurrence(
    zone: str, minute: int, hour: int, start: datetime
) -> None:
    for run in cron.next_runs(f"{minute} {hour} * * *", zone, after=start, count=45):
        if run.dst == "overlap":
            wall = run.at_local.replace(tzinfo=None)
            second = wall.replace(tzinfo=run.at_local.tzinfo, fold=1).astimezone(UTC)
            assert run.at_utc < second  # the first of the two occurrences


@PROPERTY
@given(zone=zones, start=any_start, step=st.sampled_from([5, 10, 15, 30]))
def test_interval_jobs_never_leave_a_hole_longer_than_their_step_plus_the_shift(
    zone: str, start: datetime, step: int
) -> None:
    runs = [r.at_utc for r in cron.next_runs(f"*/{step} * * * *", zone, after=start, count=200)]
    gaps = {b - a for a, b in itertools.pairwise(runs)}
    assert max(gaps) <= timedelta(minutes=step)
