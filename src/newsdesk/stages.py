"""The stage registry and the contract between the stage manager and a stage.

A stage is plain code that takes a `StageContext` and returns a `StageResult`. It never
touches the executions table: `runs.service` claims, heartbeats and finishes the run;
the stage reports through the context (log lines, progress, LLM calls metered by the
bound client) and checks `ctx.cancel` between units of work.

Stage 01 is "extract_urls" (`newsdesk.extraction.stage`).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from newsdesk.core.errors import NotFound

# Modules that register built-in stages when imported.
BUILTIN_STAGE_MODULES = ("newsdesk.extraction.stage",)


@dataclass(frozen=True)
class SourceSpec:
    """A snapshot of one source handed to a stage: plain data, no ORM session attached."""

    id: int
    name: str
    base_url: str | None
    kind: str = "html"
    feed_url: str | None = None
    language: str | None = None
    category: str | None = None
    render_js: bool = False
    respect_robots: bool = True
    rules: dict[str, Any] | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class ChatResult:
    """What one successful gateway call returned (usage already recorded by the gateway)."""

    content: str
    model: str
    api_key_id: int | None
    input_tokens: int = 0
    cached_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Decimal | None = None


class LlmClient(Protocol):
    """The LLM gateway as a stage sees it: bound to one execution's key choice and meter.

    Raises `newsdesk.llm.exceptions.LlmError` (or a subclass) when the call cannot be made.
    """

    def chat(
        self,
        *,
        messages: list[dict[str, str]],
        response_format: dict[str, Any] | None = None,
        operation: str = "chat",
        source_id: int | None = None,
        model: str | None = None,
    ) -> ChatResult: ...


@dataclass
class Progress:
    sources_done: int = 0
    sources_total: int = 0
    articles_found: int = 0
    new_articles: int = 0
    message: str | None = None


class CancelToken:
    """Set by the framework when a cancel (or the soft time limit) asks the stage to stop."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: str | None = None

    def set(self, reason: str = "cancelled") -> None:
        self.reason = reason
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()


class StageCancelled(Exception):
    """Raised by a stage (or `ctx.check_cancel`) to stop cooperatively."""


@dataclass
class SourceOutcome:
    source_id: int | None
    source_name: str
    status: str  # ok | unchanged | failed
    http_status: int | None = None
    bytes: int = 0
    links_found: int = 0
    articles_found: int = 0
    new_articles: int = 0
    undecided: int = 0
    llm_calls: int = 0
    error: str | None = None
    duration_ms: int = 0


@dataclass
class StageResult:
    total_items: int = 0
    new_items: int = 0
    sources: list[SourceOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # A stage sets failed (with error) when the run as a whole failed, e.g. every source failed.
    failed: bool = False
    error: str | None = None


def _noop_log(level: str, message: str) -> None:
    return None


def _noop_progress(progress: Progress) -> None:
    return None


@dataclass
class StageContext:
    stage: str
    run_date: date
    sources: list[SourceSpec]
    execution_id: int | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    llm: LlmClient | None = None
    log: Callable[[str, str], None] = _noop_log
    report_progress: Callable[[Progress], None] = _noop_progress
    cancel: CancelToken = field(default_factory=CancelToken)
    deadline: float | None = None  # time.monotonic() value of the soft limit

    def check_cancel(self) -> None:
        if self.cancel.is_set():
            raise StageCancelled(self.cancel.reason or "cancelled")


class Stage(Protocol):
    name: str
    description: str

    def run(self, ctx: StageContext) -> StageResult: ...


_registry: dict[str, Stage] = {}
_loaded = False


def register(stage: Stage) -> Stage:
    """Register `stage` under its name (re-registering a name replaces it)."""
    _registry[stage.name] = stage
    return stage


def _load_builtins() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in BUILTIN_STAGE_MODULES:
            importlib.import_module(module)


def get(name: str) -> Stage:
    _load_builtins()
    try:
        return _registry[name]
    except KeyError:
        known = ", ".join(sorted(_registry)) or "none"
        raise NotFound(
            f"unknown stage {name!r}; known stages: {known}", code="unknown_stage"
        ) from None


def names() -> list[str]:
    _load_builtins()
    return sorted(_registry)
