"""Pydantic shapes of stage 01: the LLM's answer and what `newsdesk extract` prints."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class LinkVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    is_article: bool
    category: str | None = None


class LinkVerdicts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[LinkVerdict]


def verdicts_response_format(categories: list[str]) -> dict[str, Any]:
    """The strict JSON-schema `response_format` the LLM must answer with."""
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "link_verdicts",
            "strict": True,
            "schema": {
                "type": "object",
                "additionalProperties": False,
                "required": ["items"],
                "properties": {
                    "items": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["id", "is_article", "category"],
                            "properties": {
                                "id": {"type": "string"},
                                "is_article": {"type": "boolean"},
                                "category": {
                                    "type": ["string", "null"],
                                    "enum": [*categories, None],
                                },
                            },
                        },
                    }
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
