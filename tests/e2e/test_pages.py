"""The admin panel in a real browser: log in, sources, Run now, roles, language, throttling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from newsdesk import db
from newsdesk.auth import service as auth_service
from newsdesk.auth.models import Role
from newsdesk.sources import schemas as source_schemas
from newsdesk.sources import service as sources_service
from tests.e2e.conftest import PASSWORD, LiveServer, login, screenshot

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


def _add_source(database_url: str, name: str) -> None:
    with db.session_scope(database_url) as session:
        sources_service.create(
            session=session,
            source_in=source_schemas.SourceCreate(
                name=name, base_url=f"https://{name}.example/", language="en"
            ),
        )


def test_run_now_badge_turns_completed_without_reload(page: Page, live_server: LiveServer) -> None:
    _add_source(live_server.database_url, "bbc")
    login(page)
    expect(page.locator("h1")).to_have_text("Dashboard")
    page.evaluate("window.__not_reloaded = true")

    form = page.locator("#run-now form")
    form.locator("select[name=stage]").select_option("logs")
    form.locator("label", has_text="bbc").locator("input").check()
    page.click("#run-now summary")
    form.locator("textarea[name=parameters]").fill('{"lines": 6, "pause": 0.3}')
    form.locator("button[type=submit]").click()

    expect(page.locator("#flash")).to_contain_text(re.compile(r"Execution #\d+ started\."))
    href = page.locator("#flash a").get_attribute("href") or ""
    row = page.locator(f"#exec-{href.rsplit('/', 1)[-1]}")
    badge = row.locator(".badge")
    expect(badge).to_have_text(re.compile("Pending|Running|Completed"))
    expect(badge).to_have_text("Completed", timeout=30_000)
    expect(row.locator("td.num").first).to_have_text("6")  # articles found
    assert page.evaluate("window.__not_reloaded") is True
    screenshot(page, "dashboard")

    row.locator("a").click()
    expect(page.locator("#exec-status .badge")).to_have_text("Completed")
    expect(page.locator("#sources-done")).to_have_text("6")
    expect(page.locator("#exec-logs")).to_contain_text("line 6 of 6")
    expect(page.locator("#exec-status button:has-text('Retry')")).to_be_visible()
    screenshot(page, "execution")


def test_cancel_a_running_execution_from_its_page(page: Page, live_server: LiveServer) -> None:
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


def test_viewer_sees_pages_but_no_change_buttons(page: Page, live_server: LiveServer) -> None:
    _add_source(live_server.database_url, "le-monde")
    login(page, "victor")
    expect(page.locator(".who")).to_contain_text("Viewer")
    expect(page.locator("#run-now")).to_have_count(0)
    page.goto("/sources")
    expect(page.locator("tr", has_text="le-monde")).to_be_visible()
    expect(page.locator("text=New source")).to_have_count(0)
    expect(page.locator("button:has-text('Deactivate')")).to_have_count(0)
    page.goto("/schedules")
    expect(page.locator("text=New schedule")).to_have_count(0)
    page.goto("/api-keys")
    expect(page.locator("text=Add key")).to_have_count(0)
    # Typing the URL of a change form is refused by the server, not just hidden.
    response = page.goto("/sources/new")
    assert response is not None and response.status == 403
    expect(page.locator(".alert-error")).to_contain_text("only an admin")


def test_spanish_ui(page: Page) -> None:
    login(page)
    page.goto("/sources?lang=es")
    expect(page.locator("h1")).to_have_text("Fuentes")
    expect(page.locator("nav.nav")).to_contain_text("Programaciones")
    expect(page.locator("a:has-text('Nueva fuente')")).to_be_visible()
    page.click("nav.nav >> text=Panel")  # the choice is remembered in a cookie
    expect(page.locator("h1")).to_have_text("Panel")
    expect(page.locator("#run-now h2")).to_have_text("Ejecutar ahora")
    page.goto("/schedules/new")
    page.fill("input[name=cron_expression]", "0 7 * * 1-5")
    expect(page.locator("#cron-help")).to_contain_text("lunes")
    screenshot(page, "schedule-form-es")


def test_login_throttling_message(page: Page) -> None:
    for _ in range(3):  # the fixture's server allows 3 failures
        login(page, "mallory", "not-the-password")
        expect(page.locator("#login-error")).to_have_text("Wrong username or password.")
    login(page, "mallory", PASSWORD)
    expect(page.locator("#login-error")).to_contain_text("Too many failed logins")
    expect(page).to_have_url(re.compile(r"/login"))


def test_schedule_with_live_cron_check(page: Page) -> None:
    login(page)
    page.goto("/schedules")
    page.click("text=New schedule")
    page.fill("input[name=name]", "weekday mornings")
    page.select_option("select[name=stage]", "noop")
    page.fill("input[name=cron_expression]", "0 25 * * *")
    expect(page.locator("#cron-help")).to_contain_text("'hour' must be 0-23")
    page.fill("input[name=cron_expression]", "0 7 * * 1-5")
    expect(page.locator("#cron-help")).to_contain_text("At 07:00, Monday through Friday")
    expect(page.locator("#cron-help li")).to_have_count(5)
    page.click("button:has-text('Save')")
    row = page.locator("tr", has_text="weekday mornings")
    expect(row).to_contain_text("07:00")
    expect(row.locator(".badge")).to_have_text("Active")
    row.locator("button:has-text('Pause')").click()
    expect(row.locator(".badge")).to_have_text("Paused")
    screenshot(page, "schedules")


def test_pages_fit_a_phone_screen(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        login(page)
        for path in ("/", "/executions", "/sources", "/schedules", "/api-keys", "/costs"):
            page.goto(path)
            # Wide tables scroll inside their own box; the page itself never scrolls sideways.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
        page.goto("/")
        screenshot(page, "dashboard-phone")
    finally:
        context.close()


def test_a_temporary_password_must_be_changed_first(page: Page, live_server: LiveServer) -> None:
    from newsdesk.auth.models import User

    with db.session_scope(live_server.database_url) as session:
        auth_service.create_user(
            session=session,
            username="newcomer",
            password=PASSWORD,
            role=Role.admin,
            must_change_password=True,
        )
    page.goto("/sources")
    login(page, "newcomer")
    expect(page).to_have_url(re.compile(r"/account/password$"))
    expect(page.locator("#password-temporary")).to_be_visible()
    page.goto("/executions")  # every other page sends back here
    expect(page).to_have_url(re.compile(r"/account/password$"))
    page.fill("input[name=current_password]", PASSWORD)
    page.fill("input[name=new_password]", "n3w-pass-word")
    page.fill("input[name=confirm_password]", "n3w-pass-word")
    page.click("button:has-text('Change password')")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_have_text("Dashboard")
    with db.session_scope(live_server.database_url) as session:
        user = session.query(User).filter_by(username="newcomer").one()
        assert user.must_change_password is False
