"""What a ten-minute conversation with one student needs, gathered in a fixed number of queries.

Shared by the conferring page and the support-plan pages: the student's levels and gaps per
framework, their flags with reasons, their open PDSA cycle, their latest check-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.goals.models import CheckIn, CheckInReply
from app.goals.weeks import monday_of
from app.reports.flags import Flag, FlagKind
from app.reports.overview import StudentOverview, overview_of
from app.reports.progress import Learner, progress_context
from app.schools.models import StudentProfile


@dataclass(frozen=True)
class RecentCheckIn:
    id: int
    week_start: date
    confidence: int
    went_well: str
    hard: str
    next_step: str
    wants_help: bool
    answered: bool


def learner_of(student: User) -> Learner:
    grade = db.session.scalar(
        select(StudentProfile.grade_level).where(StudentProfile.user_id == student.id)
    )
    return Learner(student.id, student.name, student.sort_name, grade)


def overview_of_student(student: User, today: date) -> StudentOverview:
    """One student's progress, goals, PDSA stage and flags, as the class dashboard sees them."""
    context = progress_context(student.school_id or 0, student.district_id, today)
    return overview_of([learner_of(student)], [student.id], context)[0]


def check_ins_since(student_id: int, since: date | None, limit: int) -> list[RecentCheckIn]:
    """The newest check-ins (from the week of `since`, if given), newest first: one query."""
    replied = select(CheckInReply.check_in_id)
    query = (
        select(
            CheckIn.id,
            CheckIn.week_start,
            CheckIn.confidence,
            CheckIn.went_well,
            CheckIn.hard,
            CheckIn.next_step,
            CheckIn.wants_help,
            CheckIn.id.in_(replied),
        )
        .where(CheckIn.student_id == student_id)
        .order_by(CheckIn.week_start.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(CheckIn.week_start >= monday_of(since))
    return [RecentCheckIn(*row[:7], answered=bool(row[7])) for row in db.session.execute(query)]


def plan_worthy(flags: list[Flag]) -> list[Flag]:
    """The flags a support plan answers: every one but "advancing rapidly"."""
    return [flag for flag in flags if flag.kind is not FlagKind.ADVANCING]
