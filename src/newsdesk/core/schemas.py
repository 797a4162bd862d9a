"""Shapes shared by every API: the list page and the error body."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """Every list endpoint answers with this shape."""

    items: list[T]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, items: Sequence[T], total: int, params: PageParams) -> Page[T]:
        """Wrap one page of `items` with the bounds it was asked for."""
        return cls(items=list(items), total=total, limit=params.limit, offset=params.offset)


class ErrorBody(BaseModel):
    detail: Any
    code: str


class ORMModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PageParams(BaseModel):
    limit: int = 50
    offset: int = 0


def page_params(
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page")] = 50,
    offset: Annotated[int, Query(ge=0, description="Items to skip")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


# The dependency every list endpoint takes: `page: Paging`.
Paging = Annotated[PageParams, Depends(page_params)]
