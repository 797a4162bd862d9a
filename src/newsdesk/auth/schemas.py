"""Users, tokens, logins and audit entries as the API reads and writes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from newsdesk.auth.models import Role
from newsdesk.core.schemas import ORMModel

Password = Field(min_length=1, max_length=1024)


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Password


class UserRead(ORMModel):
    id: int
    username: str
    role: Role
    is_active: bool
    must_change_password: bool
    created_at: datetime
    last_login_at: datetime | None


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=2, max_length=64, examples=["editor"])
    password: str = Field(min_length=8, max_length=1024)
    role: Role = Role.viewer


class UserUpdate(BaseModel):
    """Only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    is_active: bool | None = None


class PasswordSet(BaseModel):
    """An admin sets a user's password."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=8, max_length=1024)


class PasswordChange(BaseModel):
    """A user changes their own password."""

    model_config = ConfigDict(extra="forbid")

    current_password: str = Password
    new_password: str = Field(min_length=8, max_length=1024)


class LoginOut(BaseModel):
    user: UserRead
    csrf_token: str
    expires_at: datetime


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=128, examples=["nightly export"])
    user_id: int | None = Field(default=None, description="Owner; default: the caller")
    expires_in_days: int | None = Field(
        default=None, ge=1, le=3650, description="Lifetime; default: never expires"
    )


class TokenRead(ORMModel):
    id: int
    user_id: int
    username: str
    name: str | None
    prefix: str = Field(description="The token's first characters, to recognise it")
    status: str = Field(description="active | revoked | expired")
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_token(cls, token: Any, status: str) -> TokenRead:
        return cls(
            id=token.id,
            user_id=token.user_id,
            username=token.user.username,
            name=token.name,
            prefix=token.prefix,
            status=status,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
        )


class TokenCreated(TokenRead):
    token: str = Field(description="The secret; shown this once, never again")


class AuditRead(ORMModel):
    id: int
    at: datetime
    username: str | None
    action: str
    entity_type: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    detail: str | None
