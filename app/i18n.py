"""Languages: English and Spanish for the pages students and families read, and their PDFs.

A request's language is, in order: one a view chose for this response (an invitation in the
language the school picked, a PDF in the family's language), then the signed-in student's or
guardian's own preference. Staff pages are written in English only, so staff read English.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_skeleton, format_time
from flask import Flask, g
from flask_babel import get_locale, gettext, refresh
from flask_login import current_user

from app.auth.models import Role
from app.translatable import Text

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
READER_ROLES = frozenset({Role.STUDENT, Role.GUARDIAN})


def use_language(language: str) -> None:
    """Answer this request in `language` whoever asks (ignored unless it is one we have)."""
    if language in LANGUAGES:
        g.language = language
        refresh()  # forget a locale already looked up in this request (WTForms asks early)


def select_locale() -> str:
    chosen = g.get("language")
    if chosen:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.role in READER_ROLES:
        preferred = current_user.preferred_language
        if preferred in LANGUAGES:
            return str(preferred)
    return DEFAULT_LANGUAGE


def translate(text: object) -> str:
    """A pure module's `N_` message in the reader's language; any other value as it is."""
    if not isinstance(text, Text):
        return str(text)
    params = {name: translate(v) if isinstance(v, Text) else v for name, v in text.params.items()}
    return gettext(text.msgid, **params)


def format_day(value: date | datetime | None, style: str = "medium") -> str:
    """A date (or a datetime, with its time) as the reader's language writes it.

    English keeps Waypoint's own format ("Nov 25, 2026", short "Nov 25", "Nov 25, 2026 at
    14:05"); other languages use their CLDR forms ("25 nov 2026", "25 nov", "25 nov 2026, 14:05").
    """
    if value is None:
        return "—"
    locale = get_locale()
    if locale is not None and locale.language != DEFAULT_LANGUAGE:
        if style == "short":
            return format_skeleton("MMMd", value, locale=locale)
        day = format_date(value, "medium", locale=locale)
        if isinstance(value, datetime):
            return f"{day}, {format_time(value, 'HH:mm', locale=locale)}"
        return day
    if style == "short":
        return f"{value:%b} {value.day}"
    if isinstance(value, datetime):
        return f"{value:%b} {value.day}, {value:%Y} at {value:%H:%M}"
    return f"{value:%b} {value.day}, {value:%Y}"


def init_babel(app: Flask) -> None:
    from app.extensions import babel

    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories="translations"
    )
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.filters["translate"] = translate
