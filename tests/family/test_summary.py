"""The family progress summary, as a page and as a PDF read back to text: what each section
says in English and in Spanish, what it never says, and who may see it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.auth.models import Role
from app.extensions import db
from app.schools.models import PaperSize, SchoolSettings
from tests.factories import link_guardian, make_student, make_user
from tests.family.conftest import pdf_reader, pdf_text
from tests.family.story import (
    EVIDENCE_NOTE,
    PRIVATE_CHANGE,
    PRIVATE_NOTE,
    PRIVATE_WELL,
    SHARED_CHANGE,
    SHARED_NOTE,
    SHARED_WELL,
    tell_story,
)
from tests.querycount import count_queries

PRIVATE = (PRIVATE_WELL, PRIVATE_CHANGE, PRIVATE_NOTE, EVIDENCE_NOTE)


def _pdf(client, student_id: int, query: str = "") -> bytes:
    response = client.get(f"/students/{student_id}/summary.pdf{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    return response.data


def test_english_pdf_says_each_section(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.guardian)
    text = pdf_text(_pdf(client, world.student.id))
    assert "Progress summary for Maya Lopez" in text
    assert "RIVERBEND MIDDLE SCHOOL" in text
    assert "From August 24, 2026 to November 25, 2026" in text
    # The framework: level 6 now, expected 5.3 for grade 6 on Nov 25, one level gained since
    # the year began, and growth of one level over the last year reads as "on pace".
    assert "Mathematics" in text
    assert "level now 6.0" in text.lower()  # the labels print in capitals
    assert "expected now 5.3" in text.lower()
    assert "+1.0 levels" in text
    assert "on pace" in text
    # Strengths: the level-6 statements mastered on Nov 1; next steps: level 7.
    assert "I can do 1.1 at level 6." in text
    assert "Level 6, reached Nov 1, 2026" in text
    assert "I can do 1.1 at level 7." in text
    # Goals, the student's shared words, the teacher's shared note, help at home.
    assert "Add fractions with unlike denominators" in text
    assert "Working on it" in text
    assert "Latest check-in: 4 of 5" in text
    assert SHARED_WELL in text
    assert SHARED_CHANGE in text
    assert SHARED_NOTE in text
    assert "How you can help at home" in text
    assert "Page 1 of 2" in text


def test_spanish_pdf_for_a_spanish_speaking_family(client, world, sign_in):
    tell_story(world)
    world.guardian.preferred_language = "es"
    db.session.commit()
    sign_in(client, world.guardian)
    pdf = _pdf(client, world.student.id)
    text = pdf_text(pdf)
    assert "Resumen de progreso de Maya Lopez" in text
    assert "Del 24 de agosto de 2026 al 25 de noviembre de 2026" in text
    assert "nivel actual 6,0" in text.lower()
    assert "esperado ahora 5,3" in text.lower()
    assert "+1,0 niveles" in text
    assert "al ritmo esperado" in text
    assert "Fortalezas" in text and "Próximos pasos" in text
    assert "Nivel 6, logrado el 1 nov 2026" in text
    assert "En curso" in text
    assert "Último registro semanal: 4 de 5" in text
    assert "Cómo puede ayudar en casa" in text
    assert "Página 1 de 2" in text
    assert "How you can help" not in text
    assert pdf_reader(pdf).trailer["/Root"]["/Lang"] == "es"


def test_a_teacher_chooses_the_language(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.teacher)
    assert "Progress summary for" in pdf_text(_pdf(client, world.student.id))
    assert "Resumen de progreso" in pdf_text(_pdf(client, world.student.id, "?lang=es"))
    url = f"/students/{world.student.id}/summary?start=&end=&lang=es"  # as the form sends it
    page = client.get(url).get_data(as_text=True)
    assert '<html lang="es"' in page
    assert "Resumen de progreso de Maya Lopez" in page


def test_nothing_private_reaches_the_family(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.guardian)
    text = pdf_text(_pdf(client, world.student.id))
    page = client.get(f"/students/{world.student.id}/summary").get_data(as_text=True)
    for secret in PRIVATE:
        assert secret not in text
        assert secret not in page
    assert "feel" not in text.lower()  # the how-I-feel rating is never shown
    assert "Omar" not in text  # nor another child


def test_the_pdf_is_tagged_titled_and_embeds_its_fonts(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.guardian)
    reader = pdf_reader(_pdf(client, world.student.id))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root  # tagged: read aloud in order
    assert reader.metadata.title == "Progress summary for Maya Lopez"
    fonts = [
        font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)  # US letter, the default


def test_a4_schools_get_a4(client, world, sign_in):
    settings = db.session.get(SchoolSettings, world.school.id)
    settings.paper_size = PaperSize.A4
    db.session.commit()
    sign_in(client, world.guardian)
    reader = pdf_reader(_pdf(client, world.student.id))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)


def test_no_evidence_yet_is_said_kindly_with_no_chart(client, world, sign_in):
    sign_in(client, world.guardian)
    text = pdf_text(_pdf(client, world.student.id))
    assert "learning story is just beginning" in text
    assert "Teachers have not recorded any evidence of learning for Maya yet" in text
    assert "level now" not in text.lower()
    page = client.get(f"/students/{world.student.id}/summary").get_data(as_text=True)
    assert "<svg" not in page
    assert "just beginning" in page


def test_the_page_shows_the_pdf_content_and_a_chart(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.guardian)
    response = client.get(f"/students/{world.student.id}/summary")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<svg" in page and "<script" not in page.split("<body", 1)[1].split("</footer>")[0]
    assert 'style="' not in page  # the content security policy allows no inline styles
    assert SHARED_NOTE in page
    assert f"/students/{world.student.id}/summary.pdf" in page


def test_another_guardians_child_is_not_found(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.other_guardian)
    assert client.get(f"/students/{world.student.id}/summary").status_code == 404
    assert client.get(f"/students/{world.student.id}/summary.pdf").status_code == 404


def test_a_bad_period_is_explained_beside_the_field(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.guardian)
    url = f"/students/{world.student.id}/summary?start=2026-11-20&end=2026-10-01"
    response = client.get(url)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Pick an end date on or after the start date." in page
    assert 'value="2026-11-20"' in page  # what was typed stays in the form
    assert "From August 24, 2026 to November 25, 2026" in page  # the default period still shows
    future = client.get(f"/students/{world.student.id}/summary?end=2027-01-01")
    assert future.status_code == 422
    assert "Pick a date up to today" in future.get_data(as_text=True)
    pdf = client.get(url.replace("summary?", "summary.pdf?"))
    assert pdf.status_code == 303 and "/summary?" in pdf.headers["Location"]


def test_a_chosen_period_narrows_the_summary(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.guardian)
    text = pdf_text(_pdf(client, world.student.id, "?start=2026-11-15&end=2026-11-25"))
    assert "From November 15, 2026 to November 25, 2026" in text
    assert SHARED_WELL in text  # the week of Nov 16
    assert SHARED_NOTE not in text  # the conference was on Nov 10
    assert "No new level was reached in this period" in text


def test_the_page_costs_the_same_queries_with_more_data(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.guardian)
    url = f"/students/{world.student.id}/summary"
    assert client.get(url).status_code == 200  # reads the framework outlines once
    with count_queries() as before:
        assert client.get(url).status_code == 200
    from tests.goals.builders import make_goal

    for i in range(8):
        make_goal(world.student, title=f"Extra goal {i}")
    with count_queries() as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)


def test_a_pdf_page_renders_to_a_picture_that_is_not_blank(client, world, sign_in, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils (make test does it)")
    from PIL import Image

    tell_story(world)
    sign_in(client, world.guardian)
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(_pdf(client, world.student.id))
    pdftoppm = shutil.which("pdftoppm") or "pdftoppm"
    subprocess.run(  # noqa: S603 - a fixed command on our own file
        [pdftoppm, "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    picture = Image.open(next(Path(tmp_path).glob("page*.png"))).convert("L")
    dark = sum(picture.histogram()[:200])  # pixels darker than light grey
    assert dark > picture.width * picture.height // 100  # ink on more than 1% of the page


def test_a_student_sees_their_own_summary_and_students_are_not_linked(client, world, sign_in):
    tell_story(world)
    sign_in(client, world.student)
    assert client.get(f"/students/{world.student.id}/summary").status_code == 200
    stranger = make_student(world.other_school, given_name="Zed")
    guardian = make_user(Role.GUARDIAN, None, district_id=world.district.id)
    link_guardian(guardian, stranger)
    db.session.commit()
    assert client.get(f"/students/{stranger.id}/summary").status_code == 404
