"""One student's term, told with everything a family summary shows and everything it must not.

Maya Lopez (world.student, grade 6) reached level 5 in every Mathematics competency a year
ago and level 6 on Nov 1, 2026; she has evidence, an open goal, a shared and a private
check-in, a shared and a private PDSA cycle, and a shared conference followed by a newer
private one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.continuum.models import Evidence, EvidenceKind
from app.extensions import db
from app.goals.models import CheckIn, Goal
from app.pdsa.models import PdsaCycle
from tests.classroom.conversations import make_conference
from tests.factories import World
from tests.goals.builders import make_check_in, make_cycle, make_goal
from tests.reports.builders import master

SHARED_WELL = "I finished every fraction problem without help."
PRIVATE_WELL = "PRIVATE-CHECK-IN: nothing went well this week."
SHARED_CHANGE = "Explain each answer out loud to my brother."
PRIVATE_CHANGE = "PRIVATE-CYCLE: skip lunch to study."
SHARED_NOTE = "Maya explained equivalent fractions to the whole table."
PRIVATE_NOTE = "PRIVATE-NOTE: worried about attendance at home."
EVIDENCE_NOTE = "TEACHER-ONLY evidence note."


@dataclass
class Story:
    goal: Goal
    shared_check_in: CheckIn
    shared_cycle: PdsaCycle


def add_evidence(world: World, on: date = date(2026, 10, 20)) -> Evidence:
    evidence = Evidence(
        student_id=world.student.id,
        competency_id=world.competency.id,
        level=6,
        score=3,
        kind=EvidenceKind.SUMMATIVE,
        observed_on=on,
        recorded_by_id=world.teacher.id,
        note=EVIDENCE_NOTE,
    )
    db.session.add(evidence)
    db.session.commit()
    return evidence


def tell_story(world: World) -> Story:
    student = world.student
    master(student, world.framework, range(1, 6), date(2025, 11, 1))
    master(student, world.framework, [6], date(2026, 11, 1))
    add_evidence(world)
    goal = make_goal(student, title="Add fractions with unlike denominators")
    shared = make_check_in(
        student,
        on=date(2026, 11, 16),
        ratings={goal.id: 4},
        went_well=SHARED_WELL,
        next_step="Try the challenge set.",
        is_shareable=True,
        feeling=1,
    )
    make_check_in(student, on=date(2026, 11, 9), went_well=PRIVATE_WELL, is_shareable=False)
    cycle = make_cycle(
        student,
        goal,
        change=SHARED_CHANGE,
        learned="Saying it out loud shows me where I get stuck.",
        is_shareable=True,
        planned_at=datetime(2026, 11, 12, 15, 0),  # noqa: DTZ001 - stored naive, as UTC
    )
    make_cycle(
        student,
        goal,
        change=PRIVATE_CHANGE,
        is_shareable=False,
        planned_at=datetime(2026, 11, 13, 15, 0),  # noqa: DTZ001
    )
    make_conference(
        student, world.teacher, shared=True, held_on=date(2026, 11, 10), notes=SHARED_NOTE
    )
    make_conference(
        student, world.teacher, shared=False, held_on=date(2026, 11, 20), notes=PRIVATE_NOTE
    )
    db.session.commit()
    return Story(goal, shared, cycle)
