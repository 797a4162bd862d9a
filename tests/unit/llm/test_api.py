"""REST for API keys and costs; the plaintext key never leaks (both DBs)."""

from __future__ import annotations

import logging
import os

from sqlalchemy import select

from newsdesk import db
from newsdesk.auth.models import AuditEntry
from newsdesk.llm.models import ApiKey
from tests.unit.llm.conftest import HELLO

SECRET = "ok-TOPSECRET-4c1f9a2b7e"


def _create(client, fake_openai, **extra):
    body = {"alias": "main", "api_key": SECRET, "base_url": fake_openai.base_url, **extra}
    return client.post("/api/v1/api-keys", json=body)


def test_crud_and_state(admin_client, fake_openai) -> None:
    r = _create(admin_client, fake_openai, model="gpt-4o-mini", daily_budget_usd="2.50")
    assert r.status_code == 201, r.text
    key = r.json()
    assert key["hint"] == SECRET[-4:]
    assert key["state"] == "ok" and key["spend_today_usd"] == "0"
    assert key["daily_budget_usd"] == "2.50"
    assert _create(admin_client, fake_openai).json()["code"] == "alias_taken"

    r = admin_client.patch(f"/api/v1/api-keys/{key['id']}", json={"notes": "team A"})
    assert r.status_code == 200 and r.json()["notes"] == "team A"
    assert r.json()["hint"] == SECRET[-4:]  # no new key: the old one is kept

    r = admin_client.put(
        f"/api/v1/api-keys/{key['id']}",
        json={"alias": "renamed", "api_key": "ok-another-key-9999", "use_as_fallback": False},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["alias"], r.json()["hint"], r.json()["use_as_fallback"]) == (
        "renamed",
        "9999",
        False,
    )
    assert r.json()["base_url"] == fake_openai.base_url  # a PUT without it keeps it

    r = admin_client.post(f"/api/v1/api-keys/{key['id']}/disable")
    assert r.json()["state"] == "disabled"
    r = admin_client.post(f"/api/v1/api-keys/{key['id']}/enable")
    assert r.json()["state"] == "ok"

    listed = admin_client.get("/api/v1/api-keys").json()
    assert listed["total"] == 1 and listed["items"][0]["alias"] == "renamed"
    assert admin_client.delete(f"/api/v1/api-keys/{key['id']}").status_code == 204
    r = admin_client.get(f"/api/v1/api-keys/{key['id']}")
    assert (r.status_code, r.json()["code"]) == (404, "api_key_not_found")


def test_enable_clears_what_the_gateway_set(admin_client, settings, fake_openai) -> None:
    key_id = _create(admin_client, fake_openai).json()["id"]
    with db.session_scope(settings.database_url) as s:
        s.get(ApiKey, key_id).disabled_reason = "disabled_quota"
    assert admin_client.get(f"/api/v1/api-keys/{key_id}").json()["state"] == "disabled_quota"
    r = admin_client.post(f"/api/v1/api-keys/{key_id}/enable")
    assert (r.json()["state"], r.json()["disabled_reason"]) == ("ok", None)


def test_viewer_reads_but_cannot_change(admin_client, viewer_client, fake_openai) -> None:
    key_id = _create(admin_client, fake_openai).json()["id"]
    assert viewer_client.get("/api/v1/api-keys").status_code == 200
    assert viewer_client.get(f"/api/v1/api-keys/{key_id}").status_code == 200
    assert viewer_client.get("/api/v1/costs").status_code == 200
    for method, path in (
        ("post", "/api/v1/api-keys"),
        ("patch", f"/api/v1/api-keys/{key_id}"),
        ("delete", f"/api/v1/api-keys/{key_id}"),
        ("post", f"/api/v1/api-keys/{key_id}/test"),
        ("post", f"/api/v1/api-keys/{key_id}/disable"),
    ):
        r = getattr(viewer_client, method)(path, **({"json": {}} if method != "delete" else {}))
        assert r.status_code == 403, (method, path, r.text)


def test_validation_messages(admin_client) -> None:
    r = admin_client.post(
        "/api/v1/api-keys", json={"alias": "x", "api_key": "ok-aaaa-1111", "base_url": "ftp://x"}
    )
    assert r.status_code == 422
    assert "base_url: must be an absolute http(s) URL" in r.json()["detail"]
    r = admin_client.post("/api/v1/api-keys", json={"alias": "x", "api_key": "short"})
    assert r.status_code == 422 and "api_key" in r.json()["detail"]
    assert "short" not in r.text


def test_test_endpoint_reports_each_outcome(admin_client, fake_openai) -> None:
    expected = {
        "ok-aaaa-0001": "ok",
        "invalid-bbbb-02": "invalid",
        "quota-cccc-0003": "quota_exhausted",
        "ratelimit-dddd": "rate_limited",
        "down-eeee-0005": "unreachable",
        "context-ffff-06": "ok",  # the key was accepted; only the request was refused
    }
    for n, (secret, result) in enumerate(expected.items()):
        body = {"alias": f"k{n}", "api_key": secret, "base_url": fake_openai.base_url}
        key_id = admin_client.post("/api/v1/api-keys", json=body).json()["id"]
        r = admin_client.post(f"/api/v1/api-keys/{key_id}/test")
        assert r.status_code == 200, r.text
        assert r.json()["result"] == result, (secret, r.json())
        assert secret not in r.text
    r = admin_client.post(
        "/api/v1/api-keys",
        json={"alias": "gone", "api_key": "ok-gone-0001", "base_url": "http://127.0.0.1:9/v1"},
    )
    r = admin_client.post(f"/api/v1/api-keys/{r.json()['id']}/test")
    assert r.json()["result"] == "unreachable"


def test_costs_endpoints(admin_client, settings, fake_openai, make_gateway) -> None:
    _create(admin_client, fake_openai, model="gpt-4o-mini")
    make_gateway().chat(messages=HELLO, operation="classify")
    r = admin_client.get("/api/v1/costs", params={"group_by": "model"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["group_by"] == "model" and "from" in body and "to" in body
    [group] = body["groups"]
    assert group["group"] == "gpt-4o-mini-2024-07-18" and group["calls"] == 1
    assert group["cost_unknown"] is False
    assert admin_client.get("/api/v1/costs", params={"group_by": "planet"}).status_code == 422
    r = admin_client.get("/api/v1/costs", params={"from": "2025-03-02", "to": "2025-03-01"})
    assert r.status_code == 400
    r = admin_client.get("/api/v1/costs/export.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.strip().splitlines()
    assert lines[0] == (
        "timestamp,date,stage,model,operation,input_tokens,output_tokens,total_tokens,cost_usd"
    )
    assert len(lines) == 2 and ",classify," in lines[1]


def test_plaintext_key_never_leaks(
    admin_client, settings, fake_openai, make_gateway, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    invalid_secret = "invalid-TOPSECRET-77aa11bb"
    texts = []
    r = _create(admin_client, fake_openai)
    texts.append(r.text)
    key_id = r.json()["id"]
    r = admin_client.post(
        "/api/v1/api-keys",
        json={"alias": "bad", "api_key": invalid_secret, "base_url": fake_openai.base_url},
    )
    texts.append(r.text)
    texts.append(admin_client.patch(f"/api/v1/api-keys/{key_id}", json={"api_key": SECRET}).text)
    texts.append(admin_client.get("/api/v1/api-keys").text)
    texts.append(admin_client.get(f"/api/v1/api-keys/{key_id}").text)
    texts.append(admin_client.post(f"/api/v1/api-keys/{r.json()['id']}/test").text)
    client = make_gateway()
    for _ in range(3):
        client.chat(messages=HELLO)
    texts.append(admin_client.get("/api/v1/api-keys").text)  # now with last_error set
    texts.append(admin_client.get("/api/v1/audit").text)
    texts.append(admin_client.get("/api/v1/costs/export.csv").text)
    texts.extend(r.getMessage() for r in caplog.records)
    texts.extend(line for _, line in client.lines)
    with db.session_scope(settings.database_url) as s:
        for entry in s.scalars(select(AuditEntry)):
            texts.append(repr((entry.before, entry.after, entry.detail)))
        texts.extend(k.ciphertext for k in s.scalars(select(ApiKey)))
    texts.extend(f"{k}={v}" for k, v in os.environ.items())
    assert caplog.records, "logging was captured"
    for secret in (SECRET, invalid_secret):
        leaks = [t for t in texts if secret in t]
        assert not leaks, leaks


def test_undecryptable_key_never_breaks_the_list(admin_client, settings, fake_openai) -> None:
    key_id = _create(admin_client, fake_openai).json()["id"]
    with db.session_scope(settings.database_url) as s:
        s.get(ApiKey, key_id).ciphertext = "gAAAAA-garbage"
    r = admin_client.get("/api/v1/api-keys")
    assert r.status_code == 200 and r.json()["items"][0]["state"] == "undecryptable"
    r = admin_client.post(f"/api/v1/api-keys/{key_id}/test")
    assert (r.status_code, r.json()["code"]) == (409, "api_key_undecryptable")
    r = admin_client.patch(f"/api/v1/api-keys/{key_id}", json={"api_key": "ok-fresh-key-0001"})
    assert r.json()["state"] == "ok"
