"""The admin panel's languages: English (the message ids) and Spanish.

The language comes from `?lang=xx` (remembered in a cookie), else that cookie, else the
browser's Accept-Language, else English. Templates call `_()` with the English text; a message
missing from a catalogue falls back to English (a unit test keeps the Spanish one complete).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request, Response

from newsdesk.web.catalog_es import ES

LANG_COOKIE = "newsdesk_lang"
DEFAULT_LANGUAGE = "en"
LANGUAGES = {"en": "English", "es": "Español"}
CATALOGUES: dict[str, dict[str, str]] = {"en": {}, "es": ES}

STATUS_LABELS = {
    "pending": "Pending",
    "running": "Running",
    "completed": "Completed",
    "failed": "Failed",
    "cancelled": "Cancelled",
    "skipped": "Skipped",
    "ok": "OK",
    "unchanged": "Unchanged",
    "cooling_down": "Cooling down",
    "disabled_invalid": "Disabled: invalid key",
    "disabled_quota": "Disabled: quota exhausted",
    "over_budget": "Over budget",
    "undecryptable": "Undecryptable",
    "disabled": "Disabled",
    "manual": "Manual",
    "scheduled": "Scheduled",
    "retry": "Retry",
    "overlap:skip": "Skip the new run (recorded as skipped)",
    "overlap:queue": "Queue it until the previous run ends",
    "overlap:allow": "Run both at once",
    "misfire:run_once": "Run once, if within the grace period",
    "misfire:skip": "Skip them (recorded as missed)",
    "group:day": "Day",
    "group:stage": "Stage",
    "group:key": "API key",
    "group:model": "Model",
    "group:source": "Source",
}

CATEGORY_LABELS = {
    "politics": "Politics",
    "economy": "Economy",
    "finance": "Finance",
    "technology": "Technology",
    "geopolitics": "Geopolitics",
    "society": "Society",
    "sports": "Sports",
    "other": "Other",
}


def _accept_language(header: str) -> str | None:
    """Pick the best supported language from an Accept-Language header."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        code = tag.strip().lower().split("-")[0]
        if code in LANGUAGES and quality > 0:
            choices.append((-quality, index, code))
    return min(choices)[2] if choices else None


def language_for(request: Request) -> str:
    """The UI language of this request."""
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(LANG_COOKIE, "").lower()
    if cookie in LANGUAGES:
        return cookie
    return _accept_language(request.headers.get("accept-language", "")) or DEFAULT_LANGUAGE


def remember_choice(request: Request, response: Response) -> None:
    """Keep a language picked with `?lang=` for the following pages."""
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGUAGES and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(
            LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="lax", path="/", httponly=True
        )


def translator(lang: str) -> Callable[[str], str]:
    catalogue = CATALOGUES.get(lang, {})

    def translate(message: str) -> str:
        return catalogue.get(message, message)

    return translate


def category_label(name: str | None, lang: str) -> str:
    """A category's name in the UI language (unknown categories are shown as stored)."""
    if not name:
        return "—"
    return translator(lang)(CATEGORY_LABELS.get(name, name))
