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
import typer
from rich.console import Console

from newsdesk.core.errors import NewsdeskError

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


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (NEWSDESK_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (NEWSDESK_PORT)")] = None,
) -> None:
    """Apply migrations and serve the admin panel, the API, the worker and the scheduler."""
    import uvicorn

    from newsdesk import db, startup
    from newsdesk.app import create_app
    from newsdesk.settings import get_settings

    settings = get_settings()
    setup_logging(settings.log_level)
    db.upgrade()
    startup.check(settings, announce=lambda line: err.print(line, highlight=False))
    app_ = create_app(settings, background=True)
    host = host or settings.host
    port = port or settings.port
    err.print(f"newsdesk serving on http://{host}:{port} (API docs at /docs)", highlight=False)
    uvicorn.run(app_, host=host, port=port, log_level=settings.log_level.lower())


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
        out.print(f"[bold]{key}[/bold] = {value}", highlight=False)


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


def invoke(args: Sequence[str] | None = None) -> int:
    """Run the CLI with `args` and return its exit code (tests call this too)."""
    try:
        result = app(args=list(args) if args is not None else None, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        err.print("aborted")
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except NewsdeskError as exc:
        err.print(f"error: {exc.detail}", highlight=False, markup=False)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(invoke())
