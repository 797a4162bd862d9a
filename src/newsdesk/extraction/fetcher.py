"""Polite, bounded HTTP fetching for stage 01: one httpx.AsyncClient per run.

- at most `fetch_concurrency` requests at once, and one at a time per host with a gap of
  `fetch_host_delay` seconds (or the host's robots.txt Crawl-delay, if larger) between them;
- robots.txt (protego) checked unless the source opts out;
- at most 5 redirects, a total time limit per attempt, bodies cut off at `fetch_max_bytes`;
- content types checked before the body is read (a page must be HTML, a feed XML-ish);
- retries (tenacity) with exponential backoff and jitter on connection errors, 429 and 5xx,
  waiting what `Retry-After` asks when the server says;
- conditional GET: `If-None-Match`/`If-Modified-Since` sent, a 304 means "unchanged".
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from protego import Protego
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from newsdesk.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("xml", "rss", "atom", "text/plain", "text/html", "application/octet-stream")
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 120.0
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504, 507, 508, 520, 521, 522, 523, 524})


@dataclass
class FetchResult:
    url: str
    final_url: str | None = None
    status: int | None = None
    content: bytes = b""
    content_type: str | None = None
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    truncated: bool = False
    attempts: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.not_modified

    @property
    def text(self) -> str:
        """The body, decoded by the header's charset, else `<meta charset>`, else UTF-8."""
        encoding = self.encoding
        if not encoding:
            found = _META_CHARSET.search(self.content[:4096])
            encoding = found.group(1).decode("ascii") if found else "utf-8"
        try:
            return self.content.decode(encoding, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


class RetryableStatus(Exception):
    """A 429 or 5xx answer worth another attempt."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class Refused(Exception):
    """An answer we will not read (wrong content type, too many redirects...)."""


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Return the seconds a `Retry-After` header asks to wait (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


@dataclass
class _HostGate:
    delay: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = 0.0
    robots: Protego | None = None
    robots_task: asyncio.Task[None] | None = None


class Fetcher:
    """Fetch pages and feeds politely; use as `async with Fetcher(settings) as f`."""

    def __init__(
        self,
        settings: Settings,
        *,
        client: httpx.AsyncClient | None = None,
        backoff_initial: float = 0.5,
        backoff_max: float = 10.0,
        deadline: float | None = None,
    ) -> None:
        self.settings = settings
        # time.monotonic() after which no request starts (the run's soft time limit).
        self.deadline = deadline
        self._own_client = client is None
        self.client = client or httpx.AsyncClient(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(settings.fetch_timeout, connect=settings.fetch_connect_timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            limits=httpx.Limits(
                max_connections=settings.fetch_concurrency * 2,
                max_keepalive_connections=settings.fetch_concurrency,
            ),
        )
        self._global = asyncio.Semaphore(settings.fetch_concurrency)
        self._gates: dict[str, _HostGate] = {}
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.requests = 0

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_client:
            await self.client.aclose()

    def _gate(self, url: str) -> _HostGate:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        gate = self._gates.get(key)
        if gate is None:
            gate = self._gates[key] = _HostGate(delay=self.settings.fetch_host_delay)
        return gate

    @contextlib.asynccontextmanager
    async def _slot(self, gate: _HostGate) -> AsyncIterator[None]:
        """Hold the host (one request at a time, spaced) and a global slot."""
        loop = asyncio.get_running_loop()
        async with gate.lock:
            wait = gate.next_at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            async with self._global:
                # The gap runs from the start of one request to the start of the next (as
                # Scrapy's DOWNLOAD_DELAY); the host lock keeps them from overlapping anyway.
                gate.next_at = loop.time() + gate.delay
                yield

    async def allowed(self, url: str) -> bool:
        """Return whether robots.txt lets our User-Agent fetch `url` (loaded once per host)."""
        gate = self._gate(url)
        if gate.robots_task is None:  # one robots.txt request per host, even when racing
            gate.robots_task = asyncio.ensure_future(self._load_robots(url, gate))
        await asyncio.shield(gate.robots_task)
        if gate.robots is None:
            return True
        return gate.robots.can_fetch(url, self.settings.user_agent)

    async def sitemaps(self, url: str) -> list[str]:
        """The `Sitemap:` URLs of the robots.txt of `url`'s host, if it was read (never
        fetches it: a source that ignores robots.txt gets none)."""
        gate = self._gate(url)
        if gate.robots_task is None:
            return []
        await asyncio.shield(gate.robots_task)
        return list(gate.robots.sitemaps) if gate.robots is not None else []

    async def _load_robots(self, url: str, gate: _HostGate) -> None:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        try:
            async with self._slot(gate):
                self.requests += 1
                async with asyncio.timeout(self.settings.fetch_timeout):
                    response = await self.client.get(robots_url)
        except (httpx.HTTPError, TimeoutError):
            return  # unreachable robots.txt: nothing forbids
        if response.status_code != 200:
            return  # 4xx means "no rules"; 5xx we treat the same rather than stall the run
        gate.robots = Protego.parse(response.text[:500_000])
        delay = gate.robots.crawl_delay(self.settings.user_agent)
        if delay is not None:
            gate.delay = max(gate.delay, float(delay))
            gate.next_at = max(gate.next_at, asyncio.get_running_loop().time() + gate.delay)

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        respect_robots: bool = True,
        accept: tuple[str, ...] = HTML_TYPES,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """Fetch `url`; never raises for HTTP trouble: the result carries `error` instead.

        The body is cut off at `max_bytes` (default: the `fetch_max_bytes` setting)."""
        result = FetchResult(url=url)
        if self._late():
            result.error = "the run's time limit was reached before this request"
            return result
        if respect_robots and not await self.allowed(url):
            result.error = "disallowed by robots.txt"
            return result
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        gate = self._gate(url)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.fetch_retries),
            wait=self._wait,
            retry=retry_if_exception_type((httpx.TransportError, TimeoutError, RetryableStatus)),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    result.attempts += 1
                    await self._attempt(url, headers, accept, gate, result, max_bytes)
        except RetryableStatus as exc:
            result.status = exc.status
            result.error = f"HTTP {exc.status} after {result.attempts} attempts"
        except TimeoutError:
            result.error = f"timed out after {self.settings.fetch_timeout:g} s"
        except httpx.TooManyRedirects:
            result.error = f"more than {MAX_REDIRECTS} redirects"
        except httpx.HTTPError as exc:
            result.error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        except Refused as exc:
            result.error = str(exc)
        return result

    def _late(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryableStatus) and exc.retry_after is not None:
            if exc.retry_after > MAX_RETRY_AFTER:
                raise exc  # asked to come back much later: give up now, report the status
            return exc.retry_after
        backoff = wait_exponential_jitter(initial=self.backoff_initial, max=self.backoff_max)
        return backoff(state)

    async def _attempt(
        self,
        url: str,
        headers: dict[str, str],
        accept: tuple[str, ...],
        gate: _HostGate,
        result: FetchResult,
        max_bytes: int | None = None,
    ) -> None:
        limit = min(max_bytes or self.settings.fetch_max_bytes, self.settings.fetch_max_bytes)
        async with self._slot(gate):
            if self._late():
                raise Refused("the run's time limit was reached before this request")
            self.requests += 1
            timeout = self.settings.fetch_timeout
            if self.deadline is not None:
                timeout = max(0.1, min(timeout, self.deadline - time.monotonic()))
            async with asyncio.timeout(timeout):
                await self._read(url, headers, accept, limit, result)

    async def _read(
        self,
        url: str,
        headers: dict[str, str],
        accept: tuple[str, ...],
        limit: int,
        result: FetchResult,
    ) -> None:
        async with self.client.stream("GET", url, headers=headers) as response:
            result.status = response.status_code
            result.final_url = str(response.url)
            if response.status_code == 304:
                result.not_modified = True
                result.etag = response.headers.get("etag") or headers.get("If-None-Match")
                result.last_modified = response.headers.get("last-modified") or headers.get(
                    "If-Modified-Since"
                )
                return
            if response.status_code in _RETRY_STATUS:
                raise RetryableStatus(
                    response.status_code, parse_retry_after(response.headers.get("retry-after"))
                )
            if response.status_code >= 400:
                raise Refused(f"HTTP {response.status_code}")
            content_type = response.headers.get("content-type", "").lower()
            result.content_type = content_type.split(";")[0].strip() or None
            if content_type and not any(t in content_type for t in accept):
                raise Refused(f"refused content type {result.content_type}")
            result.encoding = response.charset_encoding
            result.etag = response.headers.get("etag")
            result.last_modified = response.headers.get("last-modified")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    result.truncated = True
                    break
            result.content = b"".join(chunks)[:limit]
