"""The class dashboard and the data wall in a real browser, over the demo school: screenshots on
a phone and a laptop, axe, htmx filters that swap in place, and no CSP errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from app.classroom.dashboard_order import folded
from tests.browser.conftest import VIEWPORTS
from tests.browser.test_pages import SCREENSHOTS, NewPage, SignInAs, assert_accessible

pytestmark = pytest.mark.browser


def _console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error.message}"))
    return errors


def _open_dashboard(page: Page, sign_in_as: SignInAs) -> None:
    sign_in_as(page, "teacher")
    page.locator(".section-card .card-actions a", has_text="Dashboard").first.click()
    expect(page).to_have_url(re.compile(r"/sections/\d+/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Class dashboard")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_dashboard_screenshot_and_axe(
    new_page: NewPage, sign_in_as: SignInAs, viewport: str
) -> None:
    page = new_page(VIEWPORTS[viewport])
    errors = _console_errors(page)
    _open_dashboard(page, sign_in_as)
    expect(page.locator(".dashboard-table tbody tr").first).to_be_visible()
    expect(page.locator(".flag-list .badge").first).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"class-dashboard-{viewport}.png", full_page=True)
    assert_accessible(page)
    assert not errors, "\n".join(errors)


def test_dashboard_filters_swap_in_place(new_page: NewPage, sign_in_as: SignInAs) -> None:
    page = new_page()
    errors = _console_errors(page)
    _open_dashboard(page, sign_in_as)
    rows = page.locator(".dashboard-table tbody tr")
    page.locator("html").evaluate("html => html.dataset.marker = 'same-page'")

    page.get_by_label("Order").select_option("name")
    expect(page).to_have_url(re.compile(r"sort=name"))
    expect(page.locator(".dashboard-table caption")).to_contain_text("name (a–z)")
    names = rows.locator("th[scope=row] > a").all_inner_texts()
    assert len(names) > 1 and names == sorted(names, key=folded)

    flag = page.locator(".flag-filter").filter(has_text="Not progressing")
    count = int(flag.locator("strong").inner_text())
    flag.click()
    expect(page).to_have_url(re.compile(r"flag=not_progressing"))
    expect(page.locator(".flag-filter[aria-current=true]")).to_contain_text("Not progressing")
    expect(rows).to_have_count(count)
    expect(page.locator("select#flag")).to_have_value("not_progressing")
    # htmx swapped the body: the document itself was never reloaded.
    assert page.locator("html").get_attribute("data-marker") == "same-page"
    page.screenshot(path=SCREENSHOTS / "class-dashboard-filtered-laptop.png", full_page=True)
    assert_accessible(page)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_data_wall_screenshot_and_axe(
    new_page: NewPage, sign_in_as: SignInAs, viewport: str
) -> None:
    page = new_page(VIEWPORTS[viewport])
    errors = _console_errors(page)
    _open_dashboard(page, sign_in_as)
    page.get_by_role("button", name="Data wall").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data wall")
    cells = page.locator(".wall-table tbody td a")
    expect(cells.first).to_be_visible()
    label = cells.first.get_attribute("aria-label") or ""
    assert re.fullmatch(r".+, [A-Z]+\.\d+: level \d+", label), label
    page.screenshot(path=SCREENSHOTS / f"data-wall-{viewport}.png", full_page=True)
    assert_accessible(page)

    page.get_by_label("Cells show").select_option("gap")
    expect(page).to_have_url(re.compile(r"show=gap"))
    expect(page.locator(".wall-table caption")).to_contain_text("difference from the expected")
    page.screenshot(path=SCREENSHOTS / f"data-wall-gap-{viewport}.png", full_page=True)
    assert_accessible(page)
    assert not errors, "\n".join(errors)


def test_data_wall_framework_chooser_and_click_through(
    new_page: NewPage, sign_in_as: SignInAs
) -> None:
    page = new_page()
    _open_dashboard(page, sign_in_as)
    page.get_by_role("button", name="Data wall").click()
    chooser = page.get_by_label("Framework")
    second = chooser.locator("option").nth(1).inner_text()
    chooser.select_option(index=1)
    expect(page.locator(".wall-table caption")).to_contain_text(second)

    name = page.locator(".wall-table tbody th a").first
    student = name.inner_text()
    name.click()
    expect(page).to_have_url(re.compile(r"/students/\d+/continuum\?framework=\d+$"))
    expect(page.locator(".page-header .eyebrow")).to_have_text("Learner continuum")
    family, given = student.split(", ", 1)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{given} {family}")
