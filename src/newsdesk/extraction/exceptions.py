"""Errors of stage 01 (see the tree in `newsdesk.core.errors`)."""

from newsdesk.core.errors import BadRequest, Unavailable


class InvalidPageUrl(BadRequest):
    code = "invalid_page_url"


class PageUnavailable(Unavailable):
    """The page to extract could not be fetched (the message says why)."""

    code = "page_unavailable"
