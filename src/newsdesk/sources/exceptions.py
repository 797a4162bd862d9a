"""Errors of the sources domain (see the tree in `newsdesk.core.errors`)."""

from __future__ import annotations

from newsdesk.core.errors import BadRequest, Conflict, Invalid, NotFound


class SourceNotFound(NotFound):
    code = "source_not_found"


class SourceNameTaken(Conflict):
    code = "source_name_taken"


class SourceInUse(Conflict):
    """A purge of a source that articles still refer to."""

    code = "source_in_use"


class SourceInvalid(Invalid):
    """A field (or a combination of fields) that fails validation."""

    code = "invalid"


class UnknownSources(BadRequest):
    """Names or ids handed to `resolve` that are unknown or inactive."""

    code = "unknown_source"


class ImportInvalid(Invalid):
    """A sources YAML file that cannot be imported; the detail lists every problem."""

    code = "invalid_import"
