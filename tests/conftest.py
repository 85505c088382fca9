"""Test fixtures: one schema per run (built by the migrations), one rolled-back transaction
per test, and a client that behaves like a real browser session."""

from __future__ import annotations

import contextvars
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import scoped_session, sessionmaker

from app import create_app
from app.config import TestConfig
from app.extensions import db, limiter
from tests.factories import World

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _postgres_database(base_url: str) -> Iterator[str]:
    """A database of our own on the server, created for this run and dropped after it."""
    url = make_url(base_url).set(drivername="postgresql+psycopg")
    name = f"waypoint_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL", "")
    if base.startswith("postgres"):
        yield from _postgres_database(base)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def _sqlite_savepoint_recipe(engine: Any) -> None:
    """pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy's documented fix."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.INSTANCE_DIR = tmp_path_factory.mktemp("instance")
    application = create_app(config)
    application.test_client_class = IsolatedClient
    with application.app_context():
        upgrade(directory=str(Path(application.root_path).parent / "migrations"))
        if db.engine.dialect.name == "sqlite":
            db.engine.dispose()
            _sqlite_savepoint_recipe(db.engine)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test runs inside a transaction that is rolled back at its end."""
    if "app" not in request.fixturenames:
        yield
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        factory = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        db.session = scoped_session(factory, scopefunc=_app_context_id)  # type: ignore[assignment]
        limiter.reset()
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


def _app_context_id() -> int:
    """One session per app context, as Flask-SQLAlchemy scopes them."""
    from flask.globals import app_ctx

    return id(app_ctx._get_current_object())


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a real server would.

    Without this the request would reuse the test's app context, and `g` (where Flask-Login
    keeps the current user) would leak from one request into the next.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return contextvars.Context().run(super().open, *args, **kwargs)

    def csrf_token(self, path: str = "/login") -> str:
        page = self.get(path).get_data(as_text=True)
        match = CSRF_RE.search(page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post_form(
        self, path: str, data: dict[str, Any] | None = None, page: str | None = None, **kw: Any
    ) -> Any:
        """POST like a browser: read the CSRF token from the page the form is on first."""
        token = self.csrf_token(page or path)
        return self.post(path, data={"csrf_token": token, **(data or {})}, **kw)


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def world(app: Flask) -> World:
    from tests.factories import build_world

    return build_world()


@pytest.fixture()
def sign_in(app: Flask):  # type: ignore[no-untyped-def]
    """sign_in(client, user): a signed-in session without typing a password."""
    from tests.factories import sign_in as _sign_in

    return _sign_in
