"""YAML import/export in the original system's format: upsert by name, idempotent."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy.orm import Session

from newsdesk import db
from newsdesk.settings import Settings
from newsdesk.sources import importer
from newsdesk.sources import service as sources_service
from newsdesk.sources.exceptions import ImportInvalid
from newsdesk.sources.schemas import SourcePatch
from tests.unit.sources.conftest import EXAMPLES, audit_actions, table_state

EXAMPLE_TEXT = EXAMPLES.read_text(encoding="utf-8")


def _import(settings: Settings, text: str, *, dry_run: bool = False) -> importer.ImportPlan:
    with db.session_scope(settings.database_url) as s:
        return importer.import_text(session=s, text=text, origin="test.yml", dry_run=dry_run)


def test_example_file_has_ten_real_outlets_and_bloomberg_is_off() -> None:
    entries, warnings, problems = importer.read_entries(EXAMPLE_TEXT)
    assert warnings == [] and problems == []
    names = {e.name: e for e in entries}
    assert len(names) == 10
    assert names["bloomberg"].values["is_active"] is False
    assert {e.values["language"] for e in entries} == {"es", "en", "fr"}
    assert names["elpais"].values["display_name"] == "El País"


def test_importing_twice_changes_nothing_the_second_time(settings: Settings) -> None:
    first = _import(settings, EXAMPLE_TEXT)
    assert first.count(importer.Action.create) == 10 and first.changes_anything
    state = table_state(settings)
    audits = audit_actions(settings)
    assert len(audits) == 10

    second = _import(settings, EXAMPLE_TEXT)
    assert second.count(importer.Action.unchanged) == 10
    assert not second.changes_anything
    assert table_state(settings) == state
    assert audit_actions(settings) == audits

    with db.session_scope(settings.database_url) as s:
        bloomberg = sources_service.get_by_name_or_raise(session=s, name="bloomberg")
        assert bloomberg.is_active is False
        assert bloomberg.base_url == "https://www.bloomberg.com/"


def test_dry_run_writes_nothing_and_reports_the_plan(settings: Settings) -> None:
    plan = _import(settings, EXAMPLE_TEXT, dry_run=True)
    assert plan.count(importer.Action.create) == 10
    assert table_state(settings) == [] and audit_actions(settings) == []

    _import(settings, EXAMPLE_TEXT)
    changed = EXAMPLE_TEXT.replace("category: economy", "category: finance", 1)
    plan = _import(settings, changed, dry_run=True)
    updates = [i for i in plan.items if i.action is importer.Action.update]
    assert [(i.name, i.changes) for i in updates] == [
        ("expansion", {"category": ("economy", "finance")})
    ]
    with db.session_scope(settings.database_url) as s:
        expansion = sources_service.get_by_name_or_raise(session=s, name="expansion")
        assert expansion.category == "economy"


def test_export_then_import_round_trips(settings: Settings) -> None:
    _import(settings, EXAMPLE_TEXT)
    with db.session_scope(settings.database_url) as s:
        bbc = sources_service.get_by_name_or_raise(session=s, name="bbc")
        sources_service.patch(
            session=s,
            source=bbc,
            source_in=SourcePatch(
                display_name=None, rules={"exclude": ["/live/"]}, notes="multi\nline"
            ),
        )
    with db.session_scope(settings.database_url) as s:
        exported = importer.export_yaml(session=s)
    state = table_state(settings)
    assert yaml.safe_load(exported)["sources"]["bbc"]["name"] == "bbc"

    # Change everything the file describes, then import the export: back to the same state.
    with db.session_scope(settings.database_url) as s:
        for source in sources_service.list_sources(session=s)[0]:
            sources_service.patch(
                session=s,
                source=source,
                source_in=SourcePatch(
                    category="x", is_active=not source.is_active, display_name="X", rules=None
                ),
            )
    plan = _import(settings, exported)
    assert plan.count(importer.Action.update) == 10
    restored = table_state(settings)
    strip = [{k: v for k, v in row.items() if k != "updated_at"} for row in restored]
    assert strip == [{k: v for k, v in row.items() if k != "updated_at"} for row in state]
    with db.session_scope(settings.database_url) as s:
        assert importer.export_yaml(session=s) == exported


def test_list_form_missing_fields_and_unknown_keys_are_tolerated(session: Session) -> None:
    text = """
sources:
  - name: El País
    url: https://elpais.com/
    enabled: yes
    priority: 3
    selenium: true
  - id: bbc
    name: BBC
    url: https://www.bbc.com/news
    language: EN
  - name: lemonde
    url: https://www.lemonde.fr/
    language: null
    category: null
"""
    plan = importer.import_text(session=session, text=text, origin="old.yml")
    assert plan.warnings == ["entry 'el-pais': ignored unknown key(s): priority, selenium"]
    elpais = sources_service.get_by_name_or_raise(session=session, name="el-pais")
    assert (elpais.display_name, elpais.language, elpais.is_active) == ("El País", None, True)
    bbc = sources_service.get_by_name_or_raise(session=session, name="bbc")
    assert (bbc.display_name, bbc.language) == ("BBC", "en")
    lemonde = sources_service.get_by_name_or_raise(session=session, name="lemonde")
    assert lemonde.display_name is None and lemonde.category is None

    # Absent fields keep their current value on update.
    sources_service.patch(session=session, source=bbc, source_in=SourcePatch(category="general"))
    again = importer.import_text(session=session, text=text, origin="old.yml")
    assert not again.changes_anything
    assert bbc.category == "general"


def test_every_bad_entry_is_reported_by_name_and_nothing_is_written(settings: Settings) -> None:
    text = """
sources:
  good:
    url: https://good.example/
  relative:
    name: Relative
    url: /home
  nourl:
    name: No URL
    language: es
  badlang:
    url: https://x.example/
    language: castellano
  badrss:
    url: https://y.example/
    kind: rss
  badrule:
    url: https://z.example/
    rules: {include: ["(("]}
  scalar: just a string
"""
    with pytest.raises(ImportInvalid) as caught:
        _import(settings, text)
    detail = caught.value.detail
    assert detail.startswith("test.yml: 6 problem(s), nothing was imported:")
    for expected in (
        "entry 'relative': url: must be an absolute http(s) URL",
        "entry 'nourl': url: Field required",
        "entry 'badlang': language: unknown language code 'castellano'",
        "entry 'badrss': feed_url: a source of kind 'rss' needs a feed_url",
        "entry 'badrule': rules.include: invalid regular expression '(('",
        "entry 'scalar': expected a mapping of fields, got str",
    ):
        assert expected in detail
    assert "'good'" not in detail
    assert table_state(settings) == []


def test_problems_with_existing_sources_are_checked_after_merging(session: Session) -> None:
    importer.import_text(session=session, text=EXAMPLE_TEXT)
    with pytest.raises(ImportInvalid, match=r"entry 'abc': feed: a source of kind 'rss' needs"):
        importer.import_text(session=session, text="sources:\n  abc:\n    kind: rss\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources: [\n", "is not valid YAML"),
        ("feeds:\n  a: {}\n", "expected a top-level `sources:` mapping"),
        ("sources:\n", "no source entries found"),
        ("sources: 3\n", "`sources:` must be a mapping or a list, got int"),
        ("sources:\n  - url: https://a.example/\n", "entry #1: has no name"),
        (
            "sources:\n  - {name: a, url: 'https://a.example/'}\n"
            "  - {name: a, url: 'https://b.example/'}\n",
            "entry 'a': name 'a' appears more than once",
        ),
    ],
)
def test_unreadable_documents_are_rejected(session: Session, text: str, expected: str) -> None:
    with pytest.raises(ImportInvalid) as caught:
        importer.import_text(session=session, text=text, origin="bad.yml")
    assert expected in caught.value.detail
    assert caught.value.detail.startswith("bad.yml")


def test_slugify() -> None:
    assert importer.slugify("El País") == "el-pais"
    assert importer.slugify("  Expansión / Mercados ") == "expansion-mercados"
    assert importer.slugify("New_York Times!") == "new_york-times"
