"""The pure middle of stage 01: links -> distinct canonical candidates -> verdicts.

No I/O here, so the stage, the `extract` command and the benchmarks share it, and a page
is parsed and decided in well under a millisecond per link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from newsdesk.extraction import rules
from newsdesk.extraction.canonical import SourceHosts, canonical_parts, canonicalize
from newsdesk.extraction.feeds import FeedEntry
from newsdesk.extraction.links import PageInfo, RawLink, parse_page
from newsdesk.extraction.models import DecidedBy
from newsdesk.extraction.rules import UNDECIDED, Candidate, SourceRules, Verdict

MAX_URL = 2048  # the articles.url column
_BY_HEURISTIC = {flag: Verdict(flag, DecidedBy.rule, "heuristic") for flag in (True, False)}


@dataclass
class Collected:
    candidates: dict[str, Candidate] = field(default_factory=dict)
    links_found: int = 0
    foreign: int = 0


def hosts_for(base_url: str | None, page: PageInfo | None = None) -> SourceHosts:
    """The source's hosts: its base URL's, and those its home page names as its own URL."""
    hosts = SourceHosts.from_urls(base_url)
    if page is not None:
        hosts.add(page.url)
        hosts.add(page.canonical)
        hosts.add(page.og_url)
    return hosts


def collect(
    links: Iterable[RawLink],
    hosts: SourceHosts,
    *,
    feed: Iterable[FeedEntry] = (),
) -> Collected:
    """Canonicalise links, keep the source's own, merge duplicates; add feed entries."""
    out = Collected()
    candidates = out.candidates
    # A page repeats its links (image, headline, "read more"): canonicalise each href once,
    # keeping the parts the rules read (`rules.split_url` of the canonical URL).
    seen: dict[str, tuple[str, str, str, str] | None] = {}
    found_links = foreign = 0
    for raw, text, chrome in links:
        found_links += 1
        if raw in seen:
            known = seen[raw]
        else:
            known = canonical_parts(raw, hosts, own_only=True)
            if known is not None and len(known[0]) > MAX_URL:
                known = None
            seen[raw] = known
        if known is None:
            foreign += 1
            continue
        url = known[0]
        found = candidates.get(url)
        if found is None:
            candidates[url] = Candidate(url, text, chrome, False, None, UNDECIDED, None, known)
        else:
            if len(text) > len(found.text):
                found.text = text
            found.chrome = found.chrome and chrome
    out.links_found = found_links
    out.foreign = foreign
    add_feed(candidates, feed, hosts)
    return out


def add_feed(
    candidates: dict[str, Candidate], feed: Iterable[FeedEntry], hosts: SourceHosts
) -> list[Candidate]:
    """Mark the candidates a feed lists; add its other entries and return those added."""
    added = []
    for entry in feed:
        url = canonicalize(entry.url, hosts, own_only=True)
        if url is None or len(url) > MAX_URL:
            continue
        found = candidates.get(url)
        if found is None:
            found = candidates[url] = Candidate(url=url, text=entry.title or "", chrome=False)
            added.append(found)
        found.in_feed = True
        found.title = entry.title or found.title
    return added


def decide_all(candidates: Iterable[Candidate], source_rules: SourceRules | None = None) -> None:
    """Run the rules over `candidates` (setting each `verdict`)."""
    for candidate in candidates:
        candidate.verdict = rules.decide(candidate, source_rules)


def decide_by_heuristics(candidates: Iterable[Candidate]) -> None:
    """Decide every still-undecided candidate by `rules.heuristic` (no LLM available)."""
    for candidate in candidates:
        if candidate.verdict.is_article is None:
            candidate.verdict = _BY_HEURISTIC[rules.heuristic(candidate)]


def analyse_html(
    html: str | bytes,
    page_url: str,
    *,
    base_url: str | None = None,
    source_rules: SourceRules | None = None,
    feed: Iterable[FeedEntry] = (),
) -> list[Candidate]:
    """Parse and decide one page without an LLM: the fast path benchmarks measure."""
    page = parse_page(html, page_url)
    hosts = hosts_for(base_url or page_url, page)
    collected = collect(page.links, hosts, feed=feed)
    candidates = list(collected.candidates.values())
    decide_all(candidates, source_rules)
    decide_by_heuristics(candidates)
    return candidates
