"""One Settings object, read from NEWSDESK_* environment variables and an optional .env."""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

from newsdesk.core.errors import ConfigError


def _server_timezone() -> str:
    """Name the server's IANA zone, falling back to UTC when it cannot be told."""
    tz = os.environ.get("TZ")
    if tz and "/" in tz:
        return tz
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NEWSDESK_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    # Storage and queue
    database_url: str = "sqlite:///./newsdesk.db"
    redis_broker_url: str = "redis://127.0.0.1:6379/1"
    redis_result_backend: str = "redis://127.0.0.1:6379/2"
    executor: Literal["local", "celery"] = "local"
    local_workers: int = Field(default=2, ge=1, le=64)
    task_soft_time_limit: int = Field(default=3300, ge=1)
    task_time_limit: int = Field(default=3600, ge=1)
    heartbeat_interval: float = Field(default=10.0, gt=0)
    reap_after: float = Field(default=60.0, gt=0)
    reconcile_after: float = Field(default=30.0, gt=0)
    cancel_grace: float = Field(default=10.0, ge=0)
    embedded_scheduler: bool = True

    # Secrets: comma-separated Fernet keys; the first encrypts, all decrypt.
    encryption_key: SecretStr | None = None

    # Web server
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    session_ttl_hours: int = Field(default=12, ge=1)
    cookie_secure: bool = False
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=300, ge=1)

    # Time
    timezone: str = Field(default_factory=_server_timezone)

    # Fetching (stage 01)
    user_agent: str = "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)"
    fetch_concurrency: int = Field(default=16, ge=1)
    fetch_host_delay: float = Field(default=1.0, ge=0)
    fetch_connect_timeout: float = Field(default=10.0, gt=0)
    fetch_timeout: float = Field(default=30.0, gt=0)
    fetch_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    fetch_retries: int = Field(default=3, ge=1)
    render_timeout: float = Field(default=30.0, gt=0)
    chromium_path: str = "/usr/bin/chromium"

    # LLM
    llm_default_base_url: str = "https://api.openai.com/v1"
    llm_default_model: str = "gpt-4o-mini"
    llm_batch_size: int = Field(default=50, ge=1, le=500)
    llm_timeout: float = Field(default=60.0, gt=0)
    llm_max_attempts: int = Field(default=3, ge=1)
    prices_file: Path | None = None
    # NoDecode: the environment gives "a,b,c" (or a JSON list); `_split_list` parses both.
    categories: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: [
            "politics",
            "economy",
            "finance",
            "technology",
            "geopolitics",
            "society",
            "sports",
            "other",
        ]
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("categories", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    return json.loads(text)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"not a valid JSON list: {exc.msg}") from None
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("categories")
    @classmethod
    def _some_categories(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("needs at least one category, e.g. politics,economy,other")
        return value

    @field_validator("encryption_key")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        from cryptography.fernet import Fernet

        for position, key in enumerate(value.get_secret_value().split(","), start=1):
            try:
                Fernet(key.strip())
            except ValueError:
                # Never echo the key itself: name its position only.
                raise ValueError(
                    f"key #{position} is not a Fernet key (32 url-safe base64-encoded bytes); "
                    "make one with `newsdesk config gen-key`"
                ) from None
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            # psycopg 3 is the one PostgreSQL driver we ship.
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        if not (value.startswith("sqlite") or value.startswith("postgresql+psycopg")):
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        return value

    @model_validator(mode="after")
    def _soft_below_hard(self) -> Settings:
        if self.task_soft_time_limit >= self.task_time_limit:
            raise ValueError(
                f"NEWSDESK_TASK_SOFT_TIME_LIMIT ({self.task_soft_time_limit}) must be lower than "
                f"NEWSDESK_TASK_TIME_LIMIT ({self.task_time_limit})"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def encryption_keys(self) -> list[str]:
        """The configured Fernet keys, newest (the one that encrypts) first."""
        if self.encryption_key is None:
            return []
        return [k.strip() for k in self.encryption_key.get_secret_value().split(",") if k.strip()]

    def masked(self) -> dict[str, Any]:
        """Return the effective settings with every secret masked."""
        out: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                out[name] = "********"
            elif isinstance(value, str) and "://" in value:
                out[name] = mask_url(value)
            elif isinstance(value, Path):
                out[name] = str(value)
            else:
                out[name] = value
        return out


def mask_url(url: str) -> str:
    """Replace the password in `url` (if any) with `****`."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url
    if not password:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username or ''}:****@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


_SECRET_FIELDS = frozenset({"encryption_key"})


def _describe(exc: ValidationError) -> str:
    """Every failing variable on one line: "NEWSDESK_PORT: Input should be ... (got '0')"."""
    parts = []
    for err in exc.errors():
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        loc = err.get("loc") or ()
        if not loc:  # a check across fields names its variables itself
            parts.append(msg)
            continue
        field = str(loc[0])
        given = err.get("input")
        if field not in _SECRET_FIELDS and isinstance(given, str | int | float):
            shown = mask_url(given) if isinstance(given, str) else given
            msg = f"{msg} (got {shown!r})"
        parts.append(f"NEWSDESK_{field.upper()}: {msg}")
    return "; ".join(parts)


def _describe_settings_error(exc: SettingsError) -> str:
    found = re.search(r'field "([^"]+)"', str(exc))
    name = f"NEWSDESK_{found.group(1).upper()}" if found else "a NEWSDESK_* variable"
    return f"{name}: cannot parse the value ({exc})"


_override: Settings | None = None


@lru_cache(maxsize=1)
def _load() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None
    except SettingsError as exc:
        raise ConfigError(_describe_settings_error(exc)) from None


def get_settings() -> Settings:
    """Return the process's settings (an override set by `configure`, else the environment)."""
    return _override if _override is not None else _load()


def configure(settings: Settings | None) -> None:
    """Replace the process's settings; `None` goes back to the environment."""
    global _override
    _override = settings
    _load.cache_clear()
