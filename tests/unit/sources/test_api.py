"""REST endpoints of /api/v1/sources, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from newsdesk import db
from newsdesk.extraction.models import Article
from newsdesk.settings import Settings
from tests.unit.sources.conftest import audit_actions, table_state

URL = "/api/v1/sources"
EL_PAIS = {
    "name": "elpais",
    "display_name": "El País",
    "base_url": "https://elpais.com/",
    "language": "es",
    "category": "general",
    "feed_url": "https://feeds.elpais.com/mrss-s/pages/ep/site/elpais.com/portada",
}


def _create(client: TestClient, **overrides: Any) -> dict[str, Any]:
    r = client.post(URL, json={**EL_PAIS, **overrides})
    assert r.status_code == 201, r.text
    return r.json()


def test_create_get_and_list_with_filters_and_pagination(admin_client: TestClient) -> None:
    created = _create(admin_client)
    assert created["name"] == "elpais" and created["kind"] == "html" and created["is_active"]
    _create(admin_client, name="bbc", base_url="https://www.bbc.com/news", language="en")
    _create(admin_client, name="abc", base_url="https://www.abc.es/", feed_url=None)
    _create(admin_client, name="lemonde", base_url="https://www.lemonde.fr/", language="fr")
    admin_client.delete(f"{URL}/{created['id']}")

    got = admin_client.get(f"{URL}/{created['id']}")
    assert got.status_code == 200 and got.json()["display_name"] == "El País"

    everything = admin_client.get(URL).json()
    assert [s["name"] for s in everything["items"]] == ["abc", "bbc", "elpais", "lemonde"]
    assert (everything["total"], everything["limit"], everything["offset"]) == (4, 50, 0)

    page = admin_client.get(URL, params={"limit": 2, "offset": 1}).json()
    assert [s["name"] for s in page["items"]] == ["bbc", "elpais"] and page["total"] == 4

    active_es = admin_client.get(URL, params={"is_active": True, "language": "es"}).json()
    assert [s["name"] for s in active_es["items"]] == ["abc"]
    inactive = admin_client.get(URL, params={"is_active": "false"}).json()
    assert [s["name"] for s in inactive["items"]] == ["elpais"]

    bad = admin_client.get(URL, params={"limit": 0})
    assert bad.status_code == 422 and "limit" in bad.json()["detail"]


def test_put_replaces_every_field_and_patch_only_the_sent_ones(admin_client: TestClient) -> None:
    source = _create(admin_client, notes="keep?", rules={"include": [r"/\d{4}/"]})
    sid = source["id"]

    patched = admin_client.patch(f"{URL}/{sid}", json={"category": "economy", "render_js": True})
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["category"], body["render_js"], body["notes"]) == ("economy", True, "keep?")
    assert body["rules"] == {"include": [r"/\d{4}/"]}

    put = admin_client.put(
        f"{URL}/{sid}",
        json={"name": "el-pais", "base_url": "https://elpais.com/", "kind": "html"},
    )
    assert put.status_code == 200, put.text
    body = put.json()
    assert body["name"] == "el-pais"
    # Omitted optional fields return to their defaults under PUT.
    assert body["notes"] is None and body["category"] is None and body["rules"] is None
    assert body["render_js"] is False and body["language"] is None

    cleared = admin_client.patch(f"{URL}/{sid}", json={"display_name": None})
    assert cleared.status_code == 200 and cleared.json()["display_name"] is None


def test_every_validation_error_is_clear_and_changes_nothing(
    admin_client: TestClient, settings: Settings
) -> None:
    sid = _create(admin_client)["id"]
    before = table_state(settings)
    audits = audit_actions(settings)

    bad_creates = [
        ({"name": "El País"}, "name: must be a slug"),
        ({"base_url": "elpais.com"}, "base_url: must be an absolute http(s) URL"),
        ({"base_url": None}, "base_url"),
        ({"feed_url": "ftp://x/feed"}, "feed_url: must be an absolute http(s) URL"),
        ({"language": "spanish"}, "language: unknown language code 'spanish'"),
        ({"kind": "rss", "feed_url": None}, "feed_url: a source of kind 'rss' needs a feed_url"),
        ({"kind": "blog"}, "kind: Input should be 'html', 'rss' or 'sitemap'"),
        ({"rules": {"exclude": ["(?P<x"]}}, "invalid regular expression '(?P<x'"),
        ({"colour": "red"}, "colour: Extra inputs are not permitted"),
    ]
    for changes, expected in bad_creates:
        body = {**EL_PAIS, "name": "new-one", **changes}
        r = admin_client.post(URL, json=body)
        assert r.status_code == 422, (changes, r.text)
        assert r.json()["code"] == "invalid"
        assert expected in r.json()["detail"], r.json()

    bad_patches = [
        ({"name": None}, 422, "name: cannot be null"),
        ({"base_url": "mailto:x@y.z"}, 422, "base_url: must be an absolute"),
        ({"kind": "sitemap"}, 200, None),  # it has a feed_url, so sitemap is fine
        ({"kind": "rss", "feed_url": None}, 422, "needs a feed_url"),
        ({"language": "zz"}, 422, "language: unknown language code"),
        ({"rules": {"include": ["*"]}}, 422, "invalid regular expression '*'"),
    ]
    for changes, status, expected in bad_patches:
        r = admin_client.patch(f"{URL}/{sid}", json=changes)
        assert r.status_code == status, (changes, r.text)
        if expected:
            assert expected in r.json()["detail"], r.json()
        else:
            admin_client.patch(f"{URL}/{sid}", json={"kind": "html"})

    put = admin_client.put(f"{URL}/{sid}", json={"name": "elpais"})
    assert put.status_code == 422 and "base_url: Field required" in put.json()["detail"]

    assert table_state(settings)[0] | {"updated_at": None} == before[0] | {"updated_at": None}
    assert len(table_state(settings)) == 1
    # Only the valid kind change (and its undoing) was audited.
    assert audit_actions(settings) == [*audits, *[("source.update", str(sid))] * 2]


def test_duplicate_name_is_409(admin_client: TestClient, settings: Settings) -> None:
    _create(admin_client)
    other = _create(admin_client, name="bbc", base_url="https://www.bbc.com/news")
    before = table_state(settings)

    r = admin_client.post(URL, json=EL_PAIS)
    assert r.status_code == 409
    assert r.json()["code"] == "source_name_taken"
    assert "'elpais' already exists" in r.json()["detail"]

    r = admin_client.patch(f"{URL}/{other['id']}", json={"name": "elpais"})
    assert r.status_code == 409 and r.json()["code"] == "source_name_taken"
    assert table_state(settings) == before


def test_unknown_id_is_404(admin_client: TestClient) -> None:
    for method in ("get", "put", "patch", "delete"):
        kwargs = {"json": EL_PAIS} if method in ("put", "patch") else {}
        r = getattr(admin_client, method)(f"{URL}/999", **kwargs)
        assert r.status_code == 404, (method, r.text)
        assert r.json() == {"detail": "no source with id 999", "code": "source_not_found"}


def test_delete_deactivates_and_purge_deletes(admin_client: TestClient, settings: Settings) -> None:
    sid = _create(admin_client)["id"]
    r = admin_client.delete(f"{URL}/{sid}")
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert admin_client.get(f"{URL}/{sid}").status_code == 200

    r = admin_client.delete(f"{URL}/{sid}", params={"purge": "true"})
    assert r.status_code == 204
    assert admin_client.get(f"{URL}/{sid}").status_code == 404
    assert [a for a, _ in audit_actions(settings)] == [
        "source.create",
        "source.disable",
        "source.purge",
    ]


def test_purge_refuses_a_source_that_articles_refer_to(
    admin_client: TestClient, settings: Settings
) -> None:
    sid = _create(admin_client)["id"]
    with db.session_scope(settings.database_url) as s:
        s.add(
            Article(
                url="https://elpais.com/a/1.html",
                source_id=sid,
                decided_by="rule",
                run_date=date(2026, 1, 2),
            )
        )
    before = table_state(settings)
    r = admin_client.delete(f"{URL}/{sid}", params={"purge": True})
    assert r.status_code == 409
    assert r.json()["code"] == "source_in_use"
    assert "1 article(s) refer to it" in r.json()["detail"]
    assert table_state(settings) == before


def test_viewer_reads_but_cannot_change(
    admin_client: TestClient, viewer_client: TestClient, settings: Settings
) -> None:
    sid = _create(admin_client)["id"]
    before = table_state(settings)
    assert viewer_client.get(URL).json()["total"] == 1
    assert viewer_client.get(f"{URL}/{sid}").status_code == 200
    attempts = [
        viewer_client.post(URL, json={**EL_PAIS, "name": "other"}),
        viewer_client.put(f"{URL}/{sid}", json=EL_PAIS),
        viewer_client.patch(f"{URL}/{sid}", json={"category": "x"}),
        viewer_client.delete(f"{URL}/{sid}"),
        viewer_client.delete(f"{URL}/{sid}", params={"purge": True}),
    ]
    assert [r.status_code for r in attempts] == [403] * 5
    assert all(r.json()["code"] == "forbidden" for r in attempts)
    assert table_state(settings) == before


def test_unauthenticated_requests_get_401(client: TestClient) -> None:
    for method, path in [("get", URL), ("get", f"{URL}/1"), ("post", URL), ("delete", f"{URL}/1")]:
        r = getattr(client, method)(path)
        assert r.status_code == 401, (method, path)
        assert r.json()["code"] == "auth_required"


def test_old_rows_with_null_fields_never_crash(
    admin_client: TestClient, settings: Settings
) -> None:
    with db.session_scope(settings.database_url) as s:
        s.execute(
            text(
                "INSERT INTO sources (name, kind, is_active, render_js, respect_robots, "
                "created_at, updated_at) VALUES ('legacy', 'rss', true, false, true, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    listed = admin_client.get(URL)
    assert listed.status_code == 200, listed.text
    row = listed.json()["items"][0]
    assert (row["name"], row["base_url"], row["language"], row["feed_url"]) == (
        "legacy",
        None,
        None,
        None,
    )
    assert admin_client.get(URL, params={"language": "es"}).json()["total"] == 0
    assert admin_client.get(f"{URL}/{row['id']}").status_code == 200
    # Untouched missing fields do not block other edits (here: disabling it).
    r = admin_client.patch(f"{URL}/{row['id']}", json={"is_active": False, "category": "old"})
    assert r.status_code == 200, r.text
    assert admin_client.delete(f"{URL}/{row['id']}").status_code == 200


def test_every_change_is_audited_with_snapshots(admin_client: TestClient) -> None:
    sid = _create(admin_client)["id"]
    admin_client.patch(f"{URL}/{sid}", json={"category": "economy"})
    admin_client.patch(f"{URL}/{sid}", json={"category": "economy"})  # no change, no entry
    admin_client.delete(f"{URL}/{sid}")

    audit = admin_client.get("/api/v1/audit", params={"entity_type": "source"}).json()
    entries = list(reversed(audit["items"]))
    assert [e["action"] for e in entries] == ["source.create", "source.update", "source.disable"]
    assert all(e["username"] == "alice" and e["entity_id"] == str(sid) for e in entries)
    create, update, disable = entries
    assert create["before"] is None and create["after"]["name"] == "elpais"
    assert (update["before"]["category"], update["after"]["category"]) == ("general", "economy")
    assert (disable["before"]["is_active"], disable["after"]["is_active"]) == (True, False)
