"""A fake OpenAI-compatible server for tests and benchmarks: a real threaded HTTP server.

    with FakeOpenAI() as server:               # listens on 127.0.0.1:<free port>
        server.base_url                        # "http://127.0.0.1:PORT/v1" (an ApiKey's base_url)
        ...                                    # point keys at it; the bearer key picks behaviour
        server.calls["ok-a"]                   # requests seen per bearer key (every endpoint)
        server.requests                        # [{"key", "path", "body"}], in arrival order

Endpoints: `POST /v1/chat/completions`, `GET /v1/models`. Behaviour by the key's prefix:

    ok-...         200 with a realistic completion and usage
    ratelimit-...  429 rate_limit_exceeded, `Retry-After: <retry_after>` + x-ratelimit-reset-*
                   (no such headers when `retry_after` is None)
    quota-...      429 insufficient_quota        payment-...  402
    invalid-...    401 invalid_api_key (the message echoes the whole key, as a careless
                   provider would: the gateway must redact it)
    forbidden-...  403                           down-...     503 every time
    flaky-...      500 on the first request of that key, then like ok-
    slow-...       sleeps `slow_seconds` first, then like ok-
    context-...    400 context_length_exceeded   anything else: like ok-

Usage is shaped like OpenAI's: `prompt_tokens` (cached included), `completion_tokens`
(reasoning included), `prompt_tokens_details.cached_tokens` (a prompt of 1024+ tokens seen
before is cached in 128-token steps) and `completion_tokens_details.reasoning_tokens`
(o-series and gpt-5 models). Set `server.usage` to a dict to return that payload instead.
Dated model names are reported the way OpenAI does (gpt-4o-mini -> gpt-4o-mini-2024-07-18).

Answers: with `response_format={"type": "json_schema", "json_schema": {"schema": S}}` the
content is JSON valid against S ($defs/$ref, anyOf, enum understood). An array of objects
with an `id` property gets one element per item found in the last user message, which may
be JSON (any list of objects with `id` and `url`) or lines like `3. https://x.com/a` /
`3: https://...` / `[3] https://...`. Per item: `id` echoes the item's id, `is_article`
(or `article`, `is_news`) is true when the URL path looks like an article (a /YYYY/ date, a
slug with 3+ hyphens, a long numeric id, or .html with digits; never tag/author/section
pages), `category` is the enum value found in the path (Spanish section names understood),
else "other" when allowed, else the first value. Compact answers are understood too: an
array of string/integer ids named `no`/`not_articles`/`others`/`rejected` gets the ids of
the items that are not articles, one named `yes`/`articles`/`article_ids` the articles' ids,
and an object named `yes`/`articles` whose properties are categories gets each article id
in the array of its category (stage 01's `{"no": [...], "yes": {"politics": [...], ...}}`).
`json_object` gets `{"ok": true}`; plain requests get "ok".
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

DATED_MODELS = {
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
    "gpt-3.5-turbo": "gpt-3.5-turbo-0125",
    "gpt-4-turbo": "gpt-4-turbo-2024-04-09",
    "o3-mini": "o3-mini-2025-01-31",
    "o4-mini": "o4-mini-2025-04-16",
}
CATEGORY_WORDS = {
    "politics": ("politics", "politica", "elecciones", "election"),
    "economy": ("economy", "economia", "business", "empresas"),
    "finance": ("finance", "finanzas", "markets", "mercados", "bolsa"),
    "technology": ("technology", "tech", "tecnologia"),
    "geopolitics": ("geopolitics", "world", "internacional", "international", "mundo"),
    "society": ("society", "sociedad"),
    "sports": ("sports", "sport", "deportes", "futbol", "football"),
}
NOT_ARTICLE = {
    "tag", "tags", "category", "categoria", "author", "autor", "authors", "section",
    "seccion", "page", "search", "buscar", "login", "about", "contact", "privacy", "topics",
}  # fmt: skip
# Names of the id lists in compact answers ({"no": [ids], "yes": {"<category>": [ids]}}).
POSITIVE_LISTS = {"yes", "articles", "article_ids"}
NEGATIVE_LISTS = {"no", "not_articles", "others", "rejected"}
_LINE_ITEM = re.compile(r"^\s*\[?(\d+)\]?\s*[\.\):\-=]?\s+(\S+)", re.M)


def looks_like_article(url: str) -> bool:
    path = urlparse(url).path.lower()
    segments = [s for s in path.split("/") if s]
    if not segments or any(s in NOT_ARTICLE for s in segments):
        return False
    if re.search(r"/20\d\d/", path) or re.search(r"\d{5,}", path):
        return True
    if any(s.count("-") >= 3 for s in segments):
        return True
    return path.endswith((".html", ".htm")) and bool(re.search(r"\d", path))


def guess_category(url: str, allowed: list[Any] | None) -> Any:
    segments = set(re.split(r"[/\-_.]+", urlparse(url).path.lower()))
    options = allowed if allowed else [*CATEGORY_WORDS, "other"]
    for value in options:
        words = CATEGORY_WORDS.get(str(value), (str(value),))
        if segments & set(words):
            return value
    if "other" in options:
        return "other"
    return options[0]


def parse_items(text: str) -> list[dict[str, Any]]:
    """Find (id, url) items in a user message: JSON anywhere inside, or numbered lines."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            url = node.get("url") or node.get("href") or node.get("link")
            if "id" in node and isinstance(url, str):
                found.append({"id": node["id"], "url": url})
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for start in (i for i, ch in enumerate(text) if ch in "[{"):
        try:
            walk(json.JSONDecoder().raw_decode(text[start:])[0])
        except ValueError:
            continue
        if found:
            return found
    return [{"id": int(m.group(1)), "url": m.group(2)} for m in _LINE_ITEM.finditer(text)]


class _Generator:
    def __init__(self, root: dict[str, Any], items: list[dict[str, Any]]) -> None:
        self.root = root
        self.items = items

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            node: Any = self.root
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def value(self, schema: dict[str, Any], name: str | None, item: dict[str, Any] | None) -> Any:
        schema = self.resolve(schema)
        for combo in ("anyOf", "oneOf"):
            if combo in schema:
                options = [self.resolve(s) for s in schema[combo]]
                usable = [s for s in options if s.get("type") != "null"] or options
                return self.value(usable[0], name, item)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            if item is not None and name and "categor" in name:
                return guess_category(item["url"], schema["enum"])
            return schema["enum"][0]
        kind = schema.get("type", "object")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "object":
            props = schema.get("properties", {})
            if item is None and name in POSITIVE_LISTS and props:
                # {"<category>": [ids]}: each article id under the category its URL suggests.
                grouped: dict[str, list[str]] = {prop: [] for prop in props}
                for it in self.items:
                    if looks_like_article(it["url"]):
                        grouped[guess_category(it["url"], list(props))].append(str(it["id"]))
                return grouped
            return {prop: self.value(sub, prop, item) for prop, sub in props.items()}
        if kind == "array":
            items_schema = self.resolve(schema.get("items", {}))
            if "id" in items_schema.get("properties", {}):
                return [self.value(items_schema, None, it) for it in self.items]
            id_list = items_schema.get("type") in ("string", "integer")
            if item is None and id_list and name in POSITIVE_LISTS | NEGATIVE_LISTS:
                # A bare list of ids: the articles, or the links that are not articles.
                want = name in POSITIVE_LISTS
                ids = [it["id"] for it in self.items if looks_like_article(it["url"]) == want]
                return [str(i) if items_schema["type"] == "string" else int(i) for i in ids]
            return []
        if kind == "boolean":
            if item is not None and name in ("is_article", "article", "is_news"):
                return looks_like_article(item["url"])
            return True
        if kind in ("integer", "number"):
            return int(item["id"]) if item is not None and name == "id" else 0
        if kind == "string":
            if item is not None and name == "id":
                return str(item["id"])
            if item is not None and name == "url":
                return item["url"]
            if item is not None and name and "categor" in name:
                return guess_category(item["url"], None)
            return "fake"
        return None


def answer(body: dict[str, Any]) -> str:
    """The assistant content for a chat request (see the module docstring)."""
    fmt = body.get("response_format") or {}
    messages = body.get("messages") or []
    user = next(
        (str(m.get("content", "")) for m in reversed(messages) if m.get("role") == "user"), ""
    )
    if fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema") or {}
        return json.dumps(_Generator(schema, parse_items(user)).value(schema, None, None))
    if fmt.get("type") == "json_object":
        return json.dumps({"ok": True})
    return "ok"


class FakeOpenAI:
    def __init__(
        self,
        *,
        slow_seconds: float = 2.0,
        retry_after: int | None = 1,
        usage: dict | None = None,
    ) -> None:
        self.slow_seconds = slow_seconds
        self.retry_after = retry_after
        self.usage = usage
        self.calls: Counter[str] = Counter()
        self.requests: list[dict[str, Any]] = []
        self._seen_prompts: set[str] = set()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the server first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeOpenAI:
        owner = self

        class Handler(_Handler):
            fake = owner

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.requests.clear()
            self._seen_prompts.clear()

    # -- bookkeeping used by the handler --

    def note(self, key: str, path: str, body: Any) -> int:
        with self._lock:
            self.calls[key] += 1
            self.requests.append({"key": key, "path": path, "body": body})
            return self.calls[key]

    def make_usage(self, body: dict[str, Any], content: str, model: str) -> dict[str, Any]:
        if self.usage is not None:
            return self.usage
        text = json.dumps(body.get("messages") or [])
        prompt = len(text) // 4 + 7 * len(body.get("messages") or [])
        digest = hashlib.sha256(text.encode()).hexdigest()
        with self._lock:
            seen = digest in self._seen_prompts
            self._seen_prompts.add(digest)
        cached = (prompt // 128) * 128 if seen and prompt >= 1024 else 0
        reasoning = 64 if model.startswith(("o1", "o3", "o4", "gpt-5")) else 0
        completion = len(content) // 4 + 1 + reasoning
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": reasoning,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }

    def next_id(self) -> int:
        with self._lock:
            return next(self._ids)


def _error(message: str, kind: str, code: str | None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return None

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", f"req_fake{self.fake.next_id():06d}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _key(self) -> str:
        scheme, _, value = self.headers.get("Authorization", "").partition(" ")
        return value.strip() if scheme.lower() == "bearer" else ""

    def _refuse(self, key: str, count: int) -> bool:
        """Answer an error when the key's behaviour says so; True when it did."""
        if not key:
            self._send(401, _error("You didn't provide an API key.", "invalid_request_error", None))
        elif key.startswith("ratelimit-"):
            wait = self.fake.retry_after
            self._send(
                429,
                _error(
                    "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested "
                    f"1. Please try again in {wait}s.",
                    "requests",
                    "rate_limit_exceeded",
                ),
                {"Retry-After": str(wait), "x-ratelimit-reset-requests": f"{wait}s"}
                if wait is not None
                else {},
            )
        elif key.startswith("quota-"):
            self._send(
                429,
                _error(
                    "You exceeded your current quota, please check your plan and billing details.",
                    "insufficient_quota",
                    "insufficient_quota",
                ),
            )
        elif key.startswith("payment-"):
            self._send(402, _error("Payment required.", "billing_error", "payment_required"))
        elif key.startswith("invalid-"):
            self._send(
                401,
                _error(
                    f"Incorrect API key provided: {key}.",
                    "invalid_request_error",
                    "invalid_api_key",
                ),
            )
        elif key.startswith("forbidden-"):
            self._send(403, _error("Project does not have access.", "invalid_request_error", None))
        elif key.startswith("down-") or (key.startswith("flaky-") and count == 1):
            status = 503 if key.startswith("down-") else 500
            self._send(
                status,
                _error(
                    "The server had an error while processing your request.", "server_error", None
                ),
            )
        elif key.startswith("context-"):
            self._send(
                400,
                _error(
                    "This model's maximum context length is 128000 tokens. However, your "
                    "messages resulted in 130512 tokens.",
                    "invalid_request_error",
                    "context_length_exceeded",
                    "messages",
                ),
            )
        else:
            if key.startswith("slow-"):
                time.sleep(self.fake.slow_seconds)
            return False
        return True

    def do_GET(self) -> None:
        if self.path.rstrip("/") != "/v1/models":
            self._send(404, _error(f"unknown path {self.path}", "invalid_request_error", None))
            return
        key = self._key()
        if self._refuse(key, self.fake.note(key, self.path, None)):
            return
        models = sorted({*DATED_MODELS, "o3", "gpt-5", "gpt-5-mini"})
        data = [
            {"id": m, "object": "model", "created": 1700000000, "owned_by": "openai"}
            for m in models
        ]
        self._send(200, {"object": "list", "data": data})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            self._send(400, _error("body is not JSON", "invalid_request_error", None))
            return
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, _error(f"unknown path {self.path}", "invalid_request_error", None))
            return
        key = self._key()
        if self._refuse(key, self.fake.note(key, self.path, body)):
            return
        model = str(body.get("model") or "gpt-4o-mini")
        content = answer(body)
        self._send(
            200,
            {
                "id": f"chatcmpl-fake{self.fake.next_id()}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": DATED_MODELS.get(model, model),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": None},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": self.fake.make_usage(body, content, model),
                "system_fingerprint": "fp_fake",
            },
        )
