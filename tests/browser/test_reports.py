"""The reports in a real browser: each page photographed on a phone and a laptop, axe-clean,
its chart loaded, and its filters swapping the body in place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import VIEWPORTS
from tests.browser.test_pages import SCREENSHOTS, NewPage, SignInAs, assert_accessible

pytestmark = pytest.mark.browser


def shoot(page: Page, name: str, viewport: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}.png", full_page=True)


def expect_chart(page: Page) -> None:
    chart = page.locator(".report-chart img").first
    expect(chart).to_be_visible()
    page.wait_for_function("img => img.complete", arg=chart.element_handle())
    assert page.evaluate("img => img.naturalWidth", chart.element_handle()) > 0


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_teacher_reads_the_section_report(
    new_page: NewPage, sign_in_as: SignInAs, viewport: str
) -> None:
    page = new_page(VIEWPORTS[viewport])
    sign_in_as(page, "teacher")
    section = page.locator("main a[href^='/sections/']").first.get_attribute("href")
    assert section is not None
    page.goto(page.url.rsplit("/", 1)[0] + re.sub(r"^(/sections/\d+).*", r"\1/report", section))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pace and progress")
    expect(page.locator("#headline-heading")).to_contain_text("Mathematics")
    expect_chart(page)
    shoot(page, "section-report", viewport)
    assert_accessible(page)

    page.locator("#framework").select_option(label="Transferable skills")
    expect(page).to_have_url(re.compile(r"framework=\d+"))
    expect(page.locator("#headline-heading")).to_contain_text("Transferable skills")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_leader_reads_progress_and_equity(
    new_page: NewPage, sign_in_as: SignInAs, viewport: str
) -> None:
    page = new_page(VIEWPORTS[viewport])
    sign_in_as(page, "school_leader")
    page.locator("header nav").get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pace and progress")
    expect(page.locator("#sections-heading")).to_be_visible()
    expect_chart(page)
    shoot(page, "school-progress", viewport)
    assert_accessible(page)

    page.locator(".report-flags a", has_text="Not progressing").click()
    expect(page.locator("#flagged-heading")).to_contain_text("not progressing")
    expect(page.locator("#flagged-heading + figure tbody tr").first).to_be_visible()

    page.locator("header nav").get_by_role("link", name="Equity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Equity")
    expect(page.locator("td.suppressed", has_text="Fewer than 10").first).to_be_visible()
    shoot(page, "school-equity", viewport)
    assert_accessible(page)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_district_admin_reads_progress_and_equity_across_schools(
    new_page: NewPage, sign_in_as: SignInAs, viewport: str
) -> None:
    page = new_page(VIEWPORTS[viewport])
    sign_in_as(page, "district_admin")
    page.locator("header nav").get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pace and progress")
    expect(page.locator("section[aria-labelledby='schools-heading'] tbody tr")).to_have_count(2)
    expect_chart(page)
    shoot(page, "district-progress", viewport)
    assert_accessible(page)

    page.locator("header nav").get_by_role("link", name="Equity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Equity")
    expect(page.locator("#equity-gender")).to_be_visible()
    shoot(page, "district-equity", viewport)
    assert_accessible(page)
