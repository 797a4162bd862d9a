"""Checks `newsdesk serve` (and workers) make before doing any work."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.settings import Settings

log = logging.getLogger("newsdesk.startup")


def ensure_admin(*, announce: Callable[[str], None]) -> str | None:
    """Create `admin` with a random password on an empty users table and announce it once."""
    try:
        with db.session_scope() as session:
            password = auth_service.ensure_first_admin(session=session)
            if password:
                admin = auth_service.get_by_username_or_raise(session=session, username="admin")
                auth_service.audit(
                    session=session,
                    actor=None,
                    action="user.create",
                    entity_type="user",
                    entity_id=admin.id,
                    after=auth_service.user_snapshot(admin),
                    detail="first start: created the initial admin",
                )
    except IntegrityError:
        # Another process starting at the same moment created it first: it announces it.
        log.info("the first admin was created by another process")
        return None
    if password:
        announce(
            f"created user 'admin' with password: {password}\n"
            "  (shown only this once, and temporary: the panel asks for a new one at the first"
            " login; or run `newsdesk users set-password admin`)"
        )
    return password


def check_encryption(settings: Settings) -> None:
    """Stop start-up when NEWSDESK_ENCRYPTION_KEY is missing or cannot open the stored keys."""
    from newsdesk.llm import crypto

    try:
        with db.session_scope(settings.database_url) as session:
            crypto.check_canary(session=session, settings=settings)
    except IntegrityError:
        # Another process created the canary at the same moment: check against theirs.
        with db.session_scope(settings.database_url) as session:
            crypto.check_canary(session=session, settings=settings)


def check(settings: Settings, *, announce: Callable[[str], None]) -> None:
    """Run the start-up checks: the encryption key (raises ConfigError), the first admin."""
    check_encryption(settings)
    ensure_admin(announce=announce)
