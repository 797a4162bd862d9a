"""JavaScript rendering for sources with `render_js`: Playwright driving Debian's Chromium.

Never a downloaded browser: `executable_path` is `settings.chromium_path`. The browser is
started on the first page of a run, shared by the run's pages, restarted once when it has
crashed, and closed at the end. Each page scrolls a few times for lazy content and has a
hard time limit (`settings.render_timeout`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from dataclasses import dataclass
from typing import Any

from newsdesk.settings import Settings

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCROLL_STEPS = 4
SCROLL_PAUSE_MS = 250
MAX_PAGES_AT_ONCE = 2


@dataclass
class RenderResult:
    url: str
    final_url: str | None = None
    status: int | None = None
    html: str = ""
    error: str | None = None
    # the main document's validators, for a conditional GET on the next run
    etag: str | None = None
    last_modified: str | None = None


def _proxy() -> dict[str, str] | None:
    # Honour the same proxy variables httpx does, so rendering goes where fetching goes.
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        value = os.environ.get(name)
        if value:
            bypass = os.environ.get("NO_PROXY") or os.environ.get("no_proxy")
            return {"server": value, **({"bypass": bypass} if bypass else {})}
    return None


class Renderer:
    """Render pages with one browser per run; use as `async with Renderer(settings) as r`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._playwright: Any = None
        self._browser: Any = None
        self._lock = asyncio.Lock()
        self._pages = asyncio.Semaphore(MAX_PAGES_AT_ONCE)
        self.launches = 0

    async def __aenter__(self) -> Renderer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _ensure_browser(self) -> Any:
        async with self._lock:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            from playwright.async_api import async_playwright

            if self._playwright is None:
                self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(
                executable_path=self.settings.chromium_path,
                args=LAUNCH_ARGS,
                headless=True,
                proxy=_proxy(),
            )
            self.launches += 1
            return self._browser

    async def render(self, url: str) -> RenderResult:
        """Return the rendered HTML of `url`; errors are reported in the result, never raised."""
        result = RenderResult(url=url)
        async with self._pages:
            for attempt in (1, 2):
                try:
                    async with asyncio.timeout(self.settings.render_timeout):
                        await self._render_once(url, result)
                    return result
                except TimeoutError:
                    result.error = f"rendering took longer than {self.settings.render_timeout:g} s"
                    return result
                except Exception as exc:  # Playwright raises its own Error types, many of them
                    crashed = self._browser is None or not self._browser.is_connected()
                    result.error = f"rendering failed: {str(exc).splitlines()[0][:200]}"
                    if not crashed or attempt == 2:
                        return result
                    # The browser died under us: start a new one and try the page once more.
        return result

    async def _render_once(self, url: str, result: RenderResult) -> None:
        browser = await self._ensure_browser()
        context = await browser.new_context(user_agent=self.settings.user_agent)
        try:
            page = await context.new_page()
            response = await page.goto(url, wait_until="domcontentloaded")
            if response is not None:
                result.status = response.status
                result.etag = response.headers.get("etag")
                result.last_modified = response.headers.get("last-modified")
            for _ in range(SCROLL_STEPS):
                await page.evaluate("window.scrollBy(0, document.body.scrollHeight)")
                await page.wait_for_timeout(SCROLL_PAUSE_MS)
            # A page that keeps polling is rendered all the same.
            with contextlib.suppress(Exception):
                await page.wait_for_load_state("networkidle", timeout=2000)
            result.final_url = page.url
            result.html = await page.content()
            result.error = None
        finally:
            await context.close()

    async def aclose(self) -> None:
        if self._browser is not None:
            with contextlib.suppress(Exception):  # already gone
                await self._browser.close()
            self._browser = None
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None
