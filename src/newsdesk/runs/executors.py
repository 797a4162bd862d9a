"""Executors (placeholder until the executions work lands)."""

from newsdesk.settings import Settings


class _Nothing:
    def stop(self) -> None:
        return None


def start_embedded(settings: Settings) -> _Nothing:
    return _Nothing()
