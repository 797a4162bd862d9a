"""`newsdesk keys ...` (provider API keys) and `newsdesk costs` (LLM spend)."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from newsdesk import db
from newsdesk.core.cli import err, out
from newsdesk.core.clock import today_in
from newsdesk.core.errors import BadRequest, Invalid
from newsdesk.core.handlers import validated
from newsdesk.llm import gateway, metering
from newsdesk.llm import service as keys_service
from newsdesk.llm.models import ApiKey
from newsdesk.settings import get_settings

keys_app = typer.Typer(help="Provider API keys (stored encrypted).", no_args_is_help=True)


def _audit(session: Session, action: str, key: ApiKey, before: dict[str, Any] | None) -> None:
    keys_service.audit(
        session=session,
        actor=None,
        action=action,
        key=key,
        before=before,
        detail="from the command line",
    )


def _read_secret(from_stdin: bool) -> str:
    if from_stdin:
        secret = sys.stdin.readline().strip()
    else:
        secret = typer.prompt("API key", hide_input=True).strip()
    if not secret:
        raise Invalid("no API key given (type it at the prompt, or pipe it with --key-stdin)")
    return secret


@keys_app.command("add")
def add(
    alias: Annotated[str, typer.Argument(help="A unique name for the key")],
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL")] = None,
    model: Annotated[str | None, typer.Option(help="Default model")] = None,
    provider: Annotated[str | None, typer.Option(help="Provider label")] = None,
    daily_budget: Annotated[str | None, typer.Option(help="Daily budget in USD")] = None,
    monthly_budget: Annotated[str | None, typer.Option(help="Monthly budget in USD")] = None,
    fallback: Annotated[
        bool, typer.Option(help="Use in automatic rotation and as a fallback")
    ] = True,
    key_stdin: Annotated[
        bool, typer.Option("--key-stdin", help="Read the key from standard input")
    ] = False,
) -> None:
    """Store a provider API key (typed at a hidden prompt, or piped with --key-stdin)."""
    from newsdesk.llm.schemas import ApiKeyCreate

    secret = _read_secret(key_stdin)
    settings = get_settings()
    checked = validated(
        ApiKeyCreate,
        {
            "alias": alias,
            "api_key": secret,
            "base_url": base_url,
            "model": model,
            "provider": provider,
            "use_as_fallback": fallback,
            "daily_budget_usd": keys_service.parse_budget(daily_budget),
            "monthly_budget_usd": keys_service.parse_budget(monthly_budget),
        },
    )
    with db.session_scope() as session:
        key = keys_service.create(
            session=session,
            settings=settings,
            values=checked.model_dump(exclude={"api_key"}),
            secret=secret,
        )
        _audit(session, "api_key.create", key, None)
        err.print(f"added key {key.alias!r} (#{key.id}, …{key.hint}) for {key.base_url}")


@keys_app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """List the keys with their state and spend (never the keys themselves)."""
    settings = get_settings()
    with db.session_scope() as session:
        rows, _ = keys_service.list_keys(session=session)
        views = keys_service.describe(session=session, settings=settings, keys=rows)
        data = [v.as_dict() for v in views]
    if as_json:
        print(json.dumps(data, indent=2, default=str))
        return
    table = Table("id", "alias", "hint", "model", "base URL", "state", "today $", "month $", "uses")
    for d in data:
        state = d["state"].value + (f" ({d['state_detail']})" if d["state_detail"] else "")
        table.add_row(
            str(d["id"]),
            d["alias"],
            "…" + d["hint"],
            d["model"],
            d["base_url"],
            state,
            str(d["spend_today_usd"]),
            str(d["spend_month_usd"]),
            str(d["usage_count"]),
        )
    out.print(table)


def _key_id(alias: str) -> int:
    with db.session_scope() as session:
        return keys_service.get_by_alias_or_raise(session=session, alias=alias).id


@keys_app.command("test")
def test(alias: Annotated[str, typer.Argument(help="The key's alias")]) -> int:
    """Make a minimal real call with the key and print what the provider answered."""
    result = gateway.test_key(settings=get_settings(), key_id=_key_id(alias))
    out.print(f"{alias}: {result.result} — {result.message}", highlight=False, markup=False)
    return 0 if result.result == "ok" else 1


def _set_active(alias: str, active: bool) -> None:
    with db.session_scope() as session:
        key = keys_service.get_by_alias_or_raise(session=session, alias=alias)
        before = keys_service.snapshot(key)
        keys_service.set_active(session=session, key=key, active=active)
        _audit(session, "api_key.enable" if active else "api_key.disable", key, before)
    err.print(f"key {alias!r} {'enabled' if active else 'disabled'}")


@keys_app.command("enable")
def enable(alias: Annotated[str, typer.Argument(help="The key's alias")]) -> None:
    """Enable a key (also clears a disabled_invalid/disabled_quota mark and any cooldown)."""
    _set_active(alias, True)


@keys_app.command("disable")
def disable(alias: Annotated[str, typer.Argument(help="The key's alias")]) -> None:
    """Disable a key: no execution uses it until it is enabled again."""
    _set_active(alias, False)


@keys_app.command("remove")
def remove(alias: Annotated[str, typer.Argument(help="The key's alias")]) -> None:
    """Delete a key (its past calls stay in the cost reports)."""
    with db.session_scope() as session:
        key = keys_service.get_by_alias_or_raise(session=session, alias=alias)
        _audit(session, "api_key.delete", key, keys_service.snapshot(key))
        keys_service.delete(session=session, key=key)
    err.print(f"key {alias!r} removed")


@keys_app.command("rotate-encryption")
def rotate_encryption(
    batch: Annotated[int, typer.Option(help="Rows per transaction")] = 100,
) -> int:
    """Re-encrypt every key under the first NEWSDESK_ENCRYPTION_KEY (safe to re-run)."""
    settings = get_settings()
    after, rotated, current, failed = 0, 0, 0, []
    while True:
        # One transaction per batch: an interrupted run keeps what it did; re-running resumes.
        with db.session_scope() as session:
            done = keys_service.rotate_encryption_batch(
                session=session, settings=settings, after_id=after, limit=batch
            )
        if done.last_id is None:
            break
        after = done.last_id
        rotated += done.rotated
        current += done.current
        failed.extend(done.undecryptable)
    if not failed:
        with db.session_scope() as session:
            keys_service.rotate_canary(session=session, settings=settings)
    err.print(f"re-encrypted {rotated} key(s); {current} already under the first key")
    if failed:
        err.print(
            f"could not decrypt {len(failed)} key(s): {', '.join(failed)}; add the key they "
            "were encrypted with to NEWSDESK_ENCRYPTION_KEY and run this again, or enter "
            "those API keys again",
            highlight=False,
        )
        return 1
    return 0


def costs(
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: to-29)")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (default: today)")
    ] = None,
    group_by: Annotated[
        str, typer.Option("--group-by", help="day | stage | key | model | source")
    ] = "day",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Show LLM tokens and USD cost, grouped by day, stage, key, model or source."""
    settings = get_settings()
    if group_by not in metering.GROUPS:
        raise BadRequest(f"--group-by must be one of {', '.join(metering.GROUPS)}")
    try:
        end = date.fromisoformat(date_to) if date_to else today_in(settings.timezone)
        start = date.fromisoformat(date_from) if date_from else end - timedelta(days=29)
    except ValueError:
        raise BadRequest("--from and --to take dates like 2025-03-01") from None
    if start > end:
        raise BadRequest(f"--from ({start}) must not be after --to ({end})")
    with db.session_scope() as session:
        report = metering.cost_report(
            session=session, date_from=start, date_to=end, group_by=group_by, tz=settings.timezone
        )
    if as_json:
        print(json.dumps(report, indent=2, default=str))
        return
    table = Table(
        group_by, "calls", "input", "cached", "output", "cost USD", title=f"LLM cost {start}..{end}"
    )
    for g in [*report["groups"], report["total"]]:
        cost = str(g["cost_usd"]) + (" + unknown" if g["unknown_cost_calls"] else "")
        table.add_row(
            g["group"],
            str(g["calls"]),
            str(g["input_tokens"]),
            str(g["cached_tokens"]),
            str(g["output_tokens"]),
            cost,
            end_section=g is report["groups"][-1] if report["groups"] else False,
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
    app.command("costs")(costs)
