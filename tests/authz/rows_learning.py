"""Access-matrix rows for goals, weekly check-ins and PDSA cycles.

The records belong to the matrix's student (Maya): her teacher, school leader and district
admin read them; her teacher also replies and comments; her guardian reads her goals and only
what she shared with the family; everyone else gets 404.
"""

from __future__ import annotations

from tests.authz.matrix import STAFF_OF_STUDENT, Row, only
from tests.factories import World
from tests.goals.builders import make_check_in, make_cycle, make_goal

READERS = {"student", "guardian"} | STAFF_OF_STUDENT
STAFF_READERS = {"student"} | STAFF_OF_STUDENT
WRITERS = {"student", "teacher"}


def _goal(w: World) -> int:
    return make_goal(w.student).id


def _check_in(w: World) -> int:
    return make_check_in(w.student).id


def _cycle(w: World, shared: bool = False) -> int:
    return make_cycle(w.student, is_shareable=shared).id


ROWS: list[Row] = [
    Row("goals.list_goals", lambda w: f"/students/{w.student.id}/goals", only(READERS)),
    Row("goals.new_goal", lambda w: f"/students/{w.student.id}/goals/new", only(WRITERS)),
    Row("goals.goal", lambda w: f"/goals/{_goal(w)}", only(READERS)),
    Row("goals.edit_goal", lambda w: f"/goals/{_goal(w)}/edit", only(WRITERS)),
    # An empty status form changes nothing; the allowed get their goal page back.
    Row("goals.set_status", lambda w: f"/goals/{_goal(w)}/status", only(WRITERS, 303), "POST"),
    Row("goals.check_in", lambda w: "/me/check-in", only({"student", "other_student"})),
    Row("goals.check_ins", lambda w: f"/students/{w.student.id}/check-ins", only(READERS)),
    # Her teacher may reply: an empty reply is refused with 422, everyone else gets 404.
    Row(
        "goals.reply",
        lambda w: f"/check-ins/{_check_in(w)}/replies",
        only({"teacher"}, 422),
        "POST",
    ),
    Row("pdsa.list_cycles", lambda w: f"/students/{w.student.id}/pdsa", only(READERS)),
    Row("pdsa.new_cycle", lambda w: f"/students/{w.student.id}/pdsa/new", only({"student"})),
    Row("pdsa.cycle", lambda w: f"/pdsa/{_cycle(w)}", only(STAFF_READERS)),
    Row("pdsa.cycle", lambda w: f"/pdsa/{_cycle(w, shared=True)}", only(READERS)),
    Row("pdsa.edit_stage", lambda w: f"/pdsa/{_cycle(w)}/do", only({"student"})),
    Row(
        "pdsa.comment",
        lambda w: f"/pdsa/{_cycle(w)}/plan/comments",
        only({"teacher"}, 422),
        "POST",
    ),
]
