"""The costs report: LLM usage grouped by day, stage, key, model or source, with totals."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response

from newsdesk.core.clock import today_in
from newsdesk.core.errors import BadRequest
from newsdesk.deps import AppSettings, DbSession
from newsdesk.llm import metering
from newsdesk.web.common import WebRoute, WebUser, parse_date, render

router = APIRouter(route_class=WebRoute, include_in_schema=False)

GROUPS = ("day", "stage", "key", "model", "source")


@router.get("/costs")
def costs(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    user: WebUser,
    group_by: str = "day",
    date_from: str = "",
    date_to: str = "",
) -> Response:
    group_by = group_by if group_by in GROUPS else "day"
    end = parse_date(date_to) or today_in(settings.timezone)
    start = parse_date(date_from) or end - timedelta(days=29)
    if start > end:
        raise BadRequest(f"'from' ({start}) must not be after 'to' ({end})")
    report = metering.cost_report(
        session=session, date_from=start, date_to=end, group_by=group_by, tz=settings.timezone
    )
    context = {"report": report, "group_by": group_by, "groups": GROUPS, "start": start, "end": end}
    block = "report" if request.headers.get("HX-Target") == "cost-report" else None
    return render(request, "costs.html", context, block=block)
