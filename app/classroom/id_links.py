"""Links to many records of one endpoint, for pages that list a whole class.

`url_for` runs Werkzeug's URL builder every time (a few microseconds); a dashboard row has up
to three links, so a class of 35 built about a hundred. `id_link` calls `url_for` once, with a
sentinel id, and writes each real id where the sentinel came out. That is exactly what
`url_for` would have built: an `<int:…>` converter (ours never set `fixed_digits`) writes an
id as its decimal digits, and nothing else in the URL (SCRIPT_NAME, blueprint prefix, scheme,
host) depends on the id. Should the sentinel's digits come out anywhere else in the URL, or
not at all, substituting would be a guess, so then each id goes through `url_for` as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import url_for

# Thirteen digits: no id gets there, and no path is likely to hold them.
SENTINEL = 7_301_946_285_113


def id_link(endpoint: str, key: str) -> Callable[[int], str]:
    """A function from a record id to `url_for(endpoint, **{key: id})`."""
    marker = str(SENTINEL)
    built = _url(endpoint, key, SENTINEL)
    if built.count(marker) != 1:
        return partial(_url, endpoint, key)
    before, after = built.split(marker)
    return lambda record_id: f"{before}{int(record_id)}{after}"


def _url(endpoint: str, key: str, record_id: int) -> str:
    values: dict[str, Any] = {key: record_id}
    return url_for(endpoint, **values)
