"""Import and export sources in the YAML format of the original system.

    sources:
      elpais:                      # the key is the source's name (a slug)
        name: El País              # display name (the original's human name)
        url: https://elpais.com/   # home page
        language: es
        enabled: true
        category: general          # optional: category, feed, kind, render_js,
        feed: https://...          #   respect_robots, rules, notes, display_name

`sources:` may also be a list of entries (then `slug`, `id` or `name` names each one).
Import upserts by name and is idempotent: a field absent from an entry keeps its current
value, so a second import of the same file changes nothing. Every entry is checked before
anything is written; one bad entry means nothing is imported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import yaml
from sqlalchemy.orm import Session

from newsdesk.auth.models import User
from newsdesk.sources import service as sources_service
from newsdesk.sources.exceptions import ImportInvalid, SourceInvalid
from newsdesk.sources.models import Source
from newsdesk.sources.schemas import (
    FEED_KINDS,
    NAME_RE,
    SourceCreate,
    SourcePatch,
    feed_required_message,
    parse,
)

# YAML key -> column. The first key listed for a column is the one export writes.
KEY_ALIASES: dict[str, str] = {
    "url": "base_url",
    "base_url": "base_url",
    "display_name": "display_name",
    "kind": "kind",
    "feed": "feed_url",
    "feed_url": "feed_url",
    "language": "language",
    "lang": "language",
    "category": "category",
    "enabled": "is_active",
    "is_active": "is_active",
    "active": "is_active",
    "render_js": "render_js",
    "respect_robots": "respect_robots",
    "rules": "rules",
    "notes": "notes",
}
IDENTITY_KEYS = ("slug", "id", "name")
# A null here means "not given" (these columns cannot be cleared).
NOT_NULL = frozenset({"base_url", "kind", "is_active", "render_js", "respect_robots"})


class Action(StrEnum):
    create = "create"
    update = "update"
    unchanged = "unchanged"


@dataclass
class Entry:
    """One source entry read from a file: its name and the columns it sets."""

    label: str
    name: str
    values: dict[str, Any]
    keys: dict[str, str]  # column -> the YAML key it came from, for messages
    warnings: list[str] = field(default_factory=list)


@dataclass
class PlanItem:
    name: str
    action: Action
    changes: dict[str, tuple[Any, Any]]
    source_in: SourceCreate | SourcePatch


@dataclass
class ImportPlan:
    items: list[PlanItem]
    warnings: list[str] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for item in self.items if item.action is action)

    @property
    def changes_anything(self) -> bool:
        return any(item.action is not Action.unchanged for item in self.items)


def slugify(text: str) -> str:
    """Turn a human name into a source name: 'El País' -> 'el-pais'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out, dash = [], False
    for ch in ascii_text.lower():
        if ch.isalnum() or ch == "_":
            out.append(ch)
            dash = False
        elif out and not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:64]


def _name_of(key: str | None, raw: Mapping[str, Any]) -> str | None:
    candidates = [raw.get("slug"), key, raw.get("id"), raw.get("name")]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            text = candidate.strip()
            return text if NAME_RE.match(text) else slugify(text) or None
    return None


def _entry(key: str | None, raw: Any, position: int, problems: list[str]) -> Entry | None:
    label = f"entry {key!r}" if key is not None else f"entry #{position}"
    if not isinstance(raw, Mapping):
        problems.append(f"{label}: expected a mapping of fields, got {type(raw).__name__}")
        return None
    name = _name_of(key, raw)
    if name is None:
        problems.append(f"{label}: has no name; give it a `name:` (or key it by name)")
        return None
    if key is None:
        label = f"entry {name!r}"
    values: dict[str, Any] = {}
    keys: dict[str, str] = {}
    ignored = []
    for yaml_key, value in raw.items():
        column = KEY_ALIASES.get(str(yaml_key))
        if column is None:
            if yaml_key not in IDENTITY_KEYS:
                ignored.append(str(yaml_key))
            continue
        if value is None and column in NOT_NULL:
            continue
        values[column] = value
        keys[column] = str(yaml_key)
    # The original's `name` is the human name; it becomes display_name unless it is the slug.
    human = raw.get("name")
    if "display_name" not in values and isinstance(human, str):
        values["display_name"] = None if human.strip() == name else human
        keys["display_name"] = "name"
    warnings = [f"{label}: ignored unknown key(s): {', '.join(ignored)}"] if ignored else []
    return Entry(label=label, name=name, values=values, keys=keys, warnings=warnings)


def read_entries(text: str, *, origin: str = "input") -> tuple[list[Entry], list[str], list[str]]:
    """Parse a sources document into (entries, warnings, per-entry problems).

    Raises ImportInvalid when the document as a whole is unreadable.
    """
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ImportInvalid(f"{origin} is not valid YAML: {exc}") from None
    if isinstance(doc, Mapping) and "sources" in doc:
        items = doc["sources"]
    elif isinstance(doc, list):
        items = doc
    else:
        raise ImportInvalid(
            f"{origin}: expected a top-level `sources:` mapping (or list) of source entries"
        )
    problems: list[str] = []
    entries: list[Entry | None] = []
    if isinstance(items, Mapping):
        for position, (key, raw) in enumerate(items.items(), start=1):
            entries.append(_entry(str(key), raw, position, problems))
    elif isinstance(items, list):
        for position, raw in enumerate(items, start=1):
            entries.append(_entry(None, raw, position, problems))
    elif items is not None:
        problems.append(f"`sources:` must be a mapping or a list, got {type(items).__name__}")
    found = [e for e in entries if e is not None]
    seen: dict[str, str] = {}
    for entry in found:
        if entry.name in seen:
            problems.append(f"{entry.label}: name {entry.name!r} appears more than once")
        seen[entry.name] = entry.label
    if not found and not problems:
        raise ImportInvalid(f"{origin}: no source entries found under `sources:`")
    return found, [w for e in found for w in e.warnings], problems


def _invalid(origin: str, problems: Sequence[str]) -> ImportInvalid:
    lines = "\n".join(f"  {p}" for p in problems)
    return ImportInvalid(f"{origin}: {len(problems)} problem(s), nothing was imported:\n{lines}")


def plan(
    *,
    session: Session,
    entries: Sequence[Entry],
    origin: str = "input",
    problems: Sequence[str] = (),
) -> ImportPlan:
    """Decide what importing `entries` would do; raise ImportInvalid listing every problem.

    `problems` found while reading the file are reported together with the entries' own.
    """
    problems = list(problems)
    items: list[PlanItem] = []
    for entry in entries:
        labels = {column: yaml_key for column, yaml_key in entry.keys.items()}
        data = {"name": entry.name, **entry.values}
        source = sources_service.get_by_name(session=session, name=entry.name)
        try:
            if source is None:
                source_in: SourceCreate | SourcePatch = parse(
                    SourceCreate, data, {"base_url": "url", **labels}
                )
                new = sources_service.field_values(source_in, exclude_unset=False)
                changes = {k: (None, v) for k, v in new.items() if v is not None}
                items.append(PlanItem(entry.name, Action.create, changes, source_in))
                continue
            source_in = parse(SourcePatch, data, labels)
            items.append(_update_item(source, source_in))
        except SourceInvalid as exc:
            problems.append(f"{entry.label}: {exc.detail}")
    if problems:
        raise _invalid(origin, problems)
    return ImportPlan(items=items)


def _update_item(source: Source, source_in: SourcePatch) -> PlanItem:
    before = sources_service.snapshot(source)
    wanted = sources_service.field_values(source_in, exclude_unset=True)
    kind = wanted.get("kind", source.kind)
    if kind in FEED_KINDS and not wanted.get("feed_url", source.feed_url):
        raise SourceInvalid(f"feed: {feed_required_message(kind)}")
    changes = {k: (before.get(k), v) for k, v in wanted.items() if before.get(k) != v}
    action = Action.update if changes else Action.unchanged
    return PlanItem(source.name, action, changes, source_in)


def apply(
    *, session: Session, import_plan: ImportPlan, actor: User | None = None, origin: str = "import"
) -> None:
    """Write `import_plan`: create and update sources (each audited); skip unchanged ones."""
    detail = f"imported from {origin}"
    for item in import_plan.items:
        if item.action is Action.create:
            assert isinstance(item.source_in, SourceCreate)
            sources_service.create(
                session=session, source_in=item.source_in, actor=actor, detail=detail
            )
        elif item.action is Action.update:
            assert isinstance(item.source_in, SourcePatch)
            source = sources_service.get_by_name_or_raise(session=session, name=item.name)
            sources_service.patch(
                session=session, source=source, source_in=item.source_in, actor=actor, detail=detail
            )


def import_text(
    *,
    session: Session,
    text: str,
    origin: str = "input",
    dry_run: bool = False,
    actor: User | None = None,
) -> ImportPlan:
    """Read, check and (unless `dry_run`) apply a sources document; return the plan."""
    entries, warnings, problems = read_entries(text, origin=origin)
    import_plan = plan(session=session, entries=entries, origin=origin, problems=problems)
    import_plan.warnings = warnings
    if not dry_run:
        apply(session=session, import_plan=import_plan, actor=actor, origin=origin)
    return import_plan


def export_data(*, session: Session) -> dict[str, Any]:
    """Return every source (active or not) in the import format, ordered by name."""
    rows, _ = sources_service.list_sources(session=session)
    return {
        "sources": {
            s.name: {
                "name": s.display_name or s.name,
                "url": s.base_url,
                "kind": s.kind,
                "feed": s.feed_url,
                "language": s.language,
                "category": s.category,
                "enabled": s.is_active,
                "render_js": s.render_js,
                "respect_robots": s.respect_robots,
                "rules": s.rules,
                "notes": s.notes,
            }
            for s in rows
        }
    }


def dump_yaml(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=100)


def export_yaml(*, session: Session) -> str:
    """Return every source as a YAML document that `import_text` reads back unchanged."""
    return dump_yaml(export_data(session=session))
