"""Headers, escaping and error pages that every response shares."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import update

from app import create_app
from app.auth.models import Role, UserSession
from app.config import ConfigError, ProductionConfig, TestConfig
from app.db import utcnow
from app.extensions import db
from tests.factories import PASSWORD, make_student


def test_security_headers_on_every_response(client):
    for path in ("/login", "/static/css/waypoint.css", "/does-not-exist"):
        response = client.get(path)
        response.close()
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_not_cached(client, world, sign_in):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    sign_in(client, world.teacher)
    assert client.get("/teach").headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(client, world):
    from tests.factories import PASSWORD

    response = client.post_form("/login", {"email": world.student.email, "password": PASSWORD})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if "waypoint_session" in h)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        ProductionConfig()
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    config = ProductionConfig()
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE


def test_development_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    from app.config import development_secret_key

    first = development_secret_key(tmp_path)
    assert first == development_secret_key(tmp_path)
    assert len(first) == 64


def test_bad_environment_values_explain_themselves(monkeypatch):
    from app.config import config_from_env

    monkeypatch.setenv("WAYPOINT_ENV", "staging")
    with pytest.raises(ConfigError, match="WAYPOINT_ENV must be one of"):
        config_from_env()
    monkeypatch.setenv("WAYPOINT_ENV", "testing")
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "lots")
    with pytest.raises(ConfigError, match="SESSION_IDLE_MINUTES must be a whole number"):
        config_from_env()


def test_postgres_urls_use_psycopg3(monkeypatch, tmp_path):
    from app.config import database_url

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert database_url(tmp_path / "x") == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    ("url", "pinged"),
    [("sqlite:///waypoint.sqlite3", False), ("postgresql://u@h/db", True)],
)
def test_pooled_connections_are_pinged_only_on_a_server(monkeypatch, tmp_path, url, pinged):
    from app.config import DevelopmentConfig

    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("WAYPOINT_INSTANCE_DIR", str(tmp_path))
    options = DevelopmentConfig().SQLALCHEMY_ENGINE_OPTIONS
    assert options == {"pool_pre_ping": pinged}


def test_sqlite_runs_with_foreign_keys_and_wal(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_typed_text_stays_inert_everywhere_it_is_shown(client, world, sign_in):
    make_student(
        world.school,
        section=world.section,
        given_name='<script>alert("x")</script>',
        family_name='<b hx-get="/logout">Bold</b>',
    )
    db.session.commit()
    sign_in(client, world.teacher)
    page = client.get(f"/sections/{world.section.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert '<b hx-get="/logout">' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_friendly_404(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.get("/students/999999")
    assert response.status_code == 404
    assert "find that page" in response.get_data(as_text=True)


def test_friendly_500_page(tmp_path, database_url):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.INSTANCE_DIR = tmp_path
    config.TESTING = False
    app: Flask = create_app(config)

    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("boom")

    from app.security import public

    public(boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


def test_roles_are_a_closed_set():
    assert {r.value for r in Role} == {
        "student",
        "teacher",
        "school_leader",
        "district_admin",
        "guardian",
    }


# --- htmx requests from someone whose session ended ---


def _grid(world) -> str:
    return f"/sections/{world.section.id}/competencies/{world.competency.id}/levels/1/quick-entry"


def _end_session(app: Flask, how: str) -> None:
    if how == "revoked":
        db.session.execute(update(UserSession).values(revoked_at=utcnow()))
    else:
        idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
        db.session.execute(update(UserSession).values(last_seen_at=utcnow() - idle))
    db.session.commit()


def _htmx_cell_post(client, world, current_url: str | None):
    headers = {"HX-Request": "true"}
    if current_url is not None:
        headers["HX-Current-URL"] = current_url
    url = _grid(world) + f"/students/{world.student.id}"
    return client.post(url, data={"observed_on": "2026-11-20"}, headers=headers)


def _sign_in_target(response) -> tuple[str, list[str]]:
    """The path HX-Redirect leads to, and its `next` values."""
    parts = urlsplit(response.headers["HX-Redirect"])
    assert not parts.scheme and not parts.netloc
    return parts.path, parse_qs(parts.query).get("next", [])


@pytest.mark.parametrize("how", ["revoked", "idle"])
def test_htmx_after_the_session_ends_loads_the_sign_in_page_and_comes_back(
    app, client, world, sign_in, how
):
    sign_in(client, world.teacher)
    assert client.get(_grid(world)).status_code == 200
    _end_session(app, how)
    response = _htmx_cell_post(client, world, f"http://localhost{_grid(world)}?kind=summative")
    assert response.status_code == 401
    assert "HX-Request" in response.headers["Vary"]
    page = f"{_grid(world)}?kind=summative"
    assert _sign_in_target(response) == ("/login", [page])

    sign_in_page = client.get(response.headers["HX-Redirect"]).get_data(as_text=True)
    assert "Please sign in to see that page." in sign_in_page
    data = {"email": world.teacher.email, "password": PASSWORD}
    signed_in = client.post_form(response.headers["HX-Redirect"], data)
    assert signed_in.status_code == 303
    assert signed_in.headers["Location"] == page
    assert client.get(page).status_code == 200


@pytest.mark.parametrize(
    "current_url",
    [
        None,
        "https://evil.example/steal",
        "http://evil.example/sections/1",
        "http://localhost@evil.example/",
        "http://localhost//evil.example/x",
        "http://localhost/\\evil.example",
        "http://localhost/\t/evil.example",
        "javascript:alert(1)",
        "/sections/1",
        "http://[::1",
    ],
    ids=[
        "missing",
        "other-site",
        "other-host",
        "userinfo",
        "protocol-relative-path",
        "backslash",
        "tab",
        "javascript",
        "no-host",
        "malformed",
    ],
)
def test_a_forged_current_url_signs_in_to_the_home_page(client, world, current_url):
    response = _htmx_cell_post(client, world, current_url)
    assert response.status_code == 401
    assert _sign_in_target(response) == ("/login", [])


def test_signed_out_requests_without_htmx_still_redirect(client, world):
    url = _grid(world) + f"/students/{world.student.id}"
    headers = {"HX-Current-URL": "http://localhost/teach"}  # no HX-Request: not htmx
    response = client.post(url, headers=headers)
    assert response.status_code == 302
    assert "HX-Redirect" not in response.headers
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [url]
