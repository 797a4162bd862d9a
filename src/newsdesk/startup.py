"""Checks `newsdesk serve` (and workers) make before doing any work."""

from __future__ import annotations

from collections.abc import Callable

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.settings import Settings


def check(settings: Settings, *, announce: Callable[[str], None]) -> None:
    """Create the first admin when there is no user; stop on a wrong encryption key."""
    with db.session_scope() as session:
        password = auth_service.ensure_first_admin(session=session)
    if password:
        announce(
            "created user 'admin' with password: "
            f"{password}\n  (shown once; change it with `newsdesk users set-password admin`)"
        )
