"""Sources pages: list filters (fragment), edit with per-field errors, deactivate."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsdesk import db
from newsdesk.settings import Settings
from newsdesk.sources import service as sources_service

HX = {"HX-Request": "true"}
EL_PAIS = {
    "name": "el-pais",
    "display_name": "El País",
    "base_url": "https://elpais.com/",
    "language": "es",
    "category": "economy",
    "is_active": "1",
    "respect_robots": "1",
    "rules_include": r"/\d{4}-\d{2}-\d{2}/",
}


def test_create_edit_filter_and_deactivate(
    admin_web: TestClient, sqlite_settings: Settings
) -> None:
    assert admin_web.post("/sources", data=EL_PAIS, headers=HX).status_code == 200
    bbc = {"name": "bbc", "base_url": "https://www.bbc.co.uk/", "language": "en"}
    assert admin_web.post("/sources", data=bbc, headers=HX).status_code == 200

    edit = admin_web.get("/sources/1/edit")
    assert 'value="El País"' in edit.text
    assert r"/\d{4}-\d{2}-\d{2}/" in edit.text
    r = admin_web.post(
        "/sources/1", data={**EL_PAIS, "kind": "rss", "language": "spanish"}, headers=HX
    )
    assert r.status_code == 422
    assert "feed_url" in r.text
    assert "language" in r.text
    r = admin_web.post("/sources/1", data={**EL_PAIS, "display_name": "EL PAÍS"}, headers=HX)
    assert r.status_code == 200
    with db.session_scope(sqlite_settings.database_url) as session:
        source = sources_service.get_or_raise(session=session, source_id=1)
        assert source.display_name == "EL PAÍS"
        assert source.rules == {"include": [r"/\d{4}-\d{2}-\d{2}/"]}

    r = admin_web.post("/sources/2/active", data={"active": "0"}, headers=HX)
    assert "Inactive" in r.text
    assert "<table" not in r.text  # just the row
    table = admin_web.get("/sources?active=yes", headers={**HX, "HX-Target": "sources-table"})
    assert "el-pais" in table.text
    assert "bbc" not in table.text
    es = admin_web.get("/sources?language=es&lang=es")
    assert "Economía" in es.text  # the category in the UI's language
    assert "Desactivar" in es.text
