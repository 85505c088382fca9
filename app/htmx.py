"""One place decides whether a request gets the whole page or just its fragment."""

from __future__ import annotations

from typing import Any

from flask import make_response, render_template
from flask.wrappers import Response
from htmx_flask import request


def wants_fragment() -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def render(page: str, partial: str, status: int = 200, **context: Any) -> Response:
    """Render `partial` for htmx requests and `page` otherwise; the page includes the partial."""
    template = partial if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response
