"""The admin panel's routes: one module per page family, each exposing `router`."""

from __future__ import annotations

from newsdesk.web import (
    routes_auth,
    routes_costs,
    routes_dashboard,
    routes_executions,
    routes_keys,
    routes_schedules,
    routes_sources,
)

routers = [
    routes_auth.router,
    routes_dashboard.router,
    routes_executions.router,
    routes_sources.router,
    routes_schedules.router,
    routes_keys.router,
    routes_costs.router,
]
