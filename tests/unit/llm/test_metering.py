"""Usage buckets from real-shaped payloads, cost reports and the CSV export (both DBs)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from newsdesk import db
from newsdesk.llm import metering
from newsdesk.llm.metering import Attempt, Usage, usage_from_payload
from newsdesk.sources.models import Source

# Shapes copied from OpenAI responses (chat completions, a reasoning model, an old model).
GPT4O_CACHED = {
    "prompt_tokens": 2006,
    "completion_tokens": 300,
    "total_tokens": 2306,
    "prompt_tokens_details": {"cached_tokens": 1920, "audio_tokens": 0},
    "completion_tokens_details": {
        "reasoning_tokens": 0,
        "audio_tokens": 0,
        "accepted_prediction_tokens": 0,
        "rejected_prediction_tokens": 0,
    },
}
O3_REASONING = {
    "prompt_tokens": 1117,
    "completion_tokens": 1549,
    "total_tokens": 2666,
    "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 1408, "audio_tokens": 0},
}
OLD_NO_DETAILS = {"prompt_tokens": 50, "completion_tokens": 10, "total_tokens": 60}


def test_buckets_never_overlap() -> None:
    for payload in (GPT4O_CACHED, O3_REASONING, OLD_NO_DETAILS):
        usage = usage_from_payload(payload)
        assert usage.total == payload["total_tokens"]
        assert usage.input_tokens + usage.cached_tokens == payload["prompt_tokens"]
        assert usage.output_tokens == payload["completion_tokens"]
    assert usage_from_payload(O3_REASONING) == Usage(93, 1024, 1549, 1408)
    assert usage_from_payload({"prompt_tokens": 10, "prompt_tokens_details": None}) == Usage(10)
    assert usage_from_payload(None) == Usage()


def _attempt(**values: object) -> Attempt:
    values.setdefault("outcome", "ok")
    values.setdefault("api_key_id", None)
    values.setdefault("requested_model", "gpt-4o")
    return Attempt(**values)  # type: ignore[arg-type]


def test_sums_and_reports(settings, execution_id) -> None:
    at = datetime(2025, 3, 1, 22, 30, tzinfo=UTC)  # 23:30 in Madrid: still 1 March
    late = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 March in Madrid
    with db.session_scope(settings.database_url) as s:
        source = Source(name="diario", base_url="https://diario.example")
        s.add(source)
        s.flush()
        for payload, model, cost, when in (
            (GPT4O_CACHED, "gpt-4o-2024-08-06", Decimal("0.005605"), at),
            (O3_REASONING, "o3-2025-04-16", Decimal("0.012990"), at),
            (OLD_NO_DETAILS, "mystery-model", None, late),
        ):
            metering.record(
                session=s,
                attempt=_attempt(
                    execution_id=execution_id,
                    stage="extract_urls",
                    operation="classify",
                    source_id=source.id,
                    model=model,
                    usage=usage_from_payload(payload),
                    cost_usd=cost,
                ),
                at=when,
            )
        metering.record(session=s, attempt=_attempt(outcome="rate_limited", error="429"), at=at)
    with db.session_scope(settings.database_url) as s:
        usage = metering.execution_usage(session=s, execution_id=execution_id)
        assert usage == (86 + 93 + 50, 1920 + 1024, 300 + 1549 + 10, Decimal("0.018595"), True)
        by_day = metering.cost_report(
            session=s,
            date_from=datetime(2025, 3, 1).date(),
            date_to=datetime(2025, 3, 2).date(),
            group_by="day",
            tz=settings.timezone,
        )
        assert [(g["group"], g["calls"]) for g in by_day["groups"]] == [
            ("2025-03-01", 3),
            ("2025-03-02", 1),
        ]
        assert by_day["total"]["cost_usd"] == Decimal("0.018595")
        assert by_day["total"]["unknown_cost_calls"] == 1
        by_source = metering.cost_report(
            session=s,
            date_from=datetime(2025, 3, 1).date(),
            date_to=datetime(2025, 3, 1).date(),
            group_by="source",
            tz=settings.timezone,
        )
        assert {g["group"]: g["calls"] for g in by_source["groups"]} == {"diario": 2, "(none)": 1}
        rows = list(
            metering.csv_rows(
                session=s,
                date_from=datetime(2025, 3, 1).date(),
                date_to=datetime(2025, 3, 2).date(),
                tz=settings.timezone,
            )
        )
    # The failed attempt without usage is left out, like the original file did.
    assert len(rows) == 3
    assert rows[0][1:] == (
        "2025-03-01", "extract_urls", "gpt-4o-2024-08-06", "classify", "2006", "300", "2306",
        "0.005605",
    )  # fmt: skip
    assert rows[2][-1] == ""  # unknown cost: empty, never 0


def test_execution_without_calls_costs_zero(settings, execution_id) -> None:
    with db.session_scope(settings.database_url) as s:
        assert metering.execution_usage(session=s, execution_id=execution_id) == (
            0,
            0,
            0,
            Decimal(0),
            False,
        )
