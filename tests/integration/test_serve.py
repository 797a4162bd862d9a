"""`newsdesk serve` as a user runs it: a real process on a free port and a temp SQLite file."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

NEWSDESK = Path(sys.executable).with_name("newsdesk")
PASSWORD_LINE = re.compile(r"created user 'admin' with password: (\S+)")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """One `newsdesk serve` process; its stderr is collected line by line."""

    def __init__(self, workdir: Path, db_file: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
        env["NEWSDESK_DATABASE_URL"] = f"sqlite:///{db_file}"
        env["NEWSDESK_EMBEDDED_SCHEDULER"] = "false"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [str(NEWSDESK), "serve", "--port", str(self.port)],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group: stop() ends any worker too
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                time.sleep(0.2)  # let the reader drain the last lines
                pytest.fail(f"newsdesk serve exited with {self.proc.returncode}:\n{self.stderr}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        pytest.fail(f"newsdesk serve not ready after {timeout} s:\n{self.stderr}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # any worker left behind
        self.proc.wait(timeout=10)
        self._reader.join(timeout=5)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[], Server]]:
    started: list[Server] = []
    db_file = tmp_path / "newsdesk.db"

    def start() -> Server:
        server = Server(tmp_path, db_file)
        started.append(server)
        server.wait_ready()
        return server

    yield start
    for server in started:
        server.stop()


def test_first_start_prints_admin_password_once_and_it_logs_in(
    serve: Callable[[], Server],
) -> None:
    first = serve()
    found = PASSWORD_LINE.search(first.stderr)
    assert found, first.stderr
    password = found.group(1)
    assert "newsdesk users set-password admin" in first.stderr

    health = httpx.get(f"{first.base}/healthz").json()
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["migration"] == health["expected_migration"]

    with httpx.Client(base_url=first.base) as c:
        assert c.get("/api/v1/auth/me").status_code == 401
        r = c.post("/api/v1/auth/login", json={"username": "admin", "password": password})
        assert r.status_code == 200, r.text
        me = c.get("/api/v1/auth/me").json()
        assert me["username"] == "admin" and me["role"] == "admin"
        assert me["must_change_password"] is True
        assert c.get("/openapi.json").status_code == 200
        assert c.get("/docs").status_code == 200
    time.sleep(0.3)
    assert "GET /api/v1/auth/me -> 200" in first.stderr  # request logging
    first.stop()

    second = serve()
    assert not PASSWORD_LINE.search(second.stderr) and "created user" not in second.stderr
    r = httpx.post(
        f"{second.base}/api/v1/auth/login", json={"username": "admin", "password": password}
    )
    assert r.status_code == 200
