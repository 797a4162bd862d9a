"""REST API of stage executions: trigger, list, inspect, follow live, cancel, retry.

Viewers read; admins trigger, cancel and retry (each audited). A new run is submitted to
the executor after the request's transaction committed (a background task), so a worker
never looks for a row that is not there yet.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Header, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.deps import AdminUser, AppSettings, CurrentUser, DbSession
from newsdesk.runs import metrics, queries, service
from newsdesk.runs.models import Execution, RunStatus, Trigger
from newsdesk.runs.schemas import (
    ArticleRead,
    ExecutionCreate,
    ExecutionDetail,
    ExecutionPage,
    ExecutionRead,
    ExecutionStatus,
    KeyUseRead,
    LogLine,
    LogPage,
    SourceRunRead,
)
from newsdesk.settings import Settings

router = APIRouter(prefix="/api/v1/stage-executions", tags=["executions"])
routers = [router, metrics.router]

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Unknown stage, or unknown/inactive source"},
    404: {"description": "Unknown execution or API key"},
    409: {"description": "Another run is in the way (execution_in_progress) or illegal move"},
}
SSE_POLL_SECONDS = 0.5
SSE_KEEPALIVE_SECONDS = 15.0


def _submit(settings: Settings, execution_id: int) -> None:
    from newsdesk.runs import executors

    executors.get_executor(settings).submit(execution_id)


def _audit_snapshot(row: Execution) -> dict[str, Any]:
    return {
        "stage": row.stage,
        "status": row.status,
        "source_ids": row.source_ids,
        "api_key_id": row.api_key_id,
        "use_fallback": row.use_fallback,
        "parameters": row.parameters,
    }


@router.post("", response_model=ExecutionRead, status_code=201, responses=_ERRORS)
def create_execution(
    execution_in: ExecutionCreate,
    session: DbSession,
    user: AdminUser,
    settings: AppSettings,
    background: BackgroundTasks,
) -> Execution:
    """Trigger a run now; 409 with `blocking_execution_id` when one is already active."""
    row = service.create_execution(
        session=session,
        stage=execution_in.stage,
        trigger=Trigger.manual,
        source_ids=execution_in.source_ids,
        source_names=execution_in.source_names,
        api_key_id=execution_in.api_key_id,
        use_fallback=execution_in.use_fallback,
        parameters=execution_in.parameters,
        created_by=user,
        settings=settings,
    )
    auth_service.audit(
        session=session,
        actor=user,
        action="execution.trigger",
        entity_type="execution",
        entity_id=row.id,
        after=_audit_snapshot(row),
    )
    background.add_task(_submit, settings, row.id)
    return row


@router.get("", response_model=ExecutionPage)
def list_executions(
    session: DbSession,
    user: CurrentUser,
    stage: str | None = None,
    status: RunStatus | None = None,
    trigger: Trigger | None = None,
    schedule_id: int | None = None,
    created_from: Annotated[datetime | None, Query(alias="from")] = None,
    created_to: Annotated[datetime | None, Query(alias="to")] = None,
    cursor: Annotated[int | None, Query(description="Last id seen (older ids follow)")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ExecutionPage:
    """Newest first; filter by stage, status, trigger, schedule, creation time."""
    page = queries.list_page(
        session=session,
        filters=queries.ExecutionFilter(
            stage=stage,
            status=status,
            trigger=trigger.value if trigger else None,
            schedule_id=schedule_id,
            created_from=created_from,
            created_to=created_to,
        ),
        limit=limit,
        offset=offset,
        before_id=cursor,
        allow_estimate=True,
    )
    items = [ExecutionRead.model_validate(r) for r in page.rows]
    return ExecutionPage(
        items=items,
        total=page.total,
        total_is_estimate=page.total_is_estimate,
        limit=limit,
        offset=0 if cursor is not None else offset,
        next_cursor=items[-1].id if len(items) == limit else None,
    )


@router.get("/{execution_id}", response_model=ExecutionDetail, responses=_ERRORS)
def get_execution(execution_id: int, session: DbSession, user: CurrentUser) -> ExecutionDetail:
    """One run in full: inputs, counts, tokens and cost, per-source breakdown, keys used."""
    row = queries.get_or_raise(session=session, execution_id=execution_id)
    detail = ExecutionDetail.model_validate(row)
    detail.sources = [
        SourceRunRead.model_validate(r)
        for r in queries.source_runs(session=session, execution_id=execution_id)
    ]
    detail.keys = [
        KeyUseRead.model_validate(k, from_attributes=True)
        for k in queries.keys_used(session=session, execution_id=execution_id)
    ]
    return detail


def _status(snapshot: queries.StatusSnapshot) -> ExecutionStatus:
    out = ExecutionStatus.model_validate(snapshot, from_attributes=True)
    out.is_final = RunStatus(snapshot.status).is_final
    return out


@router.get("/{execution_id}/status", response_model=ExecutionStatus, responses=_ERRORS)
def get_status(execution_id: int, session: DbSession, user: CurrentUser) -> ExecutionStatus:
    """The few fields a poller needs (cheap enough to call every few seconds)."""
    return _status(queries.status_snapshot(session=session, execution_id=execution_id))


@router.get("/{execution_id}/articles", response_model=dict, responses=_ERRORS)
def list_articles(
    execution_id: int,
    session: DbSession,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Articles this run found first, newest first."""
    queries.get_or_raise(session=session, execution_id=execution_id)
    rows, total = queries.list_articles(
        session=session, execution_id=execution_id, limit=limit, offset=offset
    )
    items = [ArticleRead.model_validate(r).model_dump(mode="json") for r in rows]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/{execution_id}/logs", response_model=LogPage, responses=_ERRORS)
def list_logs(
    execution_id: int,
    session: DbSession,
    user: CurrentUser,
    after: Annotated[int, Query(ge=0, description="Only lines with seq > after")] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> LogPage:
    queries.get_or_raise(session=session, execution_id=execution_id)
    rows = queries.list_logs(session=session, execution_id=execution_id, after=after, limit=limit)
    items = [LogLine.model_validate(r) for r in rows]
    return LogPage(items=items, next_after=items[-1].seq if items else after)


def _poll(execution_id: int, after: int) -> tuple[ExecutionStatus, list[LogLine]]:
    """One short read: the run's status and its log lines after `after`."""
    with db.session_scope() as session:
        snapshot = queries.status_snapshot(session=session, execution_id=execution_id)
        lines = queries.list_logs(session=session, execution_id=execution_id, after=after)
        return _status(snapshot), [LogLine.model_validate(x) for x in lines]


def _event(kind: str, data: Any, event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {kind}\ndata: {json.dumps(data, default=str)}\n\n"


async def _events(request: Request, execution_id: int, after: int) -> AsyncIterator[str]:
    seq = after
    last_status: tuple[Any, ...] | None = None
    last_progress: Any = object()
    quiet = 0.0
    yield "retry: 3000\n\n"
    while True:
        status, lines = await run_in_threadpool(_poll, execution_id, seq)
        for line in lines:
            seq = line.seq
            yield _event("log", line.model_dump(mode="json"), seq)
        key = (status.status, status.reason, status.total_items, status.new_items)
        if key != last_status:
            last_status = key
            yield _event("status", status.model_dump(mode="json"), seq)
        if status.progress != last_progress:
            last_progress = status.progress
            if status.progress is not None:
                yield _event("progress", status.progress, seq)
        if status.is_final and len(lines) < 1000:
            yield _event("end", {"status": status.status.value}, seq)
            return
        if lines or quiet >= SSE_KEEPALIVE_SECONDS:
            quiet = 0.0
            if not lines:
                yield ": keep-alive\n\n"
        if await request.is_disconnected():
            return
        await asyncio.sleep(SSE_POLL_SECONDS)
        quiet += SSE_POLL_SECONDS


@router.get("/{execution_id}/events", responses=_ERRORS)
async def stream_events(
    execution_id: int,
    request: Request,
    session: DbSession,
    user: CurrentUser,
    last_event_id: Annotated[str | None, Header()] = None,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> StreamingResponse:
    """Server-Sent Events: `status`, `progress` and `log` as they happen, then `end`.

    Event ids are log sequence numbers: reconnecting with Last-Event-ID resumes after it.
    """
    start = after or 0
    if last_event_id and last_event_id.strip().isdigit():
        start = int(last_event_id.strip())
    # 404 before the stream starts; then end the request's transaction (on SQLite it would
    # hold the write lock for the whole stream) so each poll is its own short read.
    await run_in_threadpool(queries.get_or_raise, session=session, execution_id=execution_id)
    await run_in_threadpool(session.commit)
    return StreamingResponse(
        _events(request, execution_id, start),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post("/{execution_id}/cancel", response_model=ExecutionRead, responses=_ERRORS)
def cancel_execution(execution_id: int, session: DbSession, user: AdminUser) -> Execution:
    """Cancel: a pending run ends at once; a running one stops (killed after the grace)."""
    before = queries.get_or_raise(session=session, execution_id=execution_id).status
    row = service.request_cancel(session=session, execution_id=execution_id, by=user)
    auth_service.audit(
        session=session,
        actor=user,
        action="execution.cancel",
        entity_type="execution",
        entity_id=row.id,
        before={"status": before},
        after={"status": row.status},
    )
    return row


@router.post(
    "/{execution_id}/retry", response_model=ExecutionRead, status_code=201, responses=_ERRORS
)
def retry_execution(
    execution_id: int,
    session: DbSession,
    user: AdminUser,
    settings: AppSettings,
    background: BackgroundTasks,
) -> Execution:
    """A new run with the same inputs (stage, sources, key, fallback, parameters)."""
    row = service.retry(
        session=session, execution_id=execution_id, created_by=user, settings=settings
    )
    auth_service.audit(
        session=session,
        actor=user,
        action="execution.retry",
        entity_type="execution",
        entity_id=row.id,
        after={**_audit_snapshot(row), "retry_of_id": execution_id},
    )
    background.add_task(_submit, settings, row.id)
    return row
