"""Latency of the executions API with 1,000,000 execution rows on PostgreSQL.

Fills a fresh database with 1,000,000 executions (one INSERT ... SELECT generate_series,
realistic mix of stages, statuses and triggers), serves the app with uvicorn in a
subprocess, and times, over HTTP with a bearer token, GET /api/v1/stage-executions?limit=50
(first page, a status filter, a deep cursor page) and GET /{id}/status. Targets: list
p99 < 50 ms, status p99 < 10 ms; the last column is p99 / target (below 1 meets it).

    .venv/bin/python -m bench.list_latency [--rows 1000000] [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from newsdesk import db

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
PORT = 8931

FILL = """
INSERT INTO executions (stage, trigger, status, reason, use_fallback, parameters, source_ids,
    run_date, created_at, started_at, completed_at, duration_ms, total_items, new_items,
    input_tokens, cached_tokens, output_tokens, cost_usd, cost_unknown)
SELECT
    CASE WHEN g % 10 = 0 THEN 'other_stage' ELSE 'extract_urls' END,
    CASE WHEN g % 3 = 0 THEN 'manual' ELSE 'scheduled' END,
    CASE WHEN g % 50 = 0 THEN 'failed' WHEN g % 97 = 0 THEN 'skipped' ELSE 'completed' END,
    CASE WHEN g % 50 = 0 THEN 'error' END,
    true, '{}'::json, '[1, 2, 3]'::json,
    (timestamp '2024-01-01' + g * interval '30 seconds')::date,
    timestamptz '2024-01-01 00:00:00+00' + g * interval '30 seconds',
    timestamptz '2024-01-01 00:00:01+00' + g * interval '30 seconds',
    timestamptz '2024-01-01 00:00:21+00' + g * interval '30 seconds',
    20000, g % 200, g % 20, 1000, 100, 200, 0.0012, false
FROM generate_series(1, :rows) AS g
"""


def _percentiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49], q[98]


def _time(client: httpx.Client, path: str, n: int) -> list[float]:
    for _ in range(30):
        client.get(path).raise_for_status()  # warm caches and the connection
    out = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(path).raise_for_status()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    name = f"newsdesk_bench_list_{os.getpid()}"
    admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{PG}/{name}"
    server = None
    try:
        db.upgrade(url)
        started = time.perf_counter()
        with db.get_engine(url).begin() as conn:
            conn.execute(text(FILL), {"rows": args.rows})
        with db.get_engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE executions"))
        print(
            f"filled {args.rows:,} executions in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )

        from newsdesk.auth import service as auth_service
        from newsdesk.auth.models import Role

        with db.session_scope(url) as s:
            user = auth_service.create_user(
                session=s, username="bench", password="correct-horse-battery", role=Role.viewer
            )
            token, _ = auth_service.create_token(session=s, user=user, name="bench")
        db.dispose_engines()

        env = dict(
            os.environ,
            NEWSDESK_DATABASE_URL=url,
            NEWSDESK_LOG_LEVEL="WARNING",
            NEWSDESK_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "newsdesk.app:create_app",
                "--port",
                str(PORT),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{PORT}"
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            middle = args.rows // 2
            cases = [
                ("floor: GET /auth/me (auth + one row)", "/api/v1/auth/me", 10),
                ("GET /stage-executions?limit=50", "/api/v1/stage-executions?limit=50", 50),
                ("  ...&status=failed", "/api/v1/stage-executions?limit=50&status=failed", 50),
                (
                    "  ...&stage=extract_urls&trigger=manual",
                    "/api/v1/stage-executions?limit=50&stage=extract_urls&trigger=manual",
                    50,
                ),
                (
                    "  ...&cursor=<middle of the table>",
                    f"/api/v1/stage-executions?limit=50&cursor={middle}",
                    50,
                ),
                (
                    "GET /stage-executions/{id}/status",
                    f"/api/v1/stage-executions/{middle}/status",
                    10,
                ),
            ]
            rows = []
            for label, path, target in cases:
                p50, p99 = _percentiles(_time(client, path, args.requests))
                rows.append((label, p50, p99, target))
    finally:
        if server is not None:
            server.terminate()
            server.wait(15)
        db.dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    print(
        f"\nExecutions API latency, {args.rows:,} rows on PostgreSQL, {args.requests} "
        "sequential requests each over HTTP (uvicorn, bearer token)\n"
    )
    print(
        f"| {'request':<42} | {'p50 ms':>7} | {'p99 ms':>7} | {'target':>7} | {'p99/target':>10} |"
    )
    print(f"|{'-' * 44}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 12}|")
    for label, p50, p99, target in rows:
        print(
            f"| {label:<42} | {p50:>7.1f} | {p99:>7.1f} | {'<' + str(target):>7} | "
            f"{p99 / target:>10.2f} |"
        )


if __name__ == "__main__":
    main()
