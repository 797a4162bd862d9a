"""Encryption at rest of provider API keys: Fernet / MultiFernet, plus the start-up canary.

`NEWSDESK_ENCRYPTION_KEY` holds one or more comma-separated Fernet keys: the first encrypts,
every one decrypts (MultiFernet), so a new key can be put in front of the old one and
`newsdesk keys rotate-encryption` re-encrypts the rows before the old key is dropped.

The canary is a known value stored encrypted in `app_state`. Decrypting it at start-up tells a
wrong or missing key apart before any worker fails half-way through a run.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.core.errors import ConfigError
from newsdesk.llm.exceptions import EncryptionKeyError
from newsdesk.llm.models import ApiKey, AppState
from newsdesk.settings import Settings

CANARY_STATE_KEY = "encryption_canary"
CANARY_PLAINTEXT = "newsdesk-encryption-canary-v1"
GENERATE_HINT = "generate one with `newsdesk config gen-key`"


class Undecryptable(Exception):
    """A ciphertext none of the configured keys can open (carries no secret)."""


def _raw_keys(settings: Settings) -> list[str]:
    return settings.encryption_keys


def is_configured(settings: Settings) -> bool:
    return bool(_raw_keys(settings))


def cipher(settings: Settings) -> MultiFernet:
    """Return the MultiFernet of the configured keys; raise ConfigError when none is usable."""
    raw = _raw_keys(settings)
    if not raw:
        raise EncryptionKeyError(
            "NEWSDESK_ENCRYPTION_KEY is not set; API keys are stored encrypted with it. "
            + GENERATE_HINT
        )
    fernets = []
    for position, key in enumerate(raw, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except (ValueError, TypeError):
            # Never echo the value: it is a secret even when malformed.
            raise ConfigError(
                f"NEWSDESK_ENCRYPTION_KEY: key #{position} is not a valid Fernet key "
                f"(32 url-safe base64-encoded bytes); {GENERATE_HINT}"
            ) from None
    return MultiFernet(fernets)


def primary(settings: Settings) -> Fernet:
    """Return the Fernet of the first configured key (the one that encrypts)."""
    cipher(settings)  # validates every key with a clear message
    return Fernet(_raw_keys(settings)[0].encode())


def encrypt(plaintext: str, *, settings: Settings) -> str:
    return cipher(settings).encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str, *, settings: Settings) -> str:
    """Return the plaintext; raise Undecryptable when no configured key opens it."""
    try:
        return cipher(settings).decrypt(ciphertext.encode()).decode()
    except (InvalidToken, ValueError, TypeError):
        raise Undecryptable("no configured encryption key can decrypt this value") from None


def can_decrypt(ciphertext: str, *, settings: Settings) -> bool:
    if not is_configured(settings):
        return False
    try:
        decrypt(ciphertext, settings=settings)
    except (Undecryptable, ConfigError):
        return False
    return True


def is_current(ciphertext: str, *, settings: Settings) -> bool:
    """Tell whether `ciphertext` is already encrypted under the first (primary) key."""
    try:
        primary(settings).decrypt(ciphertext.encode())
    except (InvalidToken, ValueError, TypeError):
        return False
    return True


def rotate(ciphertext: str, *, settings: Settings) -> str:
    """Re-encrypt under the first key; raise Undecryptable when no key opens it."""
    try:
        return cipher(settings).rotate(ciphertext.encode()).decode()
    except (InvalidToken, ValueError, TypeError):
        raise Undecryptable("no configured encryption key can decrypt this value") from None


def hint(plaintext: str) -> str:
    """The last 4 characters, which is all the UI ever shows of a key."""
    return plaintext[-4:] if len(plaintext) >= 8 else "…"


def redact(text: str | None, secret: str | None) -> str | None:
    """Remove every occurrence of `secret` from `text` (a provider may echo the key)."""
    if text is None or not secret:
        return text
    return text.replace(secret, "[redacted …" + hint(secret) + "]")


# --- canary --------------------------------------------------------------------------


def _stored_key_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ApiKey)) or 0


def ensure_canary(*, session: Session, settings: Settings) -> None:
    """Create the canary under the first key when it is missing (first use)."""
    if session.get(AppState, CANARY_STATE_KEY) is None:
        session.add(
            AppState(key=CANARY_STATE_KEY, value=encrypt(CANARY_PLAINTEXT, settings=settings))
        )
        session.flush()


def check_canary(*, session: Session, settings: Settings) -> None:
    """Stop start-up when the encryption key is missing or wrong for the stored keys.

    Creates the canary on first use. A canary no key opens while no API key is stored is
    simply replaced: nothing encrypted would be lost.
    """
    stored = _stored_key_count(session)
    if not is_configured(settings):
        if stored:
            raise EncryptionKeyError(
                f"NEWSDESK_ENCRYPTION_KEY is not set, but {stored} API key(s) are stored "
                "encrypted; set it to the key they were added with (API keys cannot be "
                "used without it)"
            )
        return
    cipher(settings)  # a malformed key stops here with its own message
    row = session.get(AppState, CANARY_STATE_KEY)
    if row is None:
        ensure_canary(session=session, settings=settings)
        return
    try:
        ok = decrypt(row.value, settings=settings) == CANARY_PLAINTEXT
    except Undecryptable:
        ok = False
    if ok:
        return
    if not stored:
        row.value = encrypt(CANARY_PLAINTEXT, settings=settings)
        session.flush()
        return
    raise EncryptionKeyError(
        "NEWSDESK_ENCRYPTION_KEY cannot decrypt the stored canary: it is not the key this "
        f"database's {stored} API key(s) were encrypted with. Set it back to that key; to "
        "change keys, put the new key first and the old one after it (comma-separated), run "
        "`newsdesk keys rotate-encryption`, then drop the old key"
    )
