"""FastAPI app factory: routers, error handlers, web UI, and the embedded runtime."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from newsdesk import __version__, db
from newsdesk.core import handlers
from newsdesk.settings import Settings, configure, get_settings

log = logging.getLogger("newsdesk.http")

# Each module exposes `router` (and optionally `routers`, a list). Order matters where
# paths nest: schedules live under /stage-executions/schedules, before /{id}.
ROUTER_MODULES = (
    "newsdesk.auth.api",
    "newsdesk.sources.api",
    "newsdesk.llm.api",
    "newsdesk.scheduling.api",
    "newsdesk.runs.api",
    "newsdesk.web.routes",
)

STATIC_DIR = Path(__file__).parent / "web" / "static"


def _routers(module_name: str) -> list:
    module = importlib.import_module(module_name)
    routers = list(getattr(module, "routers", []))
    if not routers and hasattr(module, "router"):
        routers = [module.router]
    return routers


def _health() -> tuple[bool, dict[str, object]]:
    try:
        current, head = db.current_revision()
    except Exception as exc:
        return False, {"database": "unreachable", "error": type(exc).__name__}
    ok = current == head
    return ok, {"database": "ok", "migration": current, "expected_migration": head}


def create_app(settings: Settings | None = None, *, background: bool = False) -> FastAPI:
    """Build the app; with `background`, also run the embedded executor and scheduler."""
    if settings is not None:
        configure(settings)
    settings = get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = None
        if background:
            from newsdesk import runtime as runtime_mod

            runtime = await run_in_threadpool(runtime_mod.start, settings)
        try:
            yield
        finally:
            if runtime is not None:
                await run_in_threadpool(runtime.stop)

    app = FastAPI(
        title="newsdesk",
        version=__version__,
        description="Self-hosted news pipeline: sources, stage executions, schedules, LLM keys.",
        lifespan=lifespan,
    )
    handlers.install(app)

    @app.middleware("http")
    async def _log_requests(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        start = time.perf_counter()
        response = await call_next(request)
        log.info(
            "%s %s -> %s (%.1f ms)",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - start) * 1000,
        )
        return response

    @app.get("/healthz", tags=["system"])
    async def healthz() -> JSONResponse:
        ok, body = await run_in_threadpool(_health)
        body["status"] = "ok" if ok else "unhealthy"
        body["version"] = __version__
        return JSONResponse(body, status_code=200 if ok else 503)

    for module_name in ROUTER_MODULES:
        for router in _routers(module_name):
            app.include_router(router)

    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
