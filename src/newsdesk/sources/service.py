"""News sources: lookups, CRUD with an audit trail, and the helpers other domains call.

Every change made through `create`, `replace`, `patch`, `set_active` and `purge` is written
to the audit log with before/after snapshots (the actor is None for the CLI: "system").
Functions flush, never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.auth import service as auth_service
from newsdesk.auth.models import User
from newsdesk.core.paging import paginate

# The articles table belongs to extraction; purge only counts its rows (no service yet).
from newsdesk.extraction.models import Article
from newsdesk.sources.exceptions import (
    SourceInUse,
    SourceInvalid,
    SourceNameTaken,
    SourceNotFound,
    UnknownSources,
)
from newsdesk.sources.models import Source
from newsdesk.sources.schemas import (
    FEED_KINDS,
    SourceCreate,
    SourcePatch,
    SourceUpdate,
    feed_required_message,
)
from newsdesk.stages import SourceSpec

ENTITY = "source"
# The fields an editor sets; snapshots for the audit log and the YAML export use them.
EDITABLE_FIELDS = (
    "name",
    "display_name",
    "base_url",
    "kind",
    "feed_url",
    "language",
    "category",
    "is_active",
    "render_js",
    "respect_robots",
    "rules",
    "notes",
)


def snapshot(source: Source) -> dict[str, Any]:
    """Return the editable fields of `source` as plain JSON-ready data."""
    data = {field: getattr(source, field) for field in EDITABLE_FIELDS}
    data["id"] = source.id
    return data


# --- reads ---------------------------------------------------------------------------


def get(*, session: Session, source_id: int) -> Source | None:
    return session.get(Source, source_id)


def get_or_raise(*, session: Session, source_id: int) -> Source:
    source = get(session=session, source_id=source_id)
    if source is None:
        raise SourceNotFound(f"no source with id {source_id}")
    return source


def get_by_name(*, session: Session, name: str) -> Source | None:
    return session.scalar(select(Source).where(Source.name == name))


def get_by_name_or_raise(*, session: Session, name: str) -> Source:
    source = get_by_name(session=session, name=name)
    if source is None:
        raise SourceNotFound(
            f"no source named {name!r}; `newsdesk sources list --all` shows every source"
        )
    return source


def list_sources(
    *,
    session: Session,
    is_active: bool | None = None,
    language: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[Sequence[Source], int]:
    """Return one page of sources ordered by name (then id), and the total that match."""
    query = select(Source)
    if is_active is not None:
        query = query.where(Source.is_active == is_active)
    if language is not None:
        query = query.where(Source.language == language.strip().lower())
    return paginate(session, query, Source.name, Source.id, limit=limit, offset=offset)


def count_articles(*, session: Session, source_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Article).where(Article.source_id == source_id)
        )
        or 0
    )


# --- changes -------------------------------------------------------------------------


def _ensure_name_free(*, session: Session, name: str, source_id: int | None = None) -> None:
    other = get_by_name(session=session, name=name)
    if other is not None and other.id != source_id:
        raise SourceNameTaken(
            f"a source named {name!r} already exists (id {other.id}); choose another name"
        )


def _flush(session: Session, name: str) -> None:
    try:
        session.flush()
    except IntegrityError:
        # Another transaction took the name between our check and our insert.
        raise SourceNameTaken(
            f"a source named {name!r} already exists; choose another name"
        ) from None


def field_values(source_in: SourceCreate | SourcePatch, *, exclude_unset: bool) -> dict[str, Any]:
    """Return the column values `source_in` sets (only the sent ones with `exclude_unset`)."""
    data = source_in.model_dump(mode="json", exclude_unset=exclude_unset)
    if "rules" in data and data["rules"] is not None:
        rules = {k: v for k, v in data["rules"].items() if v}
        data["rules"] = rules or None  # no patterns at all is stored as "no rules"
    return data


def _check_kind(kind: str, feed_url: str | None) -> None:
    if kind in FEED_KINDS and not feed_url:
        raise SourceInvalid(f"feed_url: {feed_required_message(kind)}")


def create(
    *,
    session: Session,
    source_in: SourceCreate,
    actor: User | None = None,
    detail: str | None = None,
) -> Source:
    """Create a source; raises SourceNameTaken when the name is in use."""
    data = field_values(source_in, exclude_unset=False)
    _ensure_name_free(session=session, name=data["name"])
    source = Source(**data)
    session.add(source)
    _flush(session, data["name"])
    auth_service.audit(
        session=session,
        actor=actor,
        action="source.create",
        entity_type=ENTITY,
        entity_id=source.id,
        after=snapshot(source),
        detail=detail,
    )
    return source


def _apply(
    *,
    session: Session,
    source: Source,
    changes: dict[str, Any],
    actor: User | None,
    action: str,
    detail: str | None = None,
) -> Source:
    """Set `changes` on `source`, check the result, and audit it when something changed."""
    before = snapshot(source)
    if "name" in changes:
        _ensure_name_free(session=session, name=changes["name"], source_id=source.id)
    if "kind" in changes or "feed_url" in changes:
        # Checked only when touched: an old row may still be disabled or renamed.
        _check_kind(changes.get("kind", source.kind), changes.get("feed_url", source.feed_url))
    changed = {k: v for k, v in changes.items() if before.get(k) != v}
    if not changed:
        return source
    for key, value in changed.items():
        setattr(source, key, value)
    _flush(session, source.name)
    auth_service.audit(
        session=session,
        actor=actor,
        action=action,
        entity_type=ENTITY,
        entity_id=source.id,
        before=before,
        after=snapshot(source),
        detail=detail,
    )
    return source


def replace(
    *, session: Session, source: Source, source_in: SourceUpdate, actor: User | None = None
) -> Source:
    """Replace every editable field (PUT); omitted optional fields return to defaults."""
    return _apply(
        session=session,
        source=source,
        changes=field_values(source_in, exclude_unset=False),
        actor=actor,
        action="source.update",
    )


def patch(
    *,
    session: Session,
    source: Source,
    source_in: SourcePatch,
    actor: User | None = None,
    detail: str | None = None,
) -> Source:
    """Change only the fields that were sent (PATCH)."""
    return _apply(
        session=session,
        source=source,
        changes=field_values(source_in, exclude_unset=True),
        actor=actor,
        action="source.update",
        detail=detail,
    )


def set_active(
    *, session: Session, source: Source, active: bool, actor: User | None = None
) -> Source:
    """Enable or disable a source; doing it twice changes (and audits) nothing."""
    return _apply(
        session=session,
        source=source,
        changes={"is_active": active},
        actor=actor,
        action="source.enable" if active else "source.disable",
    )


def deactivate(*, session: Session, source: Source, actor: User | None = None) -> Source:
    return set_active(session=session, source=source, active=False, actor=actor)


def purge(*, session: Session, source: Source, actor: User | None = None) -> None:
    """Delete a source that no article refers to; raises SourceInUse otherwise."""
    articles = count_articles(session=session, source_id=source.id)
    if articles:
        raise SourceInUse(
            f"source {source.name!r} cannot be deleted: {articles} article(s) refer to it; "
            "deactivate it instead (DELETE without purge, or `newsdesk sources disable`)"
        )
    before = snapshot(source)
    session.delete(source)
    session.flush()
    auth_service.audit(
        session=session,
        actor=actor,
        action="source.purge",
        entity_type=ENTITY,
        entity_id=before["id"],
        before=before,
    )


def update_fetch_state(
    *,
    session: Session,
    source_id: int,
    etag: str | None,
    last_modified: str | None,
    fetched_at: datetime,
) -> bool:
    """Store the home page's conditional-GET validators; return False if the source is gone.

    Not an editor's change: neither audited nor counted in `updated_at`.
    """
    result = session.execute(
        update(Source)
        .where(Source.id == source_id)
        .values(
            etag=etag[:512] if etag else None,
            last_modified=last_modified[:128] if last_modified else None,
            last_fetched_at=fetched_at,
            updated_at=Source.updated_at,
        )
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --- helpers for other domains -------------------------------------------------------


def resolve(
    *,
    session: Session,
    source_ids: Sequence[int] | None = None,
    source_names: Sequence[str] | None = None,
    active_only: bool = True,
) -> list[Source]:
    """Return the sources named by ids and/or names, in the order given, without duplicates.

    With neither ids nor names, return every source (every active one with `active_only`),
    ordered by name. Raises UnknownSources (400) naming each unknown or inactive source.
    """
    if not source_ids and not source_names:
        rows, _ = list_sources(session=session, is_active=True if active_only else None)
        return list(rows)
    ids = list(dict.fromkeys(source_ids or []))
    names = list(dict.fromkeys(source_names or []))
    by_id = {s.id: s for s in session.scalars(select(Source).where(Source.id.in_(ids)))}
    by_name = {s.name: s for s in session.scalars(select(Source).where(Source.name.in_(names)))}
    unknown = [f"id {i}" for i in ids if i not in by_id]
    unknown += [repr(n) for n in names if n not in by_name]
    found = [by_id[i] for i in ids if i in by_id] + [by_name[n] for n in names if n in by_name]
    result = list({s.id: s for s in found}.values())
    inactive = [s for s in result if not s.is_active] if active_only else []
    problems = []
    if unknown:
        problems.append("unknown source(s): " + ", ".join(unknown))
    if inactive:
        problems.append(
            "inactive source(s): "
            + ", ".join(repr(s.name) for s in inactive)
            + " (enable them first, e.g. `newsdesk sources enable NAME`)"
        )
    if problems:
        raise UnknownSources("; ".join(problems))
    return result


def to_spec(source: Source) -> SourceSpec:
    """Return a plain snapshot of `source` for a stage (no ORM session attached)."""
    return SourceSpec(
        id=source.id,
        name=source.name,
        base_url=source.base_url,
        kind=source.kind or "html",
        feed_url=source.feed_url,
        language=source.language,
        category=source.category,
        render_js=bool(source.render_js),
        respect_robots=source.respect_robots is not False,
        rules=dict(source.rules) if source.rules else None,
        etag=source.etag,
        last_modified=source.last_modified,
    )
