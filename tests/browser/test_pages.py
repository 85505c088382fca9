"""Every role's home in a real browser: screenshots, accessibility (axe), sign-in and sign-out,
and no console errors (which is where Chromium reports Content-Security-Policy violations)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Error, Page, expect
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from tests.browser.conftest import (
    HOMES,
    PHONE,
    ROLES,
    VIEWPORTS,
    LiveServer,
    sign_in_with_form,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).parent / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}
WRONG_CREDENTIALS = "That email and password do not match an account"
LOGIN_URL = re.compile(r"/login(\?.*)?$")

NewPage = Callable[..., Page]
SignInAs = Callable[[Page, str], None]

_axe = Axe()


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe violations on the page, one readable line per element."""
    results = _axe.run(page)
    found: list[str] = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"    at {target}\n    {node['html'][:200]}\n    {violation['helpUrl']}"
            )
    return found


def assert_accessible(page: Page) -> None:
    """Fail with a list of every serious or critical axe violation on the page."""
    found = axe_violations(page)
    assert not found, f"axe found {len(found)} problem(s) on {page.url}:\n" + "\n".join(found)


def expect_home(page: Page, role: str) -> None:
    """The page is the role's home: the right address, and the heading's eyebrow says so."""
    url, eyebrow = HOMES[role]
    expect(page).to_have_url(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if eyebrow:
        expect(page.locator(".page-header .eyebrow")).to_have_text(eyebrow)


def given_name(server: LiveServer, role: str) -> str:
    """The first name the account menu shows for a demo role."""
    email, _ = server.login(role)
    with server.app.app_context():
        name = db.session.scalars(select(User.given_name).where(User.email == email)).one()
        db.session.remove()
    return name


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", ROLES)
def test_home_screenshot_and_axe(
    new_page: NewPage, sign_in_as: SignInAs, role: str, viewport: str
) -> None:
    """Each role lands on its home; the page is photographed and has no serious axe issues."""
    page = new_page(VIEWPORTS[viewport])
    sign_in_as(page, role)
    expect_home(page, role)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{role.replace('_', '-')}-{viewport}.png", full_page=True)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/login", "/reset"])
def test_signed_out_pages_are_accessible(
    new_page: NewPage, live_server: LiveServer, path: str
) -> None:
    """The sign-in and forgot-password pages have no serious axe issues."""
    page = new_page()
    response = page.goto(live_server.at(path))
    assert response is not None and response.status == 200
    assert_accessible(page)


def test_not_found_page_is_accessible(new_page: NewPage, live_server: LiveServer) -> None:
    """The 404 page is a friendly page, and an accessible one."""
    page = new_page()
    response = page.goto(live_server.at("/does-not-exist"))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    assert_accessible(page)


def test_change_password_page_is_accessible(
    new_page: NewPage, live_server: LiveServer, sign_in_as: SignInAs
) -> None:
    """The change-password form has no serious axe issues."""
    page = new_page()
    sign_in_as(page, "teacher")
    page.goto(live_server.at("/account/password"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    assert_accessible(page)


def test_roster_and_student_profile_are_accessible(new_page: NewPage, sign_in_as: SignInAs) -> None:
    """A teacher opens a class roster from their home, then a student from the roster."""
    page = new_page()
    sign_in_as(page, "teacher")
    page.locator(".section-card h3 a").first.click()
    expect(page).to_have_url(re.compile(r"/sections/\d+$"))
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)

    page.locator("table tbody th a").first.click()
    expect(page).to_have_url(re.compile(r"/students/\d+$"))
    assert_accessible(page)


def test_wrong_password_is_explained_beside_the_field(
    new_page: NewPage, live_server: LiveServer
) -> None:
    """A wrong password says so next to the password field and keeps the typed email."""
    page = new_page(PHONE)
    email, _ = live_server.login("student")
    sign_in_with_form(page, live_server, email, "not-the-password")

    expect(page).to_have_url(LOGIN_URL)
    password = page.get_by_label("Password", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_attribute("aria-describedby", re.compile(r"\bpassword-error\b"))
    # The message is the password input's own next sibling, so it sits right under it.
    error = page.locator("#password + .field-error")
    expect(error).to_contain_text(WRONG_CREDENTIALS)
    expect(error).to_have_id("password-error")
    expect(page.get_by_label("Email")).to_have_value(email)
    expect(password).to_have_value("")


def test_student_signs_out_from_the_account_menu(
    new_page: NewPage, live_server: LiveServer, sign_in_as: SignInAs
) -> None:
    """Sign out is in the account menu; afterwards /me asks for sign-in again."""
    page = new_page()
    sign_in_as(page, "student")
    menu = page.locator("details.user-menu")
    menu.locator("summary").filter(has_text=given_name(live_server, "student")).click()
    expect(menu).to_have_attribute("open", "")
    menu.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.goto(live_server.at("/me"))
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


@pytest.mark.parametrize("role", ROLES)
def test_no_console_errors(new_page: NewPage, sign_in_as: SignInAs, role: str) -> None:
    """Signing in and opening the home logs no errors: no CSP refusals, no failed scripts."""
    page = new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            errors.append(f"{message.text} ({where['url']}:{where['lineNumber']})")

    def on_page_error(error: Error) -> None:
        errors.append(f"uncaught: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    sign_in_as(page, role)
    page.reload(wait_until="load")
    expect_home(page, role)
    assert not errors, f"console errors for {role}:\n" + "\n".join(errors)
