"""REST endpoints of news sources: /api/v1/sources. Viewers read; admins change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from newsdesk.core.schemas import ErrorBody, Page, Paging
from newsdesk.deps import AdminUser, CurrentUser, DbSession
from newsdesk.sources import service as sources_service
from newsdesk.sources.schemas import SourceCreate, SourcePatch, SourceRead, SourceUpdate

router = APIRouter(prefix="/api/v1/sources", tags=["sources"])

_NOT_FOUND = {404: {"model": ErrorBody, "description": "No source with that id"}}
_CONFLICT = {409: {"model": ErrorBody, "description": "Name taken, or source in use"}}


@router.get("", response_model=Page[SourceRead])
def list_sources(
    session: DbSession,
    user: CurrentUser,
    page: Paging,
    is_active: Annotated[bool | None, Query(description="Only active (or inactive)")] = None,
    language: Annotated[
        str | None, Query(max_length=8, description="ISO 639-1 code, e.g. 'es'")
    ] = None,
) -> Page[SourceRead]:
    rows, total = sources_service.list_sources(
        session=session,
        is_active=is_active,
        language=language,
        limit=page.limit,
        offset=page.offset,
    )
    return Page.of([SourceRead.model_validate(r) for r in rows], total, page)


@router.post("", response_model=SourceRead, status_code=201, responses=_CONFLICT)
def create_source(source_in: SourceCreate, session: DbSession, user: AdminUser) -> SourceRead:
    source = sources_service.create(session=session, source_in=source_in, actor=user)
    return SourceRead.model_validate(source)


@router.get("/{source_id}", response_model=SourceRead, responses=_NOT_FOUND)
def get_source(source_id: int, session: DbSession, user: CurrentUser) -> SourceRead:
    return SourceRead.model_validate(
        sources_service.get_or_raise(session=session, source_id=source_id)
    )


@router.put("/{source_id}", response_model=SourceRead, responses={**_NOT_FOUND, **_CONFLICT})
def replace_source(
    source_id: int, source_in: SourceUpdate, session: DbSession, user: AdminUser
) -> SourceRead:
    source = sources_service.get_or_raise(session=session, source_id=source_id)
    source = sources_service.replace(
        session=session, source=source, source_in=source_in, actor=user
    )
    return SourceRead.model_validate(source)


@router.patch("/{source_id}", response_model=SourceRead, responses={**_NOT_FOUND, **_CONFLICT})
def patch_source(
    source_id: int, source_in: SourcePatch, session: DbSession, user: AdminUser
) -> SourceRead:
    source = sources_service.get_or_raise(session=session, source_id=source_id)
    source = sources_service.patch(session=session, source=source, source_in=source_in, actor=user)
    return SourceRead.model_validate(source)


@router.delete(
    "/{source_id}",
    response_model=SourceRead,
    responses={
        **_NOT_FOUND,
        **_CONFLICT,
        204: {"description": "Purged (deleted for good)"},
    },
)
def delete_source(
    source_id: int,
    session: DbSession,
    user: AdminUser,
    purge: Annotated[
        bool, Query(description="Delete for good (only if no article refers to it)")
    ] = False,
) -> SourceRead | Response:
    """Deactivate a source (200, the source); with `purge=true`, delete it (204) or 409."""
    source = sources_service.get_or_raise(session=session, source_id=source_id)
    if purge:
        sources_service.purge(session=session, source=source, actor=user)
        return Response(status_code=204)
    source = sources_service.deactivate(session=session, source=source, actor=user)
    return SourceRead.model_validate(source)
