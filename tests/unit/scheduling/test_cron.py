"""Cron validation, descriptions, warnings and the stated DST rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from croniter import croniter

from newsdesk.scheduling import cron
from newsdesk.scheduling.exceptions import InvalidCron, InvalidTimezone


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "message", "field"),
    [
        ("0 25 * * *", "cron field 'hour' must be 0-23, got 25", "hour"),
        ("60 * * * *", "cron field 'minute' must be 0-59, got 60", "minute"),
        ("0 0 32 * *", "cron field 'day-of-month' must be 1-31, got 32", "day-of-month"),
        ("0 0 0 * *", "cron field 'day-of-month' must be 1-31, got 0", "day-of-month"),
        ("0 0 * 13 *", "cron field 'month' must be 1-12, got 13", "month"),
        ("0 0 * * 8", "cron field 'day-of-week' must be 0-7 (0 and 7 are Sunday), got 8", None),
        ("1-70 * * * *", "cron field 'minute' must be 0-59, got 70", "minute"),
        ("*/0 * * * *", "cron field 'minute' has a step of 0", "minute"),
        ("x * * * *", "cron field 'minute' is not valid: 'x'", "minute"),
        ("0 0 * foo *", "cron field 'month' is not valid: 'foo'", "month"),
        ("* * * *", "a cron expression has 5 fields", "cron_expression"),
        ("0 0 * * * *", "got 6", "cron_expression"),
        ("@daily", "is a macro; write the 5 fields", "cron_expression"),
        ("", "got 0", "cron_expression"),
    ],
)
def test_invalid_expressions_name_the_bad_field(
    expression: str, message: str, field: str | None
) -> None:
    with pytest.raises(InvalidCron) as caught:
        cron.validate(expression)
    assert message in caught.value.detail
    assert caught.value.status_code == 422
    if field:
        assert caught.value.extra["field"] == field


@pytest.mark.parametrize(
    "expression",
    [
        "* * * * *",
        "*/15 9-17 * * mon-fri",
        "0 7 1,15 * *",
        "0 0 L * *",
        "0 8 * * 1#2",
        "5 4 * jan *",
    ],
)
def test_valid_expressions_pass_normalised(expression: str) -> None:
    assert cron.validate(f"  {expression} ") == expression


@pytest.mark.parametrize("zone", ["Mars/Olympus", "europe/madrid ", "", "CEST"])
def test_unknown_timezone_says_what_to_use(zone: str) -> None:
    with pytest.raises(InvalidTimezone, match="IANA name such as 'Europe/Madrid'"):
        cron.validate_timezone(zone)


def test_descriptions_in_english_and_spanish() -> None:
    assert cron.describe("30 2 * * 1-5") == "At 02:30, Monday through Friday"
    assert cron.describe("30 2 * * 1-5", "es") == "A las 02:30, de lunes a viernes"
    spanish = cron.describe("*/10 9-17 * jan,jun mon-fri", "es")
    assert "enero" in spanish and "junio" in spanish and "lunes" in spanish


def test_warnings_never_fires_and_too_often() -> None:
    now = utc(2026, 1, 1)
    assert any("never fires" in w for w in cron.warnings("0 0 30 2 *", "UTC", now=now))
    assert cron.next_runs("0 0 30 2 *", "UTC", after=now) == []
    often = cron.warnings("*/2 * * * *", "UTC", now=now)
    assert often == [
        "fires as often as every 2 minutes, more often than every 5 minutes; "
        "each run visits every source"
    ]
    assert any("every 1 minute," in w for w in cron.warnings("0,1 9 * * *", "UTC", now=now))
    assert cron.warnings("*/5 * * * *", "UTC", now=now) == []
    assert cron.warnings("0 7 * * *", "Europe/Madrid", now=now) == []


def test_runs_in_the_editors_zone_not_utc() -> None:
    # 07:00 in Madrid is 06:00 UTC in winter and 05:00 UTC in summer.
    winter = cron.next_runs("0 7 * * *", "Europe/Madrid", after=utc(2026, 1, 10), count=1)[0]
    summer = cron.next_runs("0 7 * * *", "Europe/Madrid", after=utc(2026, 7, 10), count=1)[0]
    assert winter.at_utc == utc(2026, 1, 10, 6)
    assert summer.at_utc == utc(2026, 7, 10, 5)
    assert summer.at_local.hour == 7 and summer.dst is None


def test_spring_forward_gap_fires_once_at_the_end_of_the_gap() -> None:
    # Madrid, 2026-03-29: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
    runs = cron.next_runs("30 2 * * *", "Europe/Madrid", after=utc(2026, 3, 28, 12), count=2)
    assert [r.at_utc for r in runs] == [utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)]
    assert runs[0].at_local.strftime("%H:%M %z") == "03:00 +0200"
    assert runs[0].dst == "gap" and "02:30 does not exist" in (runs[0].note or "")


def test_spring_forward_gap_collapses_many_missing_times_into_one() -> None:
    runs = cron.next_runs("*/15 * * * *", "Europe/Madrid", after=utc(2026, 3, 29, 0, 50), count=3)
    # After 01:50 CET, 02:00..02:45 do not exist -> one run at 03:00 CEST, then 03:15.
    assert [r.at_local.strftime("%H:%M %z") for r in runs] == [
        "03:00 +0200",
        "03:15 +0200",
        "03:30 +0200",
    ]
    assert runs[0].at_utc == utc(2026, 3, 29, 1, 0)


def test_fall_back_overlap_fires_once_at_the_first_occurrence() -> None:
    # Madrid, 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
    runs = cron.next_runs("30 2 * * *", "Europe/Madrid", after=utc(2026, 10, 24, 12), count=2)
    assert [r.at_utc for r in runs] == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]
    assert runs[0].dst == "overlap" and "+02:00" in (runs[0].note or "")


def test_croniter_alone_fires_twice_in_the_overlap_which_we_correct() -> None:
    """Why we resolve wall-clock times ourselves: croniter's tz mode disagrees with our rule."""
    tz = ZoneInfo("Europe/Madrid")
    walls = croniter("30 2 * * *", datetime(2026, 10, 24, 12, tzinfo=tz))
    first, second = walls.get_next(datetime), walls.get_next(datetime)
    assert first.date() == second.date()  # croniter: twice on 2026-10-25
    ours = cron.next_runs("30 2 * * *", "Europe/Madrid", after=utc(2026, 10, 24, 12), count=2)
    assert ours[0].at_local.date() != ours[1].at_local.date()


def test_hourly_jobs_keep_their_interval_through_the_repeated_hour() -> None:
    runs = cron.next_runs("*/30 * * * *", "Europe/Madrid", after=utc(2026, 10, 24, 23, 45), count=6)
    assert [r.at_utc for r in runs] == [
        utc(2026, 10, 25, 0, 0) + timedelta(minutes=30 * i) for i in range(6)
    ]
    assert [r.dst for r in runs[:4]] == ["overlap"] * 4


def test_lord_howe_half_hour_shift() -> None:
    # Lord Howe, 2026-10-04: 02:00 (+10:30) jumps to 02:30 (+11:00).
    gap = cron.next_runs("15 2 * * *", "Australia/Lord_Howe", after=utc(2026, 10, 3, 12), count=1)
    assert gap[0].at_local.strftime("%Y-%m-%d %H:%M %z") == "2026-10-04 02:30 +1100"
    # 2026-04-05: 02:00 (+11:00) goes back to 01:30 (+10:30); 01:45 happens twice.
    overlap = cron.next_runs("45 1 * * *", "Australia/Lord_Howe", after=utc(2026, 4, 4, 6), count=2)
    assert overlap[0].at_local.strftime("%Y-%m-%d %H:%M %z") == "2026-04-05 01:45 +1100"
    assert overlap[1].at_local.strftime("%Y-%m-%d %H:%M") == "2026-04-06 01:45"


def test_santiago_midnight_transition_keeps_the_day() -> None:
    # Santiago, 2026-09-06: 00:00 (-04) jumps to 01:00 (-03): midnight does not exist.
    runs = cron.next_runs("0 0 * * *", "America/Santiago", after=utc(2026, 9, 5, 12), count=2)
    assert runs[0].at_local.strftime("%Y-%m-%d %H:%M %z") == "2026-09-06 01:00 -0300"
    assert runs[1].at_local.strftime("%Y-%m-%d %H:%M") == "2026-09-07 00:00"


def test_between_lists_instants_in_a_closed_interval() -> None:
    schedule = cron.parse("*/10 * * * *", "UTC")
    found = schedule.between(utc(2026, 1, 1, 10), utc(2026, 1, 1, 10, 30), limit=100)
    assert found == [utc(2026, 1, 1, 10, m) for m in (0, 10, 20, 30)]
    assert schedule.between(utc(2026, 1, 1, 10), utc(2026, 1, 1, 11), limit=2) == found[:2]
    assert schedule.next_after(utc(2026, 1, 1, 9, 59, 59, 500000)) == utc(2026, 1, 1, 10)
