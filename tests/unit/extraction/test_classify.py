"""LLM classification: batches, strict schema, id checks, failures leave links undecided."""

from __future__ import annotations

import dataclasses

from newsdesk.extraction.classify import classify
from newsdesk.extraction.rules import Candidate
from tests.unit.extraction.fake_llm import FakeLlm

CATEGORIES = ["politics", "sports", "other"]


def candidates(n: int) -> list[Candidate]:
    out = []
    for i in range(n):
        path = f"/opinion/story-number-{i}" if i % 2 == 0 else f"/seccion{i}"
        out.append(Candidate(url=f"https://d.test{path}", text=f"Anchor {i}", chrome=False))
    return out


def test_batches_of_the_configured_size_with_short_lines() -> None:
    llm = FakeLlm()
    links = candidates(7)
    report = classify(links, llm=llm, categories=CATEGORIES, batch_size=3, source_of=lambda c: 5)
    assert report.calls == 3 and len(llm.calls) == 3
    first = llm.calls[0]
    assert first["operation"] == "classify_links" and first["source_id"] == 5
    assert first["response_format"]["type"] == "json_schema"
    assert first["response_format"]["json_schema"]["strict"] is True
    lines = first["messages"][-1]["content"].splitlines()
    assert lines[0] == "1 /opinion/story-number-0 | Anchor 0" and len(lines) == 3
    assert [len(batch) for batch in report.batches] == [3, 3, 1]
    assert [c.verdict.is_article for c in links] == [True, False, True, False, True, False, True]
    assert {c.verdict.decided_by for c in links} == {"llm"}
    assert links[0].category == "politics" and links[1].category is None


def test_a_missing_id_is_asked_again_alone_then_left_undecided() -> None:
    llm = FakeLlm(drop_ids={"2"})
    links = candidates(4)
    report = classify(links, llm=llm, categories=CATEGORIES, batch_size=10)
    assert report.calls == 2  # the batch, then link 2 alone
    assert links[1].verdict.decided_by == "llm"
    stubborn = FakeLlm(drop_ids={"1", "2"}, fail_calls={2})
    links = candidates(3)
    report = classify(links, llm=stubborn, categories=CATEGORIES, batch_size=10)
    assert report.calls == 3 and links[0].verdict.is_article is None  # failed retry: undecided
    assert links[1].verdict.is_article is not None and links[2].verdict.is_article is not None


def test_extra_ids_are_ignored() -> None:
    logged: list[str] = []
    links = candidates(2)
    classify(
        links,
        llm=FakeLlm(extra_ids=True),
        categories=CATEGORIES,
        batch_size=10,
        log=lambda lvl, m: logged.append(m),
    )
    assert all(c.verdict.decided_by == "llm" for c in links)
    assert any("999" in m for m in logged)


def test_failures_leave_the_batch_undecided_and_never_raise() -> None:
    links = candidates(4)
    report = classify(links, llm=FakeLlm(fail_calls={1}), categories=CATEGORIES, batch_size=2)
    assert report.calls == 2 and report.failed_calls == 1
    assert [c.verdict.is_article for c in links[:2]] == [None, None]
    assert links[2].verdict.is_article is True
    bad = candidates(2)
    report = classify(bad, llm=FakeLlm(garbage=True), categories=CATEGORIES, batch_size=5)
    assert report.failed_calls == 1 and "schema" in report.errors[0]
    assert all(c.verdict.is_article is None for c in bad)


def test_stop_between_batches() -> None:
    llm = FakeLlm()
    classify(
        candidates(6),
        llm=llm,
        categories=CATEGORIES,
        batch_size=2,
        should_stop=lambda: len(llm.calls) >= 1,
    )
    assert len(llm.calls) == 1


def test_an_id_given_twice_is_asked_again_alone() -> None:
    class Twice(FakeLlm):
        def chat(self, **kwargs):  # type: ignore[no-untyped-def]
            result = super().chat(**kwargs)
            if len(self.calls) == 1:  # id 1 both "no" and an article: contradictory
                content = '{"no": ["1", "2"], "yes": {"politics": ["1"]}}'
                return dataclasses.replace(result, content=content)
            return result

    llm = Twice()
    links = candidates(2)
    report = classify(links, llm=llm, categories=CATEGORIES, batch_size=10)
    assert report.calls == 2 and llm.calls[1]["messages"][-1]["content"].startswith("1 /opinion")
    assert links[0].verdict.is_article is True and links[1].verdict.is_article is False


def test_the_schema_is_compact_and_the_categories_come_from_settings() -> None:
    llm = FakeLlm()
    classify(candidates(1), llm=llm, categories=["economy", "other"], batch_size=5)
    schema = llm.calls[0]["response_format"]["json_schema"]["schema"]
    assert schema["required"] == ["no", "yes"]
    assert schema["properties"]["yes"]["required"] == ["economy", "other"]
    links = candidates(1)
    classify(links, llm=FakeLlm(), categories=["economy", "other"], batch_size=5)
    assert links[0].category == "other"  # "politics" is not a configured category
