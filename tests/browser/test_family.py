"""Families in a real browser: the family home, a child's summary in English and Spanish, the
language setting, an invitation link, and a teacher's class batch; screenshots and axe."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.extensions import db
from app.family.services import invite_guardian
from app.schools.models import GuardianLink
from tests.browser.conftest import VIEWPORTS, LiveServer, sign_in_with_form
from tests.browser.test_pages import SCREENSHOTS, assert_accessible

pytestmark = pytest.mark.browser

NewPage = Callable[..., Page]
SignInAs = Callable[[Page, str], None]


def shoot(page: Page, name: str, viewport: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"family-{name}-{viewport}.png", full_page=True)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_family_home_and_a_childs_summary(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer, viewport: str
) -> None:
    page = new_page(VIEWPORTS[viewport])
    sign_in_as(page, "guardian")
    expect(page.get_by_role("button", name="Progress summary").first).to_be_visible()
    shoot(page, "home", viewport)
    assert_accessible(page)

    page.get_by_role("button", name="Progress summary").first.click()
    expect(page).to_have_url(re.compile(r"/students/\d+/summary$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress summary for")
    expect(page.locator(".fs-chart svg").first).to_be_visible()
    shoot(page, "summary", viewport)
    assert_accessible(page)

    href = page.get_by_role("button", name="Download the PDF").get_attribute("href")
    pdf = page.request.get(live_server.at(href or ""))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")


def test_summary_in_spanish_and_a_bad_date(new_page: NewPage, sign_in_as: SignInAs) -> None:
    page = new_page()
    sign_in_as(page, "guardian")
    page.get_by_role("button", name="Progress summary").first.click()
    page.get_by_text("Choose the dates or the language").click()
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Show the summary").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resumen de progreso de")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    shoot(page, "summary-es", "laptop")
    assert_accessible(page)

    page.get_by_text("Elegir las fechas o el idioma").click()
    page.get_by_label("Desde").fill("2026-11-20")
    page.get_by_label("Hasta").fill("2026-10-01")
    page.get_by_role("button", name="Mostrar el resumen").click()
    expect(page.locator(".field-error")).to_contain_text("Elija una fecha final")
    assert_accessible(page)


def test_a_spanish_speaking_guardian_reads_spanish(
    new_page: NewPage, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        email = db.session.scalar(
            select(User.email)
            .join(GuardianLink, GuardianLink.guardian_id == User.id)
            .where(User.role == Role.GUARDIAN, User.preferred_language == "es")
            .order_by(User.id)
            .limit(1)
        )
        db.session.remove()
    page = new_page()
    sign_in_with_form(page, live_server, email, "waypoint-demo")
    expect(page.locator(".page-header .eyebrow")).to_have_text("Mi familia")
    shoot(page, "home-es", "laptop")
    assert_accessible(page)
    page.locator(".user-menu summary").click()
    page.get_by_role("link", name="Idioma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Idioma")
    assert_accessible(page)


def test_an_invitation_link_in_the_familys_language(
    new_page: NewPage, live_server: LiveServer
) -> None:
    app = live_server.app
    with app.app_context(), app.test_request_context(base_url=live_server.url):
        student = db.session.scalars(
            select(User).where(User.role == Role.STUDENT).order_by(User.id).limit(1)
        ).one()
        leader = db.session.scalars(
            select(User).where(User.role == Role.SCHOOL_LEADER, User.school_id == student.school_id)
        ).first()
        count = db.session.scalar(select(func.count()).select_from(User))
        invited = invite_guardian(
            student, leader, f"browser.invite{count}@example.org", ("Rosa", "Diaz"), "mother", "es"
        )
        db.session.commit()
        link = invited.link
        db.session.remove()
    assert link
    page = new_page(VIEWPORTS["phone"])
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenido/a, Rosa")
    shoot(page, "invitation", "phone")
    assert_accessible(page)
    page.get_by_label("Elija una contraseña").fill("una mesa de cocina larga")
    page.get_by_label("Escriba la contraseña otra vez").fill("una mesa de cocina larga")
    page.get_by_role("button", name="Guardar mi contraseña").click()
    expect(page).to_have_url(re.compile(r"/family$"))
    expect(page.locator(".page-header .eyebrow")).to_have_text("Mi familia")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Esta invitación ya no funciona")
    assert_accessible(page)


def test_a_teacher_makes_the_class_pdfs(
    new_page: NewPage, sign_in_as: SignInAs, live_server: LiveServer
) -> None:
    page = new_page()
    sign_in_as(page, "teacher")
    page.locator(".section-card h3 a").first.click()
    page.get_by_role("button", name="Family PDFs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Family progress summaries")
    assert_accessible(page)
    page.get_by_role("button", name="Make the PDFs").click()
    expect(page.get_by_text("Ready:")).to_be_visible(timeout=60_000)
    shoot(page, "batch", "laptop")
    assert_accessible(page)
    href = page.get_by_role("button", name="Download the ZIP").get_attribute("href")
    download = page.request.get(live_server.at(href or ""))
    assert download.status == 200 and download.body().startswith(b"PK")
