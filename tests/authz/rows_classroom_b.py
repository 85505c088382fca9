"""Access-matrix rows for the check-in inbox, conferring, conferences and support plans.

Conferring and support plans are staff work on the matrix's student (Maya): her teacher and
her school's leader write them, the district admin reads plans and conferences. Maya and her
guardian read only shared conferences; support plans are never theirs to see.
"""

from __future__ import annotations

from datetime import date

from tests.authz.matrix import STAFF_OF_STUDENT, Row, only
from tests.factories import World

WRITERS = {"teacher", "leader"}
READERS = {"student", "guardian"} | STAFF_OF_STUDENT


def _check_in(w: World) -> int:
    from tests.goals.builders import make_check_in

    return make_check_in(w.student).id


def _plan(w: World) -> int:
    from app.classroom import services
    from app.classroom.rules import CheckFrequency
    from app.extensions import db

    data = services.PlanInput(
        reason="2.4 levels behind",
        strategy="Small-group number talks, three times a week",
        tier=2,
        owner_id=w.teacher.id,
        starts_on=date(2026, 11, 2),
        review_on=date(2026, 12, 14),
        check_frequency=CheckFrequency.WEEKLY,
    )
    plan = services.open_plan(w.student, data, by=w.teacher)
    db.session.commit()
    return plan.id


ROWS: list[Row] = [
    Row("classroom.inbox", lambda w: "/teach/inbox", only({"teacher", "other_teacher"})),
    # Her teacher may reply from the inbox: an empty reply is refused with 422; others 404.
    Row(
        "classroom.inbox_reply",
        lambda w: f"/teach/inbox/{_check_in(w)}/reply",
        only({"teacher"}, 422),
        "POST",
    ),
    Row("classroom.confer", lambda w: f"/students/{w.student.id}/confer", only(WRITERS)),
    Row(
        "classroom.conferences",
        lambda w: f"/students/{w.student.id}/conferences",
        only(READERS),
    ),
    Row(
        "classroom.my_conferences", lambda w: "/me/conferences", only({"student", "other_student"})
    ),
    Row(
        "classroom.new_support_plan",
        lambda w: f"/students/{w.student.id}/support-plans/new",
        only(WRITERS),
    ),
    Row("classroom.support_plan", lambda w: f"/support-plans/{_plan(w)}", only(STAFF_OF_STUDENT)),
    # An empty edit is refused with 422 for those who may edit; the district admin reads only.
    Row(
        "classroom.support_plan",
        lambda w: f"/support-plans/{_plan(w)}",
        only(WRITERS, 422),
        "POST",
    ),
    Row(
        "classroom.reviews_due",
        lambda w: "/teach/reviews",
        only({"teacher", "other_teacher", "leader", "other_leader"}),
    ),
]
