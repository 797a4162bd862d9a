"""LLM classification of the links no rule could decide, in batches, through the gateway.

Each link is sent as one line, `<id> <path> | <anchor>` (a short numeric id, the path, the
anchor text trimmed to 30 characters). The answer must match a strict JSON schema (validated
with Pydantic) that is compact because output tokens cost most: `{"no": [ids], "yes":
{"<category>": [ids], ...}}`, every id exactly once. Ids are checked against the batch:
an id the answer forgot, or gave twice with different verdicts, is asked again alone,
once, then left undecided; ids the batch did not contain are ignored (and logged). A
failed call (any `LlmError`, or an answer that does not validate) leaves its links
undecided; it never fails the source. Sync: call it from a worker thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pydantic import ValidationError

from newsdesk.extraction.models import DecidedBy
from newsdesk.extraction.rules import Candidate, Verdict
from newsdesk.extraction.schemas import LinkVerdicts, verdicts_response_format
from newsdesk.llm.exceptions import LlmError
from newsdesk.stages import LlmClient

MAX_PATH = 90
# ~30 characters of a headline say enough; each character is a quarter of a token.
MAX_ANCHOR = 30
# Terse on purpose: it is paid once per call. The categories are in the schema.
SYSTEM_PROMPT = (
    "Links from a news site: id path | anchor. Article = one readable text piece (news, "
    "opinion, analysis, interview, review, live blog). Not: section/tag/topic/author/archive, "
    "video/podcast/gallery, home/search/pagination/login/subscribe/newsletter/legal/service, "
    'files. Put each id once: in "no", or in "yes" under its category.'
)


@dataclass
class ClassifyReport:
    calls: int = 0
    failed_calls: int = 0
    errors: list[str] = field(default_factory=list)
    # The links of each call made, in order (a retry alone is a call of one).
    batches: list[list[Candidate]] = field(default_factory=list)


def _line(key: str, candidate: Candidate) -> str:
    parts = urlsplit(candidate.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    anchor = " ".join((candidate.text or candidate.title or "").split())[:MAX_ANCHOR].rstrip()
    return f"{key} {path[:MAX_PATH]} | {anchor}"


class _Batcher:
    def __init__(
        self,
        llm: LlmClient,
        categories: list[str],
        source_of: Callable[[Candidate], int | None],
        log: Callable[[str, str], None],
        report: ClassifyReport,
    ) -> None:
        self.llm = llm
        self.categories = categories
        self.source_of = source_of
        self.log = log
        self.report = report
        self.system = SYSTEM_PROMPT
        self.response_format = verdicts_response_format(categories)

    def ask(self, batch: dict[str, Candidate]) -> dict[str, tuple[bool, str | None]] | None:
        """Return {id: (is_article, category)} for the ids answered, or None if the call failed."""
        user = "\n".join(_line(k, c) for k, c in batch.items())
        self.report.calls += 1
        self.report.batches.append(list(batch.values()))
        # Metered per source when the batch holds one source's links only.
        sources = {self.source_of(c) for c in batch.values()}
        source_id = sources.pop() if len(sources) == 1 else None
        try:
            result = self.llm.chat(
                messages=[
                    {"role": "system", "content": self.system},
                    {"role": "user", "content": user},
                ],
                response_format=self.response_format,
                operation="classify_links",
                source_id=source_id,
            )
            parsed = LinkVerdicts.model_validate_json(result.content)
        except LlmError as exc:
            return self._failed(f"LLM call failed: {exc.detail}")
        except (ValidationError, json.JSONDecodeError, ValueError) as exc:
            first = str(exc).splitlines()[0]
            return self._failed(f"LLM answer does not match the schema: {first}")
        found: dict[str, list[tuple[bool, str | None]]] = {}
        for key in parsed.no:
            found.setdefault(key, []).append((False, None))
        fallback = "other" if "other" in self.categories else None
        for category, keys in parsed.yes.items():
            known = category if category in self.categories else fallback
            for key in keys:
                found.setdefault(key, []).append((True, known))
        extra = [key for key in found if key not in batch]
        if extra:
            self.log("warning", f"LLM answered ids it was not asked about: {', '.join(extra[:10])}")
        # An id given twice (say, in "no" and under a category) is as good as missing.
        return {k: v[0] for k, v in found.items() if k in batch and len(set(v)) == 1}

    def _failed(self, message: str) -> None:
        self.report.failed_calls += 1
        self.report.errors.append(message)
        self.log("warning", message)
        return None


def classify(
    candidates: list[Candidate],
    *,
    llm: LlmClient,
    categories: list[str],
    batch_size: int,
    source_of: Callable[[Candidate], int | None] = lambda candidate: None,
    log: Callable[[str, str], None] = lambda level, message: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> ClassifyReport:
    """Ask the LLM about `candidates` (setting `verdict`/`category` of those it answers)."""
    report = ClassifyReport()
    batcher = _Batcher(llm, categories, source_of, log, report)
    for start in range(0, len(candidates), batch_size):
        if should_stop():
            break
        batch = {str(i + 1): c for i, c in enumerate(candidates[start : start + batch_size])}
        answered = batcher.ask(batch)
        if answered is None:
            continue
        missing = []
        for key, candidate in batch.items():
            if key in answered:
                _apply(candidate, *answered[key])
            else:
                missing.append(candidate)
        for candidate in missing:  # asked again alone, once
            if should_stop():
                break
            again = batcher.ask({"1": candidate})
            if again and "1" in again:
                _apply(candidate, *again["1"])
    return report


def _apply(candidate: Candidate, is_article: bool, category: str | None) -> None:
    candidate.verdict = Verdict(is_article, DecidedBy.llm, "llm")
    candidate.category = category
