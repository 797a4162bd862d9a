"""Every table of newsdesk, imported in one place for Alembic and `create_all`."""

from newsdesk.auth.models import ApiToken, AuditEntry, LoginAttempt, User
from newsdesk.db import Base
from newsdesk.extraction.models import Article, RejectedLink
from newsdesk.llm.models import ApiKey, AppState, LlmCall
from newsdesk.runs.models import Execution, ExecutionLog, SourceRun
from newsdesk.scheduling.models import Schedule
from newsdesk.sources.models import Source

__all__ = [
    "ApiKey",
    "ApiToken",
    "AppState",
    "Article",
    "AuditEntry",
    "Base",
    "Execution",
    "ExecutionLog",
    "LlmCall",
    "LoginAttempt",
    "RejectedLink",
    "Schedule",
    "Source",
    "SourceRun",
    "User",
]
