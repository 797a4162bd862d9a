"""Turn every error into the API's one shape: {"detail": ..., "code": ...}."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk.core.errors import Invalid, NewsdeskError

M = TypeVar("M", bound=BaseModel)

log = logging.getLogger("newsdesk.http")

_HTTP_CODES = {
    400: "bad_request",
    401: "auth_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    503: "unavailable",
}


def _field(loc: tuple[object, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts)  # "" for a whole-object error: its message says enough


def _one(err: dict[str, object]) -> tuple[str, str]:
    """Return (field, message) for one pydantic error."""
    if err.get("type") == "json_invalid":
        # loc is ("body", <character offset>): name the body, not a field called "41".
        loc = tuple(err.get("loc", ()))  # type: ignore[arg-type]
        where = f" at character {loc[-1]}" if len(loc) > 1 else ""
        reason = (err.get("ctx") or {}).get("error", "")  # type: ignore[union-attr]
        return "body", f"invalid JSON{where}" + (f" ({reason})" if reason else "")
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    return _field(tuple(err.get("loc", ()))), msg  # type: ignore[arg-type]


def describe_validation(errors: list[dict[str, object]]) -> str:
    """One readable line per failing field: "base_url: must be an absolute http(s) URL"."""
    return "; ".join(f"{field}: {msg}" if field else msg for field, msg in map(_one, errors))


def validated(model: type[M], data: Mapping[str, Any]) -> M:
    """Validate `data` (a form, CLI options) as `model`; raise Invalid, one line per bad field.

    A SecretStr field's input never appears in the message: pydantic masks it.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Invalid(describe_validation(list(exc.errors()))) from None  # type: ignore[arg-type]


def install(app: FastAPI) -> None:
    @app.exception_handler(NewsdeskError)
    async def _newsdesk_error(request: Request, exc: NewsdeskError) -> JSONResponse:
        headers = {}
        if exc.status_code == 401:
            headers["WWW-Authenticate"] = "Bearer"
        retry_after = exc.extra.get("retry_after")
        if retry_after is not None:
            headers["Retry-After"] = str(int(retry_after))
        return JSONResponse(exc.to_dict(), status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": field or "body", "message": msg}
            for field, msg in map(_one, list(exc.errors()))
        ]
        return JSONResponse(
            {
                "detail": describe_validation(list(exc.errors())),
                "code": "invalid",
                "errors": errors,
            },
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "error")
        return JSONResponse(
            {"detail": exc.detail, "code": code},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"detail": "internal error; see the server log", "code": "internal_error"},
            status_code=500,
        )
