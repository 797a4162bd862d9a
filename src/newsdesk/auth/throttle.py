"""How long a username or address must wait after failed logins (rows in `login_attempts`).

Failures live in the database, not in a process's memory, so the limit holds across every
server process sharing it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.auth.models import LoginAttempt
from newsdesk.core.clock import utcnow

# An address may try a few usernames; it gets this many times one username's allowance.
IP_ALLOWANCE_FACTOR = 4


def _wait_needed(
    *, session: Session, column: Any, value: str, allowance: int, since: datetime
) -> float:
    """Seconds until fewer than `allowance` failures for `value` remain in the window."""
    # The allowance-th most recent failure is the one whose expiry reopens the door.
    at = session.scalar(
        select(LoginAttempt.at)
        .where(column == value, LoginAttempt.at >= since)
        .order_by(LoginAttempt.at.desc())
        .limit(1)
        .offset(allowance - 1)
    )
    if at is None:
        return 0.0
    return (at - since).total_seconds()


def login_wait(
    *,
    session: Session,
    username: str,
    client_ip: str | None,
    max_failures: int,
    lockout_seconds: int,
) -> int:
    """Return the seconds this username/address must wait before trying again (0: may try)."""
    now = utcnow()
    since = now - timedelta(seconds=lockout_seconds)
    wait = _wait_needed(
        session=session,
        column=LoginAttempt.username,
        value=username,
        allowance=max_failures,
        since=since,
    )
    if client_ip:
        wait = max(
            wait,
            _wait_needed(
                session=session,
                column=LoginAttempt.client_ip,
                value=client_ip,
                allowance=max_failures * IP_ALLOWANCE_FACTOR,
                since=since,
            ),
        )
    return math.ceil(wait) if wait > 0 else 0
