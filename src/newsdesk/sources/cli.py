"""`newsdesk sources ...`: list, add, show, edit, disable, enable, purge, import, export.

Data (tables, JSON, the exported YAML) goes to stdout; confirmations and warnings go to
stderr. Each command is one transaction: on any error nothing is written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsdesk import db
from newsdesk.core.cli import err, out
from newsdesk.core.errors import BadRequest
from newsdesk.sources import importer
from newsdesk.sources import service as sources_service
from newsdesk.sources.models import Source, SourceKind
from newsdesk.sources.schemas import SourceCreate, SourcePatch, SourceRead, parse

sources_app = typer.Typer(
    help="News sources: list, add, edit, import, export.", no_args_is_help=True
)


# Field -> option, so validation messages name what the user typed.
OPTION_LABELS = {
    "name": "NAME",
    "base_url": "--url",
    "feed_url": "--feed-url",
    "display_name": "--display-name",
    "language": "--language",
    "category": "--category",
    "kind": "--kind",
    "notes": "--notes",
}

UrlOpt = Annotated[str | None, typer.Option("--url", help="Home page, absolute http(s) URL")]
LanguageOpt = Annotated[str | None, typer.Option(help="ISO 639-1 code, e.g. es, en, fr")]
CategoryOpt = Annotated[str | None, typer.Option(help="Category, e.g. general, economy")]
KindOpt = Annotated[SourceKind | None, typer.Option(help="html, rss or sitemap")]
FeedOpt = Annotated[
    str | None, typer.Option("--feed-url", help="RSS/Atom feed or news sitemap URL")
]
DisplayOpt = Annotated[str | None, typer.Option("--display-name", help="Human-readable name")]
NotesOpt = Annotated[str | None, typer.Option(help="Free notes for editors")]


def _read(source: Source) -> dict[str, Any]:
    return SourceRead.model_validate(source).model_dump(mode="json")


def _table(rows: list[Source]) -> Table:
    table = Table("Name", "Display name", "Kind", "Lang", "Category", "Active", "URL")
    for s in rows:
        table.add_row(
            s.name,
            s.display_name or "",
            s.kind,
            s.language or "-",
            s.category or "-",
            "yes" if s.is_active else "no",
            s.base_url or "-",
        )
    return table


@sources_app.command("list")
def list_cmd(
    show_all: Annotated[bool, typer.Option("--all", help="Include inactive sources")] = False,
    language: LanguageOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List sources (active ones unless --all)."""
    with db.session_scope() as session:
        rows, total = sources_service.list_sources(
            session=session, is_active=None if show_all else True, language=language
        )
        if as_json:
            print(json.dumps([_read(s) for s in rows], indent=2))
            return
        out.print(_table(list(rows)))
        err.print(f"{total} source(s)" + ("" if show_all else "; --all includes inactive ones"))


@sources_app.command("add")
def add_cmd(
    name: Annotated[str, typer.Argument(help="Unique slug, e.g. el-pais")],
    url: UrlOpt = None,
    language: LanguageOpt = None,
    category: CategoryOpt = None,
    kind: KindOpt = None,
    feed_url: FeedOpt = None,
    render_js: Annotated[bool, typer.Option("--render-js", help="Render with Chromium")] = False,
    display_name: DisplayOpt = None,
    notes: NotesOpt = None,
    inactive: Annotated[bool, typer.Option("--inactive", help="Add it disabled")] = False,
) -> None:
    """Add a source."""
    if url is None:
        raise BadRequest("--url is required: the source's home page, e.g. https://elpais.com/")
    data: dict[str, Any] = {
        "name": name,
        "base_url": url,
        "language": language,
        "category": category,
        "feed_url": feed_url,
        "render_js": render_js,
        "display_name": display_name,
        "notes": notes,
        "is_active": not inactive,
    }
    if kind is not None:
        data["kind"] = kind
    source_in = parse(SourceCreate, data, OPTION_LABELS)
    with db.session_scope() as session:
        source = sources_service.create(session=session, source_in=source_in, detail="cli")
        err.print(f"added source {source.name!r} (id {source.id})", highlight=False)


@sources_app.command("show")
def show_cmd(
    name: str,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Show one source."""
    with db.session_scope() as session:
        data = _read(sources_service.get_by_name_or_raise(session=session, name=name))
    if as_json:
        print(json.dumps(data, indent=2))
        return
    table = Table("Field", "Value", show_header=False)
    for key, value in data.items():
        shown = json.dumps(value) if isinstance(value, dict) else value
        table.add_row(key, "-" if shown is None else str(shown))
    out.print(table)


@sources_app.command("edit")
def edit_cmd(
    name: str,
    url: UrlOpt = None,
    language: LanguageOpt = None,
    category: CategoryOpt = None,
    kind: KindOpt = None,
    feed_url: FeedOpt = None,
    render_js: Annotated[
        bool | None, typer.Option("--render-js/--no-render-js", help="Render with Chromium")
    ] = None,
    display_name: DisplayOpt = None,
    notes: NotesOpt = None,
    rename: Annotated[str | None, typer.Option(help="New name (slug)")] = None,
) -> None:
    """Change some fields of a source (an empty string clears an optional field)."""
    given = {
        "name": rename,
        "base_url": url,
        "language": language,
        "category": category,
        "kind": kind,
        "feed_url": feed_url,
        "render_js": render_js,
        "display_name": display_name,
        "notes": notes,
    }
    data = {k: v for k, v in given.items() if v is not None}
    if not data:
        raise BadRequest("nothing to change: give at least one option (see --help)")
    # Empty strings clear optional fields; the schema turns them into None.
    source_in = parse(SourcePatch, data, {**OPTION_LABELS, "name": "--rename"})
    with db.session_scope() as session:
        source = sources_service.get_by_name_or_raise(session=session, name=name)
        before = sources_service.snapshot(source)
        source = sources_service.patch(
            session=session, source=source, source_in=source_in, detail="cli"
        )
        changed = sources_service.snapshot(source) != before
        err.print(
            f"updated source {source.name!r}" if changed else f"source {name!r} unchanged",
            highlight=False,
        )


def _set_active(name: str, active: bool) -> None:
    with db.session_scope() as session:
        source = sources_service.get_by_name_or_raise(session=session, name=name)
        was = source.is_active
        sources_service.set_active(session=session, source=source, active=active)
        state = "enabled" if active else "disabled"
        note = f"already {state}" if was == active else state
        err.print(f"source {name!r} {note}", highlight=False)


@sources_app.command("disable")
def disable_cmd(name: str) -> None:
    """Deactivate a source: runs skip it; its articles stay."""
    _set_active(name, False)


@sources_app.command("enable")
def enable_cmd(name: str) -> None:
    """Reactivate a source."""
    _set_active(name, True)


@sources_app.command("purge")
def purge_cmd(
    name: str,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm the deletion")] = False,
) -> None:
    """Delete a source for good (only if no article refers to it)."""
    if not yes:
        raise BadRequest(f"purging deletes {name!r} for good: add --yes to confirm")
    with db.session_scope() as session:
        source = sources_service.get_by_name_or_raise(session=session, name=name)
        sources_service.purge(session=session, source=source)
        err.print(f"deleted source {name!r}", highlight=False)


def _plan_table(plan: importer.ImportPlan) -> Table:
    table = Table("Name", "Action", "Changes")
    style = {"create": "green", "update": "yellow", "unchanged": "dim"}
    for item in plan.items:
        if item.action is importer.Action.create:
            new = {k: v for k, (_, v) in item.changes.items()}
            state = "enabled" if new.get("is_active") else "disabled"
            facts = ", ".join(str(new[k]) for k in ("language", "category") if new.get(k))
            changes = f"{new.get('base_url')} ({', '.join(filter(None, [facts, state]))})"
        else:
            changes = "; ".join(f"{k}: {old} -> {new}" for k, (old, new) in item.changes.items())
        table.add_row(
            item.name, f"[{style[item.action.value]}]{item.action.value}[/]", changes or "-"
        )
    return table


@sources_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="YAML file (the original system's format)")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing")
    ] = False,
) -> None:
    """Create or update sources from a YAML file, by name (idempotent)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadRequest(f"cannot read {file}: {exc}") from None
    with db.session_scope() as session:
        plan = importer.import_text(session=session, text=text, origin=str(file), dry_run=dry_run)
        if dry_run:
            session.rollback()
    for warning in plan.warnings:
        err.print(f"warning: {warning}", highlight=False, markup=False)
    out.print(_plan_table(plan))
    counts = (
        f"{plan.count(importer.Action.create)} to create, "
        f"{plan.count(importer.Action.update)} to update, "
        f"{plan.count(importer.Action.unchanged)} unchanged"
    )
    if dry_run:
        err.print(f"dry run: {counts}; nothing was written", highlight=False)
    elif not plan.changes_anything:
        err.print(f"nothing to do: all {len(plan.items)} source(s) already up to date")
    else:
        err.print(counts.replace("to create", "created").replace("to update", "updated"))


@sources_app.command("export")
def export_cmd(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout")
    ] = None,
) -> None:
    """Write every source as YAML (the format `import` reads)."""
    with db.session_scope() as session:
        data = importer.export_data(session=session)
    text = importer.dump_yaml(data)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadRequest(f"cannot write {output}: {exc}") from None
    err.print(f"wrote {len(data['sources'])} source(s) to {output}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
