"""`newsdesk sources ...` through newsdesk.cli.invoke, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text

from newsdesk import db
from newsdesk.cli import invoke
from newsdesk.extraction.models import Article
from newsdesk.settings import Settings
from newsdesk.sources import importer
from newsdesk.sources import service as sources_service
from tests.unit.sources.conftest import EXAMPLES, audit_actions, table_state

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = invoke(["sources", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_show_list_edit_disable_enable(settings: Settings, capsys: Capture) -> None:
    code, _, err = run(
        capsys,
        "add",
        "elpais",
        "--url",
        "https://elpais.com/",
        "--language",
        "es",
        "--category",
        "general",
        "--display-name",
        "El País",
        "--feed-url",
        "https://feeds.elpais.com/portada",
        "--render-js",
    )
    assert code == 0, err
    assert "added source 'elpais'" in err

    code, out, _ = run(capsys, "show", "elpais", "--json")
    shown = json.loads(out)
    assert code == 0
    assert (shown["display_name"], shown["render_js"], shown["language"]) == ("El País", True, "es")

    code, out, _ = run(
        capsys, "edit", "elpais", "--category", "", "--no-render-js", "--kind", "rss"
    )
    assert code == 0
    code, out, _ = run(capsys, "show", "elpais", "--json")
    shown = json.loads(out)
    assert (shown["category"], shown["render_js"], shown["kind"]) == (None, False, "rss")

    code, _, err = run(capsys, "disable", "elpais")
    assert code == 0 and "source 'elpais' disabled" in err
    code, _, err = run(capsys, "disable", "elpais")
    assert code == 0 and "already disabled" in err
    code, out, _ = run(capsys, "list", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "list", "--all", "--json")
    assert [s["name"] for s in json.loads(out)] == ["elpais"]
    code, out, _ = run(capsys, "list", "--all")
    assert code == 0 and "elpais" in out

    code, _, err = run(capsys, "enable", "elpais")
    assert code == 0 and "enabled" in err
    code, out, _ = run(capsys, "show", "elpais")
    assert code == 0 and "https://elpais.com/" in out

    assert [a for a, _ in audit_actions(settings)] == [
        "source.create",
        "source.update",
        "source.disable",
        "source.enable",
    ]


def test_errors_exit_non_zero_and_change_nothing(settings: Settings, capsys: Capture) -> None:
    assert run(capsys, "add", "elpais", "--url", "https://elpais.com/")[0] == 0
    before = table_state(settings)
    cases = [
        (["add", "El País", "--url", "https://x.example/"], 2, "NAME: must be a slug"),
        (["add", "new", "--url", "x.example"], 2, "--url: must be an absolute http(s) URL"),
        (["add", "new"], 2, "--url is required"),
        (["add", "new", "--url", "https://x.example/", "--language", "xx"], 2, "--language"),
        (["add", "new", "--url", "https://x.example/", "--kind", "rss"], 2, "--feed-url: a source"),
        (["add", "elpais", "--url", "https://x.example/"], 4, "'elpais' already exists"),
        (["edit", "ghost", "--category", "x"], 3, "no source named 'ghost'"),
        (["edit", "elpais"], 2, "nothing to change"),
        (["edit", "elpais", "--kind", "sitemap"], 2, "needs a feed_url"),
        (["edit", "elpais", "--rename", "Bad Name"], 2, "--rename: must be a slug"),
        (["disable", "ghost"], 3, "no source named 'ghost'"),
        (["show", "ghost"], 3, "no source named 'ghost'"),
        (["purge", "elpais"], 2, "add --yes to confirm"),
    ]
    for args, exit_code, message in cases:
        code, _, err = run(capsys, *args)
        assert code == exit_code, (args, err)
        assert "error: " in err and message in err, (args, err)
    assert table_state(settings) == before
    assert len(audit_actions(settings)) == 1


def test_purge_deletes_only_unreferenced_sources(settings: Settings, capsys: Capture) -> None:
    run(capsys, "add", "elpais", "--url", "https://elpais.com/")
    run(capsys, "add", "bbc", "--url", "https://www.bbc.com/news")
    with db.session_scope() as s:
        source = sources_service.get_by_name_or_raise(session=s, name="elpais")
        s.add(
            Article(
                url="https://elpais.com/a.html",
                source_id=source.id,
                decided_by="rule",
                run_date=date(2026, 1, 1),
            )
        )
    code, _, err = run(capsys, "purge", "elpais", "--yes")
    assert code == 4 and "1 article(s) refer to it" in err
    code, _, err = run(capsys, "purge", "bbc", "--yes")
    assert code == 0 and "deleted source 'bbc'" in err
    assert [row["name"] for row in table_state(settings)] == ["elpais"]


def test_import_dry_run_import_again_and_export(
    settings: Settings, capsys: Capture, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "import", str(EXAMPLES), "--dry-run")
    assert code == 0, err
    assert "dry run: 10 to create, 0 to update, 0 unchanged; nothing was written" in err
    assert "elpais" in out and "create" in out
    assert table_state(settings) == []

    code, _, err = run(capsys, "import", str(EXAMPLES))
    assert code == 0 and "10 created, 0 updated, 0 unchanged" in err
    state = table_state(settings)

    code, out, err = run(capsys, "import", str(EXAMPLES))
    assert code == 0 and "nothing to do: all 10 source(s) already up to date" in err
    assert "unchanged" in out
    assert table_state(settings) == state

    code, out, _ = run(capsys, "export")
    assert code == 0
    exported = yaml.safe_load(out)["sources"]
    assert len(exported) == 10 and exported["bloomberg"]["enabled"] is False
    assert exported["lemonde"]["language"] == "fr"

    target = tmp_path / "out.yml"
    code, out, err = run(capsys, "export", "--output", str(target))
    assert code == 0 and out == "" and "wrote 10 source(s)" in err
    code, _, err = run(capsys, "import", str(target))
    assert code == 0 and "nothing to do" in err


def test_import_errors_change_nothing(settings: Settings, capsys: Capture, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("sources:\n  ok:\n    url: https://ok.example/\n  broken:\n    url: nope\n")
    code, _, err = run(capsys, "import", str(bad))
    assert code == 2
    assert "1 problem(s), nothing was imported" in err and "entry 'broken': url" in err
    code, _, err = run(capsys, "import", str(tmp_path / "missing.yml"))
    assert code == 2 and "cannot read" in err
    assert table_state(settings) == []


def test_old_rows_with_null_fields_list_show_and_export(
    settings: Settings, capsys: Capture
) -> None:
    with db.session_scope() as s:
        s.execute(
            text(
                "INSERT INTO sources (name, kind, is_active, render_js, respect_robots, "
                "created_at, updated_at) VALUES ('legacy', 'html', true, false, true, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    code, out, _ = run(capsys, "list")
    assert code == 0 and "legacy" in out
    code, out, _ = run(capsys, "show", "legacy")
    assert code == 0 and "legacy" in out
    code, out, _ = run(capsys, "export")
    assert code == 0 and yaml.safe_load(out)["sources"]["legacy"]["url"] is None
    exported = out
    code, _, err = run(capsys, "edit", "legacy", "--category", "old")
    assert code == 0, err
    # Re-importing the export restores the category and leaves the missing URL alone.
    with db.session_scope() as s:
        plan = importer.import_text(session=s, text=exported)
    assert plan.count(importer.Action.update) == 1
    assert table_state(settings)[0]["category"] is None
