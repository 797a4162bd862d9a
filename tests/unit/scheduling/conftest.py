"""Fixtures of the scheduling tests: the no-op stage, a fake clock, a session factory."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from newsdesk import db
from newsdesk.core.clock import FakeClock
from newsdesk.settings import Settings
from tests.fixtures.scheduling import register_noop_stage


@pytest.fixture(autouse=True)
def noop_stage() -> None:
    register_noop_stage()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, 30, tzinfo=UTC))


@pytest.fixture
def factory(settings: Settings) -> sessionmaker[Session]:
    return db.session_factory(settings.database_url)
