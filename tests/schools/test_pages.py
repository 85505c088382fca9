"""School, section and student pages: what they show, and how many queries they cost."""

from __future__ import annotations

from app.auth.models import Role
from app.extensions import db
from app.schools.models import EnrollmentRole
from tests.factories import enroll, link_guardian, make_section, make_student, make_user
from tests.querycount import count_queries


def _add_students(world, n: int) -> None:
    for i in range(n):
        student = make_student(world.school, section=world.section, family_name=f"Kid{i:03d}")
        if i % 2:
            link_guardian(world.guardian, student)
    db.session.commit()


def _queries(client, url: str) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_roster_and_school_pages_cost_the_same_at_10_and_200_students(client, world, sign_in):
    sign_in(client, world.leader)
    urls = [
        f"/sections/{world.section.id}",
        f"/schools/{world.school.id}",
        "/district",
    ]
    _add_students(world, 10)
    small = {url: _queries(client, url) for url in urls[:2]}
    _add_students(world, 190)
    large = {url: _queries(client, url) for url in urls[:2]}
    assert small == large


def test_teacher_and_family_homes_do_not_grow_with_their_lists(client, world, sign_in):
    sign_in(client, world.teacher)
    before = _queries(client, "/teach")
    for _ in range(5):
        enroll(make_section(world.school, world.year), world.teacher, EnrollmentRole.TEACHER)
    db.session.commit()
    assert _queries(client, "/teach") == before
    sign_in(client, world.guardian)
    before = _queries(client, "/family")
    _add_students(world, 6)
    assert _queries(client, "/family") == before


def test_roster_lists_students_and_flags_missing_family_contact(client, world, sign_in):
    sign_in(client, world.teacher)
    page = client.get(f"/sections/{world.section.id}").get_data(as_text=True)
    assert "Lopez, Maya" in page
    assert "1 guardian" in page
    make_student(world.school, section=world.section, given_name="Nia", family_name="Alone")
    db.session.commit()
    page = client.get(f"/sections/{world.section.id}").get_data(as_text=True)
    assert "No guardian linked" in page


def test_student_profile_hides_family_details_from_families(client, world, sign_in):
    sign_in(client, world.teacher)
    assert world.guardian.email in client.get(f"/students/{world.student.id}").get_data(
        as_text=True
    )
    sign_in(client, world.guardian)
    page = client.get(f"/students/{world.student.id}").get_data(as_text=True)
    assert "Mathematics 6 · Studio A" in page
    assert world.guardian.email not in page


def test_guardian_without_children_gets_a_clear_page(client, world, sign_in):
    lonely = make_user(Role.GUARDIAN, None, district_id=world.district.id)
    db.session.commit()
    sign_in(client, lonely)
    page = client.get("/family").get_data(as_text=True)
    assert "No children are linked to your account yet" in page


def test_district_lists_both_schools_with_counts(client, world, sign_in):
    sign_in(client, world.district_admin)
    page = client.get("/district").get_data(as_text=True)
    assert "Riverbend Middle School" in page and "Cedar Ridge Academy" in page


def test_demographics_never_appear_on_individual_pages(client, world, sign_in):
    profile = world.student.student_profile
    profile.race_ethnicity = "Native Hawaiian or Other Pacific Islander"
    profile.low_income = True
    db.session.commit()
    sign_in(client, world.leader)
    page = client.get(f"/students/{world.student.id}").get_data(as_text=True)
    assert "Pacific Islander" not in page
    assert "income" not in page.lower()
