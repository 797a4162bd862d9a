"""Browser fixtures: the real app served by uvicorn on a free port, and Debian's Chromium.

One server process (with its embedded executor) per test module on its own fresh SQLite
database: starting one per test would cost most of the suite's time budget. Tests stay
independent by using their own names and users, and each gets a fresh browser context
(no cookies).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.auth.models import Role
from newsdesk.extraction.render import LAUNCH_ARGS
from tests.conftest import TEST_ENCRYPTION_KEY

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
SCREENSHOTS = os.environ.get("NEWSDESK_E2E_SCREENSHOTS")  # a folder, to look at the pages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    database_url: str


@pytest.fixture(scope="module")
def live_server(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The app on 127.0.0.1 with users alice and mallory (admins) and victor (viewer)."""
    tmp_path = tmp_path_factory.mktemp("e2e")
    shutil.copyfile(sqlite_template, tmp_path / "newsdesk.db")
    sqlite_url = f"sqlite:///{tmp_path / 'newsdesk.db'}"
    users = (("alice", Role.admin), ("mallory", Role.admin), ("victor", Role.viewer))
    with db.session_scope(sqlite_url) as session:
        for name, role in users:
            auth_service.create_user(session=session, username=name, password=PASSWORD, role=role)
    db.dispose_engines()
    port = _free_port()
    env = {
        **os.environ,
        "NEWSDESK_DATABASE_URL": sqlite_url,
        "NEWSDESK_ENCRYPTION_KEY": TEST_ENCRYPTION_KEY,
        "NEWSDESK_EXTRA_STAGES": "tests.fixtures.stages",
        "NEWSDESK_EMBEDDED_SCHEDULER": "false",
        "NEWSDESK_LOCAL_WORKERS": "1",
        "NEWSDESK_LOGIN_MAX_FAILURES": "3",
        "NEWSDESK_TIMEZONE": "Europe/Madrid",
        "PYTHONPATH": str(ROOT),
    }
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.server", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail("the server exited:\n" + (tmp_path / "server.log").read_text())
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not answer /healthz within 30 s")
            time.sleep(0.1)
        yield LiveServer(url=url, database_url=sqlite_url)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Debian's Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


def login(page: Page, username: str = "alice", password: str = PASSWORD) -> None:
    """Log in through the form (on the login page already shown, else on /login)."""
    if "/login" not in page.url:
        page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot when NEWSDESK_E2E_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)
