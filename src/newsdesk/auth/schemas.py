from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from newsdesk.auth.models import Role
from newsdesk.core.schemas import ORMModel


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class UserRead(ORMModel):
    id: int
    username: str
    role: Role
    is_active: bool
    must_change_password: bool
    created_at: datetime
    last_login_at: datetime | None


class LoginOut(BaseModel):
    user: UserRead
    csrf_token: str
    expires_at: datetime


class AuditRead(ORMModel):
    id: int
    at: datetime
    username: str | None
    action: str
    entity_type: str
    entity_id: str | None
    before: dict | None
    after: dict | None
    detail: str | None
