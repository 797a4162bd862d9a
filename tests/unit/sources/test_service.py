"""The helpers other domains call: resolve, to_spec, update_fetch_state; and set_active."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.auth.models import AuditEntry
from newsdesk.sources import service as sources_service
from newsdesk.sources.exceptions import SourceNotFound, UnknownSources
from newsdesk.sources.models import Source
from newsdesk.stages import SourceSpec
from tests.unit.sources.conftest import make_source


def test_resolve_by_ids_and_names_keeps_order_and_drops_duplicates(session: Session) -> None:
    elpais = make_source(session)
    bbc = make_source(session, name="bbc", base_url="https://www.bbc.com/news", language="en")
    abc = make_source(session, name="abc", base_url="https://www.abc.es/")

    found = sources_service.resolve(
        session=session, source_ids=[bbc.id, elpais.id], source_names=["elpais", "abc"]
    )
    assert [s.name for s in found] == ["bbc", "elpais", "abc"]
    # Neither ids nor names: every active source, by name.
    sources_service.deactivate(session=session, source=abc)
    assert [s.name for s in sources_service.resolve(session=session)] == ["bbc", "elpais"]
    everything = sources_service.resolve(session=session, active_only=False)
    assert [s.name for s in everything] == ["abc", "bbc", "elpais"]


def test_resolve_names_every_unknown_or_inactive_source(session: Session) -> None:
    make_source(session)
    off = make_source(session, name="bloomberg", base_url="https://www.bloomberg.com/")
    sources_service.deactivate(session=session, source=off)

    with pytest.raises(UnknownSources) as caught:
        sources_service.resolve(
            session=session, source_ids=[404], source_names=["elpais", "nope", "bloomberg"]
        )
    err = caught.value
    assert err.status_code == 400 and err.code == "unknown_source"
    assert "unknown source(s): id 404, 'nope'" in err.detail
    assert "inactive source(s): 'bloomberg'" in err.detail
    inactive_ok = sources_service.resolve(
        session=session, source_names=["bloomberg"], active_only=False
    )
    assert [s.name for s in inactive_ok] == ["bloomberg"]


def test_to_spec_is_a_plain_snapshot(session: Session) -> None:
    source = make_source(
        session,
        kind="rss",
        feed_url="https://feeds.elpais.com/portada",
        render_js=True,
        rules={"include": [r"/\d{4}/"], "exclude": []},
    )
    spec = sources_service.to_spec(source)
    assert spec == SourceSpec(
        id=source.id,
        name="elpais",
        base_url="https://elpais.com/",
        kind="rss",
        feed_url="https://feeds.elpais.com/portada",
        language="es",
        category="general",
        render_js=True,
        respect_robots=True,
        rules={"include": [r"/\d{4}/"]},
    )


def test_update_fetch_state_stores_validators_without_touching_updated_at(
    session: Session,
) -> None:
    source = make_source(session)
    session.commit()
    updated_at = source.updated_at
    fetched = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)

    assert sources_service.update_fetch_state(
        session=session,
        source_id=source.id,
        etag='"abc"',
        last_modified="Sun, 01 Mar 2026 08:00:00 GMT",
        fetched_at=fetched,
    )
    session.commit()
    session.expire_all()
    again = sources_service.get_or_raise(session=session, source_id=source.id)
    assert (again.etag, again.last_modified) == ('"abc"', "Sun, 01 Mar 2026 08:00:00 GMT")
    assert again.last_fetched_at == fetched
    assert again.updated_at == updated_at
    assert sources_service.to_spec(again).etag == '"abc"'
    assert not sources_service.update_fetch_state(
        session=session, source_id=999, etag=None, last_modified=None, fetched_at=fetched
    )


def test_set_active_twice_changes_and_audits_once(session: Session) -> None:
    source = make_source(session)
    sources_service.deactivate(session=session, source=source)
    sources_service.deactivate(session=session, source=source)
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["source.create", "source.disable"]
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 2
    assert session.get(Source, source.id).is_active is False


def test_lookups_raise_clear_not_found(session: Session) -> None:
    with pytest.raises(SourceNotFound, match="no source with id 7"):
        sources_service.get_or_raise(session=session, source_id=7)
    with pytest.raises(SourceNotFound, match="no source named 'ghost'"):
        sources_service.get_by_name_or_raise(session=session, name="ghost")
    assert sources_service.get_by_name(session=session, name="ghost") is None
