"""The one error tree of newsdesk.

    NewsdeskError                 base; carries a stable `code` and an HTTP status
    ├── ConfigError               bad settings; stops start-up with one line
    ├── NotFound                  404  (SourceNotFound, ExecutionNotFound, ...)
    ├── Conflict                  409  (duplicate name, concurrency guard, ...)
    │   └── InvalidTransition     409  an illegal lifecycle move
    ├── BadRequest                400  input that parses but cannot be acted on
    ├── Invalid                   422  a field that fails validation
    ├── AuthRequired              401
    ├── PermissionDenied          403
    ├── TooManyRequests           429
    └── Unavailable               503  a dependency (database, broker) is down

Domain errors subclass one of these in the domain's `exceptions.py`. One handler
(`newsdesk.core.handlers`) turns any of them into `{"detail": ..., "code": ...}`;
the CLI prints `error: <detail>` and exits with `exit_code`.
"""

from __future__ import annotations

from typing import Any


class NewsdeskError(Exception):
    status_code: int = 500
    code: str = "error"
    exit_code: int = 1

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        self.extra = extra

    def to_dict(self) -> dict[str, Any]:
        return {"detail": self.detail, "code": self.code, **self.extra}


class ConfigError(NewsdeskError):
    code = "config_error"
    exit_code = 2


class NotFound(NewsdeskError):
    status_code = 404
    code = "not_found"
    exit_code = 3


class Conflict(NewsdeskError):
    status_code = 409
    code = "conflict"
    exit_code = 4


class InvalidTransition(Conflict):
    code = "invalid_transition"


class BadRequest(NewsdeskError):
    status_code = 400
    code = "bad_request"
    exit_code = 2


class Invalid(NewsdeskError):
    status_code = 422
    code = "invalid"
    exit_code = 2


class AuthRequired(NewsdeskError):
    status_code = 401
    code = "auth_required"
    exit_code = 5


class PermissionDenied(NewsdeskError):
    status_code = 403
    code = "forbidden"
    exit_code = 5


class TooManyRequests(NewsdeskError):
    status_code = 429
    code = "too_many_requests"
    exit_code = 6


class Unavailable(NewsdeskError):
    status_code = 503
    code = "unavailable"
    exit_code = 7
