"""A plain Celery no-op task, the peer of bench/dispatch.py (loaded with `worker -I`)."""

from newsdesk.runs.celery_app import app


@app.task(name="bench.noop")
def noop() -> None:
    return None
