"""The pipeline of one source (async): fetch -> links -> canonical -> known? -> rules -> LLM.

It returns plain data (`SourceWork`); storing is the sync step in `stage.py`. The known-URL
lookup is injected, so `newsdesk extract` runs the same pipeline with or without a database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from newsdesk.extraction.analysis import (
    add_feed,
    collect,
    decide_all,
    decide_by_heuristics,
    hosts_for,
)
from newsdesk.extraction.canonical import SourceHosts, canonicalize
from newsdesk.extraction.classify import ClassifyReport, classify
from newsdesk.extraction.feeds import FeedEntry, parse_feed, parse_sitemap
from newsdesk.extraction.fetcher import FEED_TYPES, HTML_TYPES, Fetcher, FetchResult
from newsdesk.extraction.links import PageInfo, RawLink, parse_page
from newsdesk.extraction.models import DecidedBy
from newsdesk.extraction.render import Renderer
from newsdesk.extraction.rules import (
    UNDECIDED,
    Candidate,
    SourceRules,
    Verdict,
    guess_category,
)
from newsdesk.settings import Settings
from newsdesk.stages import LlmClient, SourceOutcome, SourceSpec

MAX_FEEDS = 3
MAX_CHILD_SITEMAPS = 3
# The news sitemaps robots.txt names: at most this many files per source (an index and
# one child, or two sitemaps), each cut off at this size.
MAX_ROBOTS_SITEMAPS = 2
ROBOTS_SITEMAP_MAX_BYTES = 2 * 1024 * 1024
# A news sitemap is trusted to be complete when it lists at least this share (and number)
# of the page's article links; then an article link it omits is doubted (see below).
SITEMAP_COVERAGE = 0.8
SITEMAP_MIN_LISTED = 5
# Positive rules whose evidence stands on its own (a dated path not in a 2-day sitemap is
# simply older), so the sitemap's silence does not doubt them.
_SELF_EVIDENT = frozenset({"date in path", "source include rule"})


@dataclass
class RunEnv:
    """What every source of one run shares."""

    settings: Settings
    fetcher: Fetcher
    now: datetime
    llm: LlmClient | None = None
    # {url: True} for stored articles, {url: False} for links the LLM rejected before.
    lookup_known: Callable[[list[str]], dict[str, bool]] = lambda urls: {}
    log: Callable[[str, str], None] = lambda level, message: None
    should_stop: Callable[[], bool] = lambda: False
    renderer: Renderer | None = None

    def get_renderer(self) -> Renderer:
        if self.renderer is None:
            self.renderer = Renderer(self.settings)
        return self.renderer


@dataclass
class SourceWork:
    spec: SourceSpec
    outcome: SourceOutcome
    new: list[Candidate] = field(default_factory=list)
    known: list[Candidate] = field(default_factory=list)
    # Links not stored yet, with the rules' verdicts (None: undecided so far).
    unknown: list[Candidate] = field(default_factory=list)
    # Links the LLM said are not articles: remembered, so no later run asks again.
    rejected: list[Candidate] = field(default_factory=list)
    # (etag, last_modified) of the main document, to store; None: leave the source as is.
    fetch_state: tuple[str | None, str | None] | None = None
    warnings: list[str] = field(default_factory=list)

    def fail(self, error: str) -> SourceWork:
        self.outcome.status = "failed"
        self.outcome.error = error
        return self


class _Failed(Exception):
    pass


def _check(result: FetchResult, what: str) -> None:
    if result.error is not None:
        raise _Failed(f"{what} {result.url}: {result.error}")


async def analyse_source(spec: SourceSpec, env: RunEnv) -> SourceWork:
    """Run the pipeline of one source up to the LLM (excluded); never raises for I/O.

    Without an LLM, heuristics decide what the rules left undecided. Then
    `classify_pending` (with an LLM) and `finish` complete the decisions; storing is the
    stage's.
    """
    started = time.monotonic()
    work = SourceWork(spec, SourceOutcome(source_id=spec.id, source_name=spec.name, status="ok"))
    try:
        await _analyse(spec, env, work)
    except _Failed as exc:
        work.fail(str(exc))
    finally:
        work.outcome.duration_ms = int((time.monotonic() - started) * 1000)
    return work


async def _analyse(spec: SourceSpec, env: RunEnv, work: SourceWork) -> None:
    main_url = spec.base_url if spec.kind == "html" else (spec.feed_url or spec.base_url)
    if not main_url:
        raise _Failed("the source has no URL to fetch (set its base URL or feed URL)")
    links: list[RawLink] = []
    entries: list[FeedEntry] = []
    page: PageInfo | None = None
    if spec.kind == "html" and spec.render_js:
        if await _unchanged_since_render(spec, main_url, env, work):
            return
        page = await _rendered_page(spec, main_url, env, work)
    else:
        result = await env.fetcher.fetch(
            main_url,
            etag=spec.etag,
            last_modified=spec.last_modified,
            respect_robots=spec.respect_robots,
            accept=FEED_TYPES if spec.kind != "html" else HTML_TYPES,
        )
        work.outcome.http_status = result.status
        work.outcome.bytes = len(result.content)
        _check(result, "fetching")
        work.fetch_state = (result.etag, result.last_modified)
        if result.not_modified:
            work.outcome.status = "unchanged"
            return
        if result.truncated:
            work.warnings.append(
                f"{spec.name}: {main_url} is larger than {env.settings.fetch_max_bytes} bytes; "
                "read only the first part"
            )
        if spec.kind == "html":
            page = parse_page(result.text, result.final_url or main_url)
        elif spec.kind == "rss":
            entries = parse_feed(result.content, base_url=result.final_url)
        else:
            entries = await _sitemap_entries(result, spec, env)
    discovered: list[str] = []
    mapped: list[FeedEntry] = []
    if page is not None:
        links = page.links
        # The news sitemap robots.txt names (no request when it names none) lists exactly
        # the latest articles: read first, since a complete one makes the feeds, which list
        # the same articles, not worth their requests (each costs a 1 s host gap).
        mapped = await _robots_sitemap_entries(main_url, spec, env, work)
        entries.extend(mapped)
        if spec.feed_url and not mapped:
            entries.extend(await _feed_entries(spec.feed_url, spec, env, work))
        discovered = [u for u in dict.fromkeys(page.feeds) if u != spec.feed_url][:MAX_FEEDS]
    if env.should_stop():
        return
    hosts = hosts_for(spec.base_url or main_url, page)
    collected = collect(links, hosts, feed=entries)
    work.outcome.links_found = collected.links_found if page is not None else len(entries)
    candidates = list(collected.candidates.values())
    known = await asyncio.to_thread(env.lookup_known, [c.url for c in candidates])
    work.known = [c for c in candidates if known.get(c.url) is True]
    unknown = [c for c in candidates if c.url not in known]
    source_rules = SourceRules.from_spec(spec.rules)
    work.warnings.extend(f"{spec.name}: {e}" for e in source_rules.errors)
    decide_all(unknown, source_rules)
    # A complete news sitemap's URLs (None: none read, or not complete enough to trust).
    trusted = _trust_sitemap(unknown, work.known, mapped, hosts) if mapped else None
    undecided = [c for c in unknown if c.verdict.is_article is None]
    feeds: list[str] = []
    if trusted is None:
        if mapped and spec.feed_url:  # the sitemap was not enough: the configured feed too
            feeds.append(spec.feed_url)
        if undecided:
            # Cheapest first: the feeds a page announces are read only when rules left
            # links undecided (the configured feed_url is, unless a trusted sitemap answered).
            feeds.extend(discovered)
    if feeds and not env.should_stop():
        more: list[FeedEntry] = []
        for feed_url in feeds:
            more.extend(await _feed_entries(feed_url, spec, env, work))
        added = add_feed(collected.candidates, more, hosts)
        known_added = await asyncio.to_thread(env.lookup_known, [c.url for c in added])
        work.known.extend(c for c in added if known_added.get(c.url) is True)
        unknown.extend(c for c in added if c.url not in known_added)
        decide_all(unknown, source_rules)
        undecided = [c for c in unknown if c.verdict.is_article is None]
    work.unknown = unknown
    if undecided and env.llm is None:
        decide_by_heuristics(undecided)
        if trusted is not None:
            # The complete sitemap's silence outweighs the heuristics' guesses.
            for candidate in undecided:
                if candidate.url not in trusted:
                    candidate.verdict = Verdict(False, DecidedBy.feed, "not in the news sitemap")


def pending(works: list[SourceWork]) -> list[Candidate]:
    """The links of `works` that rules left undecided (what the LLM is asked about)."""
    return [
        c
        for work in works
        if work.outcome.status == "ok"
        for c in work.unknown
        if c.verdict.is_article is None
    ]


def classify_pending(works: list[SourceWork], env: RunEnv) -> ClassifyReport:
    """Ask the LLM about every undecided link of `works`, pooled in batches (sync).

    Pooling the sources' few undecided links each into full batches keeps the prompt's cost
    per link low. A call counts in the `llm_calls` of every source with a link in it.
    """
    links = pending(works)
    if env.llm is None or not links:
        return ClassifyReport()
    owner = {id(c): work for work in works for c in work.unknown}
    report = classify(
        links,
        llm=env.llm,
        categories=env.settings.categories,
        batch_size=env.settings.llm_batch_size,
        source_of=lambda c: owner[id(c)].spec.id or None,  # 0: a dry run, no source row
        log=env.log,
        should_stop=env.should_stop,
    )
    for batch in report.batches:
        for work in {id(owner[id(c)]): owner[id(c)] for c in batch}.values():
            work.outcome.llm_calls += 1
    if report.failed_calls:
        left = sum(1 for c in links if c.verdict.is_article is None)
        for work in works:
            stuck = sum(1 for c in work.unknown if c.verdict.is_article is None)
            if stuck:
                work.warnings.append(
                    f"{work.spec.name}: {stuck} link(s) left undecided: {report.errors[-1]}"
                )
        env.log(
            "warning",
            f"LLM: {report.failed_calls} of {report.calls} calls failed; {left} links stay "
            "undecided until the next run",
        )
    return report


def finish(work: SourceWork, env: RunEnv) -> None:
    """Settle a source's counts once every decision is made: new articles and categories."""
    if work.outcome.status != "ok":
        return
    categories = env.settings.categories
    work.outcome.undecided = sum(1 for c in work.unknown if c.verdict.is_article is None)
    work.new = [c for c in work.unknown if c.verdict.is_article]
    work.rejected = [
        c
        for c in work.unknown
        if c.verdict.is_article is False and c.verdict.decided_by == DecidedBy.llm
    ]
    for candidate in work.new:
        if candidate.category is None:
            candidate.category = guess_category(candidate.url, categories, work.spec.category)
    work.outcome.articles_found = len(work.known) + len(work.new)


async def _unchanged_since_render(
    spec: SourceSpec, url: str, env: RunEnv, work: SourceWork
) -> bool:
    """Whether a conditional GET says the page is as last rendered (then the browser is spared).

    Only with validators from an earlier render; any answer but 304 (errors included) leaves
    the decision to the browser, which renders the page as usual.
    """
    if not (spec.etag or spec.last_modified):
        return False
    result = await env.fetcher.fetch(
        url,
        etag=spec.etag,
        last_modified=spec.last_modified,
        respect_robots=spec.respect_robots,
    )
    if not result.not_modified:
        return False
    work.outcome.http_status = result.status
    work.outcome.status = "unchanged"
    work.fetch_state = (result.etag, result.last_modified)
    return True


async def _rendered_page(spec: SourceSpec, url: str, env: RunEnv, work: SourceWork) -> PageInfo:
    if spec.respect_robots and not await env.fetcher.allowed(url):
        raise _Failed(f"fetching {url}: disallowed by robots.txt")
    rendered = await env.get_renderer().render(url)
    work.outcome.http_status = rendered.status
    work.outcome.bytes = len(rendered.html.encode())
    if rendered.error is not None:
        raise _Failed(f"rendering {url}: {rendered.error}")
    work.fetch_state = (rendered.etag, rendered.last_modified)
    return parse_page(rendered.html, rendered.final_url or url)


async def _feed_entries(
    feed_url: str, spec: SourceSpec, env: RunEnv, work: SourceWork
) -> list[FeedEntry]:
    result = await env.fetcher.fetch(
        feed_url, respect_robots=spec.respect_robots, accept=FEED_TYPES
    )
    if result.error is not None:
        # A missing feed costs the signal, not the source.
        work.warnings.append(f"{spec.name}: feed {feed_url}: {result.error}")
        return []
    if b"<urlset" in result.content[:2000] or b"<sitemapindex" in result.content[:2000]:
        return await _sitemap_entries(result, spec, env)
    return parse_feed(result.content, base_url=result.final_url)


async def _sitemap_entries(result: FetchResult, spec: SourceSpec, env: RunEnv) -> list[FeedEntry]:
    sitemap = parse_sitemap(result.content, now=env.now)
    entries = list(sitemap.entries)
    for child in sitemap.children[:MAX_CHILD_SITEMAPS]:
        child_result = await env.fetcher.fetch(
            child, respect_robots=spec.respect_robots, accept=FEED_TYPES
        )
        if child_result.error is None:
            entries.extend(parse_sitemap(child_result.content, now=env.now).entries)
    return entries


def _sitemap_order(urls: list[str]) -> list[str]:
    """News sitemaps first (by name), then the rest in the order given."""
    return sorted(dict.fromkeys(urls), key=lambda u: "news" not in u.lower())


async def _robots_sitemap_entries(
    page_url: str, spec: SourceSpec, env: RunEnv, work: SourceWork
) -> list[FeedEntry]:
    """The fresh entries of the news sitemap(s) the host's robots.txt names.

    No request when robots.txt was not read or names no sitemap. At most
    `MAX_ROBOTS_SITEMAPS` files, an index followed one level (its news children first),
    gzip files skipped; only `<news:news>` entries of the last 2 days count.
    """
    if not spec.respect_robots:
        return []
    queue = [(u, 0) for u in _sitemap_order(await env.fetcher.sitemaps(page_url))]
    entries: list[FeedEntry] = []
    files = 0
    while queue and files < MAX_ROBOTS_SITEMAPS and not env.should_stop():
        url, depth = queue.pop(0)
        if urlsplit(url).path.lower().endswith(".gz"):
            continue
        files += 1
        result = await env.fetcher.fetch(
            url,
            respect_robots=spec.respect_robots,
            accept=FEED_TYPES,
            max_bytes=ROBOTS_SITEMAP_MAX_BYTES,
        )
        if result.error is not None:
            work.warnings.append(f"{spec.name}: sitemap {url}: {result.error}")
            continue
        sitemap = parse_sitemap(result.content, now=env.now, news_only=True)
        entries.extend(sitemap.entries)
        if depth == 0 and sitemap.children:
            children = _sitemap_order(sitemap.children)
            news = [c for c in children if "news" in c.lower()]
            queue[0:0] = [(c, 1) for c in (news or children[:1])]
    return entries


def _trust_sitemap(
    unknown: list[Candidate], known: list[Candidate], mapped: list[FeedEntry], hosts: SourceHosts
) -> set[str]:
    """Make undecided the rule-positive links a complete news sitemap does not list.

    Video pages and service tools can look exactly like articles in URL and anchor
    (`/culture/council-loses-...-5562993.html`); a news sitemap lists only the articles.
    It is trusted only when it covers `SITEMAP_COVERAGE` of the page's article links (a
    partial sitemap, of one section, say, doubts nothing). Returns the sitemap's URLs when
    it is trusted, else None. The LLM decides the links doubted; without an LLM, undecided
    links a trusted sitemap omits are not articles.
    """
    listed = {canonicalize(e.url, hosts, own_only=True) for e in mapped}
    positive = [c for c in unknown if c.verdict.is_article] + known
    covered = sum(1 for c in positive if c.url in listed)
    if covered < SITEMAP_MIN_LISTED or covered < SITEMAP_COVERAGE * len(positive):
        return None
    for candidate in unknown:
        verdict = candidate.verdict
        if (
            verdict.is_article
            and verdict.decided_by != DecidedBy.feed
            and verdict.reason not in _SELF_EVIDENT
            and candidate.url not in listed
        ):
            candidate.verdict = UNDECIDED
    return {url for url in listed if url is not None}
