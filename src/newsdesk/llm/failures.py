"""Classify what the provider answered into the gateway's fallback decisions.

Every message built here passes through `crypto.redact`: a provider that echoes the key back
in an error must not put it in a log, a row or an exception.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import openai

from newsdesk.llm import crypto
from newsdesk.llm.models import CallOutcome


@dataclass(eq=False)  # an exception compares and hashes by identity
class Failure(Exception):
    """One failed attempt, classified; `message` is already redacted."""

    kind: str  # transient | rate_limited | quota | invalid | rejected
    outcome: CallOutcome
    message: str
    status: int | None = None
    retry_after: float | None = None
    request_id: str | None = None
    cooldown: float | None = None  # set once the key was cooled down for a 429

    def __str__(self) -> str:
        return self.message


def _duration(value: str) -> float | None:
    """Parse OpenAI's reset durations: "20ms", "1s", "6m0s", "1h2m3.5s"."""
    total, number = 0.0, ""
    units = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
    i = 0
    try:
        while i < len(value):
            ch = value[i]
            if ch.isdigit() or ch == ".":
                number += ch
                i += 1
                continue
            unit = "ms" if value[i : i + 2] == "ms" else ch
            total += float(number) * units[unit]
            number = ""
            i += len(unit)
    except (KeyError, ValueError):
        return None
    return total if not number else None


def retry_after_seconds(headers: Any, now: float | None = None) -> float | None:
    """How long the provider asked us to wait, from its headers, or None."""
    if headers is None:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value:
        try:
            return float(value)
        except ValueError:
            try:
                when = parsedate_to_datetime(value).timestamp()
                return max(0.0, when - (now if now is not None else time.time()))
            except (TypeError, ValueError):
                pass
    resets = [
        _duration(headers.get(name, ""))
        for name in ("x-ratelimit-reset-requests", "x-ratelimit-reset-tokens")
        if headers.get(name)
    ]
    resets = [r for r in resets if r is not None]
    return max(resets) if resets else None


def classify(exc: Exception, secret: str) -> Failure:
    """Turn an SDK exception into a Failure; the key never survives into the message."""
    if isinstance(exc, Failure):
        return exc
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        body = exc.body if isinstance(exc.body, dict) else {}
        code = str(exc.code or body.get("code") or "")
        kind_of = str(exc.type or body.get("type") or "")
        text = str(body.get("message") or exc.message or "")
        message = crypto.redact(f"HTTP {status} {code or kind_of}: {text}".strip(), secret) or ""
        headers = exc.response.headers if exc.response is not None else None
        request_id = headers.get("x-request-id") if headers is not None else None
        common = {"message": message[:1000], "status": status, "request_id": request_id}
        if status == 402 or code == "insufficient_quota" or kind_of == "insufficient_quota":
            return Failure("quota", CallOutcome.quota_exhausted, **common)
        if status == 429:
            return Failure(
                "rate_limited",
                CallOutcome.rate_limited,
                retry_after=retry_after_seconds(headers),
                **common,
            )
        if status in (401, 403):
            return Failure("invalid", CallOutcome.auth_error, **common)
        if status >= 500 or status in (408, 409):
            return Failure("transient", CallOutcome.server_error, **common)
        return Failure("rejected", CallOutcome.rejected, **common)
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        what = "timed out" if isinstance(exc, openai.APITimeoutError) else "connection failed"
        return Failure("transient", CallOutcome.unreachable, f"{what}: {type(exc).__name__}")
    message = crypto.redact(f"{type(exc).__name__}: {exc}", secret) or ""
    return Failure("transient", CallOutcome.error, message[:1000])
