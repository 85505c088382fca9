"""Languages: English and Spanish for the pages students and families read, and their PDFs.

A request's language is, in order: one a view chose for this response (an invitation in the
language the school picked, a PDF in the family's language), then the signed-in student's or
guardian's own preference. Staff pages are written in English only, so staff read English.
Someone not signed in (the sign-in and password pages, error pages) reads the language they
picked with the switch on the sign-in page, kept in their session, or else the first of ours
their browser asks for (Accept-Language), or else English.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_skeleton, format_time
from babel.support import NullTranslations
from flask import Flask, g, has_request_context, request, session
from flask.wrappers import Response
from flask_babel import get_locale, get_translations, gettext, refresh
from flask_login import current_user

from app.auth.models import Role, User
from app.translatable import Text

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
READER_ROLES = frozenset({Role.STUDENT, Role.GUARDIAN})
VISITOR_LANGUAGE = "language"  # the session key of a signed-out visitor's choice


def use_language(language: str) -> None:
    """Answer this request in `language` whoever asks (ignored unless it is one we have)."""
    if language in LANGUAGES:
        g.language = language
        refresh()  # forget a locale already looked up in this request (WTForms asks early)


def account_language(user: User) -> str:
    """The language Waypoint speaks to an account: a student's or guardian's own; staff, English."""
    preferred = user.preferred_language
    if user.role in READER_ROLES and preferred in LANGUAGES:
        return str(preferred)
    return DEFAULT_LANGUAGE


def remember_visitor_language(language: str) -> None:
    """Keep `language` for this browser while nobody is signed in (unknown ones are ignored)."""
    if language in LANGUAGES:
        session[VISITOR_LANGUAGE] = language
        refresh()


def visitor_chose_language() -> bool:
    return session.get(VISITOR_LANGUAGE) in LANGUAGES


def visitor_language() -> str:
    """A signed-out visitor's language: their pick on the sign-in page, else their browser's."""
    chosen = session.get(VISITOR_LANGUAGE)
    if chosen in LANGUAGES:
        return str(chosen)
    g.language_from_browser = True  # so the response says it varies with Accept-Language
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def select_locale() -> str:
    chosen = g.get("language")
    if chosen:
        return str(chosen)
    if not has_request_context():
        return DEFAULT_LANGUAGE  # a worker or command: the caller chooses with use_language
    if current_user.is_authenticated:
        return account_language(current_user)
    return visitor_language()


def _vary_on_browser_language(response: Response) -> Response:
    """Caches must not hand one visitor's Spanish page to another whose browser asks English."""
    if g.get("language_from_browser"):
        response.vary.add("Accept-Language")
    return response


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


def request_translations() -> NullTranslations:
    """This request's catalog, looked up once for its locale.

    Flask-Babel looks the catalog up again for every string a template translates (the locale
    written out as text, the cache, the domain), which was a tenth of a millisecond a page.
    A change of language within the request (`use_language`) parses a new locale object, so
    the one remembered here is replaced.
    """
    locale = get_locale()
    found = g.get("translations")
    if found is None or found[0] is not locale:
        found = g.translations = (locale, get_translations())
    translations: NullTranslations = found[1]
    return translations


def init_babel(app: Flask) -> None:
    from app.extensions import babel

    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories="translations"
    )
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.filters["translate"] = translate
    app.after_request(_vary_on_browser_language)
