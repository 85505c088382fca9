"""The sign-in page in Spanish in a real browser: from the browser's language, and from the
English · Español links, with its errors and the 404 page; photographed and checked with axe."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize, expect

from tests.browser.conftest import LAPTOP, PHONE, VIEWPORTS, LiveServer
from tests.browser.test_pages import SCREENSHOTS, assert_accessible

pytestmark = pytest.mark.browser

LOGIN_URL = re.compile(r"/login(\?.*)?$")
INTENDED_STATUS = re.compile(r"^Failed to load resource: .* status of (404|422)\b")


@pytest.fixture()
def browser_in(browser: Browser) -> Iterator[Callable[[str, ViewportSize], Page]]:
    """browser_in(locale, viewport): a page whose browser asks for that language first."""
    contexts = []

    def _open(locale: str, viewport: ViewportSize) -> Page:
        context = browser.new_context(viewport=viewport, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def console_errors(page: Page) -> list[str]:
    """Errors the page logs from now on (where Chromium reports CSP refusals), leaving out the
    422 or 404 a page answers with on purpose."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not INTENDED_STATUS.search(message.text):
            errors.append(message.text)

    page.on("console", on_console)
    return errors


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_spanish_browser_meets_the_sign_in_page_in_spanish(
    browser_in: Callable[[str, ViewportSize], Page], live_server: LiveServer, viewport: str
) -> None:
    page = browser_in("es-MX", VIEWPORTS[viewport])
    errors = console_errors(page)
    page.goto(live_server.at("/login"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión en Waypoint")
    expect(page.get_by_label("Correo electrónico")).to_be_focused()
    expect(page.get_by_label("Contraseña", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Iniciar sesión")).to_be_visible()
    switch = page.get_by_role("navigation", name="Idioma")
    expect(switch.get_by_role("link", name="English")).to_have_attribute("lang", "en")
    expect(switch.get_by_role("link", name="Español")).to_have_attribute("aria-current", "true")
    shoot(page, f"sign-in-es-{viewport}")
    assert_accessible(page)
    assert not errors, errors


def test_an_english_browser_switches_to_spanish_and_back(
    browser_in: Callable[[str, ViewportSize], Page], live_server: LiveServer
) -> None:
    page = browser_in("en-US", PHONE)
    errors = console_errors(page)
    page.goto(live_server.at("/login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Waypoint")

    page.get_by_role("link", name="Español").click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión en Waypoint")

    # A wrong password is explained in Spanish beside the field, and the choice is remembered.
    email, _ = live_server.login("student")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill("no-es-la-contraseña")
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.locator("#password-error")).to_have_text(
        "Ese correo electrónico y esa contraseña no coinciden con ninguna cuenta. "
        "Revise los dos y vuelva a intentarlo."
    )
    shoot(page, "sign-in-es-error-phone")
    assert_accessible(page)

    page.get_by_role("link", name="¿Olvidó su contraseña?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Restablecer la contraseña")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert not errors, errors


def test_a_spanish_browser_gets_a_spanish_404(
    browser_in: Callable[[str, ViewportSize], Page], live_server: LiveServer
) -> None:
    page = browser_in("es-419", LAPTOP)
    response = page.goto(live_server.at("/no-such-page"))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("No encontramos esa página")
    expect(page.get_by_role("button", name="Ir a iniciar sesión")).to_be_visible()
    shoot(page, "not-found-es-laptop")
    assert_accessible(page)
