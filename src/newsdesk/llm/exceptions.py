"""Errors of the LLM gateway. None of their messages may contain a plaintext key."""

from newsdesk.core.errors import Conflict, NewsdeskError, NotFound, Unavailable


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


class ApiKeyNotFound(NotFound):
    code = "api_key_not_found"


class AliasTaken(Conflict):
    code = "alias_taken"


class EncryptionKeyError(NewsdeskError):
    """The configured encryption key cannot decrypt the stored canary (or is missing)."""

    code = "encryption_key_error"
    exit_code = 2
