"""Pydantic shapes of stage 01: the LLM's answer and what `newsdesk extract` prints."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class LinkVerdicts(BaseModel):
    """The LLM's answer for one batch: every id exactly once, either in `no` (not an
    article) or in `yes` under its category. Compact on purpose: the answer is output
    tokens, ~2 per link this way against ~14 for an `{id, is_article, category}` object."""

    model_config = ConfigDict(extra="forbid")

    no: list[str]
    yes: dict[str, list[str]]


def verdicts_response_format(categories: list[str]) -> dict[str, Any]:
    """The strict JSON-schema `response_format` the LLM must answer with."""
    ids = {"type": "array", "items": {"type": "string"}}
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "links",
            "strict": True,
            "schema": {
                "type": "object",
                "additionalProperties": False,
                "required": ["no", "yes"],
                "properties": {
                    "no": ids,
                    "yes": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": list(categories),
                        "properties": {category: ids for category in categories},
                    },
                },
            },
        },
    }


class ExtractedArticle(BaseModel):
    """One article URL found by `newsdesk extract` (a dry run: nothing stored)."""

    url: str
    title: str | None
    decided_by: str
    category: str | None
    known: bool
