"""Time, injectable: services take a `Clock` so tests of firing and timeouts never sleep."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Return `value` in UTC; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def today_in(tz: str) -> date:
    """Return today's date in the zone `tz` (a run's date is the editor's today)."""
    return utcnow().astimezone(ZoneInfo(tz)).date()


class Clock(Protocol):
    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return utcnow()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))


class FakeClock:
    """A clock that moves only when told to, or when something sleeps on it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = as_utc(start) if start else utcnow()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            self._now += timedelta(seconds=seconds)
            return self._now

    def set(self, value: datetime) -> None:
        with self._lock:
            self._now = as_utc(value)


system_clock = SystemClock()


def now_of(clock: Clock | None) -> datetime:
    """Return `clock`'s time; None means the system clock."""
    return (clock or system_clock).now()
