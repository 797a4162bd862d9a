"""The dashboard: latest executions (live badges) and the "Run now" form."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from newsdesk import stages
from newsdesk.deps import AppSettings, DbSession
from newsdesk.llm import service as llm_service
from newsdesk.runs import queries as runs_queries
from newsdesk.sources import service as sources_service
from newsdesk.web.common import WebRoute, WebUser, render

router = APIRouter(route_class=WebRoute, include_in_schema=False)

RECENT = 10


@router.get("/")
def dashboard(
    request: Request, session: DbSession, settings: AppSettings, user: WebUser
) -> Response:
    executions, total = runs_queries.list_executions(session=session, limit=RECENT)
    context = {"executions": executions, "executions_total": total}
    if request.headers.get("HX-Target") == "recent":
        return render(request, "dashboard.html", context, block="recent")
    sources, _ = sources_service.list_sources(session=session, is_active=True)
    keys, _ = llm_service.list_keys(session=session)
    context.update(
        sources=sources,
        keys=llm_service.describe(session=session, settings=settings, keys=keys),
        stage_names=stages.names(),
    )
    return render(request, "dashboard.html", context)
