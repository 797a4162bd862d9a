"""CRON expressions evaluated in an IANA time zone, with stated DST rules.

croniter walks the wall clock (naive local times); this module turns each wall-clock
time into one UTC instant by these rules, which croniter's own time-zone handling does
not follow (it fires a fixed-time job twice in a fall-back overlap):

- Spring forward (a wall-clock time that does not exist): the job fires once, at the
  first valid instant after the gap (02:30 in Madrid on the last Sunday of March fires at
  03:00 CEST). Several missing times collapse into that one instant.
- Fall back (a wall-clock time that happens twice): the job fires once, at the first
  occurrence. Exception: a job that runs every hour (hour field `*`) keeps its interval
  through the repeated hour and fires in both passes, so `*/15 * * * *` never pauses.

Instants come out strictly increasing and timezone-aware (UTC).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cron_descriptor import ExpressionDescriptor, Options
from croniter import CroniterBadCronError, CroniterBadDateError, CroniterError, croniter

from newsdesk.scheduling.exceptions import InvalidCron, InvalidTimezone

# (name, lowest, highest, names allowed, extra characters allowed)
FIELDS: tuple[tuple[str, int, int], ...] = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day-of-month", 1, 31),
    ("month", 1, 12),
    ("day-of-week", 0, 7),
)
_FIELD_CHARS = (
    re.compile(r"^[0-9*,/\-]+$"),
    re.compile(r"^[0-9*,/\-]+$"),
    re.compile(r"^[0-9*,/\-?LW]+$"),
    re.compile(r"^[0-9A-Za-z*,/\-]+$"),
    re.compile(r"^[0-9A-Za-z*,/\-?L#]+$"),
)
_FIELD_HINT = "use numbers, ranges (1-5), lists (1,3,5) and steps (*/15)"
MIN_INTERVAL_WARNING = timedelta(minutes=5)
# Wider than any UTC offset change that ever happened (2 h), so a walk that starts this
# far back on the wall clock cannot miss an instant.
_DST_MARGIN = timedelta(hours=3)

_ES_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_ES_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def validate_timezone(name: str) -> ZoneInfo:
    """Return the zone named `name`, or raise InvalidTimezone saying what to use."""
    try:
        if not name or name != name.strip():
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidTimezone(
            f"unknown time zone {name!r}: use an IANA name such as 'Europe/Madrid' or 'UTC'",
            field="timezone",
        ) from None


def _out_of_range(index: int, value: str) -> str | None:
    """Name the first number in `value` outside the field's range, as an error message."""
    name, low, high = FIELDS[index]
    for part in value.split(","):
        base = part.split("/", 1)[0]
        for token in base.split("-"):
            if token.isdigit() and not low <= int(token) <= high:
                extra = " (0 and 7 are Sunday)" if name == "day-of-week" else ""
                return f"cron field '{name}' must be {low}-{high}{extra}, got {int(token)}"
        if "/" in part:
            step = part.split("/", 1)[1]
            if step.isdigit() and int(step) == 0:
                return f"cron field '{name}' has a step of 0 in {part!r}; a step must be 1 or more"
    return None


def validate(expression: str) -> str:
    """Return the normalised 5-field expression, or raise InvalidCron naming the bad field."""
    parts = expression.split() if isinstance(expression, str) else []
    if expression and expression.strip().startswith("@"):
        raise InvalidCron(
            f"{expression.strip()!r} is a macro; write the 5 fields instead, e.g. '0 0 * * *'",
            field="cron_expression",
        )
    if len(parts) != 5:
        raise InvalidCron(
            "a cron expression has 5 fields (minute hour day-of-month month day-of-week), "
            f"got {len(parts)} in {expression!r}",
            field="cron_expression",
        )
    for index, value in enumerate(parts):
        name = FIELDS[index][0]
        message = _out_of_range(index, value)
        if message is None and not _FIELD_CHARS[index].match(value):
            message = f"cron field '{name}' is not valid: {value!r}; {_FIELD_HINT}"
        if message is None:
            probe = ["*"] * 5
            probe[index] = value
            try:
                croniter(" ".join(probe))
            except (CroniterError, ValueError, KeyError, IndexError):
                message = f"cron field '{name}' is not valid: {value!r}; {_FIELD_HINT}"
        if message is not None:
            raise InvalidCron(message, field=name)
    normalised = " ".join(parts)
    try:
        croniter(normalised)
    except (CroniterBadCronError, CroniterError, ValueError) as exc:
        raise InvalidCron(f"cron expression {normalised!r} is not valid: {exc}") from None
    return normalised


@dataclass(frozen=True)
class Instant:
    """One firing: the UTC instant, its local time, and how DST affected it."""

    at_utc: datetime
    at_local: datetime
    dst: str | None = None  # None | "gap" (moved after a spring-forward gap) | "overlap"
    note: str | None = None


@dataclass(frozen=True)
class CronSchedule:
    """A validated expression bound to a zone; iterate its instants with `after`."""

    expression: str
    timezone: str
    tz: ZoneInfo = field(repr=False)
    every_hour: bool

    def after(self, moment: datetime) -> Iterator[Instant]:
        """Yield the instants strictly after `moment`, in order, forever (or until none)."""
        moment = moment.astimezone(UTC)
        wall = moment.astimezone(self.tz).replace(tzinfo=None)
        # Only near an offset change can a wall-clock time before `wall` land after
        # `moment`; elsewhere start right at `wall` (cheap for every-minute jobs).
        offsets = {
            (moment + d).astimezone(self.tz).utcoffset() for d in (-_DST_MARGIN, _DST_MARGIN)
        }
        start = wall - _DST_MARGIN if len(offsets) > 1 else wall
        last: datetime | None = None
        for instant in self._merged(start):
            if instant.at_utc <= moment or (last is not None and instant.at_utc <= last):
                continue
            last = instant.at_utc
            yield instant

    def next_after(self, moment: datetime) -> datetime | None:
        """Return the first instant strictly after `moment`, or None when it never fires."""
        for instant in self.after(moment):
            return instant.at_utc
        return None

    def between(self, start: datetime, end: datetime, *, limit: int) -> list[datetime]:
        """Return up to `limit` instants in [start, end], oldest first."""
        found: list[datetime] = []
        for instant in self.after(start - timedelta(microseconds=1)):
            if instant.at_utc > end or len(found) >= limit:
                break
            found.append(instant.at_utc)
        return found

    def _merged(self, start: datetime) -> Iterator[Instant]:
        """Resolve croniter's wall-clock times by the DST rules, merging second passes."""
        walls = croniter(self.expression, start)
        second_pass: list[Instant] = []
        while True:
            try:
                wall = walls.get_next(datetime)
            except CroniterBadDateError:
                yield from second_pass
                return
            instant, repeat = self._resolve(wall)
            while second_pass and second_pass[0].at_utc < instant.at_utc:
                yield second_pass.pop(0)
            if repeat is not None:
                second_pass.append(repeat)
            yield instant

    def _resolve(self, wall: datetime) -> tuple[Instant, Instant | None]:
        first = wall.replace(tzinfo=self.tz, fold=0)
        second = wall.replace(tzinfo=self.tz, fold=1)
        at_utc = first.astimezone(UTC)
        if at_utc.astimezone(self.tz).replace(tzinfo=None) != wall:
            moved = _gap_end(self.tz, second.astimezone(UTC), at_utc)
            local = moved.astimezone(self.tz)
            note = (
                f"{wall:%H:%M} does not exist on {wall:%Y-%m-%d} (clocks go forward); "
                f"runs at {local:%H:%M} instead"
            )
            return Instant(moved, local, "gap", note), None
        if first.utcoffset() == second.utcoffset():
            return Instant(at_utc, first), None
        note = (
            f"{wall:%H:%M} happens twice on {wall:%Y-%m-%d} (clocks go back); "
            f"runs at the first (UTC{utc_offset(first)})"
        )
        repeat = None
        if self.every_hour:
            note = f"{wall:%H:%M} happens twice on {wall:%Y-%m-%d} (clocks go back); first pass"
            repeat = Instant(
                second.astimezone(UTC),
                second,
                "overlap",
                f"{wall:%H:%M} again (clocks went back); an hourly job runs in both passes",
            )
        return Instant(at_utc, first, "overlap", note), repeat


def utc_offset(value: datetime) -> str:
    """Format the UTC offset of `value` as +HH:MM."""
    text = value.strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def _gap_end(tz: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """Return the first instant in (before, after] on the far side of the offset change."""
    target = after.astimezone(tz).utcoffset()
    low, high = before, after
    while high - low > timedelta(seconds=1):
        mid = low + (high - low) / 2
        mid = mid.replace(microsecond=0)
        if mid <= low:
            break
        if mid.astimezone(tz).utcoffset() == target:
            high = mid
        else:
            low = mid
    return high


@lru_cache(maxsize=1024)
def parse(expression: str, timezone: str) -> CronSchedule:
    """Validate both and return the schedule; raises InvalidCron or InvalidTimezone."""
    normalised = validate(expression)
    tz = validate_timezone(timezone)
    hours = croniter(normalised).expanded[1]
    every_hour = hours == ["*"] or len(hours) == 24
    return CronSchedule(normalised, timezone, tz, every_hour)


@lru_cache(maxsize=1024)
def describe(expression: str, locale: str = "en") -> str:
    """Describe the expression in plain English ("en") or Spanish ("es")."""
    options = Options()
    options.locale_code = "es_ES" if locale == "es" else "en_US"
    options.use_24hour_time_format = True
    try:
        text = ExpressionDescriptor(expression, options).get_description()
    except Exception:  # the description is a courtesy; a valid cron must still save
        return expression
    if locale == "es":
        # cron-descriptor names days and months through the process locale (English here).
        for index, name in enumerate(calendar.day_name):
            text = re.sub(rf"\b{name}\b", _ES_DAYS[index], text)
        for index, name in enumerate(calendar.month_name[1:]):
            text = re.sub(rf"\b{name}\b", _ES_MONTHS[index], text)
    return text


def next_runs(expression: str, timezone: str, *, after: datetime, count: int = 5) -> list[Instant]:
    """Return the next `count` instants after `after` (fewer when it fires less)."""
    schedule = parse(expression, timezone)
    runs: list[Instant] = []
    for instant in schedule.after(after):
        runs.append(instant)
        if len(runs) >= count:
            break
    return runs


def warnings(expression: str, timezone: str, *, now: datetime) -> list[str]:
    """Return what an editor should know: it never fires, or fires very often."""
    schedule = parse(expression, timezone)
    found: list[str] = []
    walls = croniter(schedule.expression, now.astimezone(schedule.tz).replace(tzinfo=None))
    previous: datetime | None = None
    shortest: timedelta | None = None
    try:
        for _ in range(120):
            wall = walls.get_next(datetime)
            if previous is not None and (shortest is None or wall - previous < shortest):
                shortest = wall - previous
            previous = wall
    except CroniterBadDateError:
        if previous is None:
            found.append(
                "never fires: no date matches (e.g. day 30 in February); check day and month"
            )
    if shortest is not None and shortest < MIN_INTERVAL_WARNING:
        minutes = int(shortest.total_seconds() // 60)
        found.append(
            f"fires as often as every {minutes} minute{'s' if minutes != 1 else ''}, "
            "more often than every 5 minutes; each run visits every source"
        )
    return found
