"""`paginate` and `validated`: the list and form plumbing every domain shares."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.core.errors import Invalid
from newsdesk.core.handlers import validated
from newsdesk.core.paging import paginate
from newsdesk.core.schemas import Page, PageParams
from newsdesk.sources.models import Source


def _add_sources(session: Session, names: list[str]) -> None:
    for name in names:
        session.add(Source(name=name, display_name=name, base_url=f"https://{name}.example/"))
    session.flush()


def test_paginate_orders_bounds_and_counts_every_match(session: Session) -> None:
    _add_sources(session, ["delta", "alpha", "charlie", "bravo"])
    query = select(Source).where(Source.name != "delta")

    rows, total = paginate(session, query, Source.name, limit=2, offset=1)

    assert [s.name for s in rows] == ["bravo", "charlie"]
    assert total == 3  # the page bounds never shrink the total


def test_paginate_without_limit_returns_the_rest(session: Session) -> None:
    _add_sources(session, ["b", "a", "c"])

    rows, total = paginate(session, select(Source), Source.name.desc(), limit=None, offset=1)

    assert [s.name for s in rows] == ["b", "a"]
    assert total == 3


def test_page_of_copies_the_requested_bounds() -> None:
    page = Page[int].of([1, 2], 7, PageParams(limit=2, offset=4))

    assert page.model_dump() == {"items": [1, 2], "total": 7, "limit": 2, "offset": 4}


class _Form(BaseModel):
    name: str = Field(min_length=1)
    count: int


def test_validated_names_each_bad_field() -> None:
    assert validated(_Form, {"name": "x", "count": "3"}) == _Form(name="x", count=3)
    with pytest.raises(Invalid) as caught:
        validated(_Form, {"name": "", "count": "many"})
    assert caught.value.detail.startswith("name: String should have at least 1 character; count:")
