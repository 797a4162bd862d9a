"""The gateway against the fake provider: every fallback path, budgets, metering (both DBs)."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from tenacity import wait_none

from newsdesk import db
from newsdesk.core.clock import utcnow
from newsdesk.llm import gateway, metering
from newsdesk.llm.exceptions import LlmRequestRejected, NoKeyAvailable
from newsdesk.llm.models import ApiKey, CallOutcome, KeyState, LlmCall
from newsdesk.llm.service import describe
from newsdesk.settings import Settings
from tests.conftest import make_settings
from tests.unit.llm.conftest import HELLO, calls, key_row


def state_of(settings: Settings, key_id: int) -> KeyState:
    with db.session_scope(settings.database_url) as s:
        key = s.get(ApiKey, key_id)
        return describe(session=s, settings=settings, keys=[key])[0].state


def test_ok_call_records_usage_and_cost(settings, add_key, make_gateway, fake_openai, execution_id):
    key = add_key("main", "ok-main-0001", model="gpt-4o-mini")
    client = make_gateway(execution_id=execution_id)
    result = client.chat(messages=HELLO, operation="classify")
    assert result.content == "ok"
    assert result.model == "gpt-4o-mini-2024-07-18"
    assert result.api_key_id == key.id
    [row] = calls(settings)
    assert row.outcome == CallOutcome.ok
    assert row.execution_id == execution_id
    assert (row.stage, row.operation) == ("extract_urls", "classify")
    assert row.requested_model == "gpt-4o-mini"
    assert row.model == "gpt-4o-mini-2024-07-18"
    assert row.request_id and row.request_id.startswith("req_fake")
    assert row.price_version == "builtin:gpt-4o-mini@2024-07-18"
    assert row.cost_usd == result.cost_usd and result.cost_usd > 0
    assert key_row(settings, key.id).usage_count == 1
    assert fake_openai.calls["ok-main-0001"] == 1


def test_rate_limit_cools_key_down_and_switches(
    settings, add_key, make_gateway, fake_openai, execution_id
):
    limited = add_key("a-limited", "ratelimit-aaaa")
    good = add_key("b-good", "ok-bbbb-0002")
    fake_openai.retry_after = 30
    client = make_gateway(execution_id=execution_id)
    result = client.chat(messages=HELLO)
    assert result.api_key_id == good.id
    row = key_row(settings, limited.id)
    assert row.cooldown_until is not None
    assert row.cooldown_until > utcnow() + timedelta(seconds=20)  # Retry-After honoured
    assert state_of(settings, limited.id) is KeyState.cooling_down
    outcomes = [(c.api_key_id, c.outcome) for c in calls(settings)]
    assert outcomes == [(limited.id, "rate_limited"), (good.id, "ok")]
    assert any("rate-limited" in line for _, line in client.lines)
    assert any("switching from key 'a-limited' to 'b-good'" in line for _, line in client.lines)
    # While it cools down the next call goes straight to the other key.
    client.chat(messages=HELLO)
    assert fake_openai.calls["ratelimit-aaaa"] == 1
    with db.session_scope(settings.database_url) as s:
        served = metering.execution_keys(session=s, execution_id=execution_id)
    assert served == [
        {"api_key_id": limited.id, "alias": "a-limited", "outcomes": {"rate_limited": 1}},
        {"api_key_id": good.id, "alias": "b-good", "outcomes": {"ok": 2}},
    ]


def test_quota_disables_key_until_enabled(settings, add_key, make_gateway, fake_openai):
    broke = add_key("a-broke", "quota-aaaa-0001")
    good = add_key("b-good", "ok-bbbb-0002")
    result = make_gateway().chat(messages=HELLO)
    assert result.api_key_id == good.id
    row = key_row(settings, broke.id)
    assert row.disabled_reason == KeyState.disabled_quota
    assert "insufficient_quota" in (row.last_error or "")
    assert state_of(settings, broke.id) is KeyState.disabled_quota
    make_gateway().chat(messages=HELLO)
    assert fake_openai.calls["quota-aaaa-0001"] == 1  # never tried again


def test_payment_required_disables_for_quota(settings, add_key, make_gateway):
    broke = add_key("a-broke", "payment-aaaa-01")
    add_key("b-good", "ok-bbbb-0002")
    make_gateway().chat(messages=HELLO)
    assert state_of(settings, broke.id) is KeyState.disabled_quota


@pytest.mark.parametrize("prefix", ["invalid-", "forbidden-"])
def test_auth_errors_disable_key_as_invalid(settings, add_key, make_gateway, prefix):
    bad = add_key("a-bad", prefix + "aaaa-0001")
    good = add_key("b-good", "ok-bbbb-0002")
    assert make_gateway().chat(messages=HELLO).api_key_id == good.id
    assert state_of(settings, bad.id) is KeyState.disabled_invalid
    assert calls(settings)[0].outcome == CallOutcome.auth_error


def test_server_error_once_retries_same_key(settings, add_key, make_gateway, fake_openai):
    flaky = add_key("a-flaky", "flaky-aaaa-0001")
    other = add_key("b-other", "ok-bbbb-0002")
    result = make_gateway().chat(messages=HELLO)
    assert result.api_key_id == flaky.id
    assert fake_openai.calls["flaky-aaaa-0001"] == 2
    assert fake_openai.calls["ok-bbbb-0002"] == 0
    assert [c.outcome for c in calls(settings)] == ["server_error", "ok"]
    assert state_of(settings, flaky.id) is KeyState.ok
    assert state_of(settings, other.id) is KeyState.ok


def test_server_errors_are_bounded_then_next_key(settings, add_key, make_gateway, fake_openai):
    add_key("a-down", "down-aaaa-0001")
    good = add_key("b-good", "ok-bbbb-0002")
    result = make_gateway().chat(messages=HELLO)
    assert result.api_key_id == good.id
    assert fake_openai.calls["down-aaaa-0001"] == settings.llm_max_attempts


def test_timeout_is_retried_then_reported(sqlite_url, add_key_factory, fake_openai):
    settings = make_settings(sqlite_url, llm_timeout=0.3, llm_max_attempts=2)
    add_key_factory(settings, "slow", "slow-aaaa-0001")
    client = gateway.for_execution(
        execution_id=None,
        stage=None,
        api_key_id=None,
        use_fallback=True,
        settings=settings,
        wait=wait_none(),
    )
    with pytest.raises(NoKeyAvailable) as info:
        client.chat(messages=HELLO)
    assert "slow: failed in this call (unreachable)" in info.value.detail
    assert fake_openai.calls["slow-aaaa-0001"] == 2
    db.dispose_engines()


def test_context_length_fails_without_switch(settings, add_key, make_gateway, fake_openai):
    add_key("a-small", "context-aaaa-01")
    add_key("b-other", "ok-bbbb-0002")
    with pytest.raises(LlmRequestRejected) as info:
        make_gateway().chat(messages=HELLO)
    assert "context_length_exceeded" in info.value.detail
    assert fake_openai.calls["ok-bbbb-0002"] == 0
    assert [c.outcome for c in calls(settings)] == ["rejected"]


def test_use_fallback_false_only_tries_pinned_key(settings, add_key, make_gateway, fake_openai):
    pinned = add_key("a-pinned", "ratelimit-aaaa")
    add_key("b-other", "ok-bbbb-0002")
    client = make_gateway(api_key_id=pinned.id, use_fallback=False)
    with pytest.raises(NoKeyAvailable) as info:
        client.chat(messages=HELLO)
    assert info.value.detail.startswith("no API key available: ")
    assert "a-pinned: cooling_down" in info.value.detail
    assert "b-other" not in info.value.detail
    assert fake_openai.calls["ok-bbbb-0002"] == 0


def test_pinned_key_first_then_fallback(settings, add_key, make_gateway, fake_openai):
    add_key("a-first", "ok-aaaa-0001")
    pinned = add_key("b-pinned", "invalid-bbbb-02")
    fallback = add_key("c-fallback", "ok-cccc-0003")
    client = make_gateway(api_key_id=pinned.id, use_fallback=True)
    assert client.chat(messages=HELLO).api_key_id != pinned.id
    assert fake_openai.calls["invalid-bbbb-02"] == 1
    assert state_of(settings, pinned.id) is KeyState.disabled_invalid
    assert state_of(settings, fallback.id) is KeyState.ok


def test_reserved_key_is_used_only_when_pinned(settings, add_key, make_gateway, fake_openai):
    reserved = add_key("reserved", "ok-rrrr-0001", use_as_fallback=False)
    assert make_gateway() is None  # nothing is in the automatic pool
    assert make_gateway(api_key_id=reserved.id).chat(messages=HELLO).api_key_id == reserved.id


def test_over_budget_key_is_skipped(settings, add_key, make_gateway, fake_openai):
    fake_openai.usage = {"prompt_tokens": 1_000_000, "completion_tokens": 0}
    capped = add_key("a-capped", "ok-aaaa-0001", daily_budget_usd=Decimal("0.10"))
    other = add_key("b-other", "ok-bbbb-0002", monthly_budget_usd=Decimal("100"))
    client = make_gateway()
    assert client.chat(messages=HELLO).api_key_id == capped.id  # spends 0.15 > 0.10
    assert state_of(settings, capped.id) is KeyState.over_budget
    assert client.chat(messages=HELLO).api_key_id == other.id
    assert client.chat(messages=HELLO).api_key_id == other.id
    assert fake_openai.calls["ok-aaaa-0001"] == 1


def test_no_key_left_lists_every_state(settings, add_key, make_gateway, fake_openai):
    fake_openai.usage = {"prompt_tokens": 1_000_000, "completion_tokens": 0}
    add_key("a-cap", "ok-aaaa-0001", daily_budget_usd=Decimal("0.01"))
    add_key("b-quota", "quota-bbbb-002")
    add_key("c-invalid", "invalid-cccc-03")
    add_key("d-limited", "ratelimit-dddd")
    off = add_key("e-off", "ok-eeee-0005")
    with db.session_scope(settings.database_url) as s:
        s.get(ApiKey, off.id).is_active = False
    client = make_gateway()
    client.chat(messages=HELLO)  # a-cap serves once and goes over budget
    with pytest.raises(NoKeyAvailable) as info:
        client.chat(messages=HELLO)
    detail = info.value.detail
    assert detail.startswith("no API key available: ")
    for expected in (
        "a-cap: over_budget (daily budget 0.01",
        "b-quota: disabled_quota",
        "c-invalid: disabled_invalid",
        "d-limited: cooling_down (until",
        "e-off: disabled",
    ):
        assert expected in detail
    assert info.value.status_code == 503


def test_for_execution_is_none_without_usable_keys(settings, add_key, make_gateway):
    assert make_gateway() is None
    assert any("no key is configured" in line for _, line in make_gateway.lines)
    bad = add_key("bad", "invalid-aaaa-01")
    with db.session_scope(settings.database_url) as s:
        s.get(ApiKey, bad.id).disabled_reason = KeyState.disabled_invalid.value
    assert make_gateway() is None
    assert make_gateway(api_key_id=999, use_fallback=False) is None


def test_undecryptable_key_is_skipped(settings, add_key, make_gateway, fake_openai):
    broken = add_key("a-broken", "ok-aaaa-0001")
    good = add_key("b-good", "ok-bbbb-0002")
    with db.session_scope(settings.database_url) as s:
        s.get(ApiKey, broken.id).ciphertext = "gAAAAAnot-a-real-token"
    assert make_gateway().chat(messages=HELLO).api_key_id == good.id
    assert state_of(settings, broken.id) is KeyState.undecryptable
    assert fake_openai.calls["ok-aaaa-0001"] == 0


def test_rotation_is_round_robin(settings, add_key, make_gateway):
    keys = [add_key(f"k{i}", f"ok-kkkk-000{i}").id for i in range(3)]
    client = make_gateway()
    served = [client.chat(messages=HELLO).api_key_id for _ in range(6)]
    assert served == keys + keys


def test_execution_usage_sums_its_own_calls(
    settings, add_key, make_gateway, fake_openai, execution_id
):
    fake_openai.usage = {
        "prompt_tokens": 2006,
        "completion_tokens": 300,
        "total_tokens": 2306,
        "prompt_tokens_details": {"cached_tokens": 1920, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 192, "audio_tokens": 0},
    }
    add_key("main", "ok-main-0001", model="gpt-4o-mini")
    client = make_gateway(execution_id=execution_id)
    client.chat(messages=HELLO)
    client.chat(messages=HELLO)
    make_gateway(execution_id=None).chat(messages=HELLO)  # another run's call: not counted
    with db.session_scope(settings.database_url) as s:
        usage = metering.execution_usage(session=s, execution_id=execution_id)
    # 86 uncached * 0.15 + 1920 cached * 0.075 + 300 output * 0.60, per 1M, twice.
    per_call = Decimal(86) * Decimal("0.15") + 1920 * Decimal("0.075") + 300 * Decimal("0.60")
    assert usage == (172, 3840, 600, (2 * per_call / 1_000_000).quantize(Decimal("1e-6")), False)
    row = calls(settings)[0]
    assert (row.input_tokens, row.cached_tokens, row.output_tokens, row.reasoning_tokens) == (
        86,
        1920,
        300,
        192,
    )


def test_unknown_model_cost_is_null_and_flagged(settings, add_key, make_gateway, execution_id):
    add_key("main", "ok-main-0001", model="my-local-llama")
    result = make_gateway(execution_id=execution_id).chat(messages=HELLO)
    assert result.cost_usd is None
    row = calls(settings)[0]
    assert row.cost_usd is None and row.price_version is None
    with db.session_scope(settings.database_url) as s:
        usage = metering.execution_usage(session=s, execution_id=execution_id)
        assert usage[3] is None and usage[4] is True
        assert s.query(LlmCall).count() == 1


def test_json_schema_classification_answer(settings, add_key, make_gateway):
    add_key("main", "ok-main-0001")
    schema = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
        },
        "required": ["items"],
        "$defs": {
            "Item": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "is_article": {"type": "boolean"},
                    "category": {"enum": ["politics", "sports", "other"], "type": "string"},
                },
                "required": ["id", "is_article", "category"],
            }
        },
    }
    user = json.dumps(
        [
            {"id": 1, "url": "https://news.example/politica/2025/03/01/el-gobierno-aprueba-ley"},
            {"id": 2, "url": "https://news.example/tag/futbol"},
            {"id": 3, "url": "https://news.example/deportes/real-madrid-gana-la-liga-otra-vez"},
            {"id": 4, "url": "https://news.example/about"},
        ]
    )
    result = make_gateway().chat(
        messages=[{"role": "system", "content": "classify"}, {"role": "user", "content": user}],
        response_format={"type": "json_schema", "json_schema": {"name": "c", "schema": schema}},
    )
    assert json.loads(result.content) == {
        "items": [
            {"id": 1, "is_article": True, "category": "politics"},
            {"id": 2, "is_article": False, "category": "sports"},
            {"id": 3, "is_article": True, "category": "sports"},
            {"id": 4, "is_article": False, "category": "other"},
        ]
    }


def test_provider_message_echoing_the_key_never_holds_the_key(settings, add_key, make_gateway):
    secret = "invalid-SECRET-9f8e7d6c"
    bad = add_key("bad", secret)
    add_key("good", "ok-good-0002")
    client = make_gateway()
    client.chat(messages=HELLO)
    for row in calls(settings):
        assert secret not in (row.error or "")
    assert secret not in (key_row(settings, bad.id).last_error or "")
    assert "Incorrect API key provided" in (key_row(settings, bad.id).last_error or "")
    assert all(secret not in line for _, line in client.lines)


def test_live_totals_visible_while_running(settings, add_key, make_gateway, execution_id):
    add_key("main", "ok-main-0001")
    client = make_gateway(execution_id=execution_id)
    client.chat(messages=HELLO)
    # A separate connection (another process, the UI) sees the call at once.
    engine = db.make_engine(settings.database_url)
    with engine.connect() as conn:
        count = conn.execute(
            LlmCall.__table__.select().where(LlmCall.execution_id == execution_id)
        ).fetchall()
    engine.dispose()
    assert len(count) == 1


def test_rate_limit_without_hint_backs_off_exponentially(
    settings, add_key, make_gateway, fake_openai
):
    fake_openai.retry_after = None
    limited = add_key("a-limited", "ratelimit-aaaa")
    add_key("b-good", "ok-bbbb-0002")
    cooldowns = []
    for _ in range(3):
        make_gateway().chat(messages=HELLO)
        row = key_row(settings, limited.id)
        limited_at = [c.created_at for c in calls(settings) if c.outcome == "rate_limited"][-1]
        cooldowns.append((row.cooldown_until - limited_at).total_seconds())
        with db.session_scope(settings.database_url) as s:  # pretend the cooldown ran out
            s.get(ApiKey, limited.id).cooldown_until = None
    assert cooldowns == [5.0, 10.0, 20.0]


def test_key_deleted_during_a_call_is_recorded_as_none(settings, add_key, make_gateway):
    import threading

    slow = add_key("slow", "slow-aaaa-0001")
    client = make_gateway()
    results = []
    worker = threading.Thread(target=lambda: results.append(client.chat(messages=HELLO)))
    worker.start()
    for _ in range(100):  # wait until the call is in flight (the key was claimed)
        if key_row(settings, slow.id).usage_count:
            break
        threading.Event().wait(0.02)
    with db.session_scope(settings.database_url) as s:
        s.delete(s.get(ApiKey, slow.id))
    worker.join(timeout=30)
    assert results and results[0].content == "ok"
    [row] = calls(settings)
    assert row.api_key_id is None and row.outcome == "ok"
