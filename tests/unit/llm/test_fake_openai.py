"""The fake provider answers stage 01's real classification request deterministically."""

from __future__ import annotations

import json

import httpx

from newsdesk.extraction.schemas import LinkVerdicts, verdicts_response_format
from newsdesk.testing.fake_openai import FakeOpenAI, answer, looks_like_article

CATEGORIES = ["politics", "economy", "technology", "sports", "other"]


def test_answers_stage_01_classification_format() -> None:
    user = (
        "site diario.example\n"
        "1 /politica/2025/03/01/el-gobierno-aprueba-la-ley | El Gobierno aprueba la ley\n"
        "2 /tag/futbol | Fútbol\n"
        "3 /tecnologia/nuevo-movil-plegable-llega-a-espana | Nuevo móvil [vídeo]\n"
        "4 /about | Quiénes somos"
    )
    body = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "system", "content": "x"}, {"role": "user", "content": user}],
        "response_format": verdicts_response_format(CATEGORIES),
    }
    parsed = LinkVerdicts.model_validate_json(answer(body))
    assert parsed.no == ["2", "4"]
    assert parsed.yes == {
        "politics": ["1"],
        "economy": [],
        "technology": ["3"],
        "sports": [],
        "other": [],
    }
    assert answer(body) == answer(body)  # deterministic


def test_article_heuristic() -> None:
    assert looks_like_article("https://x.example/2025/03/01/story")
    assert looks_like_article("/economia/la-bolsa-cae-un-tres-por-ciento")
    assert looks_like_article("/noticia/123456")
    assert not looks_like_article("/deportes/")
    assert not looks_like_article("/author/jane-doe-smith-jones")


def test_models_endpoint_and_counts() -> None:
    with FakeOpenAI() as server:
        r = httpx.get(server.base_url + "/models", headers={"Authorization": "Bearer ok-1"})
        assert r.status_code == 200
        assert "gpt-4o-mini" in {m["id"] for m in r.json()["data"]}
        r = httpx.get(server.base_url + "/models", headers={"Authorization": "Bearer invalid-1"})
        assert r.status_code == 401
        r = httpx.post(
            server.base_url + "/chat/completions",
            headers={"Authorization": "Bearer ok-1"},
            json={"model": "o3", "messages": [{"role": "user", "content": "hi"}]},
        )
        usage = r.json()["usage"]
        assert usage["completion_tokens_details"]["reasoning_tokens"] == 64
        assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
        assert server.calls == {"ok-1": 2, "invalid-1": 1}
        assert json.loads(json.dumps(server.requests[-1]["body"]))["model"] == "o3"


def test_long_repeated_prompt_is_partly_cached() -> None:
    with FakeOpenAI() as server:
        body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "word " * 1200}]}
        headers = {"Authorization": "Bearer ok-1"}
        first = httpx.post(server.base_url + "/chat/completions", headers=headers, json=body)
        second = httpx.post(server.base_url + "/chat/completions", headers=headers, json=body)
    assert first.json()["usage"]["prompt_tokens_details"]["cached_tokens"] == 0
    cached = second.json()["usage"]["prompt_tokens_details"]["cached_tokens"]
    assert cached > 0 and cached % 128 == 0
    assert second.json()["model"] == "gpt-4o-2024-08-06"
