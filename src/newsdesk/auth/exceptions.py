from newsdesk.core.errors import AuthRequired, Conflict, Invalid, NotFound, TooManyRequests


class UserNotFound(NotFound):
    code = "user_not_found"


class UsernameTaken(Conflict):
    code = "username_taken"


class BadCredentials(AuthRequired):
    code = "bad_credentials"


class LoginThrottled(TooManyRequests):
    code = "login_throttled"


class TokenNotFound(NotFound):
    code = "token_not_found"


class WeakPassword(Invalid):
    code = "weak_password"
