"""Sources pages: list with filters, create, edit, deactivate / reactivate."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from newsdesk.deps import AppSettings, DbSession
from newsdesk.sources import schemas as source_schemas
from newsdesk.sources import service as sources_service
from newsdesk.sources.models import Source, SourceKind
from newsdesk.web.common import (
    WebAdmin,
    WebForm,
    WebRoute,
    WebUser,
    form_bool,
    redirect,
    render,
)

router = APIRouter(route_class=WebRoute, include_in_schema=False)

_ACTIVE_FILTER = {"yes": True, "no": False}


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _source_in(
    form: dict[str, Any], model: type[source_schemas.SourceCreate] = source_schemas.SourceCreate
) -> source_schemas.SourceCreate:
    """Validate the form as a source, raising SourceInvalid with one line per bad field."""
    include, exclude = _lines(form.get("rules_include")), _lines(form.get("rules_exclude"))
    data: dict[str, Any] = {
        "name": str(form.get("name", "")).strip(),
        "display_name": form.get("display_name") or None,
        "base_url": str(form.get("base_url", "")).strip(),
        "kind": form.get("kind") or SourceKind.html.value,
        "feed_url": form.get("feed_url") or None,
        "language": form.get("language") or None,
        "category": form.get("category") or None,
        "is_active": form_bool(form, "is_active"),
        "render_js": form_bool(form, "render_js"),
        "respect_robots": form_bool(form, "respect_robots"),
        "rules": {"include": include, "exclude": exclude} if include or exclude else None,
        "notes": form.get("notes") or None,
    }
    return source_schemas.parse(model, data)


def _form_context(settings: AppSettings, source: Source | None) -> dict[str, Any]:
    rules = (source.rules or {}) if source is not None else {}
    return {
        "source": source,
        "kinds": [k.value for k in SourceKind],
        "categories": settings.categories,
        "rules_include": "\n".join(rules.get("include", [])),
        "rules_exclude": "\n".join(rules.get("exclude", [])),
    }


@router.get("/sources")
def list_sources(
    request: Request,
    session: DbSession,
    user: WebUser,
    active: str = "all",
    language: str = "",
) -> Response:
    rows, total = sources_service.list_sources(
        session=session,
        is_active=_ACTIVE_FILTER.get(active),
        language=language.strip().lower() or None,
    )
    context = {"sources": rows, "total": total, "active": active, "language": language}
    # The filter form targets only the table.
    block = "table" if request.headers.get("HX-Target") == "sources-table" else None
    return render(request, "sources/list.html", context, block=block)


@router.get("/sources/new")
def new_source(request: Request, user: WebAdmin, settings: AppSettings) -> Response:
    return render(request, "sources/form.html", _form_context(settings, None))


@router.post("/sources")
def create_source(request: Request, session: DbSession, user: WebAdmin, form: WebForm) -> Response:
    source = sources_service.create(session=session, source_in=_source_in(form), actor=user)
    return redirect(request, f"/sources?created={source.name}")


@router.get("/sources/{source_id}/edit")
def edit_source(
    request: Request, session: DbSession, user: WebAdmin, settings: AppSettings, source_id: int
) -> Response:
    source = sources_service.get_or_raise(session=session, source_id=source_id)
    return render(request, "sources/form.html", _form_context(settings, source))


@router.post("/sources/{source_id}")
def update_source(
    request: Request, session: DbSession, user: WebAdmin, form: WebForm, source_id: int
) -> Response:
    source = sources_service.get_or_raise(session=session, source_id=source_id)
    source_in = _source_in(form, source_schemas.SourceUpdate)
    sources_service.replace(session=session, source=source, source_in=source_in, actor=user)
    return redirect(request, "/sources")


@router.post("/sources/{source_id}/active")
def set_source_active(
    request: Request, session: DbSession, user: WebAdmin, form: WebForm, source_id: int
) -> Response:
    source = sources_service.get_or_raise(session=session, source_id=source_id)
    sources_service.set_active(
        session=session, source=source, active=form_bool(form, "active"), actor=user
    )
    if request.headers.get("HX-Request"):
        return render(request, "sources/list.html", {"s": source}, block="row")
    return redirect(request, "/sources")
