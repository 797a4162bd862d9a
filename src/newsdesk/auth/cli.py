"""`newsdesk users ...` and `newsdesk tokens ...`: accounts and API tokens from the shell.

A new token goes alone on stdout so scripts can capture it (`TOKEN=$(newsdesk tokens create
--user bot)`); every other message goes to stderr. Changes are audited as the local OS user.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.auth.exceptions import UsernameTaken
from newsdesk.auth.models import Role
from newsdesk.core.cli import cli_actor
from newsdesk.core.clock import utcnow
from newsdesk.core.errors import BadRequest

users_app = typer.Typer(help="User accounts (admin or viewer).", no_args_is_help=True)
tokens_app = typer.Typer(
    help="API tokens for scripts (Authorization: Bearer).", no_args_is_help=True
)

out = Console()
err = Console(stderr=True, soft_wrap=True)  # messages stay one line each, whatever the width

PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin (no prompt)"
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(tokens_app, name="tokens")


def _audit(session: Session, *, changed_only: bool = False, **entry: Any) -> None:
    """Audit as the local OS user; `changed_only` skips a change that moved nothing."""
    record = auth_service.audit_if_changed if changed_only else auth_service.audit
    record(session=session, actor=None, actor_name=cli_actor(), **entry)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise BadRequest('no password on stdin; pipe it in, e.g. `echo "$PW" | newsdesk ...`')
        return password
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[Role, typer.Option(help="admin may change things; viewer only reads")] = (
        Role.viewer
    ),
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a user; the password comes from a hidden prompt or --password-stdin."""
    with db.session_scope() as session:
        # Refuse a taken name before asking for a password.
        if auth_service.get_by_username(session=session, username=username) is not None:
            raise UsernameTaken(f"a user named {username!r} already exists")
    password = _read_password(password_stdin)
    with db.session_scope() as session:
        user = auth_service.create_user(
            session=session, username=username, password=password, role=role
        )
        _audit(
            session,
            action="user.create",
            entity_type="user",
            entity_id=user.id,
            after=auth_service.user_snapshot(user),
        )
        err.print(f"created {role.value} {username!r} (id {user.id})", highlight=False)


@users_app.command("list")
def users_list() -> None:
    """List every user."""
    with db.session_scope() as session:
        users, _ = auth_service.list_users(session=session)
        table = Table("id", "username", "role", "active", "created (UTC)", "last login")
        for user in users:
            table.add_row(
                str(user.id),
                user.username,
                user.role,
                "yes" if user.is_active else "no",
                _when(user.created_at),
                _when(user.last_login_at),
            )
    out.print(table)


def _set_active(username: str, active: bool) -> None:
    with db.session_scope() as session:
        user = auth_service.get_by_username_or_raise(session=session, username=username)
        before = auth_service.user_snapshot(user)
        auth_service.set_active(session=session, user=user, active=active)
        _audit(
            session,
            changed_only=True,
            action="user.update",
            entity_type="user",
            entity_id=user.id,
            before=before,
            after=auth_service.user_snapshot(user),
        )


@users_app.command("disable")
def users_disable(username: Annotated[str, typer.Argument(help="Login name")]) -> None:
    """Disable a user: their sessions and API tokens stop working at once."""
    _set_active(username, False)
    err.print(f"disabled {username!r}; their sessions and API tokens are revoked", highlight=False)


@users_app.command("enable")
def users_enable(username: Annotated[str, typer.Argument(help="Login name")]) -> None:
    """Enable a disabled user (revoked tokens stay revoked: create new ones)."""
    _set_active(username, True)
    err.print(f"enabled {username!r}", highlight=False)


@users_app.command("set-password")
def users_set_password(
    username: Annotated[str, typer.Argument(help="Login name")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a user's password (their browser sessions end; API tokens stay)."""
    with db.session_scope() as session:
        # Fail on an unknown name before asking for a password.
        auth_service.get_by_username_or_raise(session=session, username=username)
    password = _read_password(password_stdin)
    with db.session_scope() as session:
        user = auth_service.get_by_username_or_raise(session=session, username=username)
        auth_service.set_password(session=session, user=user, password=password)
        _audit(session, action="user.set_password", entity_type="user", entity_id=user.id)
    err.print(f"password of {username!r} changed", highlight=False)


@tokens_app.command("create")
def tokens_create(
    user: Annotated[str, typer.Option("--user", help="Owner of the token")],
    name: Annotated[str | None, typer.Option("--name", help="A label to recognise it")] = None,
    expires_days: Annotated[
        int | None,
        typer.Option("--expires-days", min=1, max=3650, help="Lifetime (default: no expiry)"),
    ] = None,
) -> None:
    """Create an API token and print it, alone, on stdout (it is shown only this once)."""
    if name is not None and len(name) > 128:
        raise BadRequest("--name must be at most 128 characters")
    ttl = timedelta(days=expires_days) if expires_days else None
    with db.session_scope() as session:
        owner = auth_service.get_by_username_or_raise(session=session, username=user)
        raw, token = auth_service.create_token(session=session, user=owner, name=name, ttl=ttl)
        _audit(
            session,
            action="token.create",
            entity_type="api_token",
            entity_id=token.id,
            after=auth_service.token_snapshot(token),
        )
        token_id = token.id
    # Print only once the transaction committed: a printed token always works.
    print(raw, flush=True)
    err.print(
        f"created token {token_id} for {user!r}; it is shown only now, store it safely "
        "(use it as 'Authorization: Bearer <token>')",
        highlight=False,
    )


@tokens_app.command("list")
def tokens_list(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens")] = None,
) -> None:
    """List API tokens (never their secrets)."""
    with db.session_scope() as session:
        owner = (
            auth_service.get_by_username_or_raise(session=session, username=user) if user else None
        )
        tokens, _ = auth_service.list_tokens(session=session, user=owner)
        now = utcnow()
        table = Table(
            "id", "user", "name", "prefix", "status", "created (UTC)", "last used", "expires"
        )
        for token in tokens:
            table.add_row(
                str(token.id),
                token.user.username,
                token.name or "-",
                token.prefix + "…",
                auth_service.token_status(token, now),
                _when(token.created_at),
                _when(token.last_used_at),
                _when(token.expires_at),
            )
    out.print(table)


@tokens_app.command("revoke")
def tokens_revoke(
    token_id: Annotated[int, typer.Argument(help="Token id (see `tokens list`)")],
) -> None:
    """Revoke an API token: it stops working at once."""
    with db.session_scope() as session:
        token = auth_service.get_token_or_raise(session=session, token_id=token_id)
        before = auth_service.token_snapshot(token)
        auth_service.revoke_token(session=session, token_id=token_id)
        _audit(
            session,
            changed_only=True,
            action="token.revoke",
            entity_type="api_token",
            entity_id=token.id,
            before=before,
            after=auth_service.token_snapshot(token),
        )
    err.print(f"revoked token {token_id}", highlight=False)
