"""Conversations in a real browser, on the demo district: a teacher replies from the check-in
inbox, records a conference (fixing a future date first), opens a support plan (fixing a
review date before the start first), and the student reads what was shared. Every page is
photographed on a phone and a laptop and checked with axe."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import clock
from app.auth.models import User
from app.classroom.models import Conference, SupportPlan
from app.extensions import db
from tests.browser.conftest import DEMO_TODAY, VIEWPORTS, LiveServer
from tests.browser.test_pages import SCREENSHOTS, NewPage, SignInAs, assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _demo_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    yield


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def demo_student_id(server: LiveServer) -> int:
    with server.app.app_context():
        found = db.session.scalars(
            select(User.id).where(User.email == server.login("student")[0])
        ).one()
        db.session.remove()
    return found


def flagged_student_id(server: LiveServer) -> int:
    """The demo teacher's student who most needs a conversation (the dashboard's first)."""
    from app.reports.overview import overview_of
    from app.reports.progress import learners_of_section, progress_context
    from app.schools.models import Enrollment, EnrollmentRole

    with server.app.app_context():
        teacher = db.session.scalars(
            select(User).where(User.email == server.login("teacher")[0])
        ).one()
        section_id = db.session.scalars(
            select(Enrollment.section_id)
            .where(Enrollment.user_id == teacher.id, Enrollment.role == EnrollmentRole.TEACHER)
            .order_by(Enrollment.section_id)
        ).first()
        assert section_id is not None
        learners, ids = learners_of_section(section_id)
        context = progress_context(teacher.school_id or 0, teacher.district_id, DEMO_TODAY)
        first = overview_of(learners, ids, context)[0]
        assert first.flags, "the demo class should have someone flagged"
        db.session.remove()
    return first.learner.id


def test_a_teacher_replies_from_the_inbox_without_a_reload(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer
) -> None:
    page = new_page()
    sign_in_as(page, "teacher")
    page.goto(live_server.at("/teach/inbox"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in inbox")
    item = page.locator("article.inbox-item").filter(has_text="No reply yet").first
    name = item.locator("h3").inner_text()
    reply = item.locator("details.inbox-reply")
    if reply.get_attribute("open") is None:  # replies to routine check-ins start folded
        reply.locator("summary").click()
    item.get_by_label("Reply").fill("Thanks for checking in. Let's talk at Thursday's studio.")
    page.evaluate("window.reloaded = false")
    item.get_by_role("button", name=re.compile(r"^Send reply to ")).click()
    replied = page.locator("article.inbox-item").filter(has_text=name).first
    expect(replied.locator("blockquote").last).to_contain_text("Thursday's studio")
    expect(replied.get_by_text("Replied", exact=True)).to_be_visible()
    expect(page.locator("#flash")).to_contain_text("Reply sent")
    assert page.evaluate("window.reloaded === false")  # swapped in place

    page.get_by_label("Week", exact=True).select_option(index=1)
    page.get_by_role("button", name="Show week").click()
    expect(page).to_have_url(re.compile(r"/teach/inbox\?week=\d{4}-\d\d-\d\d$"))
    expect(page.get_by_role("heading", name=re.compile("Not checked in that week"))).to_be_visible()
    assert_accessible(page)


def test_a_teacher_records_a_conference_and_the_student_reads_it(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer
) -> None:
    student_id = demo_student_id(live_server)
    page = new_page()
    sign_in_as(page, "teacher")
    page.goto(live_server.at(f"/students/{student_id}/confer"))
    expect(page.get_by_role("heading", name="Flags")).to_be_visible()
    expect(page.get_by_label("Date of the conference")).to_have_value(DEMO_TODAY.isoformat())

    page.get_by_label("Date of the conference").fill("2026-12-01")
    page.get_by_label("Notes").fill("Talked through the fraction exit ticket together.")
    page.get_by_label("Agreed next steps").fill("Redo questions 3 and 4 with the number line.")
    page.get_by_role("button", name="Save conference").click()
    expect(page.locator("#held_on-error")).to_contain_text("pick today")
    expect(page.get_by_label("Notes")).to_have_value(
        "Talked through the fraction exit ticket together."
    )
    page.get_by_label("Date of the conference").fill(DEMO_TODAY.isoformat())
    goals = page.locator("#goals input[type=checkbox]")
    if goals.count():
        goals.first.check()
    page.get_by_text("Share with the student").click()
    page.get_by_role("button", name="Save conference").click()
    expect(page.locator("#flash")).to_contain_text("Conference saved and shared")
    expect(page.get_by_role("heading", name="Last time you agreed")).to_be_visible()
    expect(page.locator(".confer-brief")).to_contain_text("Redo questions 3 and 4")
    assert_accessible(page)

    with live_server.app.app_context():
        saved = db.session.scalars(
            select(Conference).where(Conference.student_id == student_id)
        ).all()
        assert any(c.is_shared for c in saved)
        db.session.remove()

    student = new_page()
    sign_in_as(student, "student")
    student.get_by_role("link", name="From my conferences").click()
    expect(student.get_by_role("heading", level=1)).to_have_text("From my conferences")
    expect(student.get_by_text("Redo questions 3 and 4 with the number line.")).to_be_visible()
    assert_accessible(student)


def test_a_teacher_opens_a_support_plan_and_sees_it_due(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer
) -> None:
    student_id = flagged_student_id(live_server)
    page = new_page()
    sign_in_as(page, "teacher")
    page.goto(live_server.at(f"/students/{student_id}/confer"))
    page.get_by_role("button", name="Open a support plan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New support plan")
    expect(page.get_by_label("Start date")).to_have_value(DEMO_TODAY.isoformat())
    expect(page.get_by_label("Review date")).to_have_value("2027-01-06")
    expect(page.get_by_label("Reason")).not_to_have_value("")  # filled in from the flag
    page.get_by_label("Reason").fill("Two levels behind in Mathematics and not progressing.")
    page.get_by_label("Strategy").fill("Small-group number talks on Monday, Wednesday, Friday.")
    page.get_by_label("Review date").fill("2026-11-20")
    page.get_by_role("button", name="Open the plan").click()
    expect(page.locator("#review_on-error")).to_contain_text("before the start date")
    expect(page.get_by_label("Strategy")).to_have_value(
        "Small-group number talks on Monday, Wednesday, Friday."
    )
    page.get_by_label("Review date").fill("2026-11-30")
    page.get_by_role("button", name="Open the plan").click()
    expect(page).to_have_url(re.compile(r"/support-plans/\d+$"))
    expect(page.locator("#flash")).to_contain_text("Support plan opened")
    expect(page.get_by_text("Review this week")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="← Reviews due").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support plan reviews")
    expect(page.get_by_role("link", name=re.compile(",")).first).to_be_visible()
    assert_accessible(page)
    with live_server.app.app_context():
        assert db.session.scalars(
            select(SupportPlan).where(SupportPlan.student_id == student_id)
        ).first()
        db.session.remove()


def _paths(server: LiveServer) -> dict[str, str]:
    student_id, flagged = demo_student_id(server), flagged_student_id(server)
    with server.app.app_context():
        plan = db.session.scalars(select(SupportPlan.id).order_by(SupportPlan.id)).first()
        db.session.remove()
    paths = {
        "inbox": "/teach/inbox",
        "confer": f"/students/{flagged}/confer",
        "conferences": f"/students/{student_id}/conferences",
        "support-plan-new": f"/students/{flagged}/support-plans/new",
        "reviews": "/teach/reviews",
    }
    if plan is not None:
        paths["support-plan"] = f"/support-plans/{plan}"
    return paths


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_conversation_page_photographed_and_accessible(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer, viewport: str
) -> None:
    page = new_page(VIEWPORTS[viewport])
    sign_in_as(page, "teacher")
    for name, path in _paths(live_server).items():
        response = page.goto(live_server.at(path))
        assert response is not None and response.status == 200, path
        shoot(page, f"teacher-{name}-{viewport}")
        assert_accessible(page)
    student = new_page(VIEWPORTS[viewport])
    sign_in_as(student, "student")
    student.goto(live_server.at("/me/conferences"))
    shoot(student, f"student-my-conferences-{viewport}")
    assert_accessible(student)
