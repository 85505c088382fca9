"""Who may see what, in one place.

`visible_students` is the one definition of who sees whom; lists, reports and loaders all use
it. A record the viewer may not see answers 404, so a URL leaks nothing about what exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import abort, request
from flask_login import current_user
from sqlalchemy import Select, bindparam, exists, false, select
from sqlalchemy.orm import joinedload

from app.audit import record_access
from app.auth.models import Role, User
from app.extensions import db
from app.schools.models import (
    Enrollment,
    EnrollmentRole,
    GuardianLink,
    School,
    Section,
)

if TYPE_CHECKING:
    from app.continuum.models import Competency, Evidence

F = TypeVar("F", bound=Callable[..., Any])

STAFF_ROLES = frozenset({Role.TEACHER, Role.SCHOOL_LEADER, Role.DISTRICT_ADMIN})


def teacher_section_ids(user: User) -> Select[int]:
    return select(Enrollment.section_id).where(
        Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.TEACHER
    )


def visible_student_ids(user: User) -> Select[int]:
    """Ids of the students `user` may see, as a subquery-ready select."""
    students = select(User.id).where(User.role == Role.STUDENT)
    match user.role:
        case Role.STUDENT:
            return students.where(User.id == user.id)
        case Role.TEACHER:
            enrolled = select(Enrollment.user_id).where(
                Enrollment.role == EnrollmentRole.STUDENT,
                Enrollment.section_id.in_(teacher_section_ids(user)),
            )
            return students.where(User.id.in_(enrolled))
        case Role.SCHOOL_LEADER:
            return students.where(User.school_id == user.school_id)
        case Role.DISTRICT_ADMIN:
            in_district = select(School.id).where(School.district_id == user.district_id)
            return students.where(User.school_id.in_(in_district))
        case Role.GUARDIAN:
            linked = select(GuardianLink.student_id).where(GuardianLink.guardian_id == user.id)
            return students.where(User.id.in_(linked))
    return students.where(false())  # pragma: no cover - every role is matched above


def visible_students(user: User) -> Select[User]:
    return select(User).where(User.id.in_(visible_student_ids(user)))


def _viewer(user: User) -> dict[str, object]:
    """The values the per-role visibility statements are built to receive."""
    return {
        "viewer_id": user.id,
        "viewer_school": user.school_id,
        "viewer_district": user.district_id,
    }


@cache
def _visible_sections(role: Role) -> Select[int]:
    """The sections a `role` sees, for the viewer in `_viewer`: built once per role, because
    every class page asks and building a statement costs more than running it."""
    sections = select(Section.id)
    match role:
        case Role.TEACHER:
            taught = select(Enrollment.section_id).where(
                Enrollment.user_id == bindparam("viewer_id"),
                Enrollment.role == EnrollmentRole.TEACHER,
            )
            return sections.where(Section.id.in_(taught))
        case Role.SCHOOL_LEADER:
            return sections.where(Section.school_id == bindparam("viewer_school"))
        case Role.DISTRICT_ADMIN:
            in_district = select(School.id).where(
                School.district_id == bindparam("viewer_district")
            )
            return sections.where(Section.school_id.in_(in_district))
    # Students and guardians see their classes through their own pages, not section pages.
    return sections.where(false())


def visible_section_ids(user: User) -> Select[int]:
    return _visible_sections(user.role).params(_viewer(user))


@cache
def _visible_section(role: Role) -> Select[Section]:
    # Section pages name the school, and the class pages (dashboard, wall, report) read its
    # settings: a one-row join in this query costs less than the second query it saves them.
    return (
        select(Section)
        .options(joinedload(Section.school).joinedload(School.settings))
        .where(Section.id == bindparam("section_id"), Section.id.in_(_visible_sections(role)))
    )


def visible_school_ids(user: User) -> Select[int]:
    match user.role:
        case Role.SCHOOL_LEADER:
            return select(School.id).where(School.id == user.school_id)
        case Role.DISTRICT_ADMIN:
            return select(School.id).where(School.district_id == user.district_id)
    return select(School.id).where(false())


def can_view_student(user: User, student_id: int) -> bool:
    return bool(
        db.session.scalar(select(exists(visible_student_ids(user).where(User.id == student_id))))
    )


def can_view_section(user: User, section_id: int) -> bool:
    return bool(
        db.session.scalar(select(exists(visible_section_ids(user).where(Section.id == section_id))))
    )


def can_manage_school(user: User, school_id: int) -> bool:
    """Settings and the audit log: the school's leader, or the district admin."""
    return bool(
        db.session.scalar(select(exists(visible_school_ids(user).where(School.id == school_id))))
    )


def get_student_or_404(user: User, student_id: int, record: str) -> User:
    """Load a student the viewer may see, and write the access to the audit log."""
    student = db.session.scalar(visible_students(user).where(User.id == student_id))
    if student is None:
        abort(404)
    record_access(user, student, record, request.full_path.rstrip("?"))
    return student


def get_section_or_404(user: User, section_id: int) -> Section:
    section = db.session.scalar(
        _visible_section(user.role), {"section_id": section_id, **_viewer(user)}
    )
    if section is None:
        abort(404)
    return section


def get_school_or_404(user: User, school_id: int) -> School:
    school = db.session.scalar(
        select(School).where(School.id == school_id, School.id.in_(visible_school_ids(user)))
    )
    if school is None:
        abort(404)
    return school


def require_role(*roles: Role) -> Callable[[F], F]:
    """Route decorator: other roles get 404, as if the page did not exist for them."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def is_teacher_of(user: User, student_id: int) -> bool:
    """Teachers of a student's sections reply, comment and co-create goals; others only read."""
    return user.role == Role.TEACHER and can_view_student(user, student_id)


def can_see_feelings(user: User, student_id: int) -> bool:
    """A check-in's how-I-feel rating: the student and their teachers only, never guardians;
    leaders and district admins see feelings only in aggregate."""
    return (user.role == Role.STUDENT and user.id == student_id) or is_teacher_of(user, student_id)


def get_competency_or_404(user: User, competency_id: int | None) -> Competency:
    """A competency of a framework in the viewer's district; any other id answers 404."""
    from app.continuum.models import Competency, Framework  # continuum routes import authz

    competency = db.session.scalar(
        select(Competency)
        .join(Framework, Framework.id == Competency.framework_id)
        .where(Competency.id == competency_id, Framework.district_id == user.district_id)
    )
    if competency is None:
        abort(404)
    return competency


def get_evidence_or_404(user: User, evidence_id: int) -> Evidence:
    """A piece of evidence about a student the viewer may see."""
    from app.continuum.models import Evidence

    evidence = db.session.scalar(
        select(Evidence).where(
            Evidence.id == evidence_id, Evidence.student_id.in_(visible_student_ids(user))
        )
    )
    if evidence is None:
        abort(404)
    return evidence


# --- Frameworks: school leaders and district admins manage their district's continuum ---

if TYPE_CHECKING:
    from app.continuum.models import Framework

FRAMEWORK_MANAGERS = frozenset({Role.SCHOOL_LEADER, Role.DISTRICT_ADMIN})


def can_manage_frameworks(user: User) -> bool:
    """Import frameworks and change how mastery is calculated, for the user's district."""
    return user.role in FRAMEWORK_MANAGERS and user.district_id is not None


def managed_framework_district_or_404(user: User) -> int:
    """The district whose frameworks `user` manages; 404 for everyone else."""
    if not can_manage_frameworks(user):
        abort(404)
    assert user.district_id is not None
    return user.district_id


def get_framework_or_404(user: User, framework_id: int) -> Framework:
    """A framework of the manager's own district; any other id, or any other role, is 404."""
    from app.continuum.models import Framework

    district_id = managed_framework_district_or_404(user)
    framework = db.session.scalar(
        select(Framework).where(Framework.id == framework_id, Framework.district_id == district_id)
    )
    if framework is None:
        abort(404)
    return framework
