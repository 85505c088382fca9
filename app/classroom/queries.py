"""Read-side queries for conferences and support plans: a fixed number per page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import Role, User
from app.classroom.models import Conference, SupportPlan, SupportPlanChange
from app.classroom.rules import PlanStatus
from app.extensions import db
from app.goals.models import CheckIn, CheckInReply, GoalRating
from app.schools.models import Enrollment, EnrollmentRole, Section

StudentIds = Select[int] | Sequence[int]


def _ids(student_ids: StudentIds) -> StudentIds:
    return student_ids if isinstance(student_ids, Select) else list(student_ids)


def active_plan_students(student_ids: StudentIds) -> set[int]:
    """Which of these students have an active support plan: one query."""
    rows = db.session.scalars(
        select(SupportPlan.student_id)
        .where(
            SupportPlan.student_id.in_(_ids(student_ids)),
            SupportPlan.status == PlanStatus.ACTIVE,
        )
        .distinct()
    )
    return set(rows)


def conferences_of(
    student_id: int, shared_only: bool, limit: int | None = None
) -> list[Conference]:
    """A student's conferences, newest first, with their teacher and goals: two queries."""
    query = (
        select(Conference)
        .where(Conference.student_id == student_id)
        .options(joinedload(Conference.teacher), selectinload(Conference.goals))
        .order_by(Conference.held_on.desc(), Conference.id.desc())
    )
    if shared_only:
        query = query.where(Conference.is_shared.is_(True))
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def conference_count(student_id: int, shared_only: bool) -> int:
    query = select(func.count()).where(Conference.student_id == student_id)
    if shared_only:
        query = query.where(Conference.is_shared.is_(True))
    return db.session.scalar(query) or 0


def plans_of(student_id: int) -> list[SupportPlan]:
    """A student's support plans, active first, then the newest."""
    return list(
        db.session.scalars(
            select(SupportPlan)
            .where(SupportPlan.student_id == student_id)
            .options(joinedload(SupportPlan.owner))
            .order_by(SupportPlan.status != PlanStatus.ACTIVE, SupportPlan.starts_on.desc())
        )
    )


@dataclass(frozen=True)
class PlanRow:
    """A support plan in a list: plain values, so a school's list loads no ORM objects."""

    id: int
    student_id: int
    student_name: str
    reason: str
    tier: int
    owner_name: str
    starts_on: date
    review_on: date


def plans_due(student_ids: Select[int], until: date) -> list[PlanRow]:
    """Active plans of these students whose review falls on or before `until`, soonest first."""
    owner = select(User.id, User.given_name, User.family_name).subquery()
    rows = db.session.execute(
        select(
            SupportPlan.id,
            SupportPlan.student_id,
            User.given_name,
            User.family_name,
            SupportPlan.reason,
            SupportPlan.tier,
            owner.c.given_name,
            owner.c.family_name,
            SupportPlan.starts_on,
            SupportPlan.review_on,
        )
        .join(User, User.id == SupportPlan.student_id)
        .join(owner, owner.c.id == SupportPlan.owner_id)
        .where(
            SupportPlan.student_id.in_(student_ids),
            SupportPlan.status == PlanStatus.ACTIVE,
            SupportPlan.review_on <= until,
        )
        .order_by(SupportPlan.review_on, func.lower(User.family_name), SupportPlan.id)
    )
    return [
        PlanRow(
            plan_id,
            student_id,
            f"{family}, {given}",
            reason,
            tier,
            f"{owner_given} {owner_family}",
            starts_on,
            review_on,
        )
        for (
            plan_id,
            student_id,
            given,
            family,
            reason,
            tier,
            owner_given,
            owner_family,
            starts_on,
            review_on,
        ) in rows
    ]


def plan_owner_choices(student: User) -> list[tuple[int, str]]:
    """Who may own a student's plan: their teachers and their school's leaders (one query)."""
    teaches = select(Enrollment.user_id).where(
        Enrollment.role == EnrollmentRole.TEACHER,
        Enrollment.section_id.in_(
            select(Enrollment.section_id).where(
                Enrollment.user_id == student.id, Enrollment.role == EnrollmentRole.STUDENT
            )
        ),
    )
    leads = (User.role == Role.SCHOOL_LEADER) & (User.school_id == student.school_id)
    rows = db.session.execute(
        select(User.id, User.given_name, User.family_name, User.role)
        .where((User.id.in_(teaches) & (User.role == Role.TEACHER)) | leads)
        .order_by(
            User.role == Role.SCHOOL_LEADER,
            func.lower(User.family_name),
            func.lower(User.given_name),
        )
    )
    return [
        (user_id, f"{given} {family}" + (" (school leader)" if role == Role.SCHOOL_LEADER else ""))
        for user_id, given, family, role in rows
    ]


# --- The check-in inbox ---


@dataclass(frozen=True)
class Pupil:
    """A student of the teacher's sections, with the names of those sections."""

    id: int
    given_name: str
    sort_name: str
    sections: list[str]


def pupils_of_teacher(teacher_id: int) -> dict[int, Pupil]:
    """The students of a teacher's sections, in name order, with their sections: one query."""
    taught = select(Enrollment.section_id).where(
        Enrollment.user_id == teacher_id, Enrollment.role == EnrollmentRole.TEACHER
    )
    rows = db.session.execute(
        select(User.id, User.given_name, User.family_name, Section.name)
        .join(Enrollment, Enrollment.user_id == User.id)
        .join(Section, Section.id == Enrollment.section_id)
        .where(
            Enrollment.role == EnrollmentRole.STUDENT,
            Enrollment.section_id.in_(taught),
            User.role == Role.STUDENT,
        )
        .order_by(func.lower(User.family_name), func.lower(User.given_name), User.id, Section.name)
    )
    pupils: dict[int, Pupil] = {}
    for student_id, given, family, section in rows:
        if student_id not in pupils:
            pupils[student_id] = Pupil(student_id, given, f"{family}, {given}", [])
        pupils[student_id].sections.append(section)
    return pupils


def week_check_ins(student_ids: StudentIds, week_start: date) -> list[CheckIn]:
    """The week's check-ins of these students with ratings, goals and replies: three queries."""
    return list(
        db.session.scalars(
            select(CheckIn)
            .where(CheckIn.student_id.in_(_ids(student_ids)), CheckIn.week_start == week_start)
            .options(
                selectinload(CheckIn.ratings).joinedload(GoalRating.goal),
                selectinload(CheckIn.replies).joinedload(CheckInReply.author),
            )
        )
    )


def plan_changes(plan_id: int) -> list[SupportPlanChange]:
    """Who opened and changed a plan, newest first: one query."""
    return list(
        db.session.scalars(
            select(SupportPlanChange)
            .where(SupportPlanChange.plan_id == plan_id)
            .options(joinedload(SupportPlanChange.changed_by))
            .order_by(SupportPlanChange.changed_at.desc(), SupportPlanChange.id.desc())
        )
    )
