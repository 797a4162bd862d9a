"""The admin panel in a real browser: log in, sources, Run now, roles, language, throttling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_login_then_create_and_deactivate_a_source(page: Page) -> None:
    page.goto("/sources")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fsources$"))
    login(page)
    expect(page).to_have_url(re.compile(r"/sources$"))
    expect(page.locator("h1")).to_have_text("Sources")

    page.click("text=New source")
    page.fill("input[name=name]", "el-pais")
    page.fill("input[name=display_name]", "El País")
    page.fill("input[name=base_url]", "https://elpais.com/")
    page.fill("input[name=language]", "es")
    page.select_option("select[name=category]", "politics")
    page.click("button:has-text('Save')")
    expect(page).to_have_url(re.compile(r"/sources\?created=el-pais$"))
    row = page.locator("tr", has_text="el-pais")
    expect(row).to_contain_text("El País")
    expect(row).to_contain_text("Politics")
    screenshot(page, "sources")

    # A duplicate name is refused by the service; its message shows inline.
    page.click("text=New source")
    page.fill("input[name=name]", "el-pais")
    page.fill("input[name=base_url]", "https://elpais.com/")
    page.click("button:has-text('Save')")
    expect(page.locator("#flash .alert-error")).to_contain_text("already exists")

    page.goto("/sources")
    row = page.locator("tr", has_text="el-pais")
    row.locator("button:has-text('Deactivate')").click()
    expect(row.locator(".badge")).to_have_text("Inactive")
    expect(row.locator("button:has-text('Activate')")).to_be_visible()


def _add_source(database_url: str, name: str = "bbc") -> None:
    from newsdesk import db
    from newsdesk.sources import schemas as source_schemas
    from newsdesk.sources import service as sources_service

    with db.session_scope(database_url) as session:
        sources_service.create(
            session=session,
            source_in=source_schemas.SourceCreate(
                name=name, base_url=f"https://{name}.example/", language="en"
            ),
        )


def test_run_now_badge_turns_completed_without_reload(page: Page, live_server) -> None:
    _add_source(live_server.database_url)
    login(page)
    expect(page.locator("h1")).to_have_text("Dashboard")
    page.evaluate("window.__not_reloaded = true")

    form = page.locator("#run-now form")
    form.locator("select[name=stage]").select_option("logs")
    form.locator("input[name=source_ids]").first.check()
    page.click("#run-now summary")
    form.locator("textarea[name=parameters]").fill('{"lines": 6, "pause": 0.3}')
    form.locator("button[type=submit]").click()

    expect(page.locator("#flash")).to_contain_text("Execution #1 started.")
    badge = page.locator("#exec-1 .badge")
    expect(badge).to_have_text(re.compile("Pending|Running|Completed"))
    expect(badge).to_have_text("Completed", timeout=30_000)
    expect(page.locator("#exec-1")).to_contain_text("6")  # found
    assert page.evaluate("window.__not_reloaded") is True
    screenshot(page, "dashboard")

    page.click("#exec-1 a")
    expect(page.locator("#exec-status .badge")).to_have_text("Completed")
    expect(page.locator("#sources-done")).to_have_text("6")
    expect(page.locator("#exec-logs")).to_contain_text("line 6 of 6")
    expect(page.locator("#exec-status button:has-text('Retry')")).to_be_visible()
    screenshot(page, "execution")


def test_cancel_a_running_execution_from_its_page(page: Page, live_server) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    login(page)
    form = page.locator("#run-now form")
    form.locator("select[name=stage]").select_option("sleep")
    page.click("#run-now summary")
    form.locator("textarea[name=parameters]").fill('{"seconds": 60}')
    form.locator("button[type=submit]").click()
    page.locator("#flash a").click()
    status = page.locator("#exec-status .badge")
    expect(status).to_have_text("Running", timeout=20_000)
    page.locator("#exec-status button:has-text('Cancel')").click()
    expect(status).to_have_text("Cancelled", timeout=20_000)
    expect(page.locator("#exec-status")).to_contain_text("alice")
