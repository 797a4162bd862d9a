"""Reading the provider's wait hints and classifying its errors."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import httpx2
import openai
import pytest

from newsdesk.llm.failures import classify, retry_after_seconds
from newsdesk.llm.models import CallOutcome


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "20"}, 20.0),
        ({"x-ratelimit-reset-requests": "6m0s", "x-ratelimit-reset-tokens": "20ms"}, 360.0),
        ({"x-ratelimit-reset-tokens": "1h2m3.5s"}, 3723.5),
        ({"x-ratelimit-reset-tokens": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_seconds(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after_seconds(httpx2.Headers(headers)) == expected


def test_retry_after_http_date() -> None:
    when = datetime(2030, 1, 1, 0, 0, 30, tzinfo=UTC)
    headers = httpx2.Headers({"retry-after": format_datetime(when, usegmt=True)})
    now = datetime(2030, 1, 1, tzinfo=UTC).timestamp()
    assert retry_after_seconds(headers, now=now) == 30.0


def _status_error(status: int, body: dict, cls: type = openai.APIStatusError) -> Exception:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, request=request, json={"error": body})
    return cls(f"Error code: {status} - {body}", response=response, body=body)


@pytest.mark.parametrize(
    ("status", "body", "kind", "outcome"),
    [
        (429, {"code": "rate_limit_exceeded", "message": "slow"}, "rate_limited", "rate_limited"),
        (
            429,
            {"code": "insufficient_quota", "type": "insufficient_quota"},
            "quota",
            "quota_exhausted",
        ),
        (402, {"message": "pay"}, "quota", "quota_exhausted"),
        (401, {"code": "invalid_api_key"}, "invalid", "auth_error"),
        (403, {"message": "no access"}, "invalid", "auth_error"),
        (500, {"message": "boom"}, "transient", "server_error"),
        (503, {"message": "busy"}, "transient", "server_error"),
        (400, {"code": "context_length_exceeded"}, "rejected", "rejected"),
        (400, {"code": "content_policy_violation"}, "rejected", "rejected"),
        (404, {"code": "model_not_found"}, "rejected", "rejected"),
    ],
)
def test_classify_status_errors(status, body, kind, outcome) -> None:
    failure = classify(_status_error(status, body), "sk-secret-abcdef")
    assert (failure.kind, failure.outcome) == (kind, CallOutcome(outcome))
    assert failure.status == status


def test_classified_message_is_redacted() -> None:
    secret = "sk-live-0123456789abcdef"
    failure = classify(
        _status_error(401, {"message": f"Incorrect API key provided: {secret}"}), secret
    )
    assert secret not in failure.message and "cdef" in failure.message


def test_connection_errors_are_transient() -> None:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    assert classify(openai.APITimeoutError(request=request), "k").outcome == "unreachable"
    failure = classify(openai.APIConnectionError(request=request), "k")
    assert (failure.kind, failure.outcome) == ("transient", "unreachable")
