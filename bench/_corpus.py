"""Shared plumbing of the stage-01 benchmarks: the fixture corpus, scoring, the peers' venvs.

The corpus is `newsdesk.testing.newssites` (seed and date fixed, so every run scores the same
pages). Sites are served by host on 127.0.0.1 through the fixture server's forward proxy, so
each outlet keeps its own host and its `www.`/`m.`/`amp.` variants, and every tool sees the
same URLs a real crawler would.

Scoring is by the fixture's ground truth (every own link of each home page, labelled article
or not). A predicted URL is normalised neutrally (fragment and tracking parameters dropped,
`www.`/`m.`/`amp.` folded, scheme ignored) and then counted as:

- a true positive if the truth says article; a false positive if the truth says not, or if
  it points to another domain; `extra` (reported, not scored) if it is an own URL the home
  page does not link (e.g. an older article from a sitemap);
- `dupes`: predicted URL strings beyond the first for one normalised key, i.e. how many rows
  a tool would store twice for lack of canonicalisation.

Peers pin conflicting lxml versions, so each gets its own virtualenv under bench/work/venvs,
created here on first use; they talk JSON over stdin/stdout (scripts in bench/peers/).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from rich.console import Console
from rich.table import Table

from newsdesk.settings import Settings
from newsdesk.stages import SourceSpec
from newsdesk.testing.newssites import FixtureSite, NewsSitesServer, generate_corpus

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
VENVS = WORK / "venvs"
PEERS_DIR = BENCH / "peers"
SEED = 20261204
TODAY = date(2026, 12, 4)
# What each peer venv installs (newest from PyPI on first run; versions are printed).
PEER_PACKAGES = {
    "newspaper4k": ["newspaper4k"],
    "courlan": ["courlan"],
    "trafilatura": ["trafilatura", "lxml_html_clean"],
}
_TRACKING_PREFIXES = ("utm_", "mc_")
_TRACKING_KEYS = frozenset({"fbclid", "gclid", "ref"})
_VARIANTS = ("www.", "m.", "amp.")

console = Console(stderr=True)
out = Console(width=250)


def corpus(count: int, *, seed: int = SEED, today: date = TODAY) -> list[FixtureSite]:
    return generate_corpus(seed, count, today=today)


@contextmanager
def proxied(proxy_url: str) -> Iterator[None]:
    """Route plain-http traffic of this process (and its children) through `proxy_url`."""
    keys = ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy")
    saved = {k: os.environ.get(k) for k in keys}
    os.environ["HTTP_PROXY"] = os.environ["http_proxy"] = proxy_url
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def serving(sites: list[FixtureSite]) -> Iterator[NewsSitesServer]:
    """Serve `sites` and route plain-http traffic of this process (and children) through it."""
    server = NewsSitesServer(sites)
    server.start()
    try:
        with proxied(server.proxy_url):
            yield server
    finally:
        server.stop()


def home_url(site: FixtureSite) -> str:
    return f"http://{site.host}/"


def home_html(server: NewsSitesServer, site: FixtureSite) -> str:
    body = server.render(site, "/", by_host=True)
    assert body is not None
    return body.decode()


# ---- scoring ------------------------------------------------------------------------------


def fold(host: str) -> str:
    """Strip the www./m./amp. prefixes every tool is forgiven for."""
    changed = True
    while changed:
        changed = False
        for prefix in _VARIANTS:
            if host.startswith(prefix):
                host, changed = host[len(prefix) :], True
    return host


def key_of(url: str, site: FixtureSite) -> str | None:
    """Return the site-relative key of `url` (path + non-tracking query), None if foreign."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if fold(host) != site.host_key:
        return None
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair
        and not (k := unquote(pair.split("=", 1)[0]).lower()).startswith(_TRACKING_PREFIXES)
        and k not in _TRACKING_KEYS
    ]
    return (parts.path or "/") + ("?" + "&".join(kept) if kept else "")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    extra: int = 0
    dupes: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.extra += other.extra
        self.dupes += other.dupes
        self.errors += other.errors

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Misses:
    """The links a tool got wrong on one site, for the report: (key, kind)."""

    false_pos: list[tuple[str, str]] = field(default_factory=list)
    false_neg: list[tuple[str, str]] = field(default_factory=list)


def score(predicted: Iterable[str], site: FixtureSite) -> tuple[Score, Misses]:
    """Score the URLs a tool called articles against `site`'s ground truth."""
    return score_keys(predicted, site.truth, lambda url: key_of(url, site))


def score_keys(
    predicted: Iterable[str], truth: Mapping[str, Any], key: Callable[[str], str | None]
) -> tuple[Score, Misses]:
    """Score URLs against `truth` (key -> an object with `article` and `kind`)."""
    result, misses = Score(), Misses()
    seen: set[str] = set()
    for url in dict.fromkeys(predicted):  # the same string twice is one row, not a dupe
        key_ = key(url)
        if key_ is None:
            result.fp += 1
            misses.false_pos.append((url, "other domain"))
            continue
        if key_ in seen:
            result.dupes += 1
            continue
        seen.add(key_)
        label = truth.get(key_)
        if label is None:
            result.extra += 1
        elif label.article:
            result.tp += 1
        else:
            result.fp += 1
            misses.false_pos.append((key_, label.kind))
    for path, link in truth.items():
        if link.article and path not in seen:
            result.fn += 1
            misses.false_neg.append((path, link.kind))
    return result, misses


# ---- peers --------------------------------------------------------------------------------


def peer_python(peer: str) -> Path:
    """Return the peer venv's python, creating the venv (and installing the peer) if needed."""
    venv = VENVS / peer
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if not marker.exists():
        console.print(f"[bold]creating {venv} and installing {PEER_PACKAGES[peer]} (once)...")
        VENVS.mkdir(parents=True, exist_ok=True)
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES[peer]],
            check=True,
        )
        marker.write_text("ok\n")
    return python


def peer_version(peer: str) -> str:
    python = peer_python(peer)
    code = f"import importlib.metadata as m; print(m.version({peer!r}))"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return done.stdout.strip() or "?"


def run_peer(peer: str, script: str, payload: dict, *, one_core: bool = False) -> dict:
    """Run bench/peers/<script> in the peer's venv with `payload` on stdin; return its JSON."""
    python = peer_python(peer)
    command = [str(python), str(PEERS_DIR / script)]
    if one_core:
        command = ["taskset", "-c", "0", *command]
    started = time.perf_counter()
    done = subprocess.run(
        command,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    if done.returncode != 0:
        raise RuntimeError(f"{peer} peer failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout)
    result.setdefault("wall", time.perf_counter() - started)
    return result


# ---- output -------------------------------------------------------------------------------


def table(title: str, columns: list[str], rows: list[list[object]]) -> Table:
    t = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        t.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        t.add_row(*(_fmt(v) for v in row))
    return t


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def markdown_table(columns: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


# ---- a scratch database with one source per site -------------------------------------------


@contextmanager
def scratch_settings(**overrides: object) -> Iterator[Settings]:
    """Settings on a fresh, migrated SQLite file under bench/work (made current)."""
    from cryptography.fernet import Fernet

    from newsdesk import db
    from newsdesk.settings import configure

    WORK.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WORK) as folder:
        url = f"sqlite:///{folder}/bench.db"
        db.upgrade(url)
        values: dict[str, object] = {
            "database_url": url,
            "encryption_key": Fernet.generate_key().decode(),
            "embedded_scheduler": False,
        }
        values.update(overrides)
        settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
        configure(settings)
        try:
            yield settings
        finally:
            configure(None)
            db.dispose_engines()


def add_sources(settings: Settings, sites: list[FixtureSite]) -> list[SourceSpec]:
    """Create one source per site (base URL by host, its feed URL if it has one)."""
    from newsdesk import db
    from newsdesk.sources import service as sources_service
    from newsdesk.sources.schemas import SourceCreate

    with db.session_scope(settings.database_url) as session:
        ids = []
        for site in sites:
            source = sources_service.create(
                session=session,
                source_in=SourceCreate(
                    name=site.name,
                    base_url=home_url(site),
                    feed_url=f"http://{site.host}{site.feed_path}" if site.feed_path else None,
                    language=site.language,
                ),
            )
            ids.append(source.id)
    with db.session_scope(settings.database_url) as session:
        return [
            sources_service.to_spec(sources_service.get_or_raise(session=session, source_id=i))
            for i in ids
        ]


def stored_articles(settings: Settings) -> dict[str, str]:
    """Return {url: decided_by} of every stored article."""
    from sqlalchemy import select

    from newsdesk import db
    from newsdesk.extraction.models import Article

    with db.session_scope(settings.database_url) as session:
        return {a.url: a.decided_by for a in session.scalars(select(Article))}
