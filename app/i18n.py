"""Languages: English and Spanish for the pages students and families read, and their PDFs.

A request's language is, in order: one a view chose for this response (an invitation in the
language the school picked, a PDF in the family's language), then the signed-in student's or
guardian's own preference. Staff pages are written in English only, so staff read English.
"""

from __future__ import annotations

from flask import Flask, g
from flask_babel import refresh
from flask_login import current_user

from app.auth.models import Role

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


def init_babel(app: Flask) -> None:
    from app.extensions import babel

    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories="translations"
    )
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
