"""Security headers on every response, and sign-in required unless a view opts out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, flash, request, url_for
from flask.wrappers import Response
from flask_login import current_user

from app.htmx import current_page, is_htmx, load_page

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

F = TypeVar("F", bound=Callable[..., Any])

# Flask's own static endpoint has no view of ours to mark @public.
PUBLIC_ENDPOINTS = {"static"}


def public(view: F) -> F:
    """Mark a view as reachable without signing in."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static" and current_user.is_authenticated:
        headers["Cache-Control"] = "no-store"
    return response


def sign_in_again() -> Response:
    """For htmx, whose XMLHttpRequest would follow a redirect to the sign-in page and swap it
    into the fragment's place: a 401 that has htmx load the sign-in page as a whole page,
    returning afterwards to the page the user is on (not to the URL the fragment came from,
    which may take only POST). That page is trusted only if it is a local path on this host.
    """
    from app.auth.routes import safe_next
    from app.extensions import login_manager

    flash(str(login_manager.login_message), login_manager.login_message_category)
    login = url_for(login_manager.login_view, next=safe_next(current_page()))
    return load_page(login, 401)


def require_login_by_default(app: Flask) -> None:
    from app.extensions import login_manager

    @app.before_request
    def _require_login() -> Any:
        if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if request.blueprint == "auth":
            return None
        view = app.view_functions.get(request.endpoint)
        if getattr(view, "is_public", False):
            return None
        if not current_user.is_authenticated:
            return sign_in_again() if is_htmx() else login_manager.unauthorized()
        return None


def register_security_headers(app: Flask) -> None:
    app.after_request(set_security_headers)
