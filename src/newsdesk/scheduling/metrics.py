"""Prometheus collector for schedules; `runs.metrics.render` registers it on /metrics."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.scheduling import service
from newsdesk.scheduling.models import Schedule


class SchedulesCollector(Collector):
    def __init__(self, session: Session) -> None:
        self.session = session

    def collect(self) -> Iterator[Metric]:
        numbers = service.metrics(session=self.session)
        active_ids = list(self.session.scalars(select(Schedule.id).where(Schedule.is_active)))
        found = service.statuses(session=self.session, schedule_ids=active_ids)
        failing = sum(1 for status in found.values() if status.failing)
        yield GaugeMetricFamily("newsdesk_schedules_active", "Active schedules", numbers.active)
        yield GaugeMetricFamily(
            "newsdesk_schedules_failing",
            "Active schedules whose last 5 finished runs all failed",
            failing,
        )
        yield GaugeMetricFamily(
            "newsdesk_schedule_lag_seconds",
            "How far behind its next_run_at the most overdue active schedule is (0: none)",
            numbers.lag_seconds,
        )
        yield CounterMetricFamily(
            "newsdesk_schedule_missed",
            "Scheduled instants recorded as skipped/missed (one record may stand for many)",
            numbers.missed_total,
        )
        yield CounterMetricFamily(
            "newsdesk_schedule_skipped_overlap",
            "Scheduled runs skipped because the previous run was still going",
            numbers.skipped_overlap_total,
        )
