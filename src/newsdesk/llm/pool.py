"""The key pool shared by every process: pick, claim, cool down, disable.

Rotation is a round-robin kept in the database, not in a process: the usable key used least
recently (`last_used_at` oldest, never-used first) is chosen and claimed with a
compare-and-set on `last_used_at`, so two workers starting at once get different keys when
two exist. A lost race re-reads the candidates. A key is usable when it is active, not
disabled by the gateway (invalid, quota), not cooling down, within its budgets and
decryptable.

Keys with `use_as_fallback = false` are reserved: only an execution that pins them uses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session

from newsdesk.core.errors import ConfigError
from newsdesk.llm import crypto
from newsdesk.llm.metering import Spend, spend_by_key
from newsdesk.llm.models import ApiKey, CallOutcome, KeyState, LlmCall
from newsdesk.llm.service import compute_state
from newsdesk.settings import Settings

MAX_CLAIM_RACES = 20
MIN_COOLDOWN = 1.0
MAX_COOLDOWN = 600.0
BACKOFF_BASE = 5.0


@dataclass(frozen=True)
class Claimed:
    """A key claimed for one attempt. `secret` lives only in this process's memory."""

    id: int
    alias: str
    base_url: str
    model: str
    secret: str

    def __repr__(self) -> str:  # never let a traceback or log print the key
        return f"Claimed(id={self.id}, alias={self.alias!r})"


@dataclass(frozen=True)
class Scope:
    """Which keys an execution may use: a pinned key first, then (maybe) the fallback pool."""

    pinned_id: int | None
    use_fallback: bool

    def query(self) -> Select[tuple[ApiKey]]:
        """Every key this scope could ever use, usable now or not."""
        conditions = []
        if self.pinned_id is not None:
            conditions.append(ApiKey.id == self.pinned_id)
        if self.pinned_id is None or self.use_fallback:
            conditions.append(ApiKey.use_as_fallback.is_(True))
        return select(ApiKey).where(or_(*conditions))


def _available(scope: Scope, now: datetime, exclude: set[int]) -> Select[tuple[ApiKey]]:
    query = scope.query().where(
        ApiKey.is_active.is_(True),
        ApiKey.disabled_reason.is_(None),
        or_(ApiKey.cooldown_until.is_(None), ApiKey.cooldown_until <= now),
    )
    if exclude:
        query = query.where(ApiKey.id.not_in(exclude))
    # The pinned key goes first; then least recently used, never-used first, id breaks ties.
    order = [ApiKey.last_used_at.asc().nulls_first(), ApiKey.id]
    if scope.pinned_id is not None:
        order.insert(0, (ApiKey.id != scope.pinned_id))
    return query.order_by(*order).execution_options(populate_existing=True)


def claim(
    *, session: Session, settings: Settings, scope: Scope, now: datetime, exclude: set[int]
) -> Claimed | None:
    """Claim the next usable key for one attempt, or None when none is left."""
    for _ in range(MAX_CLAIM_RACES):
        candidates = session.scalars(_available(scope, now, exclude)).all()
        if not candidates:
            return None
        spends = spend_by_key(
            session=session, key_ids=[k.id for k in candidates], now=now, tz=settings.timezone
        )
        lost_race = False
        for key in candidates:
            state, _ = compute_state(
                key, decryptable=True, spend=spends.get(key.id, Spend()), now=now
            )
            if state is not KeyState.ok:
                continue
            try:
                secret = crypto.decrypt(key.ciphertext, settings=settings)
            except (crypto.Undecryptable, ConfigError):
                continue
            seen = key.last_used_at
            # Compare-and-set: wins only if nobody claimed this key since we read it.
            result = session.execute(
                update(ApiKey)
                .where(ApiKey.id == key.id, ApiKey.last_used_at.is_not_distinct_from(seen))
                .values(last_used_at=now, usage_count=ApiKey.usage_count + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:
                return Claimed(
                    id=key.id,
                    alias=key.alias,
                    base_url=key.base_url,
                    model=key.model,
                    secret=secret,
                )
            lost_race = True
            break
        if not lost_race:
            return None
    return None


def has_candidates(*, session: Session, settings: Settings, scope: Scope) -> bool:
    """Tell whether any key could ever serve this scope (active, not disabled, decryptable)."""
    query = scope.query().where(ApiKey.is_active.is_(True), ApiKey.disabled_reason.is_(None))
    return any(
        crypto.can_decrypt(key.ciphertext, settings=settings) for key in session.scalars(query)
    )


def describe_scope(
    *, session: Session, settings: Settings, scope: Scope, now: datetime, failed: dict[int, str]
) -> str:
    """One line per key of the scope with its state, for "no API key available: ..."."""
    keys = session.scalars(
        scope.query().order_by(ApiKey.alias).execution_options(populate_existing=True)
    ).all()
    if not keys:
        if scope.pinned_id is not None and not scope.use_fallback:
            return f"the pinned key #{scope.pinned_id} no longer exists"
        return "no key is configured for automatic use; add one with `newsdesk keys add`"
    spends = spend_by_key(
        session=session, key_ids=[k.id for k in keys], now=now, tz=settings.timezone
    )
    parts = []
    for key in keys:
        state, detail = compute_state(
            key,
            decryptable=crypto.can_decrypt(key.ciphertext, settings=settings),
            spend=spends.get(key.id, Spend()),
            now=now,
        )
        text = f"{key.alias}: {state.value}"
        if state is KeyState.ok and key.id in failed:
            text = f"{key.alias}: failed in this call ({failed[key.id]})"
        elif detail and state in (KeyState.over_budget, KeyState.cooling_down):
            text += f" ({detail})"
        parts.append(text)
    return "; ".join(parts)


def rate_limit_cooldown(*, session: Session, key_id: int, retry_after: float | None) -> float:
    """Seconds to cool down: the provider's hint, else doubling with each 429 in a row."""
    if retry_after is not None:
        return min(max(retry_after, MIN_COOLDOWN), MAX_COOLDOWN)
    recent = session.scalars(
        select(LlmCall.outcome)
        .where(LlmCall.api_key_id == key_id)
        .order_by(LlmCall.id.desc())
        .limit(8)
    ).all()
    streak = 0
    for outcome in recent:
        if outcome != CallOutcome.rate_limited:
            break
        streak += 1
    return min(BACKOFF_BASE * 2**streak, MAX_COOLDOWN)


def lock_key(*, session: Session, key_id: int) -> bool:
    """Keep the key from being deleted until commit; False when it is already gone."""
    found = session.scalar(
        select(ApiKey.id).where(ApiKey.id == key_id).with_for_update(key_share=True)
    )
    return found is not None


def cool_down(*, session: Session, key_id: int, until: datetime, error: str, now: datetime) -> None:
    session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id)
        .values(cooldown_until=until, last_error=error, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def mark_disabled(
    *, session: Session, key_id: int, state: KeyState, error: str, now: datetime
) -> None:
    """Take the key out of service until an admin re-enables it (invalid key, no quota)."""
    session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id)
        .values(disabled_reason=state.value, last_error=error, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def note_error(*, session: Session, key_id: int, error: str) -> None:
    session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id)
        .values(last_error=error)
        .execution_options(synchronize_session=False)
    )


def until(now: datetime, seconds: float) -> datetime:
    return now + timedelta(seconds=seconds)
