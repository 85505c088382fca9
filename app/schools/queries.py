"""Read-side queries for schools, sections and people.

Each function runs a fixed number of queries whatever the size of the school: lists are built
from a handful of set-based selects, never one query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import Date, Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from app.auth.models import Role, User
from app.extensions import db
from app.schools.calendar import year_progress
from app.schools.models import (
    AcademicSession,
    Enrollment,
    EnrollmentRole,
    GuardianLink,
    School,
    Section,
    SessionKind,
    StudentProfile,
)


@dataclass(frozen=True)
class SectionRow:
    id: int
    name: str
    course_name: str
    school_name: str
    student_count: int
    teachers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RosterRow:
    id: int
    name: str
    sort_name: str
    grade_level: int | None
    guardian_count: int


@dataclass(frozen=True)
class SchoolRow:
    id: int
    name: str
    student_count: int
    teacher_count: int
    section_count: int


def _teacher_names(section_ids: Iterable[int]) -> dict[int, list[str]]:
    rows = db.session.execute(
        select(Enrollment.section_id, User.given_name, User.family_name)
        .join(User, User.id == Enrollment.user_id)
        .where(
            Enrollment.section_id.in_(list(section_ids)),
            Enrollment.role == EnrollmentRole.TEACHER,
        )
        .order_by(func.lower(User.family_name), func.lower(User.given_name))
    )
    names: dict[int, list[str]] = defaultdict(list)
    for section_id, given, family in rows:
        names[section_id].append(f"{given} {family}")
    return names


def section_rows(section_ids: Select[int]) -> list[SectionRow]:
    """Sections with their teachers and student counts: two queries."""
    students = (
        select(Enrollment.section_id, func.count().label("n"))
        .where(Enrollment.role == EnrollmentRole.STUDENT)
        .group_by(Enrollment.section_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Section, School.name, func.coalesce(students.c.n, 0))
        .join(School, School.id == Section.school_id)
        .outerjoin(students, students.c.section_id == Section.id)
        .where(Section.id.in_(section_ids))
        .order_by(School.name, Section.name)
    ).all()
    teachers = _teacher_names(section.id for section, _, _ in rows)
    return [
        SectionRow(
            id=section.id,
            name=section.name,
            course_name=section.course_name,
            school_name=school_name,
            student_count=count,
            teachers=teachers.get(section.id, []),
        )
        for section, school_name, count in rows
    ]


def sections_of_student(student_id: int) -> list[SectionRow]:
    return section_rows(
        select(Enrollment.section_id).where(
            Enrollment.user_id == student_id, Enrollment.role == EnrollmentRole.STUDENT
        )
    )


def sections_of_teacher(teacher_id: int) -> list[SectionRow]:
    return section_rows(
        select(Enrollment.section_id).where(
            Enrollment.user_id == teacher_id, Enrollment.role == EnrollmentRole.TEACHER
        )
    )


def sections_of_school(school_id: int) -> list[SectionRow]:
    return section_rows(select(Section.id).where(Section.school_id == school_id))


def section_student_ids(section_id: int) -> Select[int]:
    """The ids of a section's students, as a select to use inside another query."""
    return select(Enrollment.user_id).where(
        Enrollment.section_id == section_id, Enrollment.role == EnrollmentRole.STUDENT
    )


def roster(section_id: int) -> list[RosterRow]:
    guardians = (
        select(GuardianLink.student_id, func.count().label("n"))
        .group_by(GuardianLink.student_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User, StudentProfile.grade_level, func.coalesce(guardians.c.n, 0))
        .join(Enrollment, Enrollment.user_id == User.id)
        .outerjoin(StudentProfile, StudentProfile.user_id == User.id)
        .outerjoin(guardians, guardians.c.student_id == User.id)
        .where(Enrollment.section_id == section_id, Enrollment.role == EnrollmentRole.STUDENT)
        .order_by(func.lower(User.family_name), func.lower(User.given_name))
    ).all()
    return [
        RosterRow(user.id, user.name, user.sort_name, grade, count) for user, grade, count in rows
    ]


def grade_counts(school_id: int) -> list[tuple[int, int]]:
    rows = db.session.execute(
        select(StudentProfile.grade_level, func.count())
        .join(User, User.id == StudentProfile.user_id)
        .where(User.school_id == school_id, User.role == Role.STUDENT)
        .group_by(StudentProfile.grade_level)
        .order_by(StudentProfile.grade_level)
    )
    return [(grade, count) for grade, count in rows]


def _count_by_school(role: Role, school_ids: Select[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(User.school_id, func.count())
        .where(User.role == role, User.school_id.in_(school_ids))
        .group_by(User.school_id)
    )
    return {school_id: count for school_id, count in rows if school_id is not None}


def school_rows(district_id: int) -> list[SchoolRow]:
    ids = select(School.id).where(School.district_id == district_id)
    students = _count_by_school(Role.STUDENT, ids)
    teachers = _count_by_school(Role.TEACHER, ids)
    sections = dict(
        db.session.execute(
            select(Section.school_id, func.count())
            .where(Section.school_id.in_(ids))
            .group_by(Section.school_id)
        ).all()
    )
    schools = db.session.scalars(
        select(School).where(School.district_id == district_id).order_by(School.name)
    )
    return [
        SchoolRow(s.id, s.name, students.get(s.id, 0), teachers.get(s.id, 0), sections.get(s.id, 0))
        for s in schools
    ]


class SchoolYear(NamedTuple):
    """A school year as pages use it: read as four columns, not as an ORM object, because every
    class and school page asks for it."""

    id: int
    title: str
    starts_on: date
    ends_on: date


_CURRENT_YEAR = (  # built once: every class and school page asks
    select(
        AcademicSession.id,
        AcademicSession.title,
        AcademicSession.starts_on,
        AcademicSession.ends_on,
    )
    .where(
        AcademicSession.district_id == bindparam("district_id"),
        AcademicSession.kind == SessionKind.SCHOOL_YEAR,
        AcademicSession.starts_on <= bindparam("today", type_=Date),
    )
    .order_by(AcademicSession.starts_on.desc())
    .limit(1)
)


def current_school_year(district_id: int | None, today: date) -> SchoolYear | None:
    """The school year covering `today`, else the most recent one that has started."""
    if district_id is None:
        return None
    row = (
        db.session.connection()
        .execute(_CURRENT_YEAR, {"district_id": district_id, "today": today})
        .first()
    )
    return SchoolYear(*row) if row is not None else None


def year_context(district_id: int | None, today: date) -> dict[str, object]:
    """The school year covering `today` and how far through it we are, for the year meter."""
    year = current_school_year(district_id, today)
    progress = year_progress(today, year.starts_on, year.ends_on) if year else None
    return {"year": year, "progress": progress, "today": today}


def guardians_of(student_id: int) -> list[tuple[User, str]]:
    rows = db.session.execute(
        select(User, GuardianLink.relationship_label)
        .join(GuardianLink, GuardianLink.guardian_id == User.id)
        .where(GuardianLink.student_id == student_id)
        .order_by(func.lower(User.family_name), func.lower(User.given_name))
    )
    return [(user, label) for user, label in rows]


def children_of(guardian_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(GuardianLink, GuardianLink.student_id == User.id)
            .where(GuardianLink.guardian_id == guardian_id)
            .options(joinedload(User.student_profile), joinedload(User.school))
            .order_by(func.lower(User.given_name))
        )
    )


def sections_by_student(student_ids: list[int]) -> dict[int, list[SectionRow]]:
    """Each student's sections, for a family with several children: three queries in all."""
    enrolled = select(Enrollment.user_id, Enrollment.section_id).where(
        Enrollment.user_id.in_(student_ids), Enrollment.role == EnrollmentRole.STUDENT
    )
    pairs = db.session.execute(enrolled).all()
    rows = {row.id: row for row in section_rows(select(enrolled.subquery().c.section_id))}
    result: dict[int, list[SectionRow]] = defaultdict(list)
    for student_id, section_id in pairs:
        result[student_id].append(rows[section_id])
    return result


def section_rows_by_id(section_id: int) -> SectionRow:
    return section_rows(select(Section.id).where(Section.id == section_id))[0]
