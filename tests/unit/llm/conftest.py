"""Fixtures of the LLM gateway tests: the fake provider, keys, executions, a gateway."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from tenacity import wait_none

from newsdesk import db
from newsdesk.llm import gateway
from newsdesk.llm import service as keys_service
from newsdesk.llm.models import ApiKey, LlmCall
from newsdesk.runs.models import Execution
from newsdesk.settings import Settings
from newsdesk.testing.fake_openai import FakeOpenAI


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(slow_seconds=1.5) as server:
        yield server


@pytest.fixture
def fake_openai(fake_server: FakeOpenAI) -> FakeOpenAI:
    """The session's fake provider, its counters and options reset for this test."""
    fake_server.reset()
    fake_server.usage = None
    fake_server.retry_after = 1
    return fake_server


AddKey = Callable[..., ApiKey]


@pytest.fixture
def add_key_factory(fake_openai: FakeOpenAI) -> Callable[..., ApiKey]:
    """Store a key on any settings' database: add(settings, alias, secret, **fields)."""

    def add(settings: Settings, alias: str, secret: str, **values: Any) -> ApiKey:
        values.setdefault("base_url", fake_openai.base_url)
        with db.session_scope(settings.database_url) as s:
            return keys_service.create(
                session=s, settings=settings, values={"alias": alias, **values}, secret=secret
            )

    return add


@pytest.fixture
def add_key(settings: Settings, add_key_factory: Callable[..., ApiKey]) -> AddKey:
    """Store a key pointing at the fake provider: add_key("a", "ok-aaaa1111", **fields)."""
    return lambda alias, secret, **values: add_key_factory(settings, alias, secret, **values)


@pytest.fixture
def execution_id(settings: Settings) -> int:
    with db.session_scope(settings.database_url) as s:
        row = Execution(stage="extract_urls", trigger="manual", run_date=date(2025, 3, 1))
        s.add(row)
        s.flush()
        return row.id


@pytest.fixture
def make_gateway(settings: Settings) -> Callable[..., gateway.Gateway | None]:
    """for_execution without real backoff sleeps; logs collected in `.lines`."""

    def make(**kwargs: Any) -> Any:
        lines: list[tuple[str, str]] = []
        kwargs.setdefault("execution_id", None)
        kwargs.setdefault("stage", "extract_urls")
        kwargs.setdefault("api_key_id", None)
        kwargs.setdefault("use_fallback", True)
        kwargs.setdefault("settings", settings)
        kwargs.setdefault("wait", wait_none())
        client = gateway.for_execution(log=lambda lvl, msg: lines.append((lvl, msg)), **kwargs)
        if client is not None:
            client.lines = lines  # type: ignore[attr-defined]
        make.lines = lines  # type: ignore[attr-defined]
        return client

    return make


def key_row(settings: Settings, key_id: int) -> ApiKey:
    with db.session_scope(settings.database_url) as s:
        return s.get(ApiKey, key_id)  # type: ignore[return-value]


def calls(settings: Settings) -> list[LlmCall]:
    from sqlalchemy import select

    with db.session_scope(settings.database_url) as s:
        return list(s.scalars(select(LlmCall).order_by(LlmCall.id)))


HELLO = [{"role": "user", "content": "hello"}]
ZERO = Decimal(0)
