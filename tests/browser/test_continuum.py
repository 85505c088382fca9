"""The continuum page in a real browser: filters swap in place, the chart loads, axe is clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.browser.test_pages import SCREENSHOTS, NewPage, SignInAs, assert_accessible

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_student_opens_the_continuum_and_filters_it(
    new_page: NewPage, sign_in_as: SignInAs, viewport: str
) -> None:
    page = new_page(VIEWPORTS[viewport])
    sign_in_as(page, "student")
    page.get_by_role("link", name="My continuum").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My continuum")
    expect(page.locator(".competency").first).to_be_visible()
    chart = page.locator(".level-chart img").first
    expect(chart).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", chart.element_handle()) > 0
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"continuum-{viewport}.png", full_page=True)
    assert_accessible(page)

    frameworks = page.get_by_label("Framework")
    first_name = frameworks.locator("option").nth(1).inner_text()
    frameworks.select_option(index=1)
    expect(page).to_have_url(re.compile(r"framework=\d+"))
    expect(page.locator("section.framework h2")).to_have_count(1)
    expect(page.locator("section.framework h2")).to_have_text(first_name)
    expect(page.get_by_label("Strand")).to_be_visible()

    page.get_by_label("As of").fill("2026-09-15")
    page.get_by_label("As of").dispatch_event("change")
    expect(page.locator(".notice")).to_contain_text("Sep 15, 2026")
    assert_accessible(page)


def test_teacher_opens_a_students_continuum_from_the_profile(
    new_page: NewPage, sign_in_as: SignInAs
) -> None:
    page = new_page()
    sign_in_as(page, "teacher")
    page.locator("main a[href^='/sections/']").first.click()
    page.locator("main table a[href^='/students/']").first.click()
    page.get_by_role("button", name="Continuum").click()
    expect(page.locator(".page-header .eyebrow")).to_have_text("Learner continuum")
    expect(page.locator(".competency").first).to_be_visible()
    assert_accessible(page)
