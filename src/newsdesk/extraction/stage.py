"""Stage 01 "extract_urls": find the new article URLs of every source, fast, polite, cheap.

`run(ctx)` is sync, as the stage contract asks. Inside, one asyncio loop fetches every
source concurrently with one httpx client (and one browser, if any source needs it); each
source's plain results go to the sync store step, one transaction per source, in a worker
thread. Metrics: `total_items` = distinct article URLs seen in this run (new and known),
`new_items` = articles this run inserted.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from dataclasses import dataclass, field

from newsdesk import db, stages
from newsdesk.core.clock import utcnow
from newsdesk.extraction import service
from newsdesk.extraction.fetcher import Fetcher
from newsdesk.extraction.pipeline import (
    RunEnv,
    SourceWork,
    analyse_source,
    classify_pending,
    finish,
    pending,
)
from newsdesk.settings import Settings, get_settings
from newsdesk.sources import service as sources_service
from newsdesk.stages import (
    Progress,
    SourceOutcome,
    SourceSpec,
    StageCancelled,
    StageContext,
    StageResult,
)

NAME = "extract_urls"


def lookup_known(settings: Settings, urls: list[str]) -> dict[str, bool]:
    """Return {url: True} for stored articles, {url: False} for remembered rejections."""
    if not urls:
        return {}
    with db.session_scope(settings.database_url) as session:
        return service.lookup(session=session, urls=urls)


@dataclass
class _RunState:
    ctx: StageContext
    settings: Settings
    total: int
    done: int = 0
    articles_seen: set[str] = field(default_factory=set)
    claimed: set[str] = field(default_factory=set)
    new_items: int = 0
    warnings: list[str] = field(default_factory=list)

    def progress(self, message: str | None = None) -> None:
        self.ctx.report_progress(
            Progress(
                sources_done=self.done,
                sources_total=self.total,
                articles_found=len(self.articles_seen),
                new_articles=self.new_items,
                message=message,
            )
        )


def _store(settings: Settings, ctx: StageContext, work: SourceWork, new: list) -> int:
    """Store one source's results in one transaction; return how many rows were inserted."""
    now = utcnow()
    with db.session_scope(settings.database_url) as session:
        report = service.store_articles(
            session=session,
            articles=[
                service.NewArticle(
                    url=c.url,
                    title=c.title or c.text or None,
                    category=c.category,
                    decided_by=str(c.verdict.decided_by),
                )
                for c in new
            ],
            source_id=work.spec.id,
            execution_id=ctx.execution_id,
            run_date=ctx.run_date,
            now=now,
        )
        if work.known:
            service.touch(session=session, urls=[c.url for c in work.known], now=now)
        if work.rejected:
            service.remember_rejected(
                session=session,
                urls=[c.url for c in work.rejected],
                source_id=work.spec.id,
                now=now,
            )
        if work.fetch_state is not None:
            etag, last_modified = work.fetch_state
            sources_service.update_fetch_state(
                session=session,
                source_id=work.spec.id,
                etag=etag,
                last_modified=last_modified,
                fetched_at=now,
            )
    for url, error in report.failed:
        work.warnings.append(f"{work.spec.name}: could not store {url}: {error}")
    return len(report.inserted)


def _failed(spec: SourceSpec, exc: Exception) -> SourceOutcome:
    # A bug or a database error fails this source, not the run.
    return SourceOutcome(spec.id, spec.name, "failed", error=f"{type(exc).__name__}: {exc}")


async def _analyse_one(spec: SourceSpec, env: RunEnv, state: _RunState) -> SourceWork:
    ctx = state.ctx
    if ctx.cancel.is_set():
        raise StageCancelled(ctx.cancel.reason or "cancelled")
    if ctx.deadline is not None and time.monotonic() >= ctx.deadline:
        work = SourceWork(spec, SourceOutcome(spec.id, spec.name, "ok"))
        return work.fail("time limit reached before this source started")
    work = await analyse_source(spec, env)
    if ctx.cancel.is_set():
        raise StageCancelled(ctx.cancel.reason or "cancelled")
    return work


async def _store_one(work: SourceWork, env: RunEnv, state: _RunState) -> SourceOutcome:
    outcome = work.outcome
    if outcome.status == "ok":
        finish(work, env)
        state.articles_seen.update(c.url for c in work.known)
        state.articles_seen.update(c.url for c in work.new)
        # Two sources of one run may link the same article: the first one stores it.
        new = [c for c in work.new if c.url not in state.claimed]
        state.claimed.update(c.url for c in new)
    else:
        new = []
    if outcome.status != "failed":
        outcome.new_articles = await asyncio.to_thread(_store, state.settings, state.ctx, work, new)
        state.new_items += outcome.new_articles
    state.warnings.extend(work.warnings)
    return outcome


def _log_outcome(ctx: StageContext, outcome: SourceOutcome) -> None:
    if outcome.status == "failed":
        ctx.log("warning", f"{outcome.source_name}: failed: {outcome.error}")
    elif outcome.status == "unchanged":
        ctx.log("info", f"{outcome.source_name}: unchanged since the last run (HTTP 304)")
    else:
        ctx.log(
            "info",
            f"{outcome.source_name}: {outcome.links_found} links, {outcome.articles_found} "
            f"articles, {outcome.new_articles} new, {outcome.undecided} undecided, "
            f"{outcome.llm_calls} LLM calls ({outcome.duration_ms} ms)",
        )


async def _run(ctx: StageContext, settings: Settings) -> StageResult:
    state = _RunState(ctx=ctx, settings=settings, total=len(ctx.sources))
    llm = None if ctx.parameters.get("no_llm") else ctx.llm
    outcomes: list[SourceOutcome] = []
    waiting: list[SourceWork] = []  # sources with links for the LLM, pooled in batches
    state.progress("starting")
    async with Fetcher(settings, deadline=ctx.deadline) as fetcher:
        env = RunEnv(
            settings=settings,
            fetcher=fetcher,
            now=utcnow(),
            llm=llm,
            lookup_known=lambda urls: lookup_known(settings, urls),
            log=ctx.log,
            should_stop=ctx.cancel.is_set,
        )

        async def store(work: SourceWork) -> None:
            try:
                outcome = await _store_one(work, env, state)
            except StageCancelled:
                raise
            except Exception as exc:
                outcome = _failed(work.spec, exc)
            outcomes.append(outcome)
            state.done += 1
            _log_outcome(ctx, outcome)
            state.progress(f"{work.spec.name}: {outcome.status}")

        async def source(spec: SourceSpec) -> None:
            try:
                work = await _analyse_one(spec, env, state)
            except StageCancelled:
                raise
            except Exception as exc:
                work = SourceWork(spec, _failed(spec, exc))
            if llm is not None and pending([work]):
                waiting.append(work)
            else:
                await store(work)

        async def classify_waiting() -> None:
            links = len(pending(waiting))
            state.progress(f"asking the LLM about {links} links of {len(waiting)} sources")
            await asyncio.to_thread(classify_pending, waiting, env)
            if ctx.cancel.is_set():
                raise StageCancelled(ctx.cancel.reason or "cancelled")
            await asyncio.gather(*(store(work) for work in waiting))

        async def watch_cancel() -> None:
            while not ctx.cancel.is_set():
                await asyncio.sleep(0.1)
            raise StageCancelled(ctx.cancel.reason or "cancelled")

        try:
            async with asyncio.TaskGroup() as group:
                watcher = group.create_task(watch_cancel())
                tasks = [group.create_task(source(spec)) for spec in ctx.sources]
                if tasks:
                    await asyncio.wait(tasks)
                if waiting:
                    await group.create_task(classify_waiting())
                watcher.cancel()
        except BaseExceptionGroup as group_error:
            if group_error.subgroup(StageCancelled) is not None:
                raise StageCancelled(ctx.cancel.reason or "cancelled") from None
            raise
        finally:
            if env.renderer is not None:
                await env.renderer.aclose()
    order = {spec.id: i for i, spec in enumerate(ctx.sources)}
    outcomes.sort(key=lambda o: order.get(o.source_id, 0))
    return _result(state, outcomes)


def _result(state: _RunState, outcomes: list[SourceOutcome]) -> StageResult:
    result = StageResult(
        total_items=len(state.articles_seen),
        new_items=state.new_items,
        sources=outcomes,
        warnings=list(state.warnings),
    )
    failed = [o for o in outcomes if o.status == "failed"]
    if not outcomes:
        result.warnings.append("no sources to extract from")
    elif len(failed) == len(outcomes):
        result.failed = True
        result.error = "every source failed: " + "; ".join(
            f"{o.source_name}: {o.error}" for o in failed
        )
    elif failed:
        result.warnings.insert(
            0,
            f"{len(failed)} of {len(outcomes)} sources failed: "
            + "; ".join(f"{o.source_name}: {o.error}" for o in failed),
        )
    return result


class ExtractUrls:
    name = NAME
    description = "Find the new article URLs of every source (fetch, links, rules, LLM, store)."

    def run(self, ctx: StageContext) -> StageResult:
        settings = get_settings()
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(_run(ctx, settings))
        # Called from inside a running loop (unusual): give the run a loop of its own.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, _run(ctx, settings)).result()


stage = stages.register(ExtractUrls())
