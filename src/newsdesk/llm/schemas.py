"""API shapes of the LLM gateway: API keys (the secret goes in, never out) and cost reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr

from newsdesk.llm.models import KeyState


def _http_url(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().rstrip("/")
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError("must be an absolute http(s) URL, e.g. https://api.openai.com/v1")
    return value


BaseUrl = Annotated[str | None, AfterValidator(_http_url)]
Alias = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][\w.\-]*$")]
Budget = Annotated[Decimal | None, Field(ge=0, max_digits=14, decimal_places=6)]


class ApiKeyBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider: str | None = Field(default=None, max_length=64)
    base_url: BaseUrl = None
    model: str | None = Field(default=None, max_length=128)
    is_active: bool = True
    use_as_fallback: bool = True
    daily_budget_usd: Budget = None
    monthly_budget_usd: Budget = None
    notes: str | None = Field(default=None, max_length=2000)


class ApiKeyCreate(ApiKeyBase):
    alias: Alias
    api_key: SecretStr = Field(description="The provider's key; stored encrypted, never shown")


class ApiKeyUpdate(ApiKeyBase):
    """PUT: the whole key; without `api_key` the stored key is kept."""

    alias: Alias
    api_key: SecretStr | None = None


class ApiKeyPatch(BaseModel):
    """PATCH: only the fields sent change; without `api_key` the stored key is kept."""

    model_config = ConfigDict(extra="forbid")

    alias: Alias | None = None
    api_key: SecretStr | None = None
    provider: str | None = Field(default=None, max_length=64)
    base_url: BaseUrl = None
    model: str | None = Field(default=None, max_length=128)
    is_active: bool | None = None
    use_as_fallback: bool | None = None
    daily_budget_usd: Budget = None
    monthly_budget_usd: Budget = None
    notes: str | None = Field(default=None, max_length=2000)


class ApiKeyRead(BaseModel):
    id: int
    alias: str
    provider: str
    base_url: str
    model: str
    hint: str = Field(description="The key's last 4 characters")
    is_active: bool
    use_as_fallback: bool
    daily_budget_usd: Decimal | None
    monthly_budget_usd: Decimal | None
    notes: str | None
    usage_count: int
    last_used_at: datetime | None
    cooldown_until: datetime | None
    disabled_reason: str | None
    last_error: str | None
    state: KeyState
    state_detail: str | None
    spend_today_usd: Decimal
    spend_month_usd: Decimal
    unknown_cost_calls_month: int = Field(
        description="Calls this month whose model has no price (not in the spend sums)"
    )
    created_at: datetime
    updated_at: datetime


class KeyTestRead(BaseModel):
    result: Literal["ok", "invalid", "quota_exhausted", "rate_limited", "unreachable"]
    message: str
    model: str | None
    latency_ms: int | None


GroupBy = Literal["day", "stage", "key", "model", "source"]


class CostGroup(BaseModel):
    group: str
    calls: int
    input_tokens: int
    cached_tokens: int
    output_tokens: int
    cost_usd: Decimal = Field(description="Sum of the priced calls")
    unknown_cost_calls: int
    cost_unknown: bool = Field(
        default=False, description="Some call had no price: cost_usd is a lower bound"
    )

    def model_post_init(self, __context: Any) -> None:
        self.cost_unknown = self.unknown_cost_calls > 0


class CostReport(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")
    group_by: GroupBy
    groups: list[CostGroup]
    total: CostGroup
