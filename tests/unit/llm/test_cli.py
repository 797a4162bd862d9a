"""`newsdesk keys ...` and `newsdesk costs` through `cli.invoke` (both DBs)."""

from __future__ import annotations

import io
import json

from newsdesk import cli, db
from newsdesk.auth.models import AuditEntry
from tests.unit.llm.conftest import HELLO

SECRET = "ok-CLISECRET-0a1b2c3d"


def _add(monkeypatch, fake_openai, alias: str, secret: str, *extra: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    return cli.invoke(
        ["keys", "add", alias, "--key-stdin", "--base-url", fake_openai.base_url, *extra]
    )


def test_keys_lifecycle(settings, fake_openai, monkeypatch, capsys) -> None:
    assert _add(monkeypatch, fake_openai, "main", SECRET, "--model", "gpt-4o-mini") == 0
    assert "added key 'main'" in capsys.readouterr().err
    assert _add(monkeypatch, fake_openai, "main", SECRET) == 4  # alias taken
    assert "already exists" in capsys.readouterr().err

    assert cli.invoke(["keys", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["alias"], row["hint"], row["state"], row["model"]) == (
        "main",
        SECRET[-4:],
        "ok",
        "gpt-4o-mini",
    )
    assert cli.invoke(["keys", "list"]) == 0
    table = capsys.readouterr().out
    assert "main" in table and SECRET not in table

    assert cli.invoke(["keys", "test", "main"]) == 0
    assert "main: ok" in capsys.readouterr().out
    assert cli.invoke(["keys", "disable", "main"]) == 0
    assert cli.invoke(["keys", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["state"] == "disabled"
    assert cli.invoke(["keys", "enable", "main"]) == 0
    assert cli.invoke(["keys", "remove", "main"]) == 0
    assert cli.invoke(["keys", "test", "main"]) == 3
    assert "no API key with alias 'main'" in capsys.readouterr().err

    with db.session_scope(settings.database_url) as s:
        actions = [e.action for e in s.query(AuditEntry).order_by(AuditEntry.id)]
        assert all(SECRET not in repr((e.before, e.after)) for e in s.query(AuditEntry))
    assert actions == [
        "api_key.create",
        "api_key.disable",
        "api_key.enable",
        "api_key.delete",
    ]


def test_keys_test_failure_exit_code(settings, fake_openai, monkeypatch, capsys) -> None:
    _add(monkeypatch, fake_openai, "bad", "invalid-abcd-1234")
    assert cli.invoke(["keys", "test", "bad"]) == 1
    out = capsys.readouterr().out
    assert "bad: invalid" in out and "invalid-abcd-1234" not in out


def test_add_from_hidden_prompt(settings, fake_openai, monkeypatch, capsys) -> None:
    prompts = []

    def fake_prompt(text: str, hide_input: bool = False, **_: object) -> str:
        prompts.append((text, hide_input))
        return SECRET

    monkeypatch.setattr("typer.prompt", fake_prompt)
    assert cli.invoke(["keys", "add", "typed", "--base-url", fake_openai.base_url]) == 0
    assert prompts == [("API key", True)]


def test_add_rejects_bad_input(settings, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ok-aaaa-1111\n"))
    assert cli.invoke(["keys", "add", "x", "--key-stdin", "--base-url", "nope"]) == 2
    assert "base_url: must be an absolute http(s) URL" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert cli.invoke(["keys", "add", "x", "--key-stdin"]) == 2


def test_costs_table(settings, fake_openai, monkeypatch, capsys, make_gateway) -> None:
    _add(monkeypatch, fake_openai, "main", SECRET, "--model", "gpt-4o-mini")
    make_gateway().chat(messages=HELLO)
    capsys.readouterr()
    for group_by in ("day", "stage", "key", "model", "source"):
        assert cli.invoke(["costs", "--group-by", group_by]) == 0
        out = capsys.readouterr().out
        assert "LLM cost" in out and "total" in out
        assert cli.invoke(["costs", "--group-by", group_by, "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["total"]["calls"] == 1
    assert report["groups"][0]["group"] == "(none)"  # by source: the call had none


def test_costs_bad_arguments(settings, capsys) -> None:
    assert cli.invoke(["costs", "--group-by", "planet"]) == 2
    assert cli.invoke(["costs", "--from", "2025-03-02", "--to", "2025-03-01"]) == 2
    assert "must not be after" in capsys.readouterr().err
