"""`newsdesk schedules ...` through the real CLI entry point."""

from __future__ import annotations

import json

import pytest

from newsdesk.cli import invoke
from newsdesk.settings import Settings


def test_schedules_commands(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        invoke(
            [
                "schedules",
                "add",
                "morning",
                "--cron",
                "0 7 * * *",
                "--stage",
                "sched_noop",
                "--tz",
                "America/Santiago",
                "--overlap",
                "allow",
                "--param",
                "limit=3",
            ]
        )
        == 0
    )
    assert "added schedule 'morning'" in capsys.readouterr().err

    assert invoke(["schedules", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["name"], row["timezone"], row["overlap_policy"]) == (
        "morning",
        "America/Santiago",
        "allow",
    )
    assert row["parameters"] == {"limit": 3} and row["next_run_at"]

    assert invoke(["schedules", "edit", "morning", "--cron", "30 6 * * 1-5", "--name", "am"]) == 0
    capsys.readouterr()
    assert invoke(["schedules", "pause", "am"]) == 0
    assert "paused" in capsys.readouterr().err
    assert invoke(["schedules", "list"]) == 0
    assert "paused" in capsys.readouterr().out
    assert invoke(["schedules", "resume", str(row["id"])]) == 0
    assert "resumed; next run" in capsys.readouterr().err

    assert invoke(["schedules", "run", "am"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip().isdigit() and "created" in captured.err

    assert invoke(["schedules", "remove", "am", "--yes"]) == 0
    assert invoke(["schedules", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_errors_are_one_line(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke(["schedules", "add", "x", "--cron", "0 25 * * *"]) == 2
    assert capsys.readouterr().err.strip() == "error: cron field 'hour' must be 0-23, got 25"
    assert invoke(["schedules", "pause", "nope"]) == 3
    assert "no schedule named or numbered 'nope'" in capsys.readouterr().err
    assert invoke(["schedules", "add", "x", "--cron", "0 7 * * *", "--source", "ghost"]) == 2
    assert "unknown source" in capsys.readouterr().err


def test_next_explains_an_expression(
    sqlite_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert invoke(["schedules", "next", "*/2 * * * *", "--tz", "UTC", "--count", "3"]) == 0
    captured = capsys.readouterr()
    assert "Every 2 minutes  /  Cada 2 minutos" in captured.err
    assert "warning: fires as often as every 2 minutes" in captured.err
    assert captured.out.count("+0000") == 3
    assert invoke(["schedules", "next", "0 0 * * 9"]) == 2
    assert "cron field 'day-of-week' must be 0-7" in capsys.readouterr().err
