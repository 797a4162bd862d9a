"""Pydantic shapes of the schedules API.

The cron expression and time zone are checked by the service (not here), so an invalid
one answers 422 with exactly the explanation `validate-cron` gives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from newsdesk.scheduling.models import MisfirePolicy, OverlapPolicy

MAX_GRACE_SECONDS = 7 * 24 * 3600


class _ScheduleFields(BaseModel):
    @field_validator("name", check_fields=False)
    @classmethod
    def _strip_name(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @field_validator("source_ids", check_fields=False)
    @classmethod
    def _unique_ids(cls, value: list[int] | None) -> list[int] | None:
        # An empty list means the same as none: every active source at run time.
        if value is None:
            return None
        return list(dict.fromkeys(value)) or None


class ScheduleCreate(_ScheduleFields):
    name: str = Field(min_length=1, max_length=128)
    stage: str = Field(default="extract_urls", min_length=1, max_length=64)
    cron_expression: str = Field(min_length=1, max_length=128, examples=["0 7 * * 1-5"])
    timezone: str | None = Field(
        default=None, max_length=64, description="IANA zone; default: NEWSDESK_TIMEZONE"
    )
    is_active: bool = True
    source_ids: list[int] | None = Field(default=None, description="None = every active source")
    api_key_id: int | None = Field(default=None, description="None = key rotation")
    use_fallback: bool = True
    parameters: dict[str, Any] | None = None
    overlap_policy: OverlapPolicy = OverlapPolicy.skip
    misfire_policy: MisfirePolicy = MisfirePolicy.run_once
    misfire_grace_seconds: int = Field(default=3600, ge=0, le=MAX_GRACE_SECONDS)


class ScheduleUpdate(ScheduleCreate):
    """PUT: the whole schedule (fields left out take their defaults)."""


class SchedulePatch(_ScheduleFields):
    """PATCH: only the fields sent change."""

    name: str | None = Field(default=None, min_length=1, max_length=128)
    stage: str | None = Field(default=None, min_length=1, max_length=64)
    cron_expression: str | None = Field(default=None, min_length=1, max_length=128)
    timezone: str | None = Field(default=None, max_length=64)
    is_active: bool | None = None
    source_ids: list[int] | None = None
    api_key_id: int | None = None
    use_fallback: bool | None = None
    parameters: dict[str, Any] | None = None
    overlap_policy: OverlapPolicy | None = None
    misfire_policy: MisfirePolicy | None = None
    misfire_grace_seconds: int | None = Field(default=None, ge=0, le=MAX_GRACE_SECONDS)


class ScheduleRead(BaseModel):
    id: int
    name: str
    stage: str
    cron_expression: str
    timezone: str
    description: str = Field(description="The cron expression in plain English")
    description_es: str
    is_active: bool
    source_ids: list[int] | None
    api_key_id: int | None
    use_fallback: bool
    parameters: dict[str, Any] | None
    overlap_policy: OverlapPolicy
    misfire_policy: MisfirePolicy
    misfire_grace_seconds: int
    next_run_at: datetime | None
    next_run_local: datetime | None = Field(description="next_run_at in the schedule's zone")
    last_run_at: datetime | None
    last_execution_id: int | None
    last_status: str | None
    last_reason: str | None
    consecutive_failures: int
    failing: bool = Field(description="The last 5 finished runs all failed")
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class CronCheckIn(BaseModel):
    cron_expression: str = Field(max_length=256, examples=["30 2 * * *"])
    timezone: str | None = Field(
        default=None, max_length=64, description="IANA zone; default: NEWSDESK_TIMEZONE"
    )
    count: int = Field(default=5, ge=1, le=50)


class NextRun(BaseModel):
    at: datetime = Field(description="Local time in the schedule's zone, with its offset")
    at_utc: datetime
    utc_offset: str
    dst: str | None = Field(
        default=None,
        description="'gap': moved after a spring-forward gap; 'overlap': a repeated hour",
    )
    note: str | None = None


class CronCheckOut(BaseModel):
    valid: bool
    cron_expression: str
    timezone: str
    error: str | None = None
    field: str | None = Field(default=None, description="The bad field, when one is to blame")
    description: dict[str, str] = Field(default_factory=dict, description="{'en': .., 'es': ..}")
    next_runs: list[NextRun] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class FireReportRead(BaseModel):
    checked: int
    created: int
    skipped_overlap: int
    missed: int
    already_fired: int
    errors: int
    execution_ids: list[int]
