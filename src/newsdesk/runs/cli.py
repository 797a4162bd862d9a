"""`newsdesk run`, `newsdesk executions ...`, `newsdesk worker`, `newsdesk reap`.

Data (ids, tables, JSON, log lines) goes to stdout; progress and notes go to stderr.

`run --wait` with the local executor: a running `newsdesk serve` claims the run within a
second; when nothing claims it within WAIT_FOR_SERVER seconds (no server), the command
runs it itself in a one-process local pool (same limits, same cancel), so `--wait` always
finishes. `--inline` skips the wait and runs it here at once.
"""

from __future__ import annotations

import json
import time
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.orm import Session

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.core.cli import cli_actor, err, out
from newsdesk.core.errors import BadRequest
from newsdesk.runs import executors, queries, service
from newsdesk.runs.models import RunStatus, Trigger
from newsdesk.runs.schemas import ExecutionDetail, ExecutionRead, KeyUseRead, SourceRunRead
from newsdesk.settings import Settings, get_settings

executions_app = typer.Typer(
    help="Stage executions: list, show, logs, cancel, retry.", no_args_is_help=True
)

WAIT_FOR_SERVER = 3.0
POLL = 0.5


def _who() -> str:
    return cli_actor()[:64]  # fits executions.created_by


def _audit(session: Session, action: str, execution_id: int, **extra: Any) -> None:
    auth_service.audit(
        session=session,
        actor=None,
        action=action,
        entity_type="execution",
        entity_id=execution_id,
        detail=_who(),
        **extra,
    )


def _params(items: list[str] | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise BadRequest(f"--param must look like name=value, got {item!r}")
        try:
            params[name] = json.loads(value)
        except ValueError:
            params[name] = value
    return params


def _detail(execution_id: int) -> ExecutionDetail:
    with db.session_scope() as session:
        row = queries.get_or_raise(session=session, execution_id=execution_id)
        detail = ExecutionDetail.model_validate(row)
        detail.sources = [
            SourceRunRead.model_validate(r)
            for r in queries.source_runs(session=session, execution_id=row.id)
        ]
        detail.keys = [
            KeyUseRead.model_validate(k, from_attributes=True)
            for k in queries.keys_used(session=session, execution_id=row.id)
        ]
        return detail


def _money(value: Any, unknown: bool) -> str:
    if unknown or value is None:
        return "unknown"
    return f"${value:.4f}"


def _summary(d: ExecutionDetail) -> Table:
    table = Table(
        title=f"execution {d.id}: {d.stage} — {d.status.value}"
        + (f" ({d.reason})" if d.reason else ""),
        show_header=False,
    )
    duration = f"{d.duration_ms / 1000:.1f} s" if d.duration_ms is not None else "-"
    rows = [
        ("run date", str(d.run_date)),
        ("trigger", f"{d.trigger.value} by {d.created_by or '-'}"),
        ("duration", duration),
        ("items / new", f"{d.total_items} / {d.new_items}"),
        ("tokens in/cached/out", f"{d.input_tokens} / {d.cached_tokens} / {d.output_tokens}"),
        ("cost", _money(d.cost_usd, d.cost_unknown)),
        ("keys", ", ".join(f"{k.alias or k.api_key_id} ({k.calls})" for k in d.keys) or "-"),
    ]
    if d.error:
        rows.append(("error", d.error))
    for warning in d.warnings or []:
        rows.append(("warning", warning))
    for name, value in rows:
        table.add_row(name, value)
    return table


def _sources_table(d: ExecutionDetail) -> Table:
    table = Table("Source", "Status", "HTTP", "Links", "Articles", "New", "LLM", "Error")
    for s in d.sources:
        table.add_row(
            s.source_name,
            s.status,
            str(s.http_status or "-"),
            str(s.links_found),
            str(s.articles_found),
            str(s.new_articles),
            str(s.llm_calls),
            s.error or "",
        )
    return table


def _status(execution_id: int) -> queries.StatusSnapshot:
    with db.session_scope() as session:
        return queries.status_snapshot(session=session, execution_id=execution_id)


def _follow(settings: Settings, execution_id: int, *, inline: bool) -> str:
    """Wait for the run to end with a progress bar; run it here when nobody claims it."""
    pool: executors.LocalExecutor | None = None
    if settings.executor == "local" and not isinstance(
        executors.get_executor(settings), executors.LocalExecutor
    ):
        deadline = time.monotonic() + (0 if inline else WAIT_FOR_SERVER)
        while time.monotonic() < deadline and _status(execution_id).status == "pending":
            time.sleep(0.2)
        if _status(execution_id).status == "pending":
            err.print("no server claimed the run; running it in this process", highlight=False)
            pool = executors.LocalExecutor(settings, workers=1).start()
            pool.submit(execution_id)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} sources"),
        TextColumn("{task.fields[found]} found, {task.fields[new]} new"),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=err, transient=False) as bar:
            task = bar.add_task("pending", total=None, found=0, new=0)
            while True:
                snap = _status(execution_id)
                p = snap.progress or {}
                bar.update(
                    task,
                    description=snap.status,
                    completed=p.get("sources_done", 0),
                    total=p.get("sources_total") or None,
                    found=p.get("articles_found", snap.total_items),
                    new=p.get("new_articles", snap.new_items),
                )
                if RunStatus(snap.status).is_final:
                    return snap.status
                time.sleep(POLL)
    except KeyboardInterrupt:
        if pool is not None:
            err.print("interrupted: cancelling the run")
            with db.session_scope() as session:
                service.request_cancel(session=session, execution_id=execution_id, by=_who())
        raise
    finally:
        if pool is not None:
            pool.stop(timeout=settings.cancel_grace + 5)


def _finish_report(execution_id: int) -> int:
    detail = _detail(execution_id)
    err.print(_summary(detail))
    if detail.sources:
        err.print(_sources_table(detail))
    return 0 if detail.status is RunStatus.completed else 1


def run_cmd(
    stage: Annotated[str, typer.Argument(help="Stage to run")] = "extract_urls",
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Source name (repeat)")
    ] = None,
    key: Annotated[str | None, typer.Option("--key", help="Pin this API key alias")] = None,
    no_fallback: Annotated[
        bool, typer.Option("--no-fallback", help="Never switch to another key")
    ] = False,
    param: Annotated[list[str] | None, typer.Option("--param", help="name=value (repeat)")] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Follow the run; exit 0 only if it completed")
    ] = False,
    inline: Annotated[
        bool, typer.Option("--inline", help="With --wait: run it in this process")
    ] = False,
) -> int:
    """Trigger a stage now (every active source unless --source); print the execution id."""
    settings = get_settings()
    with db.session_scope() as session:
        api_key_id = None
        if key:
            from newsdesk.llm import service as llm_service

            api_key_id = llm_service.get_by_alias_or_raise(session=session, alias=key).id
        row = service.create_execution(
            session=session,
            stage=stage,
            trigger=Trigger.manual,
            source_names=source or None,
            api_key_id=api_key_id,
            use_fallback=not no_fallback,
            parameters=_params(param),
            created_by=_who(),
            settings=settings,
        )
        _audit(
            session,
            "execution.trigger",
            row.id,
            after={"stage": stage, "source_ids": row.source_ids},
        )
        execution_id = row.id
    executors.get_executor(settings).submit(execution_id)
    print(execution_id)
    if not wait and not inline:
        err.print(
            f"execution {execution_id} is pending; follow it with "
            f"`newsdesk executions logs {execution_id} --follow`",
            highlight=False,
        )
        return 0
    _follow(settings, execution_id, inline=inline)
    return _finish_report(execution_id)


@executions_app.command("list")
def list_cmd(
    stage: Annotated[str | None, typer.Option(help="Only this stage")] = None,
    status: Annotated[RunStatus | None, typer.Option(help="Only this status")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List executions, newest first."""
    with db.session_scope() as session:
        rows, total = queries.list_executions(
            session=session,
            filters=queries.ExecutionFilter(stage=stage, status=status),
            limit=limit,
        )
        items = [ExecutionRead.model_validate(r) for r in rows]
    if as_json:
        print(json.dumps({"items": [i.model_dump(mode="json") for i in items], "total": total}))
        return
    table = Table(
        "ID",
        "Stage",
        "Status",
        "Trigger",
        "Created",
        "Duration",
        "Items",
        "New",
        "Cost",
        title=f"{len(items)} of {total} executions",
    )
    for i in items:
        table.add_row(
            str(i.id),
            i.stage,
            i.status.value + (f" ({i.reason})" if i.reason else ""),
            i.trigger.value,
            i.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            f"{i.duration_ms / 1000:.1f} s" if i.duration_ms is not None else "-",
            str(i.total_items),
            str(i.new_items),
            _money(i.cost_usd, i.cost_unknown),
        )
    out.print(table)


@executions_app.command("show")
def show_cmd(
    execution_id: int,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Show one execution with its per-source breakdown and the keys it used."""
    detail = _detail(execution_id)
    if as_json:
        print(detail.model_dump_json(indent=2))
        return
    out.print(_summary(detail))
    if detail.sources:
        out.print(_sources_table(detail))


@executions_app.command("logs")
def logs_cmd(
    execution_id: int,
    follow: Annotated[
        bool, typer.Option("--follow", "-f", help="Keep printing until it ends")
    ] = False,
    after: Annotated[int, typer.Option(help="Only lines after this sequence number")] = 0,
) -> None:
    """Print an execution's log lines (from any machine it ran on)."""
    seq = after
    while True:
        with db.session_scope() as session:
            queries.get_or_raise(session=session, execution_id=execution_id)
            lines = queries.list_logs(session=session, execution_id=execution_id, after=seq)
            final = RunStatus(
                queries.status_snapshot(session=session, execution_id=execution_id).status
            ).is_final
            for line in lines:
                seq = line.seq
                print(
                    f"{line.seq:>5} {line.at:%H:%M:%S} {line.level:<7} {line.message}", flush=True
                )
        if not follow or (final and not lines):
            return
        time.sleep(POLL)


@executions_app.command("cancel")
def cancel_cmd(execution_id: int) -> None:
    """Cancel a run: pending ends at once; running stops (killed after the grace period)."""
    with db.session_scope() as session:
        row = service.request_cancel(session=session, execution_id=execution_id, by=_who())
        _audit(session, "execution.cancel", row.id)
        status = row.status
    note = "cancelled" if status == "cancelled" else "cancel requested; the stage is stopping"
    err.print(f"execution {execution_id}: {note}", highlight=False)


@executions_app.command("retry")
def retry_cmd(
    execution_id: int,
    wait: Annotated[bool, typer.Option("--wait", help="Follow the new run")] = False,
) -> int:
    """Start a new run with the same inputs; print its id."""
    settings = get_settings()
    with db.session_scope() as session:
        row = service.retry(
            session=session, execution_id=execution_id, created_by=_who(), settings=settings
        )
        _audit(session, "execution.retry", row.id)
        new_id = row.id
    executors.get_executor(settings).submit(new_id)
    print(new_id)
    if not wait:
        return 0
    _follow(settings, new_id, inline=False)
    return _finish_report(new_id)


def worker_cmd(
    queues: Annotated[
        str | None, typer.Option(help="Comma list (default: every stage queue)")
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option(min=1, help="Processes (default: CPUs)")
    ] = None,
    loglevel: Annotated[str, typer.Option(help="Celery log level")] = "INFO",
) -> None:
    """Start a Celery worker (the distributed executor) for the stage queues."""
    from newsdesk import stages
    from newsdesk.runs.celery_app import app, queue_for

    names = queues or ",".join(queue_for(name) for name in stages.names())
    argv = ["worker", f"--loglevel={loglevel}", f"--queues={names}"]
    if concurrency:
        argv.append(f"--concurrency={concurrency}")
    app.worker_main(argv=argv)


def reap_cmd() -> None:
    """One reaper pass: fail runs whose heartbeat stopped; re-submit unclaimed pending ones."""
    from newsdesk.runs import reaper

    result = reaper.run_once(get_settings())
    print(json.dumps({"reaped": result.reaped, "resubmitted": result.resubmitted}))


def register(app: typer.Typer) -> None:
    app.command("run")(run_cmd)
    app.add_typer(executions_app, name="executions")
    app.command("worker")(worker_cmd)
    app.command("reap")(reap_cmd)
