"""Browser fixtures: the app on a real port over its own demo database, and headless Chromium.

The live server has a SQLite file of its own, built by the migrations and filled with the
demo district, so pages look as they do for a real school. It is not the rolled-back test
database the other tests share: the server answers from another thread, and every browser
request must see what earlier requests committed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.demo import DemoLogins, load_demo
from app.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DEMO_TODAY = date(2026, 11, 25)
REPO = Path(__file__).resolve().parents[2]

PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
VIEWPORTS: dict[str, ViewportSize] = {"phone": PHONE, "laptop": LAPTOP}

# Where each role lands after signing in, and the words its home page greets it with.
HOMES: dict[str, tuple[re.Pattern[str], str]] = {
    "student": (re.compile(r"/me$"), "My learning"),
    "teacher": (re.compile(r"/teach$"), "My classes"),
    "school_leader": (re.compile(r"/schools/\d+$"), ""),
    "district_admin": (re.compile(r"/district$"), ""),
    "guardian": (re.compile(r"/family$"), "My family"),
}
ROLES = tuple(HOMES)


@dataclass(frozen=True)
class LiveServer:
    """The running app: its address, the Flask app and the demo logins per role."""

    url: str
    app: Flask
    logins: DemoLogins

    def at(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.url + path

    def login(self, role: str) -> tuple[str, str]:
        """(email, password) for a role name such as "teacher"."""
        email, password = getattr(self.logins, role)
        return email, password


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Waypoint served on 127.0.0.1 from a thread, over a fresh demo database."""
    root = tmp_path_factory.mktemp("browser")
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{root / 'browser.sqlite3'}"
    config.INSTANCE_DIR = root
    # Requests arrive as 127.0.0.1:<port>, not "localhost"; TestConfig types the name as str.
    config.SERVER_NAME = None  # type: ignore[assignment]
    application = create_app(config)
    with application.app_context():
        upgrade(directory=str(REPO / "migrations"))
        logins = load_demo(db.session, DEMO_TODAY)
        db.session.commit()
        db.session.remove()

    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="waypoint-live", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", application, logins)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with application.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test opens its own context."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """new_page(viewport=LAPTOP): a page in a fresh context (no cookies), closed afterwards."""
    contexts = []

    def _open(viewport: ViewportSize = LAPTOP) -> Page:
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def sign_in_with_form(page: Page, server: LiveServer, email: str, password: str) -> None:
    """Type the email and password into /login and press "Sign in", as a person would."""
    page.goto(server.at("/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture()
def sign_in_as(live_server: LiveServer) -> Callable[[Page, str], None]:
    """sign_in_as(page, role): sign in through the real form and wait for the role's home."""

    def _sign_in(page: Page, role: str) -> None:
        email, password = live_server.login(role)
        sign_in_with_form(page, live_server, email, password)
        expect(page).to_have_url(HOMES[role][0])

    return _sign_in
