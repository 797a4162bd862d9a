"""Sources with render_js: Debian's Chromium (via Playwright) runs the page's JavaScript."""

from __future__ import annotations

import asyncio
import os

import pytest
from sqlalchemy import select

from newsdesk import db, stages
from newsdesk.extraction.models import Article
from newsdesk.extraction.render import Renderer
from newsdesk.settings import Settings
from newsdesk.sources.models import Source
from newsdesk.testing.newssites import NewsSitesServer, Response
from tests.conftest import service_missing
from tests.integration.extraction.conftest import context, load_specs

# Links exist only after the script runs; one more appears when the page is scrolled.
PAGE = b"""<!doctype html><html><body><div id="front"></div><div style="height:5000px"></div>
<script>
const front = document.getElementById("front");
function add(href, text, id) {
  const a = document.createElement("a");
  a.href = href; a.textContent = text; if (id) a.id = id;
  front.appendChild(a);
}
add("/2026/12/04/el-gobierno-aprueba-el-plan", "El Gobierno aprueba el plan");
add("/economia/la-bolsa-sube-1234567.html", "La Bolsa sube");
window.addEventListener("scroll", () => {
  if (!document.getElementById("lazy")) add("/2026/12/04/cargada-al-hacer-scroll", "Lazy", "lazy");
});
</script></body></html>"""


@pytest.fixture
def browser_settings(sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings for a run with Debian's Chromium, talking to the loopback server directly."""
    if not os.path.exists(sqlite_settings.chromium_path):
        service_missing(f"Chromium at {sqlite_settings.chromium_path}")
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return sqlite_settings


def _js_source(settings: Settings, server: NewsSitesServer) -> int:
    """A render_js source for the server's /js/ page; its id."""
    with db.session_scope(settings.database_url) as session:
        source = Source(name="js", base_url=f"{server.base_url}/js/", render_js=True)
        session.add(source)
        session.flush()
        return source.id


def _run(settings: Settings, source_id: int) -> stages.StageResult:
    return stages.get("extract_urls").run(context(settings, load_specs(settings, [source_id])))


@pytest.mark.browser
def test_render_js_source_finds_script_built_links(browser_settings: Settings) -> None:
    settings = browser_settings
    with NewsSitesServer() as server:
        server.add_route("/js/", lambda h: Response(200, PAGE, {"Content-Type": "text/html"}))
        result = _run(settings, _js_source(settings, server))
    assert result.sources[0].status == "ok", result.sources[0].error
    with db.session_scope(settings.database_url) as session:
        urls = set(session.scalars(select(Article.url)))
    assert urls == {
        f"{server.base_url}/2026/12/04/el-gobierno-aprueba-el-plan",
        f"{server.base_url}/economia/la-bolsa-sube-1234567.html",
        f"{server.base_url}/2026/12/04/cargada-al-hacer-scroll",
    }


@pytest.mark.browser
def test_the_browser_is_started_once_and_restarted_after_a_crash(
    browser_settings: Settings,
) -> None:

    async def go(url: str) -> tuple[list[str | None], int]:
        async with Renderer(browser_settings) as renderer:
            first = await renderer.render(url)
            await renderer._browser.close()  # as if Chromium had died
            second = await renderer.render(url)
            return [r.error for r in (first, second)], renderer.launches

    with NewsSitesServer() as server:
        url = server.add_route("/js/", lambda h: Response(200, PAGE, {"Content-Type": "text/html"}))
        errors, launches = asyncio.run(go(url))
    assert errors == [None, None] and launches == 2


@pytest.mark.browser
def test_an_unchanged_rendered_page_is_not_rendered_again(browser_settings: Settings) -> None:
    """The render's ETag is stored; the next run asks with it and a 304 spares the browser."""
    settings = browser_settings
    tag = '"front-1"'
    asked: list[str | None] = []

    def front(handler: object) -> Response:
        validator = handler.headers.get("If-None-Match")  # type: ignore[attr-defined]
        asked.append(validator)
        if validator == tag:
            return Response(304, b"", {"ETag": tag})
        return Response(200, PAGE, {"Content-Type": "text/html", "ETag": tag})

    with NewsSitesServer() as server:
        server.add_route("/js/", front)
        source_id = _js_source(settings, server)
        first = _run(settings, source_id)
        specs = load_specs(settings, [source_id])
        second = _run(settings, source_id)
    assert first.sources[0].status == "ok" and first.new_items == 3
    assert specs[0].etag == tag
    assert (second.sources[0].status, second.sources[0].http_status) == ("unchanged", 304)
    assert second.new_items == 0
    # the first run's browser asked without a validator, the second run once with it, no browser
    assert asked == [None, tag]
