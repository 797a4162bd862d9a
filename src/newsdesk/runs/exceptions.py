"""Errors of the executions domain."""

from __future__ import annotations

from newsdesk.core.errors import BadRequest, Conflict, InvalidTransition, NotFound

__all__ = [
    "AlreadyFired",
    "ConcurrencyConflict",
    "ExecutionNotFound",
    "InvalidTransition",
    "UnknownStage",
]


class ExecutionNotFound(NotFound):
    code = "execution_not_found"


class ConcurrencyConflict(Conflict):
    """Another run of the same concurrency key is pending or running."""

    code = "execution_in_progress"

    def __init__(self, key: str, blocking_execution_id: int | None) -> None:
        where = f" (execution {blocking_execution_id})" if blocking_execution_id else ""
        super().__init__(
            f"a {key!r} run is already pending or running{where}; wait for it to finish "
            "or cancel it",
            blocking_execution_id=blocking_execution_id,
        )
        self.blocking_execution_id = blocking_execution_id


class UnknownStage(BadRequest):
    code = "unknown_stage"


class AlreadyFired(InvalidTransition):
    """The schedule already produced an execution for this instant."""

    code = "already_fired"
