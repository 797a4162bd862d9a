"""Fixtures for executions end to end: short timings, fake stages, helpers to wait."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

import tests.fixtures.stages  # noqa: F401  (registers the fake stages)
from newsdesk import db
from newsdesk.runs import queries, service
from newsdesk.runs.models import Execution, RunStatus, Trigger
from newsdesk.settings import Settings, configure
from newsdesk.sources.models import Source
from tests.conftest import make_settings

FAST = {
    "heartbeat_interval": 0.2,
    "reap_after": 2.0,
    "reconcile_after": 1.0,
    "cancel_grace": 1.0,
    "local_workers": 1,
}


@pytest.fixture
def fast_settings(database_url: str) -> Iterator[Settings]:
    """Settings on the test's database (both backends) with second-scale timings."""
    value = make_settings(database_url, **FAST)
    configure(value)
    yield value
    configure(None)
    db.dispose_engines()


@pytest.fixture
def settings(fast_settings: Settings) -> Settings:
    """Make the app clients (client, admin_client, ...) use the fast settings."""
    return fast_settings


@pytest.fixture
def one_source(fast_settings: Settings) -> int:
    with db.session_scope(fast_settings.database_url) as s:
        row = Source(name="alpha", base_url="https://alpha.example/")
        s.add(row)
        s.flush()
        return row.id


def create(settings: Settings, stage: str = "noop", **kwargs: object) -> int:
    kwargs.setdefault("trigger", Trigger.manual)
    with db.session_scope(settings.database_url) as s:
        return service.create_execution(session=s, stage=stage, **kwargs).id  # type: ignore[arg-type]


def load(settings: Settings, execution_id: int) -> Execution:
    with db.session_scope(settings.database_url) as s:
        row = queries.get_or_raise(session=s, execution_id=execution_id)
        s.expunge(row)
        return row


def wait_for(
    settings: Settings,
    execution_id: int,
    done: Callable[[Execution], bool] = lambda r: RunStatus(r.status).is_final,
    timeout: float = 30.0,
) -> Execution:
    deadline = time.monotonic() + timeout
    while True:
        row = load(settings, execution_id)
        if done(row):
            return row
        if time.monotonic() > deadline:
            raise AssertionError(f"execution {execution_id} still {row.status} after {timeout}s")
        time.sleep(0.1)
