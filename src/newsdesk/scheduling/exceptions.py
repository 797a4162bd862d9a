"""Errors of the scheduling domain (see the tree in `newsdesk.core.errors`)."""

from __future__ import annotations

from newsdesk.core.errors import BadRequest, Conflict, Invalid, NotFound


class InvalidCron(Invalid):
    """A cron expression that cannot be parsed; `field` names the bad field when known."""

    code = "invalid_cron"


class InvalidTimezone(Invalid):
    code = "invalid_timezone"


class ScheduleNotFound(NotFound):
    code = "schedule_not_found"


class ScheduleNameTaken(Conflict):
    code = "schedule_name_taken"


class ScheduleInputInvalid(BadRequest):
    """A source or API key the schedule names does not exist (or is inactive)."""

    code = "schedule_input_invalid"
