"""Loading a PDSA cycle for a viewer: 404 unless they may see it.

The student and the staff who see the student read every cycle; a guardian reads only the
cycles the student shared with their family.
"""

from __future__ import annotations

from flask import abort

from app.auth.models import User
from app.authz import get_student_or_404
from app.extensions import db
from app.goals.access import shared_only
from app.pdsa.models import PdsaCycle


def get_cycle_or_404(user: User, cycle_id: int) -> tuple[PdsaCycle, User]:
    cycle = db.session.get(PdsaCycle, cycle_id)
    if cycle is None or (shared_only(user) and not cycle.is_shareable):
        abort(404)
    return cycle, get_student_or_404(user, cycle.student_id, record="PDSA cycle")
