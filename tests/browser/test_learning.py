"""Goals, the weekly check-in and PDSA cycles in a real browser, on the demo district.

A demo student does this week's check-in (with a mistake fixed inline first); another walks a
PDSA cycle from Plan to Act and opens the next one; a third switches to Spanish and meets the
check-in form, its errors and the continuum in Spanish on a phone; a teacher replies inline;
every new page is photographed on a phone and a laptop and checked with axe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import clock
from app.auth.models import Role, User
from app.demo import PASSWORD
from app.extensions import db
from app.goals.models import Goal
from app.goals.rules import GoalStatus
from app.pdsa.models import PdsaCycle
from app.schools.models import Enrollment
from tests.browser.conftest import DEMO_TODAY, PHONE, VIEWPORTS, LiveServer, sign_in_with_form
from tests.browser.test_pages import SCREENSHOTS, NewPage, SignInAs, assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _demo_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The server's "today" is the day the demo was built around, so this week is week 48."""
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    yield


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def student_without_cycles(server: LiveServer) -> str:
    """A classmate of the demo student who has not started a PDSA cycle yet."""
    with server.app.app_context():
        demo = db.session.scalars(
            select(User).where(User.email == server.login("student")[0])
        ).one()
        section = select(Enrollment.section_id).where(Enrollment.user_id == demo.id)
        email = db.session.scalars(
            select(User.email)
            .join(Enrollment, Enrollment.user_id == User.id)
            .where(
                Enrollment.section_id.in_(section),
                User.role == Role.STUDENT,
                User.id != demo.id,
                ~User.id.in_(select(PdsaCycle.student_id)),
            )
            .order_by(User.id)
            .limit(1)
        ).one()
        db.session.remove()
    return email


def test_a_student_does_this_weeks_check_in(new_page: NewPage, sign_in_as: SignInAs) -> None:
    page = new_page()
    sign_in_as(page, "student")
    expect(page.get_by_text("Not done yet for the week of Nov 23, 2026")).to_be_visible()
    page.get_by_role("button", name="Do this week's check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Weekly check-in")

    for group in page.locator("fieldset.scale").all():
        if "(optional)" not in group.locator("legend").inner_text():
            group.get_by_role("radio").nth(3).check()  # 4: "Nearly" there, "Confident"
    page.get_by_label("What went well this week?").fill("I finished both fraction worksheets.")
    page.get_by_label("What was hard?").fill("Word problems with three steps.")
    page.get_by_role("button", name="Save my check-in").click()
    # The missing next step is explained beside its box, without a reload and without losing
    # anything typed.
    error = page.locator("#next_step-error")
    expect(error).to_contain_text("Write your next step")
    expect(page.get_by_label("What went well this week?")).to_have_value(
        "I finished both fraction worksheets."
    )
    page.get_by_label("My next step").fill("Bring one word problem to Monday's help session.")
    page.get_by_text("I'd like help").click()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.locator("#flash")).to_contain_text("Check-in saved")
    expect(page.get_by_role("button", name="Update my check-in")).to_be_visible()

    page.get_by_role("link", name="My learning").first.click()
    expect(page.get_by_text("Checked in for the week of Nov 23, 2026")).to_be_visible()
    card = page.get_by_role("article", name="This week's check-in")
    expect(card).to_contain_text("Next step: Bring one word problem to Monday's help session.")


def test_a_student_walks_a_pdsa_cycle_and_opens_the_next(
    new_page: NewPage, live_server: LiveServer
) -> None:
    page = new_page()
    sign_in_with_form(page, live_server, student_without_cycles(live_server), PASSWORD)
    page.get_by_role("link", name="PDSA", exact=True).click()
    page.get_by_role("button", name="Start a cycle").click()
    page.get_by_label("The change I'll try").fill("Cover the worked example and try it first")
    page.get_by_label("My prediction").fill("I'll get 4 of 5 homework problems right alone")
    page.get_by_label("How I'll measure it").fill("Problems right on the first try each night")
    page.get_by_label("Try it until").fill("2026-12-04")
    page.get_by_role("button", name="Save my plan").click()
    expect(page).to_have_url(re.compile(r"/pdsa/\d+#stage-plan$|/pdsa/\d+$"))
    expect(page.locator("#flash")).to_contain_text("Plan saved")

    page.get_by_label("What happened").fill("I tried it on four nights.")
    page.get_by_label("What I recorded").fill("3/5, 4/5, 4/5, 5/5")
    page.get_by_role("button", name="Save what I did").click()
    expect(page.get_by_text("You predicted:")).to_be_visible()
    expect(page.locator(".prediction")).to_contain_text("4 of 5 homework problems")
    page.get_by_label("What happened, compared with my prediction").fill("Right on 3 of 4 nights.")
    page.get_by_label("What I learned").fill("Trying first makes the example stick.")
    page.get_by_role("button", name="Save what I learned").click()
    page.get_by_text("Adapt: change it and try again").click()
    page.get_by_label("What next").fill("Do the same with the ratio examples")
    page.get_by_role("button", name="Close this cycle").click()
    expect(page.locator("#flash")).to_contain_text("Cycle closed")
    shoot(page, "pdsa-cycle-closed-laptop")
    assert_accessible(page)

    page.get_by_role("button", name="Start the next cycle").click()
    expect(page.get_by_label("The change I'll try")).to_have_value(
        "Do the same with the ratio examples"
    )
    page.get_by_label("My prediction").fill("Ratios will feel as easy by Friday")
    page.get_by_label("Try it until").fill("2026-12-11")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Follows")).to_be_visible()
    page.get_by_role("link", name="PDSA cycles").click()
    expect(page.get_by_text("Cycle 2 · follows cycle 1")).to_be_visible()


def spanish_reader(server: LiveServer) -> str:
    """A classmate of the demo student with a goal in progress and a PDSA cycle: no other test
    signs in as them (the PDSA walk picks a student without cycles), so their language is ours."""
    with server.app.app_context():
        demo = db.session.scalars(
            select(User).where(User.email == server.login("student")[0])
        ).one()
        section = select(Enrollment.section_id).where(Enrollment.user_id == demo.id)
        email = db.session.scalars(
            select(User.email)
            .join(Enrollment, Enrollment.user_id == User.id)
            .where(
                Enrollment.section_id.in_(section),
                User.role == Role.STUDENT,
                User.id != demo.id,
                User.id.in_(select(PdsaCycle.student_id)),
                User.id.in_(select(Goal.student_id).where(Goal.status == GoalStatus.ACTIVE)),
            )
            .order_by(User.id)
            .limit(1)
        ).one()
        db.session.remove()
    return email


def test_a_spanish_speaking_student_checks_in_on_a_phone(
    new_page: NewPage, live_server: LiveServer
) -> None:
    page = new_page(PHONE)
    sign_in_with_form(page, live_server, spanish_reader(live_server), PASSWORD)
    page.goto(live_server.at("/account/language"))
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#flash")).to_contain_text("Idioma guardado")

    page.goto(live_server.at("/me/check-in"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registro semanal")
    expect(page.get_by_label("¿Qué salió bien esta semana?")).to_be_visible()
    expect(page.get_by_text("Recién empiezo").first).to_be_visible()
    shoot(page, "learning-check-in-es-phone")
    assert_accessible(page)

    # A mistake is explained in Spanish beside its box, in place (htmx), keeping what was typed.
    page.get_by_label("¿Qué salió bien esta semana?").fill("")
    page.get_by_label("Mi próximo paso").fill("Repasar las fracciones el lunes.")
    page.locator("#check-in button[type=submit]").click()
    expect(page.locator("#went_well-error")).to_have_text(
        "Escribe al menos una cosa que salió bien."
    )
    expect(page.get_by_label("Mi próximo paso")).to_have_value("Repasar las fracciones el lunes.")
    shoot(page, "learning-check-in-es-error-phone")
    assert_accessible(page)

    # The continuum: filters, the method's name and the chart's words in Spanish too.
    page.get_by_role("link", name="Mi continuo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mi continuo")
    expect(page.get_by_label("A fecha de")).to_be_visible()
    expect(page.locator(".level-chart img").first).to_have_attribute("alt", re.compile("^Gráfico"))
    shoot(page, "learning-continuum-es-phone")
    assert_accessible(page)


def test_a_teacher_replies_to_a_check_in_without_a_reload(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer
) -> None:
    page = new_page()
    sign_in_as(page, "teacher")
    with live_server.app.app_context():
        student_id = db.session.scalars(
            select(User.id).where(User.email == live_server.login("student")[0])
        ).one()
        db.session.remove()
    page.goto(live_server.at(f"/students/{student_id}"))
    page.get_by_role("link", name="Weekly check-ins").click()
    week = page.locator("article.week").first
    week.get_by_label("Reply").fill("Thanks for telling me. Let's look at it on Monday.")
    page.evaluate("window.reloaded = false")
    week.get_by_role("button", name="Send reply").click()
    expect(week.locator("blockquote").last).to_contain_text("Let's look at it on Monday.")
    assert page.evaluate("window.reloaded === false")  # swapped in place, no page load
    expect(page.locator("#flash")).to_contain_text("Reply sent")


STUDENT_PAGES = {
    "home": "/me",
    "goals": "/students/{me}/goals",
    "goal": "/goals/{goal}",
    "goal-form": "/students/{me}/goals/new",
    "check-in": "/me/check-in",
    "check-ins": "/students/{me}/check-ins",
    "pdsa": "/students/{me}/pdsa",
    "pdsa-cycle": "/pdsa/{cycle}",
}
TEACHER_PAGES = {
    "teacher-check-ins": "/students/{me}/check-ins",
    "teacher-pdsa-cycle": "/pdsa/{cycle}",
    "teacher-goals": "/students/{me}/goals",
}


def _ids(server: LiveServer) -> dict[str, int]:
    with server.app.app_context():
        me = db.session.scalars(
            select(User.id).where(User.email == server.login("student")[0])
        ).one()
        cycle = db.session.scalars(
            select(PdsaCycle.id)
            .where(PdsaCycle.student_id == me, PdsaCycle.closed_at.is_(None))
            .limit(1)
        ).one()
        from app.goals.models import Goal

        goal = db.session.scalars(
            select(Goal.id).where(Goal.student_id == me, Goal.competency_id.is_not(None)).limit(1)
        ).one()
        db.session.remove()
    return {"me": me, "cycle": cycle, "goal": goal}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize(
    ("role", "pages"), [("student", STUDENT_PAGES), ("teacher", TEACHER_PAGES)]
)
def test_every_new_page_photographed_and_accessible(
    new_page: NewPage,
    sign_in_as: SignInAs,
    live_server: LiveServer,
    role: str,
    pages: dict[str, str],
    viewport: str,
) -> None:
    page = new_page(VIEWPORTS[viewport])
    sign_in_as(page, role)
    ids = _ids(live_server)
    for name, path in pages.items():
        response = page.goto(live_server.at(path.format(**ids)))
        assert response is not None and response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        shoot(page, f"learning-{name}-{viewport}")
        assert_accessible(page)
