"""GET /metrics: Prometheus text computed from the database at scrape time.

Runs execute in other processes (pool workers, Celery workers on other machines), so an
in-process counter would be wrong; every number here is one aggregate query away from
the executions table, and therefore the same whichever server is scraped.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from newsdesk.core.clock import utcnow
from newsdesk.deps import CurrentUser, DbSession
from newsdesk.runs.models import Execution, RunStatus

router = APIRouter(tags=["system"])

DURATION_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600)


class ExecutionsCollector(Collector):
    def __init__(self, session: Session) -> None:
        self.session = session

    def collect(self) -> Iterator[Metric]:
        e = Execution
        final = e.status.in_(
            [RunStatus.completed.value, RunStatus.failed.value, RunStatus.cancelled.value]
        )
        buckets = [
            func.sum(case((e.duration_ms <= b * 1000, 1), else_=0)) for b in DURATION_BUCKETS
        ]
        rows = self.session.execute(
            select(
                e.stage,
                e.status,
                func.count(e.id),
                func.coalesce(func.sum(e.total_items), 0),
                func.coalesce(func.sum(e.new_items), 0),
                func.coalesce(func.sum(e.input_tokens), 0),
                func.coalesce(func.sum(e.cached_tokens), 0),
                func.coalesce(func.sum(e.output_tokens), 0),
                func.coalesce(func.sum(e.cost_usd), 0),
                func.sum(case((e.reason == "worker_lost", 1), else_=0)),
                func.count(e.duration_ms).filter(final),
                func.coalesce(func.sum(e.duration_ms).filter(final), 0),
                *[b.filter(final) for b in buckets],
            ).group_by(e.stage, e.status)
        ).all()

        runs = GaugeMetricFamily(
            "newsdesk_executions", "Executions by stage and status", labels=["stage", "status"]
        )
        items = CounterMetricFamily(
            "newsdesk_execution_items", "Items (articles) found by runs", labels=["stage"]
        )
        new = CounterMetricFamily(
            "newsdesk_execution_new_items", "New items stored by runs", labels=["stage"]
        )
        tokens = CounterMetricFamily(
            "newsdesk_llm_tokens", "LLM tokens used by runs", labels=["stage", "kind"]
        )
        cost = CounterMetricFamily(
            "newsdesk_llm_cost_usd", "Known LLM cost of runs in USD", labels=["stage"]
        )
        reaped = CounterMetricFamily(
            "newsdesk_executions_reaped",
            "Runs failed by the reaper or executor because their worker died",
            labels=["stage"],
        )
        per_stage: dict[str, list[float]] = {}
        for row in rows:
            stage, status, count = row[0], row[1], row[2]
            runs.add_metric([stage, status], count)
            acc = per_stage.setdefault(stage, [0.0] * (10 + len(DURATION_BUCKETS)))
            for i, value in enumerate(row[3:]):
                acc[i] += float(value or 0)
        duration = HistogramMetricFamily(
            "newsdesk_execution_duration_seconds",
            "Wall time of finished runs",
            labels=["stage"],
        )
        for stage, acc in sorted(per_stage.items()):
            items.add_metric([stage], acc[0])
            new.add_metric([stage], acc[1])
            for kind, value in zip(("input", "cached", "output"), acc[2:5], strict=True):
                tokens.add_metric([stage, kind], value)
            cost.add_metric([stage], acc[5])
            reaped.add_metric([stage], acc[6])
            finished, total_ms = acc[7], acc[8]
            cumulative = [(str(b), acc[9 + i]) for i, b in enumerate(DURATION_BUCKETS)]
            cumulative.append(("+Inf", finished))
            duration.add_metric([stage], cumulative, sum_value=total_ms / 1000)
        yield from (runs, items, new, tokens, cost, reaped, duration)
        yield from self._queue()

    def _queue(self) -> Iterator[Metric]:
        e = Execution
        pending = self.session.execute(
            select(e.stage, func.count(e.id), func.min(e.created_at))
            .where(e.status == RunStatus.pending.value)
            .group_by(e.stage)
        ).all()
        depth = GaugeMetricFamily(
            "newsdesk_queue_depth", "Pending executions waiting for a worker", labels=["stage"]
        )
        oldest = GaugeMetricFamily(
            "newsdesk_oldest_pending_age_seconds", "Age of the oldest pending execution"
        )
        now = utcnow()
        ages = [0.0]
        for stage, count, first in pending:
            depth.add_metric([stage], count)
            if first is not None:
                first = first if first.tzinfo else first.replace(tzinfo=now.tzinfo)
                ages.append((now - first).total_seconds())
        oldest.add_metric([], max(ages))
        yield depth
        yield oldest


def render(session: Session) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ExecutionsCollector(session))
    # Hook: schedule lag, missed and skipped counts (owned by the scheduling domain).
    from newsdesk.scheduling.metrics import SchedulesCollector

    registry.register(SchedulesCollector(session))
    return generate_latest(registry)


@router.get("/metrics", response_class=Response)
def metrics(session: DbSession, user: CurrentUser) -> Response:
    """Prometheus metrics (send a bearer token: every endpoint but /healthz needs auth)."""
    return Response(content=render(session), media_type=CONTENT_TYPE_LATEST)
