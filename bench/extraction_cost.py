"""LLM cost of stage 01: tokens per undecided link with batching, and 0 calls on a re-run.

    .venv/bin/python -m bench.extraction_cost [--sites 20]

The real stage with the real LLM gateway (`llm.gateway.for_execution`, one API key in a
scratch SQLite database) against the fake OpenAI server (`newsdesk.testing.fake_openai`,
which reports usage as characters/4, as OpenAI's rule of thumb). Tokens come from the
`llm_calls` rows the gateway recorded (input + cached + output); links sent are counted
from the requests the fake server received. Runs, each on a fresh database:

1. batched (the default `llm_batch_size`), then a re-run over the same unchanged pages,
   which must make 0 LLM calls and insert nothing;
2. the comparison: one link per call (`llm_batch_size=1`), the cost without batching.

The fake server does not count the JSON schema sent as `response_format`; a real provider
does, so the table also gives an estimate with the schema counted (its characters / 4).
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from bench import _corpus as C
from newsdesk import db, stages
from newsdesk.core.clock import today_in
from newsdesk.llm import gateway
from newsdesk.llm import service as keys_service
from newsdesk.llm.models import LlmCall
from newsdesk.settings import Settings
from newsdesk.stages import StageContext, StageResult
from newsdesk.testing.fake_openai import FakeOpenAI
from newsdesk.testing.newssites import FixtureSite

TARGET_TOKENS = 40.0
# One link per line of the prompt: "<id> <path> | <anchor>".
_LINK_LINE = re.compile(r"^\S+ /\S* \|")


@dataclass
class Usage:
    calls: int = 0
    input: int = 0
    output: int = 0
    links: int = 0
    schema_chars: int = 0

    @property
    def per_link(self) -> float:
        return (self.input + self.output) / self.links if self.links else 0.0

    @property
    def per_link_with_schema(self) -> float:
        if not self.links:
            return 0.0
        return (self.input + self.output + self.schema_chars // 4) / self.links


def _usage(settings: Settings) -> tuple[int, int, int]:
    with db.session_scope(settings.database_url) as session:
        calls, tokens_in, cached, tokens_out = session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(LlmCall.input_tokens), 0),
                func.coalesce(func.sum(LlmCall.cached_tokens), 0),
                func.coalesce(func.sum(LlmCall.output_tokens), 0),
            )
        ).one()
    return int(calls), int(tokens_in) + int(cached), int(tokens_out)


def _links_sent(requests: list[dict]) -> tuple[int, int]:
    """(links, schema characters) in the chat requests the fake server received."""
    links = schema = 0
    for request in requests:
        body = request["body"]
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        links += sum(1 for line in user.splitlines() if _LINK_LINE.match(line))
        schema += len(json.dumps(body.get("response_format") or {}))
    return links, schema


def _run(settings: Settings, fake: FakeOpenAI, specs: list) -> tuple[StageResult, Usage]:
    before_calls, before_in, before_out = _usage(settings)
    first_request = len(fake.requests)
    llm = gateway.for_execution(
        execution_id=None,
        stage="extract_urls",
        api_key_id=None,
        use_fallback=True,
        settings=settings,
    )
    assert llm is not None, "the gateway found no usable key"
    ctx = StageContext(
        stage="extract_urls", run_date=today_in(settings.timezone), sources=specs, llm=llm
    )
    result = stages.get("extract_urls").run(ctx)
    calls, tokens_in, tokens_out = _usage(settings)
    links, schema = _links_sent(fake.requests[first_request:])
    usage = Usage(
        calls=calls - before_calls,
        input=tokens_in - before_in,
        output=tokens_out - before_out,
        links=links,
        schema_chars=schema,
    )
    return result, usage


def _scenario(
    sites: list[FixtureSite], fake: FakeOpenAI, **overrides: object
) -> list[tuple[StageResult, Usage]]:
    """Run the stage (twice unless a single run is asked) on a fresh database."""
    runs = int(overrides.pop("runs", 2))  # type: ignore[call-overload]
    with C.scratch_settings(fetch_host_delay=0.0, **overrides) as settings:
        with db.session_scope(settings.database_url) as session:
            keys_service.create(
                session=session,
                settings=settings,
                values={"alias": "bench", "base_url": fake.base_url, "model": "gpt-4o-mini"},
                secret="ok-bench-0000000000000000",
            )
        specs = C.add_sources(settings, sites)
        return [_run(settings, fake, specs) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--md", help="also write the table as markdown to this file")
    args = parser.parse_args()
    sites = C.corpus(args.sites)
    with C.serving(sites), FakeOpenAI() as fake:
        (first, batched), (again, rerun) = _scenario(sites, fake)
        ((single_result, single),) = _scenario(sites, fake, llm_batch_size=1, runs=1)
    links_found = sum(o.links_found for o in first.sources)
    columns = ["run", "LLM calls", "links sent", "links/call", "input tok", "output tok",
               "tokens/link", "+schema est.", "new articles", "ratio vs 1 link/call"]  # fmt: skip
    rows = [
        ["batched (default)", batched.calls, batched.links,
         round(batched.links / batched.calls, 1) if batched.calls else 0, batched.input,
         batched.output, batched.per_link, batched.per_link_with_schema, first.new_items,
         f"{single.per_link / batched.per_link:.1f}x fewer" if batched.per_link else "-"],
        ["re-run, unchanged pages", rerun.calls, rerun.links, "-", rerun.input, rerun.output,
         "-", "-", again.new_items, "-"],
        ["1 link per call (comparison)", single.calls, single.links, 1.0 if single.calls else 0,
         single.input, single.output, single.per_link, single.per_link_with_schema,
         single_result.new_items, "1.0x"],
    ]  # fmt: skip
    C.out.print(C.table(f"LLM cost, {len(sites)} sources", columns, rows))
    C.out.print(
        f"{links_found} links found, {batched.links} sent to the LLM "
        f"({batched.links / links_found:.1%}); sources: "
        + ", ".join(f"{o.llm_calls}" for o in first.sources)
        + " calls each"
    )
    verdict = "MET" if batched.per_link <= TARGET_TOKENS else "MISSED"
    C.out.print(f"target <= {TARGET_TOKENS:g} tokens/link: {verdict} ({batched.per_link:.1f})")
    rerun_ok = rerun.calls == 0 and again.new_items == 0
    C.out.print(
        f"target 0 LLM calls on a re-run: {'MET' if rerun_ok else 'MISSED'} "
        f"({rerun.calls} calls, {again.new_items} new)"
    )
    if args.md:
        with open(args.md, "w") as fh:
            fh.write(C.markdown_table(columns, rows) + "\n")


if __name__ == "__main__":
    main()
