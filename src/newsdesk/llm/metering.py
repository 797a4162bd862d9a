"""Usage and cost: one `llm_calls` row per attempt, sums per execution, per key, per report.

Token buckets never overlap: `input_tokens` is prompt tokens *without* the cached ones,
`cached_tokens` the cached prompt tokens, `output_tokens` every completion token (reasoning
included; `reasoning_tokens` is kept as an informational subset of output, never added).
Cost is `Decimal`, NULL when the model has no price (unknown, never 0).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

import newsdesk.models  # noqa: F401 - every table, so llm_calls' foreign keys resolve in a bare worker
from newsdesk.llm.models import ApiKey, LlmCall
from newsdesk.llm.prices import PriceTable

ZERO = Decimal(0)


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0  # prompt tokens not served from the cache
    cached_tokens: int = 0
    output_tokens: int = 0  # reasoning included
    reasoning_tokens: int = 0

    @property
    def total(self) -> int:
        return self.input_tokens + self.cached_tokens + self.output_tokens


def _int(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def usage_from_payload(usage: Any) -> Usage:
    """Split an OpenAI-shaped `usage` (dict or SDK object) into non-overlapping buckets."""
    prompt = _int(_get(usage, "prompt_tokens"))
    completion = _int(_get(usage, "completion_tokens"))
    cached = _int(_get(_get(usage, "prompt_tokens_details"), "cached_tokens"))
    if not cached:
        cached = _int(_get(usage, "prompt_cache_hit_tokens"))  # DeepSeek's spelling
    cached = min(cached, prompt)
    reasoning = _int(_get(_get(usage, "completion_tokens_details"), "reasoning_tokens"))
    return Usage(
        input_tokens=prompt - cached,
        cached_tokens=cached,
        output_tokens=completion,
        reasoning_tokens=min(reasoning, completion),
    )


def price_call(
    *, prices: PriceTable, model: str | None, usage: Usage, on: date
) -> tuple[Decimal | None, str | None]:
    """Return (cost, price version); cost is None when the model has no price."""
    if usage.total == 0:
        return ZERO, None  # a failed attempt that consumed nothing costs nothing, priced or not
    price = prices.lookup(model, on)
    if price is None:
        return None, None
    cost = price.cost(
        input_tokens=usage.input_tokens,
        cached_tokens=usage.cached_tokens,
        output_tokens=usage.output_tokens,
    )
    return cost, price.version


@dataclass
class Attempt:
    """Everything one attempt records; built by the gateway, stored by `record`."""

    outcome: str
    api_key_id: int | None
    requested_model: str | None
    execution_id: int | None = None
    stage: str | None = None
    operation: str | None = None
    source_id: int | None = None
    model: str | None = None
    usage: Usage = field(default_factory=Usage)
    cost_usd: Decimal | None = ZERO
    price_version: str | None = None
    latency_ms: int | None = None
    error: str | None = None
    request_id: str | None = None


def record(*, session: Session, attempt: Attempt, at: datetime) -> LlmCall:
    row = LlmCall(
        created_at=at,
        execution_id=attempt.execution_id,
        stage=attempt.stage,
        operation=attempt.operation,
        source_id=attempt.source_id,
        api_key_id=attempt.api_key_id,
        requested_model=attempt.requested_model,
        model=attempt.model,
        input_tokens=attempt.usage.input_tokens,
        cached_tokens=attempt.usage.cached_tokens,
        output_tokens=attempt.usage.output_tokens,
        reasoning_tokens=attempt.usage.reasoning_tokens,
        cost_usd=attempt.cost_usd,
        price_version=attempt.price_version,
        latency_ms=attempt.latency_ms,
        outcome=attempt.outcome,
        error=attempt.error[:2000] if attempt.error else None,
        request_id=attempt.request_id[:128] if attempt.request_id else None,
    )
    session.add(row)
    session.flush()
    return row


def _unknown_cost() -> ColumnElement[int]:
    return func.coalesce(func.sum(case((LlmCall.cost_usd.is_(None), 1), else_=0)), 0)


def execution_usage(
    *, session: Session, execution_id: int
) -> tuple[int, int, int, Decimal | None, bool]:
    """Sum an execution's llm_calls: (input, cached, output, cost_usd, cost_unknown).

    cost_usd sums the priced calls (0 when there were none); cost_unknown says some call's
    model had no price, so cost_usd is a lower bound; it is None only when *every* call
    that used tokens was unpriced.
    """
    row = session.execute(
        select(
            func.coalesce(func.sum(LlmCall.input_tokens), 0),
            func.coalesce(func.sum(LlmCall.cached_tokens), 0),
            func.coalesce(func.sum(LlmCall.output_tokens), 0),
            func.sum(LlmCall.cost_usd),
            _unknown_cost(),
        ).where(LlmCall.execution_id == execution_id)
    ).one()
    input_tokens, cached, output, cost, unknown = row
    unknown = int(unknown or 0)
    if cost is None:
        cost = None if unknown else ZERO
    return int(input_tokens), int(cached), int(output), _money(cost), unknown > 0


def execution_keys(*, session: Session, execution_id: int) -> list[dict[str, Any]]:
    """Which keys served an execution: per key, its attempts by outcome and last error."""
    rows = session.execute(
        select(LlmCall.api_key_id, ApiKey.alias, LlmCall.outcome, func.count())
        .outerjoin(ApiKey, ApiKey.id == LlmCall.api_key_id)
        .where(LlmCall.execution_id == execution_id)
        .group_by(LlmCall.api_key_id, ApiKey.alias, LlmCall.outcome)
        .order_by(LlmCall.api_key_id)
    ).all()
    out: dict[int | None, dict[str, Any]] = {}
    for key_id, alias, outcome, count in rows:
        entry = out.setdefault(
            key_id, {"api_key_id": key_id, "alias": alias or "(deleted)", "outcomes": {}}
        )
        entry["outcomes"][outcome] = int(count)
    return list(out.values())


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.000001"))


# --- spend per key (budgets) ---------------------------------------------------------


@dataclass(frozen=True)
class Spend:
    today: Decimal = ZERO
    month: Decimal = ZERO
    unknown_calls: int = 0  # calls this month whose cost is unknown (not in the sums)


def period_starts(now: datetime, tz: str) -> tuple[datetime, datetime]:
    """Start of today and of this month in the editor's zone, as UTC instants."""
    local = now.astimezone(ZoneInfo(tz))
    day = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    month = day.replace(day=1)
    return day.astimezone(UTC), month.astimezone(UTC)


def spend_by_key(
    *, session: Session, key_ids: list[int] | None, now: datetime, tz: str
) -> dict[int, Spend]:
    """Spend today / this month per key (unknown-cost calls count 0; see unknown_calls)."""
    day_start, month_start = period_starts(now, tz)
    query = (
        select(
            LlmCall.api_key_id,
            func.sum(LlmCall.cost_usd),
            func.sum(case((LlmCall.created_at >= day_start, LlmCall.cost_usd), else_=None)),
            _unknown_cost(),
        )
        .where(LlmCall.created_at >= month_start, LlmCall.api_key_id.is_not(None))
        .group_by(LlmCall.api_key_id)
    )
    if key_ids is not None:
        if not key_ids:
            return {}
        query = query.where(LlmCall.api_key_id.in_(key_ids))
    out = {}
    for key_id, month, today, unknown in session.execute(query):
        out[int(key_id)] = Spend(
            today=_money(today) or ZERO, month=_money(month) or ZERO, unknown_calls=int(unknown)
        )
    return out


def over_budget(key: ApiKey, spend: Spend) -> str | None:
    """Say which budget `key` has used up, or None."""
    if key.daily_budget_usd is not None and spend.today >= key.daily_budget_usd:
        return f"daily budget {key.daily_budget_usd} USD used ({spend.today} spent today)"
    if key.monthly_budget_usd is not None and spend.month >= key.monthly_budget_usd:
        return f"monthly budget {key.monthly_budget_usd} USD used ({spend.month} this month)"
    return None


# --- reports -------------------------------------------------------------------------

GROUPS = ("day", "stage", "key", "model", "source")
CSV_COLUMNS = (
    "timestamp",
    "date",
    "stage",
    "model",
    "operation",
    "input_tokens",
    "output_tokens",
    "total_tokens",
    "cost_usd",
)


def range_bounds(date_from: date, date_to: date, tz: str) -> tuple[datetime, datetime]:
    """[from 00:00, to+1 00:00) in the editor's zone, as UTC instants (both ends inclusive)."""
    zone = ZoneInfo(tz)
    start = datetime.combine(date_from, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(date_to + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def _label_maps(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    from newsdesk.sources.models import Source

    keys = dict(session.execute(select(ApiKey.id, ApiKey.alias)).tuples().all())
    sources = dict(session.execute(select(Source.id, Source.name)).tuples().all())
    return keys, sources


def cost_report(
    *, session: Session, date_from: date, date_to: date, group_by: str, tz: str
) -> dict[str, Any]:
    """Group calls in [date_from, date_to] (the editor's days) by day/stage/key/model/source."""
    start, end = range_bounds(date_from, date_to, tz)
    zone = ZoneInfo(tz)
    keys, sources = _label_maps(session)
    groups: dict[str, dict[str, Any]] = {}
    total = _empty_group("total")
    query = select(
        LlmCall.created_at,
        LlmCall.stage,
        LlmCall.api_key_id,
        LlmCall.model,
        LlmCall.requested_model,
        LlmCall.source_id,
        LlmCall.input_tokens,
        LlmCall.cached_tokens,
        LlmCall.output_tokens,
        LlmCall.cost_usd,
    ).where(LlmCall.created_at >= start, LlmCall.created_at < end)
    for row in session.execute(query.execution_options(yield_per=1000)):
        if group_by == "day":
            label = row.created_at.astimezone(zone).date().isoformat()
        elif group_by == "stage":
            label = row.stage or "(none)"
        elif group_by == "key":
            label = keys.get(row.api_key_id, "(deleted)") if row.api_key_id else "(none)"
        elif group_by == "model":
            label = row.model or row.requested_model or "(unknown)"
        else:
            label = sources.get(row.source_id, "(deleted)") if row.source_id else "(none)"
        for bucket in (groups.setdefault(label, _empty_group(label)), total):
            _add(bucket, row)
    return {
        "from": date_from,
        "to": date_to,
        "group_by": group_by,
        "groups": sorted(groups.values(), key=lambda g: g["group"]),
        "total": total,
    }


def _empty_group(label: str) -> dict[str, Any]:
    return {
        "group": label,
        "calls": 0,
        "input_tokens": 0,
        "cached_tokens": 0,
        "output_tokens": 0,
        "cost_usd": ZERO,
        "unknown_cost_calls": 0,
    }


def _add(bucket: dict[str, Any], row: Any) -> None:
    bucket["calls"] += 1
    bucket["input_tokens"] += row.input_tokens
    bucket["cached_tokens"] += row.cached_tokens
    bucket["output_tokens"] += row.output_tokens
    if row.cost_usd is None:
        bucket["unknown_cost_calls"] += 1
    else:
        bucket["cost_usd"] += row.cost_usd


def csv_rows(
    *, session: Session, date_from: date, date_to: date, tz: str
) -> Iterator[tuple[str, ...]]:
    """Rows for token_usage.csv: input_tokens there is the whole prompt (cached included)."""
    start, end = range_bounds(date_from, date_to, tz)
    zone = ZoneInfo(tz)
    query = (
        select(LlmCall)
        .where(LlmCall.created_at >= start, LlmCall.created_at < end)
        .order_by(LlmCall.created_at, LlmCall.id)
    )
    for call in session.scalars(query.execution_options(yield_per=1000)):
        prompt = call.input_tokens + call.cached_tokens
        if call.outcome != "ok" and prompt + call.output_tokens == 0:
            continue  # failed attempts without usage were never in the original file
        yield (
            call.created_at.isoformat(),
            call.created_at.astimezone(zone).date().isoformat(),
            call.stage or "",
            call.model or call.requested_model or "",
            call.operation or "",
            str(prompt),
            str(call.output_tokens),
            str(prompt + call.output_tokens),
            "" if call.cost_usd is None else str(call.cost_usd),
        )
