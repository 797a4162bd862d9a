"""Lifecycle of executions: transitions, the concurrency guard, finish totals, reaper."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from newsdesk import db
from newsdesk.core.clock import FakeClock, today_in
from newsdesk.core.errors import InvalidTransition
from newsdesk.llm.models import LlmCall
from newsdesk.runs import queries, service
from newsdesk.runs.exceptions import ConcurrencyConflict, UnknownStage
from newsdesk.runs.models import Execution, RunStatus, SourceRun, Trigger
from newsdesk.settings import Settings
from newsdesk.stages import SourceOutcome, StageResult


def _create(settings: Settings, **kwargs: object) -> int:
    kwargs.setdefault("stage", "noop")
    kwargs.setdefault("trigger", Trigger.manual)
    with db.session_scope(settings.database_url) as s:
        return service.create_execution(session=s, **kwargs).id  # type: ignore[arg-type]


def _get(settings: Settings, execution_id: int) -> Execution:
    with db.session_scope(settings.database_url) as s:
        row = queries.get_or_raise(session=s, execution_id=execution_id)
        s.expunge(row)
        return row


def test_create_resolves_sources_and_records_inputs(settings: Settings, sources: list[int]):
    execution_id = _create(
        settings,
        source_names=["beta"],
        parameters={"x": 1},
        created_by="cli:tester",
        use_fallback=False,
    )
    row = _get(settings, execution_id)
    assert row.status == "pending"
    assert row.source_ids == [sources[1]] and row.source_names == ["beta"]
    assert row.parameters == {"x": 1} and row.use_fallback is False
    assert row.created_by == "cli:tester"
    assert row.run_date == today_in(settings.timezone)
    assert row.concurrency_key == "noop"


def test_no_sources_means_every_active_one(settings: Settings, sources: list[int]):
    row = _get(settings, _create(settings))
    assert sorted(row.source_ids) == sorted(sources[:2])


def test_unknown_or_inactive_source_is_a_400(settings: Settings, sources: list[int]):
    with pytest.raises(Exception) as info:
        _create(settings, source_names=["gamma"])
    assert info.value.status_code == 400  # type: ignore[attr-defined]
    with pytest.raises(UnknownStage):
        _create(settings, stage="no-such-stage")


def test_full_lifecycle_with_totals(settings: Settings, sources: list[int]):
    execution_id = _create(settings)
    with db.session_scope(settings.database_url) as s:
        claimed = service.claim(session=s, execution_id=execution_id, worker="w1")
        assert claimed is not None and claimed.status == "running"
        s.add(
            LlmCall(
                execution_id=execution_id,
                input_tokens=10,
                cached_tokens=2,
                output_tokens=5,
                cost_usd=Decimal("0.25"),
                outcome="ok",
            )
        )
    result = StageResult(
        total_items=0,
        new_items=0,
        sources=[
            SourceOutcome(
                source_id=sources[0],
                source_name="alpha",
                status="ok",
                articles_found=4,
                new_articles=3,
            ),
            SourceOutcome(
                source_id=sources[1], source_name="beta", status="failed", error="HTTP 500"
            ),
        ],
        warnings=["beta failed"],
    )
    with db.session_scope(settings.database_url) as s:
        row = service.finish(session=s, execution_id=execution_id, result=result)
        assert row.status == "completed"
        assert (row.total_items, row.new_items) == (4, 3)
        assert (row.input_tokens, row.cached_tokens, row.output_tokens) == (10, 2, 5)
        assert row.cost_usd == Decimal("0.25") and row.cost_unknown is False
        assert row.concurrency_key is None and row.duration_ms is not None
        assert row.warnings == ["beta failed"]
        runs = s.scalars(select(SourceRun).where(SourceRun.execution_id == execution_id)).all()
        assert {r.source_name: r.status for r in runs} == {"alpha": "ok", "beta": "failed"}
    with db.session_scope(settings.database_url) as s, pytest.raises(InvalidTransition):
        service.finish(session=s, execution_id=execution_id, status=RunStatus.failed)


def test_unpriced_model_makes_cost_unknown(settings: Settings, sources: list[int]):
    execution_id = _create(settings)
    with db.session_scope(settings.database_url) as s:
        service.claim(session=s, execution_id=execution_id, worker="w1")
        s.add(
            LlmCall(
                execution_id=execution_id, input_tokens=10, cost_usd=Decimal("0.1"), outcome="ok"
            )
        )
        s.add(LlmCall(execution_id=execution_id, input_tokens=10, cost_usd=None, outcome="ok"))
    with db.session_scope(settings.database_url) as s:
        row = service.finish(session=s, execution_id=execution_id, result=StageResult())
        assert row.cost_usd is None and row.cost_unknown is True
        assert row.input_tokens == 20


def test_failed_result_fails_the_run(settings: Settings, sources: list[int]):
    execution_id = _create(settings)
    with db.session_scope(settings.database_url) as s:
        service.claim(session=s, execution_id=execution_id, worker="w1")
        row = service.finish(
            session=s,
            execution_id=execution_id,
            result=StageResult(failed=True, error="all sources failed"),
        )
        assert row.status == "failed" and row.error == "all sources failed"


def test_duplicate_claim_runs_once(settings: Settings, sources: list[int]):
    execution_id = _create(settings)
    with db.session_scope(settings.database_url) as s:
        assert service.claim(session=s, execution_id=execution_id, worker="w1") is not None
    with db.session_scope(settings.database_url) as s:
        assert service.claim(session=s, execution_id=execution_id, worker="w2") is None
    assert _get(settings, execution_id).worker == "w1"


def test_illegal_transitions_raise(settings: Settings, sources: list[int]):
    execution_id = _create(settings)
    with db.session_scope(settings.database_url) as s, pytest.raises(InvalidTransition):
        service.finish(session=s, execution_id=execution_id, status=RunStatus.completed)
    with db.session_scope(settings.database_url) as s, pytest.raises(InvalidTransition):
        service.finish(session=s, execution_id=execution_id, status=RunStatus.running)
    with db.session_scope(settings.database_url) as s:
        service.request_cancel(session=s, execution_id=execution_id, by="bob")
    with db.session_scope(settings.database_url) as s:
        assert service.claim(session=s, execution_id=execution_id, worker="w") is None
        with pytest.raises(InvalidTransition):
            service.request_cancel(session=s, execution_id=execution_id, by="bob")


def test_guard_raise_skip_queue_allow(settings: Settings, sources: list[int]):
    first = _create(settings)
    with pytest.raises(ConcurrencyConflict) as info:
        _create(settings)
    assert info.value.blocking_execution_id == first
    assert info.value.to_dict()["code"] == "execution_in_progress"
    skipped = _get(settings, _create(settings, on_conflict="skip"))
    assert skipped.status == "skipped" and skipped.reason == "overlap"
    allowed = _get(settings, _create(settings, on_conflict="allow"))
    assert allowed.status == "pending" and allowed.concurrency_key is None
    queued = _create(settings, on_conflict="queue")
    with db.session_scope(settings.database_url) as s:
        # The slot is held: the queued run cannot be claimed and is not dispatchable.
        assert service.claim(session=s, execution_id=queued, worker="w") is None
        assert queued not in service.pending_for_dispatch(session=s)
        assert service.claim(session=s, execution_id=first, worker="w") is not None
    with db.session_scope(settings.database_url) as s:
        service.finish(session=s, execution_id=first, result=StageResult())
        assert service.next_queued(session=s, key="noop") == queued
        assert queued in service.pending_for_dispatch(session=s)
    with db.session_scope(settings.database_url) as s:
        row = service.claim(session=s, execution_id=queued, worker="w")
        assert row is not None and row.concurrency_key == "noop"


def test_failed_insert_does_not_poison_the_callers_transaction(
    settings: Settings, sources: list[int]
):
    _create(settings)
    with db.session_scope(settings.database_url) as s:
        # A conflict inside the caller's transaction...
        with pytest.raises(ConcurrencyConflict):
            service.create_execution(session=s, stage="noop", trigger=Trigger.manual)
        # ...leaves it usable.
        row = service.record_skipped(session=s, stage="noop", reason="missed")
        assert row.status == "skipped"
    assert _get(settings, row.id).reason == "missed"


def test_cancel_pending_is_immediate_running_is_requested(settings: Settings, sources: list[int]):
    pending = _create(settings)
    with db.session_scope(settings.database_url) as s:
        row = service.request_cancel(session=s, execution_id=pending, by="alice")
        assert row.status == "cancelled" and row.cancelled_by == "alice"
        assert row.concurrency_key is None
    running = _create(settings)
    with db.session_scope(settings.database_url) as s:
        service.claim(session=s, execution_id=running, worker="w")
    with db.session_scope(settings.database_url) as s:
        row = service.request_cancel(session=s, execution_id=running, by="alice")
        assert row.status == "running" and row.cancel_requested_at is not None
        assert service.heartbeat(session=s, execution_id=running).cancel_requested


def test_reaper_fails_silent_runs_and_frees_the_slot(settings: Settings, sources: list[int]):
    clock = FakeClock()
    execution_id = _create(settings)
    with db.session_scope(settings.database_url) as s:
        service.claim(session=s, execution_id=execution_id, worker="w", clock=clock)
    clock.advance(settings.reap_after - 1)
    with db.session_scope(settings.database_url) as s:
        assert service.reap(session=s, settings=settings, clock=clock) == []
    clock.advance(2)
    with db.session_scope(settings.database_url) as s:
        assert service.reap(session=s, settings=settings, clock=clock) == [execution_id]
    row = _get(settings, execution_id)
    assert (row.status, row.reason) == ("failed", "worker_lost")
    _create(settings)  # the slot is free again


def test_reconcile_returns_unclaimed_pending_runs(settings: Settings, sources: list[int]):
    clock = FakeClock()
    execution_id = _create(settings, clock=clock)
    with db.session_scope(settings.database_url) as s:
        assert service.reconcile(session=s, settings=settings, clock=clock) == []
    clock.advance(settings.reconcile_after + 1)
    with db.session_scope(settings.database_url) as s:
        assert service.reconcile(session=s, settings=settings, clock=clock) == [execution_id]
    with db.session_scope(settings.database_url) as s:  # stamped: not again at once
        assert service.reconcile(session=s, settings=settings, clock=clock) == []
    clock.advance(settings.reconcile_after + 1)
    with db.session_scope(settings.database_url) as s:
        assert service.reconcile(session=s, settings=settings, clock=clock) == [execution_id]


def test_logs_get_increasing_sequence_numbers(settings: Settings, sources: list[int]):
    execution_id = _create(settings)
    with db.session_scope(settings.database_url) as s:
        service.append_log(session=s, execution_id=execution_id, level="info", message="a")
        service.append_log(session=s, execution_id=execution_id, level="warning", message="b")
    with db.session_scope(settings.database_url) as s:
        logs = queries.list_logs(session=s, execution_id=execution_id)
        assert [(x.seq, x.level, x.message) for x in logs] == [
            (1, "INFO", "a"),
            (2, "WARNING", "b"),
        ]
        assert [
            x.seq for x in queries.list_logs(session=s, execution_id=execution_id, after=1)
        ] == [2]
