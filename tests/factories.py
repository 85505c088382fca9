"""Builders for test data, and the small realistic school the access matrix runs against."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import insert

from app.auth.models import Role, User, UserSession, token_digest
from app.auth.passwords import hash_password
from app.continuum.models import (
    DEFAULT_SCALE,
    Competency,
    CompetencyKind,
    Descriptor,
    Framework,
    FrameworkSource,
    Mastery,
    PerformanceLevel,
    ScalePoint,
    Strand,
)
from app.continuum.standings import refresh_standing
from app.extensions import db
from app.schools.models import (
    AcademicSession,
    District,
    Enrollment,
    EnrollmentRole,
    GuardianLink,
    School,
    SchoolSettings,
    Section,
    SessionKind,
    StudentProfile,
)

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


@cache
def password_hash() -> str:
    """Argon2 is slow on purpose: hash the shared test password once per run."""
    return hash_password(PASSWORD)


def make_district(name: str = "Test District") -> District:
    district = District(name=name)
    db.session.add(district)
    db.session.flush()
    return district


def make_school(district: District, name: str | None = None) -> School:
    school = School(district_id=district.id, name=name or f"School {next(_counter)}")
    db.session.add(school)
    db.session.flush()
    db.session.add(SchoolSettings.with_defaults(school.id))
    db.session.flush()
    return school


def make_year(district: District, starts_on: date = date(2026, 8, 24)) -> AcademicSession:
    year = AcademicSession(
        district_id=district.id,
        title=f"{starts_on.year}–{(starts_on.year + 1) % 100:02d}",
        kind=SessionKind.SCHOOL_YEAR,
        starts_on=starts_on,
        ends_on=date(starts_on.year + 1, 6, 11),
    )
    db.session.add(year)
    db.session.flush()
    return year


def make_user(role: Role, school: School | None = None, **fields: Any) -> User:
    n = next(_counter)
    district_id = fields.pop("district_id", None) or (school.district_id if school else None)
    user = User(
        email=fields.pop("email", f"{role.value}{n}@example.org"),
        given_name=fields.pop("given_name", f"{role.label.split()[0]}{n}"),
        family_name=fields.pop("family_name", "Tester"),
        role=role,
        school_id=school.id if school else None,
        district_id=district_id,
        password_hash=fields.pop("password_hash", password_hash()),
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_student(
    school: School, grade: int = 6, section: Section | None = None, **fields: Any
) -> User:
    student = make_user(Role.STUDENT, school, **fields)
    db.session.add(StudentProfile(user_id=student.id, grade_level=grade))
    if section is not None:
        enroll(section, student, EnrollmentRole.STUDENT)
    db.session.flush()
    return student


def make_section(school: School, year: AcademicSession, name: str | None = None) -> Section:
    section = Section(
        school_id=school.id,
        session_id=year.id,
        course_name="Mathematics 6",
        name=name or f"Mathematics 6 · Studio {next(_counter)}",
    )
    db.session.add(section)
    db.session.flush()
    return section


def enroll(section: Section, user: User, role: EnrollmentRole) -> None:
    db.session.add(Enrollment(section_id=section.id, user_id=user.id, role=role))
    db.session.flush()


def link_guardian(guardian: User, student: User, label: str = "mother") -> None:
    db.session.add(
        GuardianLink(guardian_id=guardian.id, student_id=student.id, relationship_label=label)
    )
    db.session.flush()


def make_framework(
    district: District,
    name: str = "Mathematics",
    strands: int = 2,
    competencies: int = 2,
    levels: range = range(1, 13),
    kind: CompetencyKind = CompetencyKind.ACADEMIC,
    **settings: Any,
) -> Framework:
    """A framework with `strands` × `competencies`, each described at every level."""
    n = next(_counter)
    framework = Framework(
        district_id=district.id,
        name=name,
        source=FrameworkSource.DEMO,
        source_identifier=f"test-{n}",
        **settings,
    )
    db.session.add(framework)
    db.session.flush()
    for score, label, is_threshold in DEFAULT_SCALE:
        db.session.add(
            ScalePoint(
                framework_id=framework.id, score=score, label=label, is_threshold=is_threshold
            )
        )
    for number in levels:
        db.session.add(
            PerformanceLevel(framework_id=framework.id, number=number, grade=str(number))
        )
    for s in range(1, strands + 1):
        strand = Strand(framework_id=framework.id, code=f"S{s}", title=f"Strand {s}", position=s)
        db.session.add(strand)
        db.session.flush()
        for c in range(1, competencies + 1):
            competency = Competency(
                framework_id=framework.id,
                strand_id=strand.id,
                code=f"S{s}.C{c}",
                title=f"Competency {s}.{c}",
                kind=kind,
                position=c,
            )
            db.session.add(competency)
            db.session.flush()
            for number in levels:
                db.session.add(
                    Descriptor(
                        competency_id=competency.id,
                        level=number,
                        statement=f"I can do {s}.{c} at level {number}.",
                    )
                )
    db.session.flush()
    return framework


def store_mastery(
    student: User,
    framework: Framework,
    levels: Iterable[int],
    on: date,
    codes: set[str] | None = None,
) -> None:
    """Write `levels` as mastered on `on` straight into the store (every competency, or those
    in `codes`), then refresh the standing as the services do: a class of 200 builds fast."""
    levels = list(levels)
    rows = [
        {
            "student_id": student.id,
            "competency_id": competency.id,
            "level": level,
            "framework_id": framework.id,
            "is_calculated_mastered": True,
            "is_mastered": True,
            "mastered_on": on,
            "last_evidence_on": on,
            "evidence_count": 2,
        }
        for strand in framework.strands
        for competency in strand.competencies
        if codes is None or competency.code in codes
        for level in levels
    ]
    if rows:
        db.session.execute(insert(Mastery), rows)
    refresh_standing(student.id, framework.id)


def first_competency(framework: Framework) -> Competency:
    return framework.strands[0].competencies[0]


def sign_in(client: Any, user: User, remember: bool = False) -> str:
    """Open a server-side session for `user` and put its token in the client's cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user_id=user.id, token_digest=token_digest(token), remember=remember)
    )
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return token


@dataclass
class World:
    """Two schools in one district, with one of each actor the access matrix names."""

    district: District
    school: School
    other_school: School
    year: AcademicSession
    section: Section
    other_section: Section
    student: User
    other_student: User
    teacher: User
    other_teacher: User
    leader: User
    other_leader: User
    guardian: User
    other_guardian: User
    district_admin: User
    framework: Framework
    competency: Competency

    def actor(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def build_world() -> World:
    district = make_district()
    school = make_school(district, "Riverbend Middle School")
    other_school = make_school(district, "Cedar Ridge Academy")
    year = make_year(district)
    section = make_section(school, year, "Mathematics 6 · Studio A")
    other_section = make_section(school, year, "Mathematics 6 · Studio B")
    student = make_student(school, section=section, given_name="Maya", family_name="Lopez")
    other_student = make_student(
        school, section=other_section, given_name="Omar", family_name="Reyes"
    )
    teacher = make_user(Role.TEACHER, school, given_name="Tess")
    enroll(section, teacher, EnrollmentRole.TEACHER)
    other_teacher = make_user(Role.TEACHER, school, given_name="Theo")
    enroll(other_section, other_teacher, EnrollmentRole.TEACHER)
    leader = make_user(Role.SCHOOL_LEADER, school, given_name="Lena")
    other_leader = make_user(Role.SCHOOL_LEADER, other_school, given_name="Luis")
    guardian = make_user(Role.GUARDIAN, None, district_id=district.id, given_name="Gina")
    link_guardian(guardian, student)
    other_guardian = make_user(Role.GUARDIAN, None, district_id=district.id, given_name="Gus")
    link_guardian(other_guardian, other_student)
    district_admin = make_user(
        Role.DISTRICT_ADMIN, None, district_id=district.id, given_name="Dana"
    )
    framework = make_framework(district)
    competency = first_competency(framework)
    db.session.commit()
    return World(
        district,
        school,
        other_school,
        year,
        section,
        other_section,
        student,
        other_student,
        teacher,
        other_teacher,
        leader,
        other_leader,
        guardian,
        other_guardian,
        district_admin,
        framework,
        competency,
    )
