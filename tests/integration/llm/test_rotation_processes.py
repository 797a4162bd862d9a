"""Rotation is shared by processes: workers starting at once get different keys (both DBs)."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from typing import Any

from sqlalchemy import select

from newsdesk import db
from newsdesk.llm.models import ApiKey
from tests.conftest import make_settings

HELLO = [{"role": "user", "content": "hello"}]


def _worker(url: str, encryption_key: str, calls: int, barrier: Any, results: Any) -> None:
    from tenacity import wait_none

    from newsdesk.llm import gateway
    from newsdesk.settings import configure

    try:
        settings = make_settings(url, encryption_key=encryption_key)
        configure(settings)
        client = gateway.for_execution(
            execution_id=None,
            stage="extract_urls",
            api_key_id=None,
            use_fallback=True,
            settings=settings,
            wait=wait_none(),
        )
        assert client is not None
        barrier.wait(timeout=30)  # start together: the claims race for real
        served: Any = [client.chat(messages=HELLO).api_key_id]
        barrier.wait(timeout=30)  # every first call is made before any second one
        served += [client.chat(messages=HELLO).api_key_id for _ in range(calls - 1)]
        db.dispose_engines()
    except BaseException as exc:
        served = f"{type(exc).__name__}: {exc}"
    results.put(served)


def _run(settings: Any, processes: int, calls: int) -> list[list[int]]:
    ctx = multiprocessing.get_context("spawn")  # no inherited connections or threads
    barrier = ctx.Barrier(processes)
    results = ctx.Queue()
    key = settings.encryption_key.get_secret_value()
    workers = [
        ctx.Process(target=_worker, args=(settings.database_url, key, calls, barrier, results))
        for _ in range(processes)
    ]
    for w in workers:
        w.start()
    served = [results.get(timeout=60) for _ in workers]
    errors = [s for s in served if isinstance(s, str)]
    assert not errors, errors
    for w in workers:
        w.join(timeout=30)
        assert w.exitcode == 0
    return served


def test_workers_share_one_rotation(settings, add_key, fake_openai) -> None:
    ids = [add_key(f"k{i}", f"ok-kkkk-000{i}").id for i in range(2)]
    served = _run(settings, processes=2, calls=5)
    # Two workers starting at once get different keys.
    assert sorted(s[0] for s in served) == ids
    per_key = Counter(key for s in served for key in s)
    assert sum(per_key.values()) == 10 and set(per_key) == set(ids)
    # Every claim was counted once, whichever process made it (no lost update).
    with db.session_scope(settings.database_url) as s:
        counts = dict(s.execute(select(ApiKey.id, ApiKey.usage_count)).tuples().all())
    assert counts == dict(per_key)
    assert max(per_key.values()) - min(per_key.values()) <= 2
    assert sum(fake_openai.calls.values()) == 10
