"""Field validation of source input: one clear message per bad field."""

from __future__ import annotations

from typing import Any

import pytest

from newsdesk.sources.exceptions import SourceInvalid
from newsdesk.sources.languages import LANGUAGES
from newsdesk.sources.schemas import SourceCreate, SourcePatch, SourceRead, parse

VALID = {"name": "el-pais_2", "base_url": "https://elpais.com/"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"name": "El País"}, "name: must be a slug"),
        ({"name": "-leading"}, "name: must be a slug"),
        ({"name": "x" * 65}, "name: must be a slug"),
        ({"base_url": "elpais.com"}, "base_url: must be an absolute http(s) URL"),
        ({"base_url": "ftp://elpais.com/"}, "base_url: must be an absolute http(s) URL"),
        ({"base_url": "/portada"}, "base_url: must be an absolute http(s) URL"),
        ({"base_url": "https://elpais.com:99999/"}, "base_url: must be an absolute"),
        ({"base_url": "https://el pais.com/"}, "contains whitespace"),
        ({"feed_url": "feed.xml"}, "feed_url: must be an absolute http(s) URL"),
        ({"language": "xx"}, "language: unknown language code 'xx'"),
        ({"language": "es-ES"}, "without a region, e.g. 'es'"),
        ({"kind": "atom"}, "kind: Input should be 'html', 'rss' or 'sitemap'"),
        ({"kind": "rss"}, "feed_url: a source of kind 'rss' needs a feed_url"),
        ({"kind": "sitemap", "feed_url": ""}, "feed_url: a source of kind 'sitemap' needs"),
        ({"rules": {"include": ["(unclosed"]}}, "invalid regular expression '(unclosed'"),
        ({"rules": {"exclude": ["ok", "[z-a]"]}}, "rules.exclude: invalid regular expression"),
        ({"rules": {"includes": ["x"]}}, "rules.includes: Extra inputs are not permitted"),
        ({"nmae": "typo"}, "nmae: Extra inputs are not permitted"),
    ],
)
def test_bad_fields_are_named_with_what_was_wrong(changes: dict[str, Any], expected: str) -> None:
    with pytest.raises(SourceInvalid) as caught:
        parse(SourceCreate, {**VALID, **changes})
    assert expected in caught.value.detail


def test_missing_base_url_is_required() -> None:
    with pytest.raises(SourceInvalid, match="base_url: Field required"):
        parse(SourceCreate, {"name": "x"})


def test_valid_input_is_normalised() -> None:
    source = parse(
        SourceCreate,
        {
            **VALID,
            "language": " ES ",
            "category": "  ",
            "feed_url": "",
            "kind": "html",
            "rules": {"include": [r"/\d{4}/\d{2}/"]},
        },
    )
    assert source.language == "es"
    assert source.category is None
    assert source.feed_url is None
    assert source.rules is not None and source.rules.include == [r"/\d{4}/\d{2}/"]


def test_patch_rejects_null_for_required_fields_but_clears_optional_ones() -> None:
    with pytest.raises(SourceInvalid) as caught:
        parse(SourcePatch, {"name": None, "is_active": None})
    assert "name: cannot be null" in caught.value.detail
    assert "is_active: cannot be null" in caught.value.detail
    patch = parse(SourcePatch, {"category": None, "language": ""})
    assert patch.model_dump(exclude_unset=True) == {"category": None, "language": None}


def test_labels_rename_fields_in_messages() -> None:
    with pytest.raises(SourceInvalid, match="--url: must be an absolute"):
        parse(SourceCreate, {"name": "x", "base_url": "nope"}, {"base_url": "--url"})


def test_read_shape_accepts_old_rows_with_missing_fields() -> None:
    read = SourceRead.model_validate(
        {
            "id": 1,
            "name": "old",
            "kind": "html",
            "is_active": True,
            "render_js": False,
            "created_at": "2020-01-01T00:00:00Z",
            "updated_at": "2020-01-01T00:00:00Z",
        }
    )
    assert read.base_url is None and read.language is None


def test_language_list_is_iso_639_1() -> None:
    assert len(LANGUAGES) == 184
    assert {"es", "en", "fr", "de", "zh"} <= set(LANGUAGES)
    assert all(len(code) == 2 and code.islower() for code in LANGUAGES)
