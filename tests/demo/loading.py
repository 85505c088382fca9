"""Loading the demo once per test module, in a transaction that is rolled back afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy.orm import scoped_session, sessionmaker

from app.extensions import db


@contextmanager
def rolled_back(app: Flask) -> Iterator[None]:
    """db.session bound to a transaction that is rolled back on leaving, as conftest does."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        factory = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        db.session = scoped_session(factory)  # type: ignore[assignment]
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()
