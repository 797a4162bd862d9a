"""One page of a `select()` and the total that match, for every list service."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


def paginate(
    session: Session,
    query: Select[tuple[T]],
    *order_by: Any,
    limit: int | None,
    offset: int,
) -> tuple[list[T], int]:
    """Return the rows of `query` in `order_by` order (`limit` None: all), and its total.

    The total counts the filtered query as a subquery, so it ignores the page bounds.
    """
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(*order_by).limit(limit).offset(offset)).all()
    return list(rows), total
