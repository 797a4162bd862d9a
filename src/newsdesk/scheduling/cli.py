"""`newsdesk schedules ...` and `newsdesk scheduler`.

Data (tables, JSON, the next runs) goes to stdout; confirmations go to stderr. A schedule
is named by its name or its id. Each command is one transaction.
"""

from __future__ import annotations

import json
import signal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from newsdesk import db
from newsdesk.core.cli import err, out
from newsdesk.core.clock import utcnow
from newsdesk.core.errors import Invalid
from newsdesk.core.handlers import validated
from newsdesk.scheduling import service as schedules_service
from newsdesk.scheduling.exceptions import InvalidCron
from newsdesk.scheduling.models import MisfirePolicy, OverlapPolicy
from newsdesk.scheduling.schemas import ScheduleCreate, SchedulePatch, ScheduleRead

schedules_app = typer.Typer(
    help="CRON schedules: list, add, edit, pause, resume, remove, run, next.",
    no_args_is_help=True,
)

RefArg = Annotated[str, typer.Argument(help="Schedule name or id")]
CronOpt = Annotated[str | None, typer.Option("--cron", help="5 fields, e.g. '0 7 * * 1-5'")]
TzOpt = Annotated[str | None, typer.Option("--tz", help="IANA zone, e.g. Europe/Madrid")]
StageOpt = Annotated[str | None, typer.Option(help="Stage to run (default extract_urls)")]
SourceOpt = Annotated[
    list[str] | None, typer.Option("--source", help="Source name (repeat; none = all active)")
]
KeyOpt = Annotated[str | None, typer.Option("--key", help="API key alias (none = rotation)")]
OverlapOpt = Annotated[OverlapPolicy | None, typer.Option(help="When the last run still runs")]
MisfireOpt = Annotated[MisfirePolicy | None, typer.Option(help="Instants missed while down")]
GraceOpt = Annotated[int | None, typer.Option("--grace", help="run_once grace, seconds")]
ParamOpt = Annotated[list[str] | None, typer.Option("--param", help="KEY=VALUE (JSON value)")]


def _params(items: list[str] | None) -> dict[str, Any] | None:
    if not items:
        return None
    values: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise Invalid(f"--param {item!r}: write KEY=VALUE, e.g. --param max_sources=5")
        try:
            values[key] = json.loads(raw)
        except json.JSONDecodeError:
            values[key] = raw
    return values


def _inputs(session: Any, sources: list[str] | None, key: str | None) -> dict[str, Any]:
    from newsdesk.llm import service as llm_service
    from newsdesk.sources import service as sources_service

    values: dict[str, Any] = {}
    if sources:
        found = sources_service.resolve(session=session, source_names=sources, active_only=False)
        values["source_ids"] = [s.id for s in found]
    if key:
        values["api_key_id"] = llm_service.get_by_alias_or_raise(session=session, alias=key).id
    return values


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M %Z") if value else "-"


def _table(rows: list[ScheduleRead]) -> Table:
    table = Table("Id", "Name", "Cron", "Zone", "Active", "Next run", "Last run", "Last status")
    for s in rows:
        status = s.last_status or "-"
        if s.last_reason:
            status += f" ({s.last_reason})"
        if s.failing:
            status += " FAILING"
        table.add_row(
            str(s.id),
            s.name,
            s.cron_expression,
            s.timezone,
            "yes" if s.is_active else "paused",
            _when(s.next_run_local),
            _when(s.last_run_at.astimezone(ZoneInfo(s.timezone)) if s.last_run_at else None),
            status,
        )
    return table


@schedules_app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """List schedules with their next and last run and last status."""
    with db.session_scope() as session:
        rows, _ = schedules_service.list_schedules(session=session, limit=10_000)
        reads = schedules_service.read_many(session=session, schedules=rows)
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in reads], indent=2))
        return
    out.print(_table(reads))


@schedules_app.command("add")
def add_cmd(
    name: Annotated[str, typer.Argument(help="Unique name")],
    cron_expression: Annotated[str, typer.Option("--cron", help="5 fields, e.g. '0 7 * * *'")],
    tz: TzOpt = None,
    stage: StageOpt = None,
    source: SourceOpt = None,
    key: KeyOpt = None,
    no_fallback: Annotated[bool, typer.Option("--no-fallback", help="No other key")] = False,
    overlap: OverlapOpt = None,
    misfire: MisfireOpt = None,
    grace: GraceOpt = None,
    param: ParamOpt = None,
    paused: Annotated[bool, typer.Option("--paused", help="Create it paused")] = False,
) -> None:
    """Add a schedule."""
    data: dict[str, Any] = {
        "name": name,
        "cron_expression": cron_expression,
        "timezone": tz,
        "use_fallback": not no_fallback,
        "is_active": not paused,
    }
    optional = {"stage": stage, "overlap_policy": overlap, "misfire_policy": misfire}
    optional |= {"misfire_grace_seconds": grace, "parameters": _params(param)}
    data.update({k: v for k, v in optional.items() if v is not None})
    with db.session_scope() as session:
        data.update(_inputs(session, source, key))
        schedule = schedules_service.create(
            session=session, schedule_in=validated(ScheduleCreate, data)
        )
        read = schedules_service.read(session=session, schedule=schedule)
    err.print(
        f"added schedule {read.name!r} (id {read.id}): {read.description}; "
        f"next run {_when(read.next_run_local)}",
        highlight=False,
    )


@schedules_app.command("edit")
def edit_cmd(
    ref: RefArg,
    name: Annotated[str | None, typer.Option("--name", help="New name")] = None,
    cron_expression: CronOpt = None,
    tz: TzOpt = None,
    stage: StageOpt = None,
    source: SourceOpt = None,
    all_sources: Annotated[bool, typer.Option("--all-sources", help="Every source")] = False,
    key: KeyOpt = None,
    rotation: Annotated[bool, typer.Option("--rotation", help="No pinned key")] = False,
    fallback: Annotated[bool | None, typer.Option("--fallback/--no-fallback")] = None,
    overlap: OverlapOpt = None,
    misfire: MisfireOpt = None,
    grace: GraceOpt = None,
    param: ParamOpt = None,
) -> None:
    """Change a schedule's fields (only those given)."""
    data: dict[str, Any] = {
        "name": name,
        "cron_expression": cron_expression,
        "timezone": tz,
        "stage": stage,
        "use_fallback": fallback,
        "overlap_policy": overlap,
        "misfire_policy": misfire,
        "misfire_grace_seconds": grace,
        "parameters": _params(param),
    }
    data = {k: v for k, v in data.items() if v is not None}
    if all_sources:
        data["source_ids"] = None
    if rotation:
        data["api_key_id"] = None
    with db.session_scope() as session:
        schedule = schedules_service.find(session=session, ref=ref)
        data.update(_inputs(session, source, key))
        schedule = schedules_service.patch(
            session=session, schedule=schedule, schedule_in=validated(SchedulePatch, data)
        )
        read = schedules_service.read(session=session, schedule=schedule)
    err.print(
        f"updated schedule {read.name!r}: next run {_when(read.next_run_local)}", highlight=False
    )


def _set_active(ref: str, active: bool) -> None:
    with db.session_scope() as session:
        schedule = schedules_service.find(session=session, ref=ref)
        schedule = schedules_service.set_active(session=session, schedule=schedule, active=active)
        read = schedules_service.read(session=session, schedule=schedule)
    state = f"resumed; next run {_when(read.next_run_local)}" if active else "paused"
    err.print(f"schedule {read.name!r} {state}", highlight=False)


@schedules_app.command("pause")
def pause_cmd(ref: RefArg) -> None:
    """Pause a schedule (it fires nothing until resumed)."""
    _set_active(ref, False)


@schedules_app.command("resume")
def resume_cmd(ref: RefArg) -> None:
    """Resume a schedule from now (instants passed while paused are not run)."""
    _set_active(ref, True)


@schedules_app.command("remove")
def remove_cmd(
    ref: RefArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask")] = False,
) -> None:
    """Delete a schedule (its past executions stay)."""
    with db.session_scope() as session:
        schedule = schedules_service.find(session=session, ref=ref)
        if not yes:
            typer.confirm(f"delete schedule {schedule.name!r}?", abort=True, err=True)
        name = schedule.name
        schedules_service.delete(session=session, schedule=schedule)
    err.print(f"deleted schedule {name!r}", highlight=False)


@schedules_app.command("run")
def run_cmd(ref: RefArg) -> None:
    """Run a schedule now with its inputs; prints the execution id."""
    from newsdesk.scheduling.firing import submit_executions
    from newsdesk.settings import get_settings

    with db.session_scope() as session:
        schedule = schedules_service.find(session=session, ref=ref)
        execution = schedules_service.run_now(session=session, schedule=schedule)
        execution_id, name = execution.id, schedule.name
    submit_executions(get_settings(), [execution_id])
    print(execution_id)
    err.print(f"schedule {name!r}: execution {execution_id} created", highlight=False)


@schedules_app.command("next")
def next_cmd(
    cron_expression: Annotated[str, typer.Argument(help="5 fields, quoted: '30 2 * * *'")],
    tz: TzOpt = None,
    count: Annotated[int, typer.Option(min=1, max=50, help="How many runs")] = 5,
) -> None:
    """Explain a cron expression: description (en, es), next runs (local and UTC), warnings."""
    from newsdesk.settings import get_settings

    check = schedules_service.check_cron(
        cron_expression=cron_expression,
        timezone=tz or get_settings().timezone,
        now=utcnow(),
        count=count,
    )
    if not check.valid:
        raise InvalidCron(check.error or "invalid cron expression")
    err.print(f"{check.description['en']}  /  {check.description['es']}", highlight=False)
    table = Table(f"Local ({check.timezone})", "UTC", "DST")
    for run in check.next_runs:
        table.add_row(
            run.at.strftime("%a %Y-%m-%d %H:%M %z"),
            run.at_utc.strftime("%Y-%m-%d %H:%M"),
            run.note or "",
        )
    out.print(table)
    for warning in check.warnings:
        err.print(f"warning: {warning}", highlight=False)


def scheduler_cmd(
    poll: Annotated[
        float, typer.Option(min=0.5, help="Re-read the database at least this often (s)")
    ] = 2.0,
) -> None:
    """Run the scheduler alone (distributed setups): fire due schedules until Ctrl-C."""
    from newsdesk.cli import setup_logging
    from newsdesk.runs import flows
    from newsdesk.scheduling.loop import SchedulerLoop
    from newsdesk.settings import get_settings

    settings = get_settings()
    setup_logging(settings.log_level)
    flows.import_stage_modules()  # stages named in $NEWSDESK_EXTRA_STAGES, as workers do
    loop = SchedulerLoop(settings, poll_interval=poll, name="scheduler")
    previous = signal.signal(signal.SIGTERM, lambda *_: loop.stop(timeout=0))
    err.print("scheduler running; Ctrl-C to stop", highlight=False)
    try:
        loop.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    err.print(
        f"scheduler stopped: {loop.total.created} executions created, "
        f"{loop.total.missed} missed instants recorded",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(schedules_app, name="schedules")
    app.command("scheduler")(scheduler_cmd)
