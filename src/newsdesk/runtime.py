"""The embedded runtime of `newsdesk serve`: the local executor and the scheduler loop."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from newsdesk.settings import Settings

log = logging.getLogger("newsdesk.runtime")


class Stoppable(Protocol):
    def stop(self) -> None: ...


@dataclass
class Runtime:
    parts: list[Stoppable] = field(default_factory=list)

    def stop(self) -> None:
        for part in reversed(self.parts):
            try:
                part.stop()
            except Exception:
                log.exception("error while stopping %r", part)


def start(settings: Settings) -> Runtime:
    """Start what `newsdesk serve` runs beside the HTTP server; `stop()` ends it all."""
    from newsdesk.runs import executors
    from newsdesk.scheduling import loop

    runtime = Runtime()
    runtime.parts.append(executors.start_embedded(settings))
    if settings.embedded_scheduler:
        runtime.parts.append(loop.start_embedded(settings))
    return runtime
