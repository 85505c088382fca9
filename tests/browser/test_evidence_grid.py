"""Quick entry and the evidence page in a real browser: a typed score saves without a reload,
says "saved" and can be undone; a bad score is explained in its cell; axe finds nothing serious;
a score typed after the session ended leads to the sign-in page and back.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from sqlalchemy import func, select, update

from app.auth.models import User, UserSession
from app.continuum.models import Competency, Evidence, Framework
from app.db import utcnow
from app.extensions import db
from tests.browser.conftest import PHONE, VIEWPORTS, LiveServer
from tests.browser.test_pages import SCREENSHOTS, NewPage, SignInAs, assert_accessible
from tests.factories import make_framework

pytestmark = pytest.mark.browser

LEVEL = 6


@pytest.fixture(scope="module")
def competency_code(live_server: LiveServer) -> str:
    """A competency of the demo district: the demo's own, or one added if it has none yet."""
    email, _ = live_server.login("teacher")
    with live_server.app.app_context():
        teacher = db.session.scalars(select(User).where(User.email == email)).one()
        code = db.session.scalar(
            select(Competency.code)
            .join(Framework, Framework.id == Competency.framework_id)
            .where(Framework.district_id == teacher.district_id)
            .order_by(Framework.position, Competency.id)
            .limit(1)
        )
        if code is None:
            district = teacher.school.district  # type: ignore[union-attr]
            code = make_framework(district).strands[0].competencies[0].code
            db.session.commit()
        db.session.remove()
    return code


def evidence_of(server: LiveServer, student_id: int) -> list[Evidence]:
    with server.app.app_context():
        found = list(
            db.session.scalars(
                select(Evidence).where(Evidence.student_id == student_id).order_by(Evidence.id)
            )
        )
        db.session.expunge_all()
        db.session.remove()
    return found


def count_evidence(server: LiveServer) -> int:
    with server.app.app_context():
        n = db.session.scalar(select(func.count()).select_from(Evidence)) or 0
        db.session.remove()
    return n


def open_grid(page: Page, sign_in_as: SignInAs, code: str) -> None:
    """From the teacher's home: a class, "Quick entry of scores", a competency and a level."""
    sign_in_as(page, "teacher")
    page.locator(".section-card h3 a").first.click()
    page.get_by_role("button", name="Quick entry of scores").click()
    competency = page.get_by_label("Competency")
    value = competency.locator("option", has_text=f"{code} — ").first.get_attribute("value")
    competency.select_option(value=value)
    page.get_by_label("Level").select_option(label=f"Level {LEVEL}")
    page.get_by_role("button", name="Show the grid").click()
    expect(page).to_have_url(re.compile(rf"/levels/{LEVEL}/quick-entry$"))


def row(page: Page, n: int):  # type: ignore[no-untyped-def]
    return page.locator("#grid-form tbody tr").nth(n)


def student_id_of(row_locator) -> int:  # type: ignore[no-untyped-def]
    return int(row_locator.get_attribute("id").removeprefix("grid-row-"))


def test_a_score_saves_in_place_and_can_be_undone(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer, competency_code: str
) -> None:
    page = new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # A refused score answers 422 on purpose; anything else (a CSP refusal) is a fault.
        if message.type == "error" and "status of 422" not in message.text:
            errors.append(message.text)

    page.on("console", on_console)
    open_grid(page, sign_in_as, competency_code)
    url = page.url
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "grid-laptop.png", full_page=True, caret="initial")
    assert_accessible(page)

    first = row(page, 0)
    student_id = student_id_of(first)
    before = len(evidence_of(live_server, student_id))
    first.get_by_role("textbox").fill("3")
    first.get_by_role("textbox").press("Tab")
    status = row(page, 0).get_by_role("status")
    expect(status).to_have_text(re.compile(r"Saved: 3"))
    assert page.url == url  # no reload, no navigation
    expect(row(page, 0).get_by_role("textbox")).to_have_value("")
    assert len(evidence_of(live_server, student_id)) == before + 1
    page.screenshot(path=SCREENSHOTS / "grid-saved-laptop.png", full_page=True, caret="initial")
    assert_accessible(page)

    row(page, 0).get_by_role("button", name=re.compile("^Undo")).click()
    expect(row(page, 0).get_by_role("status")).to_contain_text("Undone")
    assert evidence_of(live_server, student_id)[-1].removed_at is not None

    second = row(page, 1)
    second.get_by_role("textbox").fill("9")
    second.get_by_role("textbox").press("Tab")
    box = row(page, 1).get_by_role("textbox")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(row(page, 1).locator(".field-error")).to_contain_text("Scores on this scale run from")
    expect(box).to_have_value("9")
    assert_accessible(page)
    assert not errors, "console errors:\n" + "\n".join(errors)


def test_enter_in_a_cell_records_the_score_once(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer, competency_code: str
) -> None:
    page = new_page()
    open_grid(page, sign_in_as, competency_code)
    third = row(page, 2)
    student_id = student_id_of(third)
    before = len(evidence_of(live_server, student_id))
    third.get_by_role("textbox").fill("2")
    third.get_by_role("textbox").press("Enter")
    expect(row(page, 2).get_by_role("status")).to_have_text(re.compile(r"Saved: 2"))
    page.wait_for_timeout(300)  # time for any second request to arrive, if one were sent
    assert len(evidence_of(live_server, student_id)) == before + 1


def test_typing_then_pressing_save_records_the_score_once(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer, competency_code: str
) -> None:
    page = new_page()
    open_grid(page, sign_in_as, competency_code)
    fourth = row(page, 3)
    student_id = student_id_of(fourth)
    before = len(evidence_of(live_server, student_id))
    fourth.get_by_role("textbox").fill("4")
    page.get_by_role("button", name="Save all scores").click()
    expect(page.locator("#grid-form")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert len(evidence_of(live_server, student_id)) == before + 1


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_grid_and_the_evidence_page_on_each_screen(
    new_page: NewPage,
    sign_in_as: SignInAs,
    live_server: LiveServer,
    competency_code: str,
    viewport: str,
) -> None:
    page = new_page(VIEWPORTS[viewport])
    open_grid(page, sign_in_as, competency_code)
    if VIEWPORTS[viewport] == PHONE:
        page.screenshot(path=SCREENSHOTS / "grid-phone.png", full_page=True, caret="initial")
    first = row(page, 0)
    first.get_by_role("textbox").fill("4")
    first.get_by_role("textbox").press("Tab")
    expect(row(page, 0).get_by_role("status")).to_have_text(re.compile(r"Saved: 4"))
    row(page, 0).locator("th a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"level {LEVEL}")
    expect(page.get_by_text("Recorded by").first).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"evidence-{viewport}.png", full_page=True, caret="initial")
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("^Edit")).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit evidence")
    assert_accessible(page)
    page.get_by_label("Score").select_option("2")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("History (1 change)").last).to_be_visible()
    page.get_by_role("button", name=re.compile("^Remove")).last.click()
    expect(page.get_by_text("It no longer counts").last).to_be_visible()
    page.get_by_role("button", name="Record evidence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record evidence")
    page.screenshot(
        path=SCREENSHOTS / f"evidence-new-{viewport}.png", full_page=True, caret="initial"
    )
    assert_accessible(page)


def test_no_javascript_needed_for_the_whole_grid(
    browser, live_server: LiveServer, competency_code: str
) -> None:  # type: ignore[no-untyped-def]
    """With JavaScript off the grid is one form: type two scores, press Save, both are stored."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        email, password = live_server.login("teacher")
        page.goto(live_server.at("/login"))
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.locator(".section-card h3 a").first.click()
        page.get_by_role("button", name="Quick entry of scores").click()
        competency = page.get_by_label("Competency")
        value = competency.locator("option", has_text=f"{competency_code} — ")
        competency.select_option(value=value.first.get_attribute("value"))
        page.get_by_label("Level").select_option(label=f"Level {LEVEL}")
        page.get_by_role("button", name="Show the grid").click()
        before = count_evidence(live_server)
        row(page, 4).get_by_role("textbox").fill("3")
        row(page, 5).get_by_role("textbox").fill("m")
        page.get_by_role("button", name="Save all scores").click()
        expect(page.get_by_text("Saved 2 scores.")).to_be_visible()
        assert count_evidence(live_server) == before + 2
    finally:
        context.close()


def test_one_tab_stop_per_row_and_an_expired_page_is_explained(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer, competency_code: str
) -> None:
    """Tab goes from score box to score box (Undo and the name link are not in the way); once
    the page's CSRF token no longer matches, a score is not saved and the cell and the grid's
    alert say so, with a way to reload."""
    page = new_page()
    open_grid(page, sign_in_as, competency_code)
    rows = min(page.locator("#grid-form tbody tr").count(), 8)
    assert rows >= 5, "the demo class should have a few students"
    row(page, 0).get_by_role("textbox").focus()
    for n in range(1, rows):
        if n == 3:  # a score typed on the way, in the third row, saves as Tab leaves its box
            page.keyboard.type("3")
        page.keyboard.press("Tab")
        expect(row(page, n).get_by_role("textbox")).to_be_focused()
    expect(row(page, 2).get_by_role("status")).to_have_text(re.compile(r"Saved: 3"))
    name = row(page, 1).get_by_role("textbox").get_attribute("id")
    label = page.locator(f'label[for="{name}"]').inner_text()
    assert re.fullmatch(rf"New score for .+ on {re.escape(competency_code)}, level {LEVEL}", label)

    page.evaluate("document.querySelector('#grid-form [name=csrf_token]').value = 'stale'")
    fourth = row(page, 3)
    student_id = student_id_of(fourth)
    before = evidence_of(live_server, student_id)
    fourth.get_by_role("textbox").fill("2")
    fourth.get_by_role("textbox").press("Tab")
    alert = page.get_by_role("alert").filter(has_text="This page has expired")
    expect(alert).to_contain_text("was not saved")
    expect(row(page, 3).locator(".field-error")).to_contain_text(
        "Not saved: this page has expired."
    )
    expect(row(page, 3).get_by_role("textbox")).to_have_value("2")
    expect(row(page, 3).get_by_role("textbox")).to_have_attribute("aria-invalid", "true")
    assert [e.id for e in evidence_of(live_server, student_id)] == [e.id for e in before]
    page.screenshot(path=SCREENSHOTS / "grid-expired-laptop.png", full_page=True, caret="initial")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / "grid-expired-phone.png", full_page=True, caret="initial")
    assert_accessible(page)

    alert.get_by_role("button", name="Reload the page").click()
    expect(page.locator("#grid-alert")).to_be_empty()
    row(page, 3).get_by_role("textbox").fill("2")
    row(page, 3).get_by_role("textbox").press("Tab")
    expect(row(page, 3).get_by_role("status")).to_have_text(re.compile(r"Saved: 2"))
    assert len(evidence_of(live_server, student_id)) == len(before) + 1


def end_sessions_of(server: LiveServer, role: str) -> None:
    """Revoke every session of the role's demo user, as an idle timeout would end one."""
    email, _ = server.login(role)
    with server.app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        db.session.execute(
            update(UserSession).where(UserSession.user_id == user_id).values(revoked_at=utcnow())
        )
        db.session.commit()
        db.session.remove()


def test_a_score_typed_after_the_session_ended_leads_to_sign_in_and_back(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer, competency_code: str
) -> None:
    """The cell's htmx post gets a 401 with HX-Redirect: the whole window goes to the sign-in
    page (not the sign-in page swapped into the row), and signing in returns to the grid."""
    page = new_page()
    open_grid(page, sign_in_as, competency_code)
    grid = urlsplit(page.url).path
    end_sessions_of(live_server, "teacher")

    row(page, 0).get_by_role("textbox").fill("3")
    row(page, 0).get_by_role("textbox").press("Tab")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    assert parse_qs(urlsplit(page.url).query)["next"] == [grid]
    expect(page.locator("#grid-form")).to_have_count(0)
    expect(page.get_by_text("Please sign in to see that page.")).to_be_visible()

    email, password = live_server.login("teacher")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.at(grid))
    expect(page.locator("#grid-form")).to_be_visible()
