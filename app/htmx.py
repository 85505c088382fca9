"""One place decides whether a request gets the whole page or just its fragment, and reads
and writes the other HX-* headers the app needs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import make_response, render_template
from flask.wrappers import Response
from htmx_flask import request


def is_htmx() -> bool:
    return bool(request.htmx)


def wants_fragment() -> bool:
    return is_htmx() and not request.htmx.history_restore_request


def render(page: str, partial: str, status: int = 200, **context: Any) -> Response:
    """Render `partial` for htmx requests and `page` otherwise; the page includes the partial."""
    template = partial if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def current_page() -> str | None:
    """The path and query of the page an htmx request was sent from (HX-Current-URL), if that
    page is on this host; None if the header is missing or names another site."""
    url = request.htmx.current_url if is_htmx() else None
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed [IPv6] host
        return None
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def load_page(url: str, status: int = 200) -> Response:
    """Have htmx load `url` as a whole page (HX-Redirect) rather than swap this answer in."""
    response = make_response("", status)
    response.headers["HX-Redirect"] = url
    response.vary.add("HX-Request")
    return response
