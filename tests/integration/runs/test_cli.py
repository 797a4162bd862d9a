"""`newsdesk run`, `newsdesk executions ...` and `newsdesk reap` against a real database."""

from __future__ import annotations

import json

import pytest

from newsdesk.cli import invoke
from newsdesk.settings import Settings
from tests.integration.runs.conftest import create, load


def test_run_wait_without_a_server_runs_here_and_reports(
    fast_settings: Settings, one_source: int, capsys: pytest.CaptureFixture[str]
):
    code = invoke(["run", "noop", "--source", "alpha", "--param", "items=4", "--wait"])
    captured = capsys.readouterr()
    execution_id = int(captured.out.strip())
    assert code == 0
    assert "running it in this process" in captured.err
    assert "completed" in captured.err
    row = load(fast_settings, execution_id)
    assert (row.status, row.total_items, row.created_by) == ("completed", 4, row.created_by)
    assert row.created_by and row.created_by.startswith("cli")

    code = invoke(["run", "fail", "--inline"])
    captured = capsys.readouterr()
    assert code == 1 and "boom" in captured.err


def test_run_errors_are_one_line(
    fast_settings: Settings, one_source: int, capsys: pytest.CaptureFixture[str]
):
    assert invoke(["run", "noop", "--source", "nope"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert invoke(["run", "noop", "--key", "no-such-alias"]) == 3
    assert "no-such-alias" in capsys.readouterr().err
    first = create(fast_settings, "noop")
    assert invoke(["run", "noop"]) == 4
    assert f"(execution {first})" in capsys.readouterr().err


def test_executions_list_show_logs_cancel_retry_reap(
    fast_settings: Settings, one_source: int, capsys: pytest.CaptureFixture[str]
):
    execution_id = create(fast_settings, "noop")
    assert invoke(["executions", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["total"] == 1 and listed["items"][0]["id"] == execution_id
    assert invoke(["executions", "show", str(execution_id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "pending"
    assert invoke(["executions", "cancel", str(execution_id)]) == 0
    assert "cancelled" in capsys.readouterr().err
    assert invoke(["executions", "logs", str(execution_id)]) == 0
    assert invoke(["executions", "retry", str(execution_id)]) == 0
    new_id = int(capsys.readouterr().out.strip())
    assert load(fast_settings, new_id).retry_of_id == execution_id
    assert invoke(["reap"]) == 0
    assert json.loads(capsys.readouterr().out)["reaped"] == []
    assert invoke(["executions", "show", "4242"]) == 3
