"""A small fake of the LLM gateway (the `LlmClient` protocol) for stage 01 tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from newsdesk.llm.exceptions import LlmError
from newsdesk.stages import ChatResult


def headline_like(path: str, anchor: str) -> bool:
    """The fake's judgement: a slug of 3+ words, or an anchor of 4+ words, is an article."""
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    return slug.count("-") >= 2 or len(anchor.split()) >= 4


class FakeLlm:
    """Answers classification prompts from the paths it is sent; records every call."""

    def __init__(
        self,
        *,
        judge: Callable[[str, str], bool] = headline_like,
        drop_ids: set[str] | None = None,
        extra_ids: bool = False,
        fail_calls: set[int] | None = None,
        garbage: bool = False,
    ) -> None:
        self.judge = judge
        self.drop_ids = drop_ids or set()
        self.extra_ids = extra_ids
        self.fail_calls = fail_calls or set()
        self.garbage = garbage
        self.calls: list[dict[str, Any]] = []

    def chat(
        self,
        *,
        messages: list[dict[str, str]],
        response_format: dict[str, Any] | None = None,
        operation: str = "chat",
        source_id: int | None = None,
        model: str | None = None,
    ) -> ChatResult:
        self.calls.append(
            {
                "messages": messages,
                "response_format": response_format,
                "operation": operation,
                "source_id": source_id,
            }
        )
        if len(self.calls) in self.fail_calls:
            raise LlmError("provider unreachable (fake)")
        if self.garbage:
            return ChatResult(content='{"no": "nope"}', model="fake", api_key_id=None)
        answer: dict[str, Any] = {"no": [], "yes": {"politics": []}}
        lines = messages[-1]["content"].splitlines()
        for line in lines:
            key, rest = line.split(" ", 1)
            path, _, anchor = rest.partition(" | ")
            if len(lines) > 1 and key in self.drop_ids:
                continue
            if self.judge(path, anchor):
                answer["yes"]["politics"].append(key)
            else:
                answer["no"].append(key)
        if self.extra_ids:
            answer["yes"]["other"] = ["999"]
        return ChatResult(
            content=json.dumps(answer), model="fake", api_key_id=None, input_tokens=10
        )
