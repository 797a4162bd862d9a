"""Articles: which URLs are known, storing new ones, and remembering the LLM's rejections.

Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from newsdesk.extraction.models import Article, RejectedLink

# Keep IN lists well under every driver's parameter limit.
_CHUNK = 500


@dataclass(frozen=True)
class NewArticle:
    url: str
    title: str | None
    category: str | None
    decided_by: str


@dataclass
class StoreReport:
    inserted: list[str] = field(default_factory=list)
    # Stored meanwhile by another source or run: counted as seen again.
    duplicates: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _chunks(items: Collection[str]) -> Iterable[list[str]]:
    items = list(items)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def known_urls(*, session: Session, urls: Collection[str]) -> set[str]:
    """Return those of `urls` already stored as articles."""
    found: set[str] = set()
    for chunk in _chunks(urls):
        found.update(session.scalars(select(Article.url).where(Article.url.in_(chunk))))
    return found


def rejected_urls(*, session: Session, urls: Collection[str]) -> set[str]:
    """Return those of `urls` the LLM already judged not to be articles."""
    found: set[str] = set()
    for chunk in _chunks(urls):
        found.update(session.scalars(select(RejectedLink.url).where(RejectedLink.url.in_(chunk))))
    return found


def lookup(*, session: Session, urls: Collection[str]) -> dict[str, bool]:
    """Return {url: True} for stored articles and {url: False} for remembered rejections."""
    known = dict.fromkeys(rejected_urls(session=session, urls=urls), False)
    known.update(dict.fromkeys(known_urls(session=session, urls=urls), True))
    return known


def remember_rejected(
    *, session: Session, urls: Collection[str], source_id: int | None, now: datetime
) -> int:
    """Remember links the LLM said are not articles; return how many were new."""
    seen = rejected_urls(session=session, urls=urls)
    for chunk in _chunks(seen):
        session.execute(
            update(RejectedLink)
            .where(RejectedLink.url.in_(chunk))
            .values(last_seen_at=now)
            .execution_options(synchronize_session=False)
        )
    added = 0
    for url in dict.fromkeys(u for u in urls if u not in seen):
        try:
            with session.begin_nested():
                session.add(
                    RejectedLink(url=url, source_id=source_id, first_seen_at=now, last_seen_at=now)
                )
                session.flush()
        except IntegrityError:
            continue  # remembered meanwhile by another run
        added += 1
    return added


def touch(*, session: Session, urls: Collection[str], now: datetime) -> int:
    """Set `last_seen_at` of the stored articles among `urls`; return how many rows changed."""
    changed = 0
    for chunk in _chunks(urls):
        result = session.execute(
            update(Article)
            .where(Article.url.in_(chunk))
            .values(last_seen_at=now)
            .execution_options(synchronize_session=False)
        )
        changed += result.rowcount or 0  # type: ignore[attr-defined]
    return changed


def store_articles(
    *,
    session: Session,
    articles: Iterable[NewArticle],
    source_id: int | None,
    execution_id: int | None,
    run_date: date,
    now: datetime,
) -> StoreReport:
    """Insert `articles`; one bad row loses nothing else.

    All rows go in one savepoint first (the common case); if that fails, each row gets its
    own savepoint, and rows stored meanwhile by someone else count as duplicates.
    """
    report = StoreReport()
    items = list(articles)

    def row(item: NewArticle) -> Article:
        return Article(
            url=item.url,
            source_id=source_id,
            title=(item.title or None) and item.title[:1000],
            category=item.category,
            decided_by=str(item.decided_by),
            first_seen_at=now,
            last_seen_at=now,
            run_date=run_date,
            execution_id=execution_id,
        )

    if not items:
        return report
    try:
        with session.begin_nested():
            session.add_all([row(item) for item in items])
            session.flush()
        report.inserted = [item.url for item in items]
        return report
    except SQLAlchemyError:
        pass  # the savepoint's rollback dropped its rows: go one row at a time
    for item in items:
        try:
            with session.begin_nested():
                session.add(row(item))
                session.flush()
        except IntegrityError as exc:
            if known_urls(session=session, urls=[item.url]):
                report.duplicates.append(item.url)
            else:
                report.failed.append((item.url, str(exc.orig).splitlines()[0][:300]))
        except SQLAlchemyError as exc:
            report.failed.append((item.url, str(exc).splitlines()[0][:300]))
        else:
            report.inserted.append(item.url)
    if report.duplicates:
        touch(session=session, urls=report.duplicates, now=now)
    return report


def count(*, session: Session, source_id: int | None = None) -> int:
    query = select(func.count()).select_from(Article)
    if source_id is not None:
        query = query.where(Article.source_id == source_id)
    return session.scalar(query) or 0
