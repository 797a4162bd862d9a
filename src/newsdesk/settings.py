"""One Settings object, read from NEWSDESK_* environment variables and an optional .env."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    session_secret: SecretStr | None = None

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
    categories: list[str] = Field(
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

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def masked(self) -> dict[str, Any]:
        """Return the effective settings with every secret masked."""
        out: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if isinstance(getattr(self, name), SecretStr) or name in {"encryption_key"}:
                out[name] = "********" if value else None
            elif isinstance(value, str) and "://" in value and "@" in value:
                scheme, rest = value.split("://", 1)
                creds, host = rest.rsplit("@", 1)
                user = creds.split(":", 1)[0]
                out[name] = f"{scheme}://{user}:****@{host}"
            else:
                out[name] = value if not isinstance(value, Path) else str(value)
        return out


def _describe(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err.get("loc") else "?"
    msg = err.get("msg", "invalid value").removeprefix("Value error, ")
    return f"NEWSDESK_{field.upper()}: {msg}"


_override: Settings | None = None


@lru_cache(maxsize=1)
def _load() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None


def get_settings() -> Settings:
    """Return the process's settings (an override set by `configure`, else the environment)."""
    return _override if _override is not None else _load()


def configure(settings: Settings | None) -> None:
    """Replace the process's settings; `None` goes back to the environment."""
    global _override
    _override = settings
    _load.cache_clear()
