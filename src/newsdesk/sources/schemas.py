"""Pydantic shapes of a source: what the API and the CLI accept, and what they return.

Input shapes validate every field with a message that says what was wrong; read shapes
accept anything the table may hold (old rows may lack base_url or language) so a list
or a page never crashes on old data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from newsdesk.core.handlers import describe_validation
from newsdesk.core.schemas import ORMModel
from newsdesk.sources.exceptions import SourceInvalid
from newsdesk.sources.languages import LANGUAGES
from newsdesk.sources.models import SourceKind

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
FEED_KINDS = frozenset({SourceKind.rss.value, SourceKind.sitemap.value})
MAX_URL = 2048


def _fail(kind: str, message: str) -> PydanticCustomError:
    # The message travels in the context so braces in user input are never formatted.
    return PydanticCustomError(kind, "{message}", {"message": message})


def check_name(value: str) -> str:
    """Return `value` if it is a valid source name (a slug), else raise ValueError-like error."""
    if not NAME_RE.match(value):
        raise _fail(
            "source_name",
            "must be a slug of 1-64 characters: lowercase letters, digits, '-' and '_', "
            f"starting with a letter or digit (e.g. 'el-pais'), got {value!r}",
        )
    return value


def check_url(value: str) -> str:
    """Return `value` stripped if it is an absolute http(s) URL."""
    value = value.strip()
    hint = f"must be an absolute http(s) URL such as https://example.com/, got {value!r}"
    if len(value) > MAX_URL:
        raise _fail("url", f"must be at most {MAX_URL} characters long")
    if any(ch.isspace() for ch in value):
        raise _fail("url", hint + " (it contains whitespace)")
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises on a non-numeric or out-of-range port
    except ValueError:
        raise _fail("url", hint) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _fail("url", hint)
    return value


def check_language(value: str) -> str:
    """Return the lower-cased ISO 639-1 code, or raise naming what was wrong."""
    code = value.strip().lower()
    if code in LANGUAGES:
        return code
    if re.match(r"^[a-z]{2}[-_][a-z0-9]+$", code) and code[:2] in LANGUAGES:
        raise _fail(
            "language",
            f"use the two-letter ISO 639-1 code without a region, e.g. {code[:2]!r}, got {value!r}",
        )
    raise _fail(
        "language",
        f"unknown language code {value!r}: use a two-letter ISO 639-1 code such as "
        "'en', 'es' or 'fr'",
    )


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


class SourceRules(BaseModel):
    """Per-source link rules applied by stage 01 before the global ones."""

    model_config = ConfigDict(extra="forbid")

    include: list[str] = Field(default_factory=list, description="Regexes of article URLs")
    exclude: list[str] = Field(default_factory=list, description="Regexes of non-articles")

    @field_validator("include", "exclude")
    @classmethod
    def _compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise _fail("regex", f"invalid regular expression {pattern!r}: {exc}") from None
        return patterns


class _SourceIn(BaseModel):
    """Validators shared by every input shape; a None passes through (checked elsewhere)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("name", check_fields=False)
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return None if value is None else check_name(value)

    @field_validator("base_url", "feed_url", check_fields=False)
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value)

    @field_validator("language", check_fields=False)
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return None if value is None else check_language(value)

    @field_validator(
        "display_name",
        "feed_url",
        "language",
        "category",
        "notes",
        mode="before",
        check_fields=False,
    )
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return _blank_to_none(value)


class SourceCreate(_SourceIn):
    """A new source (POST), and the full replacement of one (PUT)."""

    name: str = Field(description="Unique slug, e.g. 'el-pais'")
    display_name: str | None = Field(default=None, max_length=200)
    base_url: str = Field(description="Home page, an absolute http(s) URL")
    kind: SourceKind = SourceKind.html
    # validate_default: the "rss/sitemap need a feed_url" check must run when it is absent.
    feed_url: str | None = Field(default=None, validate_default=True)
    language: str | None = Field(default=None, description="ISO 639-1 code, e.g. 'es'")
    category: str | None = Field(default=None, max_length=64)
    is_active: bool = True
    render_js: bool = False
    respect_robots: bool = True
    rules: SourceRules | None = None
    notes: str | None = Field(default=None, max_length=10_000)

    @field_validator("feed_url", mode="after")
    @classmethod
    def _feed_needed(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")
        if value is None and kind is not None and SourceKind(kind).value in FEED_KINDS:
            raise _fail("feed_required", feed_required_message(SourceKind(kind).value))
        return value


class SourceUpdate(SourceCreate):
    """PUT: every field is replaced; an omitted optional field returns to its default."""


class SourcePatch(_SourceIn):
    """PATCH: only the fields sent change; null clears an optional field."""

    name: str | None = None
    display_name: str | None = Field(default=None, max_length=200)
    base_url: str | None = None
    kind: SourceKind | None = None
    feed_url: str | None = None
    language: str | None = None
    category: str | None = Field(default=None, max_length=64)
    is_active: bool | None = None
    render_js: bool | None = None
    respect_robots: bool | None = None
    rules: SourceRules | None = None
    notes: str | None = Field(default=None, max_length=10_000)

    @field_validator(
        "name", "base_url", "kind", "is_active", "render_js", "respect_robots", mode="after"
    )
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        # Only runs when the field was sent; sent as null it cannot be cleared.
        if value is None:
            raise _fail("not_null", "cannot be null; leave it out to keep the current value")
        return value


def feed_required_message(kind: str) -> str:
    what = "RSS/Atom feed" if kind == SourceKind.rss.value else "news sitemap"
    return f"a source of kind {kind!r} needs a feed_url (the URL of its {what})"


class SourceRead(ORMModel):
    """A source as the API returns it; tolerant of old rows with missing fields."""

    id: int
    name: str
    display_name: str | None = None
    base_url: str | None = None
    kind: str
    feed_url: str | None = None
    language: str | None = None
    category: str | None = None
    is_active: bool
    render_js: bool
    respect_robots: bool = True
    rules: dict[str, Any] | None = None
    notes: str | None = None
    last_fetched_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], data: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> M:
    """Validate `data` as `model`, raising SourceInvalid with one readable line per field.

    `labels` renames fields in the message (the CLI says `--url`, not `base_url`).
    """
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        errors = list(exc.errors())
        if labels:
            for err in errors:
                loc = tuple(err.get("loc", ()))
                if loc and str(loc[0]) in labels:
                    err["loc"] = (labels[str(loc[0])], *loc[1:])
        raise SourceInvalid(describe_validation(errors)) from None  # type: ignore[arg-type]
