"""`newsdesk extract URL`: a dry run of stage 01 on one page; stores nothing.

Editors use it to check a new source before adding it. It works without a database (then
no URL is known) and without an LLM (`--no-llm`, or no usable key: heuristics decide).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from newsdesk.core.clock import utcnow
from newsdesk.extraction.exceptions import InvalidPageUrl, PageUnavailable
from newsdesk.extraction.fetcher import Fetcher
from newsdesk.extraction.pipeline import RunEnv, analyse_source, classify_pending, finish
from newsdesk.extraction.schemas import ExtractedArticle
from newsdesk.settings import Settings, get_settings
from newsdesk.stages import LlmClient, SourceSpec

out = Console()
err = Console(stderr=True)


def _database_ready(settings: Settings) -> bool:
    """True when the configured database exists and has the articles table."""
    if settings.is_sqlite:
        path = settings.database_url.split("///", 1)[-1]
        if path not in ("", ":memory:") and not Path(path).exists():
            return False  # don't create an empty database file for a dry run
    from newsdesk import db
    from newsdesk.extraction import service

    try:
        with db.session_scope(settings.database_url) as session:
            service.known_urls(session=session, urls=["https://probe.invalid/"])
    except (SQLAlchemyError, OSError):
        return False
    return True


def _llm(settings: Settings, log: object) -> LlmClient | None:
    try:
        from newsdesk.llm import gateway
    except ImportError:
        return None
    try:
        return gateway.for_execution(
            execution_id=None,
            stage="extract_urls",
            api_key_id=None,
            use_fallback=True,
            settings=settings,
            log=log,  # type: ignore[arg-type]
        )
    except Exception as exc:  # no usable key store: heuristics decide
        err.print(f"LLM unavailable ({exc}); deciding by rules alone", highlight=False)
        return None


def extract_page(url: str, *, settings: Settings, no_llm: bool = False) -> list[ExtractedArticle]:
    """Fetch `url`, decide its links and return the article URLs found; store nothing."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidPageUrl(f"{url!r} is not an http(s) URL; give the page's full address")
    use_db = _database_ready(settings)

    def lookup(urls: list[str]) -> dict[str, bool]:
        if not use_db:
            return {}
        from newsdesk.extraction.stage import lookup_known

        return lookup_known(settings, urls)

    def log(level: str, message: str) -> None:
        err.print(f"{level}: {message}", highlight=False, markup=False)

    llm = None if no_llm or not use_db else _llm(settings, log)
    spec = SourceSpec(id=0, name=parts.hostname, base_url=url)

    async def go() -> list[ExtractedArticle]:
        async with Fetcher(settings) as fetcher:
            env = RunEnv(
                settings=settings,
                fetcher=fetcher,
                now=utcnow(),
                llm=llm,
                lookup_known=lookup,
                log=log,
            )
            try:
                work = await analyse_source(spec, env)
            finally:
                if env.renderer is not None:
                    await env.renderer.aclose()
            await asyncio.to_thread(classify_pending, [work], env)
            finish(work, env)
        if work.outcome.status == "failed":
            raise PageUnavailable(work.outcome.error or "the page could not be read")
        for warning in work.warnings:
            log("warning", warning)
        found = [(c, True) for c in work.known] + [(c, False) for c in work.new]
        return [
            ExtractedArticle(
                url=c.url,
                title=c.title or c.text or None,
                decided_by=str(c.verdict.decided_by or "known"),
                category=c.category,
                known=known,
            )
            for c, known in found
        ]

    return asyncio.run(go())


def extract(
    url: Annotated[str, typer.Argument(help="The page to read, e.g. https://example.com/")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list")] = False,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="Decide by rules alone")] = False,
) -> None:
    """Dry run of stage 01 on one page: print every article URL found; store nothing."""
    articles = extract_page(url, settings=get_settings(), no_llm=no_llm)
    if as_json:
        print(json.dumps([a.model_dump() for a in articles], ensure_ascii=False, indent=2))
        return
    table = Table("url", "title", "decided by", "category", "known")
    for a in articles:
        table.add_row(
            a.url, a.title or "", a.decided_by, a.category or "", "yes" if a.known else ""
        )
    out.print(table)
    err.print(f"{len(articles)} article URLs found on {url}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
