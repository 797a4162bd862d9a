"""The UI's languages: every message has a Spanish text, and the language is chosen right."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.requests import Request

from newsdesk.web import common, i18n, routes_keys
from newsdesk.web.catalog_es import ES

WEB = Path(common.__file__).parent
_CALL = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")


def message_ids() -> set[str]:
    """Every literal `_("...")` in the templates and web modules, and the label tables."""
    found: set[str] = set()
    for path in [*WEB.rglob("*.html"), *WEB.glob("*.py")]:
        for match in _CALL.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) if match.group(1) is not None else match.group(2))
    found |= set(i18n.STATUS_LABELS.values()) | set(i18n.CATEGORY_LABELS.values())
    found |= set(common._KNOWN_CODES.values()) | set(routes_keys._TEST_MESSAGES.values())
    return found


def test_every_message_has_a_spanish_translation() -> None:
    ids = message_ids()
    assert len(ids) > 150  # the extraction really read the templates
    missing = sorted(ids - ES.keys())
    assert missing == []


def test_the_spanish_catalogue_has_no_stale_entries() -> None:
    assert sorted(ES.keys() - message_ids()) == []


def test_placeholders_survive_translation() -> None:
    for english, spanish in ES.items():
        assert set(re.findall(r"\{\w+\}", english)) == set(re.findall(r"\{\w+\}", spanish)), english


def _request(query: str = "", cookie: str = "", accept: str = "") -> Request:
    headers = []
    if cookie:
        headers.append((b"cookie", f"{i18n.LANG_COOKIE}={cookie}".encode()))
    if accept:
        headers.append((b"accept-language", accept.encode()))
    return Request({"type": "http", "query_string": query.encode(), "headers": headers})


def test_language_comes_from_query_then_cookie_then_accept_language() -> None:
    assert i18n.language_for(_request("lang=es", cookie="en", accept="en")) == "es"
    assert i18n.language_for(_request(cookie="es", accept="en")) == "es"
    assert i18n.language_for(_request(accept="fr-FR,es;q=0.8,en;q=0.5")) == "es"
    assert i18n.language_for(_request(accept="de,en;q=0.1")) == "en"
    assert i18n.language_for(_request("lang=xx", accept="pt")) == "en"


def test_categories_are_shown_in_the_ui_language() -> None:
    assert i18n.category_label("economy", "es") == "Economía"
    assert i18n.category_label("economy", "en") == "Economy"
    assert i18n.category_label("local-news", "es") == "local-news"
    assert i18n.category_label(None, "es") == "—"
