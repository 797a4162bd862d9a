"""Fixtures for the executions tests: fake stages registered, a few sources."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

import tests.fixtures.stages  # noqa: F401  (registers the fake stages)
from newsdesk import db
from newsdesk.settings import Settings
from newsdesk.sources.models import Source


@pytest.fixture
def sources(settings: Settings) -> list[int]:
    """Three sources: two active (alpha, beta), one inactive (gamma)."""
    with db.session_scope(settings.database_url) as s:
        rows = [
            Source(name="alpha", base_url="https://alpha.example/"),
            Source(name="beta", base_url="https://beta.example/"),
            Source(name="gamma", base_url="https://gamma.example/", is_active=False),
        ]
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]


@pytest.fixture
def tx(settings: Settings) -> Iterator[Session]:
    """A session whose work is committed when the test body leaves it clean."""
    with db.session_scope(settings.database_url) as s:
        yield s
