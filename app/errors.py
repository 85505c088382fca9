"""Friendly error pages, in HTML for browsers and as small fragments for htmx.

They speak the reader's language (app/i18n.py): a signed-out visitor's, a student's or a
guardian's; staff read English. A missing or stale CSRF token is not one of them: forms check
their own token and say so above the form (`form_top` in _macros/forms.html).
"""

from __future__ import annotations

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from app.extensions import db

MESSAGES = {
    400: (_l("That request could not be read"), _l("Something in it was missing or malformed.")),
    403: (_l("That page is not for you"), _l("Your account does not have access to it.")),
    404: (
        _l("We can't find that page"),
        _l("It may have moved, or the link may be mistyped."),
    ),
    405: (
        _l("That action is not available here"),
        _l("Use the buttons on the page instead."),
    ),
    410: (_l("That link has expired"), _l("Ask for a new one.")),
    413: (
        _l("That file is too large"),
        _l("Files of up to 5 MB can be uploaded. Nothing was saved."),
    ),
    429: (
        _l("Too many attempts"),
        _l(
            "For your safety we have paused sign-in attempts for a while. "
            "Wait 15 minutes and try again, or reset your password."
        ),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you typed caused this. We have been told; please try again in a minute."),
    ),
}


def render_error(code: int) -> ResponseReturnValue:
    title, detail = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    return render_template("errors/error.html", code=code, title=title, detail=detail), code


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> ResponseReturnValue:
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(500)
    def _server_error(error: Exception) -> ResponseReturnValue:
        # Flask has logged the exception already; only the page is ours to give.
        db.session.rollback()
        return render_error(500)
