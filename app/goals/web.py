"""How a successful save answers: a 303 for a plain form, a fragment or a redirect for htmx.

Shared by the goals and PDSA routes, so that routes never spell out htmx headers themselves.
"""

from __future__ import annotations

from typing import Any

from flask import make_response, redirect, render_template
from werkzeug.wrappers import Response

from app.htmx import load_page, wants_fragment


def after_save(url: str, fragment: str | None = None, **context: Any) -> Response:
    """A plain POST gets a 303 to `url`. An htmx POST gets `fragment` with the flash message
    out of band (saving without a reload), or, with no fragment, a full-page move to `url`."""
    if not wants_fragment():
        return redirect(url, 303)
    if fragment is None:
        # Without its #fragment: a fragment-only change would scroll, not load the saved page.
        return load_page(url.split("#", 1)[0])
    response = make_response(render_template(fragment, oob=True, **context))
    response.vary.add("HX-Request")
    return response
