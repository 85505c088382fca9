"""Loaders and policies for goals and check-ins, on top of app.authz.

A goal or check-in the viewer may not see answers 404, like its student would. Guardians read
goals, but of the check-ins only those the student chose to share with their family.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from app.auth.models import Role, User
from app.authz import can_see_feelings, get_student_or_404, is_teacher_of
from app.extensions import db
from app.goals.models import CheckIn, Goal
from app.schools.models import SchoolSettings


def is_self(user: User, student_id: int) -> bool:
    return user.role == Role.STUDENT and user.id == student_id


def can_edit_goals(user: User, student_id: int) -> bool:
    """The student, or one of their teachers setting a goal with them in a conference."""
    return is_self(user, student_id) or is_teacher_of(user, student_id)


def own_student_or_404(user: User, student_id: int) -> User:
    """For pages only the student themself may use."""
    if not is_self(user, student_id):
        abort(404)
    return user


def get_goal_or_404(user: User, goal_id: int) -> tuple[Goal, User]:
    """The goal and its student, if the viewer may see them."""
    goal = db.session.get(Goal, goal_id)
    if goal is None:
        abort(404)
    return goal, get_student_or_404(user, goal.student_id, record="goal")


def get_check_in_or_404(user: User, check_in_id: int) -> tuple[CheckIn, User]:
    check_in = db.session.get(CheckIn, check_in_id)
    if check_in is None or (shared_only(user) and not check_in.is_shareable):
        abort(404)
    return check_in, get_student_or_404(user, check_in.student_id, record="check-in")


def feelings_enabled(school_id: int | None) -> bool:
    enabled = db.session.scalar(
        select(SchoolSettings.feelings_enabled).where(SchoolSettings.school_id == school_id)
    )
    return True if enabled is None else enabled


def shows_feelings(user: User, student: User) -> bool:
    """Whether this viewer sees this student's individual how-I-feel ratings."""
    return can_see_feelings(user, student.id) and feelings_enabled(student.school_id)


def shared_only(user: User) -> bool:
    """Guardians see only what the student shared with their family."""
    return user.role == Role.GUARDIAN
