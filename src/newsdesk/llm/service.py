"""API keys: create, change, enable/disable, delete, describe (state and spend), re-encrypt.

The plaintext key enters through `create`/`update`, is encrypted at once and is never
returned, logged, audited or put in an error message; only its last 4 characters (the hint)
are shown. A row no configured encryption key opens is reported `undecryptable`; it never
breaks a listing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.auth import service as auth_service
from newsdesk.auth.models import User
from newsdesk.core.clock import utcnow
from newsdesk.core.errors import ConfigError, Invalid
from newsdesk.core.paging import paginate
from newsdesk.llm import crypto
from newsdesk.llm.exceptions import AliasTaken, ApiKeyNotFound, KeyUndecryptable
from newsdesk.llm.metering import Spend, over_budget, spend_by_key
from newsdesk.llm.models import ApiKey, KeyState
from newsdesk.settings import Settings

# Fields an admin may set; the key itself travels separately as `secret`.
EDITABLE = (
    "alias",
    "provider",
    "base_url",
    "model",
    "is_active",
    "use_as_fallback",
    "daily_budget_usd",
    "monthly_budget_usd",
    "notes",
)


def snapshot(key: ApiKey) -> dict[str, Any]:
    """What the audit log keeps of a key: settings and hint, never the key or ciphertext."""
    out: dict[str, Any] = {name: getattr(key, name) for name in EDITABLE}
    for name in ("daily_budget_usd", "monthly_budget_usd"):
        if out[name] is not None:
            out[name] = str(out[name])
    out["hint"] = key.hint
    out["disabled_reason"] = key.disabled_reason
    return out


def audit(
    *,
    session: Session,
    actor: User | None,
    action: str,
    key: ApiKey,
    before: dict[str, Any] | None,
    detail: str | None = None,
) -> None:
    """Audit a change to `key`: snapshots before and after (none once deleted), never the key."""
    auth_service.audit(
        session=session,
        actor=actor,
        action=action,
        entity_type="api_key",
        entity_id=key.id,
        before=before,
        after=None if action == "api_key.delete" else snapshot(key),
        detail=detail,
    )


def get(*, session: Session, key_id: int) -> ApiKey | None:
    return session.get(ApiKey, key_id)


def get_or_raise(*, session: Session, key_id: int) -> ApiKey:
    key = get(session=session, key_id=key_id)
    if key is None:
        raise ApiKeyNotFound(f"no API key with id {key_id}")
    return key


def get_by_alias_or_raise(*, session: Session, alias: str) -> ApiKey:
    key = session.scalar(select(ApiKey).where(ApiKey.alias == alias))
    if key is None:
        known = ", ".join(session.scalars(select(ApiKey.alias).order_by(ApiKey.alias))) or "none"
        raise ApiKeyNotFound(f"no API key with alias {alias!r}; known: {known}")
    return key


def list_keys(
    *, session: Session, limit: int | None = None, offset: int = 0
) -> tuple[Sequence[ApiKey], int]:
    return paginate(session, select(ApiKey), ApiKey.alias, limit=limit, offset=offset)


def _check_alias(session: Session, alias: str, *, exclude_id: int | None = None) -> None:
    query = select(ApiKey.id).where(ApiKey.alias == alias)
    if exclude_id is not None:
        query = query.where(ApiKey.id != exclude_id)
    if session.scalar(query) is not None:
        raise AliasTaken(f"an API key with alias {alias!r} already exists; choose another alias")


def _check_secret(secret: str) -> str:
    secret = secret.strip()
    if len(secret) < 8 or any(c.isspace() for c in secret):
        raise Invalid("api_key: must be the provider's key: 8+ characters without spaces")
    return secret


def create(*, session: Session, settings: Settings, values: dict[str, Any], secret: str) -> ApiKey:
    """Store a new key encrypted; `values` holds EDITABLE fields (defaults from settings)."""
    secret = _check_secret(secret)
    _check_alias(session, values["alias"])
    crypto.ensure_canary(session=session, settings=settings)
    key = ApiKey(
        alias=values["alias"],
        provider=values.get("provider") or "openai",
        base_url=values.get("base_url") or settings.llm_default_base_url,
        model=values.get("model") or settings.llm_default_model,
        is_active=values.get("is_active", True),
        use_as_fallback=values.get("use_as_fallback", True),
        daily_budget_usd=values.get("daily_budget_usd"),
        monthly_budget_usd=values.get("monthly_budget_usd"),
        notes=values.get("notes"),
        ciphertext=crypto.encrypt(secret, settings=settings),
        hint=crypto.hint(secret),
    )
    session.add(key)
    session.flush()
    return key


def update(
    *,
    session: Session,
    settings: Settings,
    key: ApiKey,
    values: dict[str, Any],
    secret: str | None = None,
) -> ApiKey:
    """Change the given fields; a new `secret` replaces the key, none keeps the old one."""
    if "alias" in values and values["alias"] != key.alias:
        _check_alias(session, values["alias"], exclude_id=key.id)
    for name, value in values.items():
        if name not in EDITABLE:
            raise Invalid(f"{name}: cannot be changed")
        if name in ("base_url", "model", "provider", "alias") and not value:
            continue  # PUT without these keeps the stored value rather than blanking it
        setattr(key, name, value)
    if secret is not None:
        secret = _check_secret(secret)
        crypto.ensure_canary(session=session, settings=settings)
        key.ciphertext = crypto.encrypt(secret, settings=settings)
        key.hint = crypto.hint(secret)
        # A new key is a fresh start: what the old one earned does not stick to it.
        key.disabled_reason = None
        key.cooldown_until = None
        key.last_error = None
    session.flush()
    return key


def enable(*, session: Session, key: ApiKey) -> ApiKey:
    """Activate the key and clear what the gateway set (disabled reason, cooldown)."""
    key.is_active = True
    key.disabled_reason = None
    key.cooldown_until = None
    session.flush()
    return key


def disable(*, session: Session, key: ApiKey) -> ApiKey:
    key.is_active = False
    session.flush()
    return key


def set_active(*, session: Session, key: ApiKey, active: bool) -> ApiKey:
    """`enable` or `disable` the key."""
    return enable(session=session, key=key) if active else disable(session=session, key=key)


def delete(*, session: Session, key: ApiKey) -> None:
    """Delete the key; its past llm_calls rows stay (their key becomes NULL)."""
    session.delete(key)
    session.flush()


def plaintext(*, key: ApiKey, settings: Settings) -> str:
    """Decrypt `key`; raise KeyUndecryptable (without any secret in the message)."""
    try:
        return crypto.decrypt(key.ciphertext, settings=settings)
    except (crypto.Undecryptable, ConfigError):
        raise KeyUndecryptable(
            f"API key {key.alias!r} cannot be decrypted with NEWSDESK_ENCRYPTION_KEY; "
            "restore the key it was stored with, or enter the API key again"
        ) from None


# --- state ---------------------------------------------------------------------------


def compute_state(
    key: ApiKey, *, decryptable: bool, spend: Spend, now: datetime
) -> tuple[KeyState, str | None]:
    """Return the key's state and, where useful, why (budget used, cooldown end)."""
    if not decryptable:
        return KeyState.undecryptable, "cannot be decrypted with NEWSDESK_ENCRYPTION_KEY"
    if not key.is_active:
        return KeyState.disabled, "disabled by an admin"
    if key.disabled_reason in (KeyState.disabled_invalid, KeyState.disabled_quota):
        return KeyState(key.disabled_reason), key.last_error
    reason = over_budget(key, spend)
    if reason:
        return KeyState.over_budget, reason
    if key.cooldown_until is not None and key.cooldown_until > now:
        return KeyState.cooling_down, f"until {key.cooldown_until.isoformat(timespec='seconds')}"
    return KeyState.ok, None


@dataclass
class KeyView:
    """A key with what is computed about it: state, spend; never the key itself."""

    key: ApiKey
    state: KeyState
    state_detail: str | None
    spend: Spend = field(default_factory=Spend)

    def as_dict(self) -> dict[str, Any]:
        k = self.key
        return {
            "id": k.id,
            "alias": k.alias,
            "provider": k.provider,
            "base_url": k.base_url,
            "model": k.model,
            "hint": k.hint,
            "is_active": k.is_active,
            "use_as_fallback": k.use_as_fallback,
            "daily_budget_usd": k.daily_budget_usd,
            "monthly_budget_usd": k.monthly_budget_usd,
            "notes": k.notes,
            "usage_count": k.usage_count,
            "last_used_at": k.last_used_at,
            "cooldown_until": k.cooldown_until,
            "disabled_reason": k.disabled_reason,
            "last_error": k.last_error,
            "state": self.state,
            "state_detail": self.state_detail,
            "spend_today_usd": self.spend.today,
            "spend_month_usd": self.spend.month,
            "unknown_cost_calls_month": self.spend.unknown_calls,
            "created_at": k.created_at,
            "updated_at": k.updated_at,
        }


def describe(
    *, session: Session, settings: Settings, keys: Sequence[ApiKey], now: datetime | None = None
) -> list[KeyView]:
    """State and spend of each key (one query for the spend of all of them)."""
    now = now or utcnow()
    spends = spend_by_key(
        session=session, key_ids=[k.id for k in keys], now=now, tz=settings.timezone
    )
    views = []
    for key in keys:
        spend = spends.get(key.id, Spend())
        state, detail = compute_state(
            key,
            decryptable=crypto.can_decrypt(key.ciphertext, settings=settings),
            spend=spend,
            now=now,
        )
        views.append(KeyView(key=key, state=state, state_detail=detail, spend=spend))
    return views


# --- re-encryption -------------------------------------------------------------------


@dataclass
class RotationBatch:
    last_id: int | None = None
    rotated: int = 0
    current: int = 0
    undecryptable: list[str] = field(default_factory=list)


def rotate_encryption_batch(
    *, session: Session, settings: Settings, after_id: int, limit: int = 100
) -> RotationBatch:
    """Re-encrypt up to `limit` keys with id > after_id under the first encryption key.

    Idempotent (a row already under the first key is left alone), so a run cut short is
    simply run again; the caller commits each batch.
    """
    batch = RotationBatch()
    rows = session.scalars(
        select(ApiKey).where(ApiKey.id > after_id).order_by(ApiKey.id).limit(limit)
    ).all()
    for key in rows:
        batch.last_id = key.id
        if crypto.is_current(key.ciphertext, settings=settings):
            batch.current += 1
            continue
        try:
            key.ciphertext = crypto.rotate(key.ciphertext, settings=settings)
        except crypto.Undecryptable:
            batch.undecryptable.append(f"{key.alias} (#{key.id})")
            continue
        batch.rotated += 1
    session.flush()
    return batch


def rotate_canary(*, session: Session, settings: Settings) -> None:
    """Re-encrypt the canary under the first key (after every row was rotated)."""
    from newsdesk.llm.models import AppState

    row = session.get(AppState, crypto.CANARY_STATE_KEY)
    if row is None:
        crypto.ensure_canary(session=session, settings=settings)
        return
    try:
        row.value = crypto.rotate(row.value, settings=settings)
    except crypto.Undecryptable:
        row.value = crypto.encrypt(crypto.CANARY_PLAINTEXT, settings=settings)
    session.flush()


def parse_budget(value: str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise Invalid(f"budget must be a USD amount like 5 or 2.50, got {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise Invalid(f"budget must be a non-negative USD amount, got {value!r}")
    return amount
