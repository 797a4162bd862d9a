"""The `newsdesk` command: thin; parses, calls services, prints (Rich).

Each domain adds its commands through `register(app)` in its own `cli.py`, so this file
stays the root: `serve`, `db`, `config`, and error handling. A user mistake prints one
line, `error: ...`, on stderr and exits non-zero; never a traceback.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from collections.abc import Sequence
from typing import Annotated

import click
import sqlalchemy.exc
import typer
from rich.console import Console
from rich.markup import escape

from newsdesk.core.errors import NewsdeskError, Unavailable

app = typer.Typer(
    name="newsdesk",
    help="newsdesk: a self-hosted news pipeline with a stage manager at its heart.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
config_app = typer.Typer(help="Effective settings.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(config_app, name="config")

out = Console()
err = Console(stderr=True)

# Domain modules that add commands with `register(app)`.
COMMAND_MODULES = (
    "newsdesk.auth.cli",
    "newsdesk.sources.cli",
    "newsdesk.llm.cli",
    "newsdesk.runs.cli",
    "newsdesk.scheduling.cli",
    "newsdesk.extraction.cli",
)


def setup_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if level != "DEBUG":
        # Alembic lists every plugin it loads at INFO; only the upgrades themselves matter.
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


@app.callback()
def _root(ctx: typer.Context) -> None:
    # Read the settings before any command runs: a bad NEWSDESK_* value stops every command
    # with one line naming the variable. `config` commands check (or help fix) them themselves.
    if ctx.invoked_subcommand != "config":
        from newsdesk.settings import get_settings

        get_settings()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (NEWSDESK_HOST)")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Listen port (NEWSDESK_PORT)")
    ] = None,
) -> None:
    """Apply migrations and serve the admin panel, the API, the worker and the scheduler."""
    import uvicorn

    from newsdesk import db, startup
    from newsdesk.app import create_app
    from newsdesk.settings import get_settings

    settings = get_settings()
    setup_logging(settings.log_level)
    db.upgrade()
    startup.check(settings, announce=lambda line: err.print(line, highlight=False, soft_wrap=True))
    app_ = create_app(settings, background=True)
    host = host or settings.host
    port = port or settings.port
    err.print(f"newsdesk serving on http://{host}:{port} (API docs at /docs)", highlight=False)
    # The app logs every request itself (method, path, status, time): no second access log.
    uvicorn.run(app_, host=host, port=port, log_level=settings.log_level.lower(), access_log=False)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    from newsdesk import db

    db.upgrade()
    current, _ = db.current_revision()
    err.print(f"database at revision {current}")


@db_app.command("current")
def db_current() -> None:
    """Show the database's revision and the newest one shipped."""
    from newsdesk import db

    current, head = db.current_revision()
    out.print(f"database: {current or 'empty'}; newest shipped: {head}")


@config_app.command("show")
def config_show(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Print the effective settings, secrets masked."""
    from newsdesk.settings import get_settings

    values = get_settings().masked()
    if as_json:
        print(json.dumps(values, indent=2, default=str))
        return
    for key, value in values.items():
        # A value may hold "[...]" (a list, a user agent): escape it from Rich's markup.
        out.print(
            f"[bold]{key}[/bold] = {escape(str(value))}",
            highlight=False,
            markup=True,
            soft_wrap=True,
        )


@config_app.command("gen-key")
def config_gen_key() -> None:
    """Print a new Fernet key for NEWSDESK_ENCRYPTION_KEY (alone on stdout)."""
    from cryptography.fernet import Fernet

    print(Fernet.generate_key().decode())
    err.print(
        "set it as NEWSDESK_ENCRYPTION_KEY; to rotate, put the new key first and keep the old "
        "ones after it, comma-separated",
        highlight=False,
    )


def _unmigrated(reason: str) -> bool:
    return "no such table" in reason or ("relation" in reason and "does not exist" in reason)


def _database_error(exc: Exception) -> str:
    """One line for a database failure, with what to do about it; no SQL, no password."""
    from newsdesk.settings import get_settings, mask_url

    orig = getattr(exc, "orig", None) or exc
    reason = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    try:
        url = mask_url(get_settings().database_url)
    except NewsdeskError:
        url = "the database"
    if _unmigrated(reason):
        return f"the database {url} is not migrated ({reason}); run `newsdesk db upgrade`"
    return f"database error on {url}: {reason}; check NEWSDESK_DATABASE_URL and the server"


def _register_domains() -> None:
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # that domain adds no commands yet
            raise
        module.register(app)


_register_domains()


# Typer >= 0.24 raises its own (vendored) click exceptions; plain click's are kept for any
# command that raises them directly.
_EXIT = (typer.Exit, click.exceptions.Exit)
_ABORT = (typer.Abort, click.exceptions.Abort)
_USAGE = (typer.exceptions.TyperException, click.ClickException)


def invoke(args: Sequence[str] | None = None) -> int:
    """Run the CLI with `args` and return its exit code (tests call this too)."""
    try:
        result = app(args=list(args) if args is not None else None, standalone_mode=False)
    except _EXIT as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except _ABORT:
        err.print("aborted")
        return 1
    except _USAGE as exc:
        exc.show()  # type: ignore[union-attr]
        return int(getattr(exc, "exit_code", 2))
    except NewsdeskError as exc:
        err.print(f"error: {exc.detail}", highlight=False, markup=False, soft_wrap=True)
        return exc.exit_code
    except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.ProgrammingError) as exc:
        if isinstance(exc, sqlalchemy.exc.ProgrammingError) and not _unmigrated(str(exc.orig)):
            raise  # a bug, not the user's setup: keep the traceback
        err.print(f"error: {_database_error(exc)}", highlight=False, markup=False, soft_wrap=True)
        return Unavailable.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(invoke())
