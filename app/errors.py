"""Friendly error pages, in HTML for browsers and as small fragments for htmx."""

from __future__ import annotations

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from app.extensions import db

MESSAGES = {
    400: ("That request could not be read", "Something in it was missing or malformed."),
    403: ("That page is not for you", "Your account does not have access to it."),
    404: ("We can't find that page", "It may have moved, or the link may be mistyped."),
    405: ("That action is not available here", "Use the buttons on the page instead."),
    410: ("That link has expired", "Ask for a new one."),
    413: ("That file is too large", "Files of up to 5 MB can be uploaded. Nothing was saved."),
    429: (
        "Too many attempts",
        "For your safety we have paused sign-in attempts for a while. "
        "Wait 15 minutes and try again, or reset your password.",
    ),
    500: (
        "Something went wrong on our side",
        "Nothing you typed caused this. We have been told; please try again in a minute.",
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
