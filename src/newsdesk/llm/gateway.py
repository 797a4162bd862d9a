"""The LLM gateway: every LLM call of every stage goes through `Gateway.chat`.

Entry point for the executions framework::

    client = gateway.for_execution(
        execution_id=execution.id, stage=execution.stage,
        api_key_id=execution.api_key_id, use_fallback=execution.use_fallback,
        settings=settings, log=ctx_log,          # log(level, message), optional
    )                                            # -> LlmClient, or None: no usable key at all
    result = client.chat(messages=[...], response_format=..., operation="classify",
                         source_id=...)          # -> stages.ChatResult
    totals = metering.execution_usage(session=s, execution_id=execution.id)
    # -> (input, cached, output, cost_usd | None, cost_unknown); also re-exported here
    served = metering.execution_keys(session=s, execution_id=execution.id)
    # -> [{"api_key_id", "alias", "outcomes": {"ok": 3, "rate_limited": 1}}, ...]

`None` means no key could ever serve this execution (none configured, all disabled or
undecryptable, or the pinned key is unusable without fallback): stage 01 then falls back
to its heuristics. Keys that are only cooling down or over budget still give a client;
its calls raise `NoKeyAvailable` ("no API key available: ..." listing each key's state).

One call, one loop (the SDK's own retries are off):

    error                                   what happens
    429 rate limit                          key cools down (Retry-After / reset headers, else
                                            doubling backoff), next key
    insufficient_quota / 402                key disabled_quota until an admin enables it; next
    401 / 403                               key disabled_invalid; next key
    5xx, timeout, connection error          same key again with backoff (tenacity, bounded by
                                            NEWSDESK_LLM_MAX_ATTEMPTS); then next key
    context length, content policy, 4xx     no switch: LlmRequestRejected
    use_fallback=false                      only the pinned key is ever tried

Every attempt opens its own short transaction (claim the key; then record the llm_calls
row and any cooldown/disable); none is held during the HTTP call, so an execution's totals
are visible live. The caller must not hold a transaction of its own while calling `chat`:
on SQLite it would block the gateway's writes. Each attempt is one `llm_calls` row
(outcome, error), which records which keys served an execution and why each switch
happened; `log` gets a readable line too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import openai
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from newsdesk import db
from newsdesk.core.clock import Clock, system_clock
from newsdesk.llm import crypto, metering, pool, prices
from newsdesk.llm import service as keys_service
from newsdesk.llm.exceptions import LlmRequestRejected, LlmUnreachable, NoKeyAvailable
from newsdesk.llm.failures import Failure, classify
from newsdesk.llm.metering import Attempt, Usage, execution_usage, usage_from_payload
from newsdesk.llm.models import CallOutcome, KeyState
from newsdesk.settings import Settings
from newsdesk.stages import ChatResult, LlmClient

__all__ = ["Gateway", "KeyTestResult", "execution_usage", "for_execution", "test_key"]

logger = logging.getLogger("newsdesk.llm")

LogFn = Callable[[str, str], None]
MAX_SWITCHES = 50
# A failure of these kinds takes the key out of rotation until an admin re-enables it.
_DISABLES = {"quota": KeyState.disabled_quota, "invalid": KeyState.disabled_invalid}


def _noop_log(level: str, message: str) -> None:
    return None


# --- the client ---------------------------------------------------------------------


@dataclass
class _Reply:
    content: str
    model: str | None
    usage: Usage
    request_id: str | None
    latency_ms: int


class Gateway:
    """The LlmClient bound to one execution's key choice and meter (sync, thread-safe)."""

    def __init__(
        self,
        *,
        settings: Settings,
        execution_id: int | None = None,
        stage: str | None = None,
        api_key_id: int | None = None,
        use_fallback: bool = True,
        log: LogFn | None = None,
        clock: Clock = system_clock,
        http_client: Any = None,
        wait: Any = None,
    ) -> None:
        self.settings = settings
        self.execution_id = execution_id
        self.stage = stage
        self.scope = pool.Scope(pinned_id=api_key_id, use_fallback=use_fallback)
        self._log = log or _noop_log
        self.clock = clock
        self.http_client = http_client  # an httpx client the SDK accepts (tests, proxies)
        self.wait = wait or wait_exponential_jitter(initial=0.5, max=8.0)
        self._served: set[int] = set()
        self._unpriced: set[str] = set()

    def log(self, level: str, message: str) -> None:
        """Tell the execution's log and the process log (never with a key in it)."""
        logger.log(
            logging.getLevelName(level.upper()), "%s (execution %s)", message, self.execution_id
        )
        self._log(level, message)

    # The SDK client is made per attempt: it is cheap, and it keeps the key out of any
    # long-lived object.
    def _sdk(self, key: pool.Claimed) -> openai.OpenAI:
        return openai.OpenAI(
            api_key=key.secret,
            base_url=key.base_url,
            max_retries=0,
            timeout=self.settings.llm_timeout,
            http_client=self.http_client,
        )

    def chat(
        self,
        *,
        messages: list[dict[str, str]],
        response_format: dict[str, Any] | None = None,
        operation: str = "chat",
        source_id: int | None = None,
        model: str | None = None,
        **extra: Any,
    ) -> ChatResult:
        """Send one chat completion, switching keys as the table in the module says."""
        failed: dict[int, str] = {}
        previous: pool.Claimed | None = None
        for _ in range(MAX_SWITCHES):
            key = self._claim(set(failed))
            if key is None:
                self._no_key(failed)
            if previous is not None:
                self.log("info", f"LLM: switching from key '{previous.alias}' to '{key.alias}'")
            elif key.id not in self._served:
                self.log("info", f"LLM: using key '{key.alias}'")
            self._served.add(key.id)
            previous = key
            try:
                return self._with_key(
                    key,
                    messages=messages,
                    response_format=response_format,
                    operation=operation,
                    source_id=source_id,
                    model=model or key.model,
                    extra=extra,
                )
            except Failure as failure:
                if failure.kind in ("rejected",):
                    raise LlmRequestRejected(
                        f"the provider rejected the request (key '{key.alias}'): {failure.message}"
                    ) from None
                failed[key.id] = failure.outcome.value
                self._after_switching_failure(key, failure)
        raise LlmUnreachable("gave up after trying too many keys")  # pragma: no cover

    def _claim(self, exclude: set[int]) -> pool.Claimed | None:
        with db.session_scope(self.settings.database_url) as session:
            return pool.claim(
                session=session,
                settings=self.settings,
                scope=self.scope,
                now=self.clock.now(),
                exclude=exclude,
            )

    def _no_key(self, failed: dict[int, str]) -> NoReturn:
        with db.session_scope(self.settings.database_url) as session:
            states = pool.describe_scope(
                session=session,
                settings=self.settings,
                scope=self.scope,
                now=self.clock.now(),
                failed=failed,
            )
        self.log("error", f"LLM: no API key available: {states}")
        raise NoKeyAvailable(f"no API key available: {states}")

    def _after_switching_failure(self, key: pool.Claimed, failure: Failure) -> None:
        if failure.kind == "rate_limited":
            self.log(
                "warning",
                f"LLM: key '{key.alias}' rate-limited; cooling down {failure.cooldown or 0:.0f}s,"
                " trying the next key",
            )
        elif failure.kind == "quota":
            self.log(
                "warning",
                f"LLM: key '{key.alias}' has no quota left; disabled until an admin enables it",
            )
        elif failure.kind == "invalid":
            self.log("warning", f"LLM: key '{key.alias}' was refused (invalid); disabled")
        else:
            self.log(
                "warning",
                f"LLM: key '{key.alias}' kept failing ({failure.message}); trying the next key",
            )

    def _with_key(
        self, key: pool.Claimed, *, model: str, extra: dict[str, Any], **call: Any
    ) -> ChatResult:
        """Call with one key, retrying transient failures with backoff (tenacity)."""
        retrying = Retrying(
            retry=retry_if_exception(lambda e: isinstance(e, Failure) and e.kind == "transient"),
            stop=stop_after_attempt(self.settings.llm_max_attempts),
            wait=self.wait,
            sleep=self.clock.sleep,
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                return self._attempt(key, model=model, extra=extra, **call)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(
        self,
        key: pool.Claimed,
        *,
        messages: list[dict[str, str]],
        response_format: dict[str, Any] | None,
        operation: str,
        source_id: int | None,
        model: str,
        extra: dict[str, Any],
    ) -> ChatResult:
        attempt = Attempt(
            outcome=CallOutcome.ok,
            api_key_id=key.id,
            requested_model=model,
            execution_id=self.execution_id,
            stage=self.stage,
            operation=operation,
            source_id=source_id,
        )
        started = time.monotonic()
        try:
            reply = self._send(key, messages, response_format, model, extra)
        except Exception as exc:
            failure = classify(exc, key.secret)
            attempt.outcome = failure.outcome
            attempt.error = failure.message
            attempt.request_id = failure.request_id
            attempt.latency_ms = int((time.monotonic() - started) * 1000)
            self._record(key, attempt, failure)
            raise failure from None
        attempt.model = reply.model
        attempt.usage = reply.usage
        attempt.latency_ms = reply.latency_ms
        attempt.request_id = reply.request_id
        self._record(key, attempt, None)
        return ChatResult(
            content=reply.content,
            model=reply.model or model,
            api_key_id=key.id,
            input_tokens=reply.usage.input_tokens,
            cached_tokens=reply.usage.cached_tokens,
            output_tokens=reply.usage.output_tokens,
            cost_usd=attempt.cost_usd,
        )

    def _send(
        self,
        key: pool.Claimed,
        messages: list[dict[str, str]],
        response_format: dict[str, Any] | None,
        model: str,
        extra: dict[str, Any],
    ) -> _Reply:
        kwargs: dict[str, Any] = dict(extra)
        if response_format is not None:
            kwargs["response_format"] = response_format
        started = time.monotonic()
        completion = self._sdk(key).chat.completions.create(
            model=model,
            messages=messages,  # type: ignore[arg-type]
            **kwargs,
        )
        latency = int((time.monotonic() - started) * 1000)
        choice = completion.choices[0] if completion.choices else None
        message = choice.message if choice else None
        if message is not None and getattr(message, "refusal", None):
            raise Failure(
                "rejected",
                CallOutcome.rejected,
                crypto.redact(f"refused: {message.refusal}", key.secret) or "refused",
            )
        return _Reply(
            content=(message.content if message else None) or "",
            model=completion.model,
            usage=usage_from_payload(completion.usage),
            request_id=getattr(completion, "_request_id", None),
            latency_ms=latency,
        )

    def _record(self, key: pool.Claimed, attempt: Attempt, failure: Failure | None) -> None:
        now = self.clock.now()
        table = prices.load(self.settings.prices_file)
        attempt.cost_usd, attempt.price_version = metering.price_call(
            prices=table,
            model=attempt.model or attempt.requested_model,
            usage=attempt.usage,
            on=now.date(),
        )
        model = attempt.model or attempt.requested_model or "?"
        if attempt.cost_usd is None and model not in self._unpriced:
            self._unpriced.add(model)
            self.log(
                "warning",
                f"LLM: model '{model}' has no price; its cost is recorded as unknown "
                "(add it to NEWSDESK_PRICES_FILE)",
            )
        with db.session_scope(self.settings.database_url) as session:
            # Hold the key row (FOR KEY SHARE: claims go on) so a concurrent delete cannot
            # break the insert; a key deleted during the call is recorded as no key.
            if not pool.lock_key(session=session, key_id=key.id):
                attempt.api_key_id = None
            if failure is not None and failure.kind == "rate_limited":
                # Measured before this attempt's row joins the streak of 429s.
                failure.cooldown = pool.rate_limit_cooldown(
                    session=session, key_id=key.id, retry_after=failure.retry_after
                )
            metering.record(session=session, attempt=attempt, at=now)
            if failure is None:
                return
            if failure.kind == "rate_limited":
                pool.cool_down(
                    session=session,
                    key_id=key.id,
                    until=pool.until(now, failure.cooldown or pool.MIN_COOLDOWN),
                    error=failure.message,
                    now=now,
                )
            elif failure.kind in _DISABLES:
                pool.mark_disabled(
                    session=session,
                    key_id=key.id,
                    state=_DISABLES[failure.kind],
                    error=failure.message,
                    now=now,
                )
            elif failure.kind == "transient":
                pool.note_error(session=session, key_id=key.id, error=failure.message)


def for_execution(
    *,
    execution_id: int | None,
    stage: str | None,
    api_key_id: int | None,
    use_fallback: bool,
    settings: Settings,
    log: LogFn | None = None,
    clock: Clock = system_clock,
    http_client: Any = None,
    wait: Any = None,
) -> LlmClient | None:
    """Return the gateway bound to one execution, or None when no key could ever serve it."""
    scope = pool.Scope(pinned_id=api_key_id, use_fallback=use_fallback)
    with db.session_scope(settings.database_url) as session:
        usable = pool.has_candidates(session=session, settings=settings, scope=scope)
        detail = (
            ""
            if usable
            else pool.describe_scope(
                session=session, settings=settings, scope=scope, now=clock.now(), failed={}
            )
        )
    if not usable:
        if log is not None:
            log("warning", f"LLM: no usable API key ({detail}); continuing without the LLM")
        return None
    return Gateway(
        settings=settings,
        execution_id=execution_id,
        stage=stage,
        api_key_id=api_key_id,
        use_fallback=use_fallback,
        log=log,
        clock=clock,
        http_client=http_client,
        wait=wait,
    )


# --- testing a key --------------------------------------------------------------------


@dataclass
class KeyTestResult:
    result: str  # ok | invalid | quota_exhausted | rate_limited | unreachable
    message: str
    model: str | None = None
    latency_ms: int | None = None


_TEST_RESULTS = {
    "quota": "quota_exhausted",
    "rate_limited": "rate_limited",
    "invalid": "invalid",
    "transient": "unreachable",
}


def test_key(
    *, settings: Settings, key_id: int, http_client: Any = None, clock: Clock = system_clock
) -> KeyTestResult:
    """Make the smallest real call with one key and say what the provider answered.

    Opens its own short transactions: the caller must not hold one (SQLite would block).
    The call is metered (operation "key_test"); the key's state is left as it is.
    """
    with db.session_scope(settings.database_url) as session:
        key = keys_service.get_or_raise(session=session, key_id=key_id)
        claimed = pool.Claimed(
            id=key.id,
            alias=key.alias,
            base_url=key.base_url,
            model=key.model,
            secret=keys_service.plaintext(key=key, settings=settings),
        )
    gw = Gateway(settings=settings, api_key_id=key_id, clock=clock, http_client=http_client)
    attempt = Attempt(
        outcome=CallOutcome.ok,
        api_key_id=claimed.id,
        requested_model=claimed.model,
        operation="key_test",
    )
    started = time.monotonic()
    try:
        reply = gw._send(
            claimed, [{"role": "user", "content": "ping"}], None, claimed.model, {"max_tokens": 1}
        )
    except Exception as exc:
        failure = classify(exc, claimed.secret)
        attempt.outcome, attempt.error = failure.outcome, failure.message
        attempt.latency_ms = int((time.monotonic() - started) * 1000)
        gw._record(claimed, attempt, None)
        if failure.kind == "rejected":
            # The provider authenticated the key and only disliked the request itself.
            return KeyTestResult("ok", f"key accepted; {failure.message}", claimed.model)
        return KeyTestResult(
            _TEST_RESULTS[failure.kind], failure.message, claimed.model, attempt.latency_ms
        )
    attempt.model, attempt.usage, attempt.latency_ms = reply.model, reply.usage, reply.latency_ms
    attempt.request_id = reply.request_id
    gw._record(claimed, attempt, None)
    return KeyTestResult("ok", "the provider answered", reply.model, reply.latency_ms)
