"""Errors of users, tokens and logins."""

from newsdesk.core.errors import (
    AuthRequired,
    BadRequest,
    Conflict,
    Invalid,
    NotFound,
    PermissionDenied,
    TooManyRequests,
)


class UserNotFound(NotFound):
    code = "user_not_found"


class UsernameTaken(Conflict):
    code = "username_taken"


class LastAdmin(Conflict):
    code = "last_admin"


class UserDisabled(Conflict):
    code = "user_disabled"


class BadCredentials(AuthRequired):
    code = "bad_credentials"


class WrongPassword(BadRequest):
    """The current password given to change one's own password is wrong."""

    code = "wrong_password"


class LoginThrottled(TooManyRequests):
    code = "login_throttled"


class TokenNotFound(NotFound):
    code = "token_not_found"


class WeakPassword(Invalid):
    code = "weak_password"


class PasswordChangeRequired(PermissionDenied):
    """A password login of a user whose password is temporary (the printed first admin's)."""

    code = "password_change_required"
