"""Who confers, who keeps support plans, and who reads them, on top of app.authz.

Conferring and support plans are staff work: a teacher of the student or their school's
leader writes them; the district admin reads them. A private conference stays with staff; a
shared one also reaches the student and their family. Support plans are staff-only.
Anything the viewer may not see answers 404.
"""

from __future__ import annotations

from flask import abort

from app.auth.models import Role, User
from app.authz import STAFF_ROLES, get_student_or_404
from app.classroom.models import SupportPlan
from app.extensions import db

WRITERS = frozenset({Role.TEACHER, Role.SCHOOL_LEADER})


def sees_private_notes(user: User) -> bool:
    """Staff read every conference; students and families only the shared ones."""
    return user.role in STAFF_ROLES


def writer_student_or_404(user: User, student_id: int, record: str) -> User:
    """The student, for a teacher of theirs or their school's leader; 404 for anyone else.

    The role is checked before the student is loaded, so a refused visit leaves no audit entry.
    For a teacher, "visible" already means "in one of my sections"; for a leader, "in my school".
    """
    if user.role not in WRITERS:
        abort(404)
    return get_student_or_404(user, student_id, record=record)


def get_plan_or_404(user: User, plan_id: int) -> tuple[SupportPlan, User]:
    """A support plan and its student, for staff who may see the student."""
    if user.role not in STAFF_ROLES:
        abort(404)
    plan = db.session.get(SupportPlan, plan_id)
    if plan is None:
        abort(404)
    return plan, get_student_or_404(user, plan.student_id, record="support plan")


def can_edit_plan(user: User) -> bool:
    """Call after get_plan_or_404: the student is visible, so only the role remains."""
    return user.role in WRITERS
