"""Executions: the list (filters), the live detail page, cancel and retry, and "Run now"."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from newsdesk.core.errors import Invalid
from newsdesk.deps import AppSettings, DbSession
from newsdesk.runs import executors
from newsdesk.runs import queries as runs_queries
from newsdesk.runs import service as runs_service
from newsdesk.runs.models import FINAL_STATUSES, Execution, RunStatus, Trigger
from newsdesk.web.common import (
    STOP_POLLING,
    WebAdmin,
    WebForm,
    WebRoute,
    WebUser,
    form_bool,
    form_list,
    is_htmx,
    parse_date,
    parse_int,
    redirect,
    render,
    started_response,
    translator,
)

router = APIRouter(route_class=WebRoute, include_in_schema=False)

PAGE_SIZE = 25
LOG_TAIL = 60
ARTICLES_SHOWN = 25


def is_active(execution: Execution) -> bool:
    return RunStatus(execution.status) not in FINAL_STATUSES


def _day_start(value: Any) -> datetime | None:
    day = parse_date(value)
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


@router.get("/executions")
def list_executions(
    request: Request,
    session: DbSession,
    user: WebUser,
    status: str = "",
    stage: str = "",
    trigger: str = "",
    schedule_id: str = "",
    date_from: str = "",
    date_to: str = "",
    page: int = 1,
) -> Response:
    page = max(1, page)
    end = _day_start(date_to)
    filters = runs_queries.ExecutionFilter(
        stage=stage or None,
        status=RunStatus(status) if status in RunStatus.__members__ else None,
        trigger=trigger if trigger in Trigger.__members__ else None,
        schedule_id=parse_int(schedule_id),
        created_from=_day_start(date_from),
        created_to=end + timedelta(days=1) if end else None,
    )
    rows, total = runs_queries.list_executions(
        session=session, filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    query = {
        "status": status,
        "stage": stage,
        "trigger": trigger,
        "schedule_id": schedule_id,
        "date_from": date_from,
        "date_to": date_to,
    }
    context = {
        "executions": rows,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "query": query,
        "query_string": urlencode({k: v for k, v in query.items() if v}),
        "statuses": [s.value for s in RunStatus],
        "triggers": [t.value for t in Trigger],
        "poll": any(is_active(e) for e in rows),
    }
    block = "table" if request.headers.get("HX-Target") == "executions-table" else None
    return render(request, "executions/list.html", context, block=block)


def _detail_context(session: DbSession, execution: Execution) -> dict[str, Any]:
    snapshot = runs_queries.status_snapshot(session=session, execution_id=execution.id)
    logs = runs_queries.list_logs(
        session=session,
        execution_id=execution.id,
        after=max(0, snapshot.last_log_seq - LOG_TAIL),
        limit=LOG_TAIL,
    )
    articles, articles_total = [], 0
    if not is_active(execution):
        articles, articles_total = runs_queries.list_articles(
            session=session, execution_id=execution.id, limit=ARTICLES_SHOWN
        )
    progress = dict(execution.progress or {})
    done, total = int(progress.get("sources_done") or 0), int(progress.get("sources_total") or 0)
    return {
        "e": execution,
        "active": is_active(execution),
        "progress": progress,
        "done": done,
        "sources_total": total or len(execution.source_ids or []),
        "percent": 100 if not is_active(execution) else (int(done * 100 / total) if total else 0),
        "source_runs": runs_queries.source_runs(session=session, execution_id=execution.id),
        "keys": runs_queries.keys_used(session=session, execution_id=execution.id),
        "logs": logs,
        "cancel_requested": snapshot.cancel_requested,
        "articles": articles,
        "articles_total": articles_total,
    }


@router.get("/executions/{execution_id}")
def execution_detail(
    request: Request, session: DbSession, user: WebUser, execution_id: int
) -> Response:
    execution = runs_queries.get_or_raise(session=session, execution_id=execution_id)
    return render(request, "executions/detail.html", _detail_context(session, execution))


@router.get("/executions/{execution_id}/status")
def execution_status(
    request: Request, session: DbSession, user: WebUser, execution_id: int
) -> Response:
    """The live part of the detail page, polled every 2 s until the run ends (then 286)."""
    execution = runs_queries.get_or_raise(session=session, execution_id=execution_id)
    context = _detail_context(session, execution)
    status_code = 200 if context["active"] else STOP_POLLING
    return render(
        request, "executions/detail.html", context, block="status", status_code=status_code
    )


@router.get("/executions/{execution_id}/row")
def execution_row(
    request: Request, session: DbSession, user: WebUser, execution_id: int
) -> Response:
    """One row of an executions table, polled while its run is pending or running."""
    execution = runs_queries.get_or_raise(session=session, execution_id=execution_id)
    status_code = 200 if is_active(execution) else STOP_POLLING
    return render(
        request, "executions/_row.html", {"e": execution}, block="row", status_code=status_code
    )


@router.post("/executions/{execution_id}/cancel")
def cancel_execution(
    request: Request, session: DbSession, user: WebAdmin, execution_id: int
) -> Response:
    runs_service.request_cancel(session=session, execution_id=execution_id, by=user)
    session.commit()
    if is_htmx(request):
        return execution_status(request, session, user, execution_id)
    return redirect(request, f"/executions/{execution_id}")


@router.post("/executions/{execution_id}/retry")
def retry_execution(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, execution_id: int
) -> Response:
    execution = runs_service.retry(session=session, execution_id=execution_id, created_by=user)
    session.commit()
    executors.get_executor(settings).submit(execution.id)
    return redirect(request, f"/executions/{execution.id}")


def _parameters(text: str, _: Callable[[str], str]) -> dict[str, Any]:
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(_("Parameters must be a JSON object: {error}").format(error=exc)) from None
    if not isinstance(value, dict):
        raise Invalid(
            _("Parameters must be a JSON object, like {example}").format(example='{"lines": 5}')
        )
    return value


@router.post("/run")
def run_now(
    request: Request, session: DbSession, settings: AppSettings, user: WebAdmin, form: WebForm
) -> Response:
    """Trigger stage 01 now with the chosen sources and key (blank key = rotation)."""
    _ = translator(request)
    source_ids = [int(v) for v in form_list(form, "source_ids") if v.isdigit()]
    parameters = _parameters(str(form.get("parameters") or ""), _)
    execution = runs_service.create_execution(
        session=session,
        stage=str(form.get("stage") or "extract_urls"),
        trigger=Trigger.manual,
        source_ids=source_ids or None,
        api_key_id=parse_int(form.get("api_key_id")),
        use_fallback=form_bool(form, "use_fallback"),
        parameters=parameters,
        created_by=user,
    )
    session.commit()
    executors.get_executor(settings).submit(execution.id)
    response = started_response(request, execution.id)
    if is_htmx(request):
        # The dashboard's table listens for this event and refreshes itself.
        response.headers["HX-Trigger"] = "executions-changed"
    return response
