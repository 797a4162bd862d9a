"""Shared helpers of the extraction unit tests: a loopback server and settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.settings import Settings
from newsdesk.testing.newssites import NewsSitesServer
from tests.conftest import make_settings


@pytest.fixture
def server() -> Iterator[NewsSitesServer]:
    with NewsSitesServer() as srv:
        yield srv


@pytest.fixture
def fetch_settings() -> Settings:
    """Settings for fetcher tests: no host gap, short timeouts, small size limit."""
    return make_settings(
        "sqlite:///unused.db",
        fetch_host_delay=0.0,
        fetch_timeout=1.0,
        fetch_connect_timeout=1.0,
        fetch_max_bytes=4096,
        fetch_retries=3,
    )
