"""Plumbing shared by the domains' CLI modules."""

from __future__ import annotations

import getpass

from rich.console import Console


def cli_actor() -> str:
    """Name the local OS user for the audit trail and `created_by`: "cli:<login>"."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in some containers
        return "cli"


# Data that scripts capture goes alone on stdout (`out`); messages and progress on stderr.
out = Console()
err = Console(stderr=True)
