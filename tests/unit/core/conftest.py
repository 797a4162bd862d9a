"""Run the real `newsdesk` command in a clean environment (no NEWSDESK_* leaking in)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.unit.auth.conftest import cheap_argon2  # noqa: F401  (fast Argon2 here too)

NEWSDESK = Path(sys.executable).with_name("newsdesk")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env.update(extra)
    return env


def run_newsdesk(
    *args: str, cwd: Path, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEWSDESK), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
