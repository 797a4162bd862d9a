"""Errors of the LLM gateway. None of their messages may contain a plaintext key.

LlmError (502)                 a call could not be completed
├── NoKeyAvailable (503)       no usable key left; lists every key's state
├── LlmRequestRejected         context length, content policy, bad request: no key switch
└── LlmUnreachable             the provider kept failing (5xx, timeouts) on every key tried
ApiKeyNotFound (404), AliasTaken (409), KeyUndecryptable (409)
EncryptionKeyError             (ConfigError) missing or wrong NEWSDESK_ENCRYPTION_KEY
"""

from newsdesk.core.errors import ConfigError, Conflict, NewsdeskError, NotFound, Unavailable


class LlmError(NewsdeskError):
    """A call could not be completed."""

    status_code = 502
    code = "llm_error"


class NoKeyAvailable(LlmError, Unavailable):
    """No active, non-cooling, within-budget key is left; the message lists each key's state."""

    status_code = 503
    code = "no_api_key_available"


class LlmRequestRejected(LlmError):
    """The provider refused the request itself (context length, content policy): no key switch."""

    code = "llm_request_rejected"


class LlmUnreachable(LlmError):
    """Server errors, timeouts or connection errors outlasted the retries on every key tried."""

    code = "llm_unreachable"


class ApiKeyNotFound(NotFound):
    code = "api_key_not_found"


class AliasTaken(Conflict):
    code = "alias_taken"


class KeyUndecryptable(Conflict):
    """The stored key cannot be opened with the configured encryption key(s)."""

    code = "api_key_undecryptable"


class EncryptionKeyError(ConfigError):
    """The configured encryption key cannot decrypt the stored canary (or is missing)."""

    code = "encryption_key_error"
    exit_code = 2
