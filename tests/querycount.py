"""Counting the SQL a request runs, so tests can prove a page does not grow with its data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def count_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def _count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)


def page_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    """The SQL of one GET of `url` once warm: the first request after a framework changes
    also reads its outline (`app.continuum.outlines`), which the process then keeps."""
    assert client.get(url).status_code == 200
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)
