"""The demo's learner continuum: two district frameworks and a school year of evidence.

`add_continuum` runs inside `load_demo` once the students exist. Every student gets a profile
(see `app.demo.trajectories`), a placement on day one, evidence from their section's lead
teacher every one to three weeks per competency, and on transferable skills now and then a
self-assessment. Stored mastery is decided by the same pure engine the services use and
written in bulk: calling the per-evidence services for ~100,000 rows would take minutes.
A few rows are edited or removed with their history, and two levels carry a teacher override,
so the history pages have something to show. Seeded and dated from `today` only.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, scoped_session

from app.auth.models import Role, User
from app.continuum.models import (
    DEFAULT_SCALE,
    Competency,
    CompetencyKind,
    Descriptor,
    Evidence,
    EvidenceKind,
    Framework,
    FrameworkSource,
    Mastery,
    PerformanceLevel,
    ScalePoint,
    Strand,
    scale_of,
)
from app.continuum.standings import refresh_standings
from app.demo.frameworks import FRAMEWORKS, LEVELS, TRANSFERABLE, FrameworkSpec
from app.demo.history import OVERRIDE_REASONS, add_corrections, add_override
from app.demo.trajectories import (
    Learner,
    Mark,
    Profile,
    Setup,
    Track,
    deal_profiles,
    draw_learner,
    recorded_at,
    school_days,
    self_assessments,
    simulate,
)
from app.schools.models import (
    AcademicSession,
    Enrollment,
    EnrollmentRole,
    SessionKind,
    StudentProfile,
)

SEED = 20260831
DbSession = Session | scoped_session[Any]
Key = tuple[int, int]  # student id, competency id


@dataclass(frozen=True)
class DemoStudent:
    """What the simulation needs to know about one student."""

    id: int
    key: str  # seeds the student's own generator, so one student's story never shifts another's
    grade: int
    section_id: int
    teacher_id: int


@dataclass(frozen=True)
class BuiltFramework:
    spec: FrameworkSpec
    id: int
    competency_ids: tuple[int, ...]  # in the spec's order
    setup: Setup


@dataclass
class Year:
    """Everything simulated, keyed by (student, competency), before it is written."""

    tracks: dict[Key, Track]
    self_marks: list[tuple[Key, Mark]]
    framework_of: dict[int, int]  # competency id → framework id


def add_continuum(session: DbSession, district_id: int, today: date) -> None:
    """Frameworks, evidence, mastery, a little history: everything the continuum shows."""
    year_start = session.scalars(
        select(AcademicSession.starts_on).where(
            AcademicSession.district_id == district_id,
            AcademicSession.kind == SessionKind.SCHOOL_YEAR,
        )
    ).one()
    days = school_days(year_start, today)
    built = [add_framework(session, district_id, spec, days, year_start) for spec in FRAMEWORKS]
    students = roster(session, district_id)
    login_id = _login_student_id(session)
    learners = assign_learners(students, login_id)
    year = simulate_year(students, learners, built)
    write_year(session, year, students)
    _add_history(session, year, students, built, _featured(students, learners, login_id), today)
    for framework in built:  # the reports' one row per student and framework
        refresh_standings(framework.id)


def add_framework(
    session: DbSession,
    district_id: int,
    spec: FrameworkSpec,
    days: Sequence[date],
    year_start: date,
) -> BuiltFramework:
    """One framework with the default scale, levels 1–12 and every descriptor."""
    framework = Framework(
        district_id=district_id,
        name=spec.name,
        description=spec.description,
        source=FrameworkSource.DEMO,
        source_identifier=spec.identifier,
        position=FRAMEWORKS.index(spec),
        method=spec.method,
        decay_weight=spec.decay_weight,
        last_n=spec.last_n,
        minimum_evidence=spec.minimum_evidence,
    )
    framework.scale_points = [
        ScalePoint(score=s, label=t, is_threshold=m) for s, t, m in DEFAULT_SCALE
    ]
    framework.levels = [PerformanceLevel(number=k, grade=str(k)) for k in LEVELS]
    session.add(framework)
    session.flush()
    competencies = []
    for s, strand_spec in enumerate(spec.strands, start=1):
        strand = Strand(code=strand_spec.code, title=strand_spec.title, position=s)
        framework.strands.append(strand)
        for c, item in enumerate(strand_spec.competencies, start=1):
            competency = Competency(
                framework_id=framework.id,
                code=item.code,
                title=item.title,
                kind=CompetencyKind(spec.kind),
                position=c,
                descriptors=[
                    Descriptor(level=k, statement=text)
                    for k, text in zip(LEVELS, item.descriptors, strict=True)
                ],
            )
            strand.competencies.append(competency)
            competencies.append(competency)
    session.flush()
    setup = Setup(
        framework.params,
        scale_of(framework.scale_points),
        framework.minimum_evidence,
        days,
        year_start,
    )
    return BuiltFramework(spec, framework.id, tuple(c.id for c in competencies), setup)


def roster(session: DbSession, district_id: int) -> list[DemoStudent]:
    """Every student with grade, section and that section's lead (first-enrolled) teacher."""
    lead = (
        select(Enrollment.section_id, func.min(Enrollment.id).label("first"))
        .where(Enrollment.role == EnrollmentRole.TEACHER)
        .group_by(Enrollment.section_id)
        .subquery()
    )
    teacher = (
        select(Enrollment.section_id, Enrollment.user_id)
        .join(lead, lead.c.first == Enrollment.id)
        .subquery()
    )
    rows = session.execute(
        select(
            User.id,
            User.sourced_id,
            StudentProfile.grade_level,
            Enrollment.section_id,
            teacher.c.user_id,
        )
        .join(StudentProfile, StudentProfile.user_id == User.id)
        .join(
            Enrollment,
            (Enrollment.user_id == User.id) & (Enrollment.role == EnrollmentRole.STUDENT),
        )
        .join(teacher, teacher.c.section_id == Enrollment.section_id)
        .where(User.district_id == district_id, User.role == Role.STUDENT)
        .order_by(Enrollment.section_id, User.id)
    )
    return [DemoStudent(i, key or str(i), g, s, t) for i, key, g, s, t in rows]


def _login_student_id(session: DbSession) -> int:
    from app.demo import demo_logins  # The package imports this module: import at call time.

    email = demo_logins(session).student[0]
    return session.scalars(select(User.id).where(User.email == email)).one()


def assign_learners(students: Sequence[DemoStudent], login_id: int | None) -> dict[int, Learner]:
    """A profile per student, dealt section by section; the demo login student rises steadily."""
    rng = random.Random(SEED)  # noqa: S311  (seeded demo data, not security)
    sections: dict[int, list[DemoStudent]] = {}
    for student in students:
        sections.setdefault(student.section_id, []).append(student)
    learners: dict[int, Learner] = {}
    groups = list(sections.values())
    for group, profiles in zip(groups, deal_profiles([len(g) for g in groups], rng), strict=True):
        ids = [s.id for s in group]
        if login_id in ids and Profile.ACCELERATING in profiles:  # Keep the section's mix.
            mine = ids.index(login_id)
            other = profiles.index(Profile.ACCELERATING)
            profiles[mine], profiles[other] = profiles[other], profiles[mine]
        for student, profile in zip(group, profiles, strict=True):
            learners[student.id] = draw_learner(student.grade, profile, rng)
    if login_id in learners:
        grade = learners[login_id].grade
        learners[login_id] = Learner(grade, Profile.ACCELERATING, 0.15, 1.6)
    return learners


def simulate_year(
    students: Sequence[DemoStudent],
    learners: dict[int, Learner],
    frameworks: Sequence[BuiltFramework],
) -> Year:
    """Run every student through every competency; pure apart from reading the ids."""
    year = Year({}, [], {})
    for student in students:
        rng = random.Random(f"{SEED}:{student.key}")  # noqa: S311
        learner = learners[student.id]
        for index, built in enumerate(frameworks):
            here = learner if index == 0 else learner.varied(rng, 0.4)
            n = len(built.competency_ids)
            order = rng.sample(range(n), n)  # Spread the phases: masteries come all year long.
            tracks = []
            for slot, competency_id in zip(order, built.competency_ids, strict=True):
                jitter = rng.choices((-1, 0, 1), weights=(1, 8, 1))[0]
                track = simulate(here, (slot + rng.random()) / n, jitter, rng, built.setup)
                year.tracks[(student.id, competency_id)] = track
                year.framework_of[competency_id] = built.id
                tracks.append(track)
            if built.spec.kind == TRANSFERABLE and rng.random() < 0.7:
                for i, mark in self_assessments(tracks, built.setup.days, rng):
                    year.self_marks.append(((student.id, built.competency_ids[i]), mark))
    return year


def _featured(
    students: Sequence[DemoStudent], learners: dict[int, Learner], login_id: int
) -> list[int]:
    """The login student, a steady classmate, then the rest of the section: they get history."""
    section = next(s.section_id for s in students if s.id == login_id)
    peers = [s.id for s in students if s.section_id == section and s.id != login_id]
    steady = next((i for i in peers if learners[i].profile is Profile.STEADY), peers[0])
    return [login_id, steady, *(i for i in peers if i != steady)]


def _add_history(
    session: DbSession,
    year: Year,
    students: Sequence[DemoStudent],
    frameworks: Sequence[BuiltFramework],
    featured: list[int],
    today: date,
) -> None:
    """Overrides for the login student (a transferable skill) and a steady classmate (maths)."""
    teacher = {s.id: s.teacher_id for s in students}
    mathematics, transferable = (set(f.competency_ids) for f in frameworks)
    for student_id, within, reason in zip(
        featured[:2], (transferable, mathematics), OVERRIDE_REASONS, strict=True
    ):
        keys = [key for key in year.tracks if key[0] == student_id and key[1] in within]
        add_override(session, year.tracks, keys, teacher[student_id], reason, today)
    add_corrections(session, year.tracks, featured[:6], teacher, today)


def _evidence_row(key: Key, mark: Mark, by: int, n: int) -> dict[str, object]:
    at = recorded_at(mark.on, n)
    return {
        "student_id": key[0],
        "competency_id": key[1],
        "level": mark.level,
        "score": Decimal(mark.score),
        "kind": EvidenceKind(mark.kind),
        "is_missed": mark.is_missed,
        "observed_on": mark.on,
        "recorded_by_id": by,
        "note": mark.note,
        "created_at": at,
        "updated_at": at,
    }


def _mastery_row(key: Key, level: int, framework_id: int, track: Track) -> dict[str, object]:
    decision = track.decisions[level]
    result = decision.result
    return {
        "student_id": key[0],
        "competency_id": key[1],
        "level": level,
        "framework_id": framework_id,
        "value": result.value,
        "evidence_count": result.count,
        "reached": result.reached,
        "is_calculated_mastered": result.mastered,
        "is_overridden": False,
        "is_mastered": result.mastered,
        "mastered_on": decision.mastered_on,
        "last_evidence_on": track.scores_at(level)[-1][0],
    }


def write_year(session: DbSession, year: Year, students: Sequence[DemoStudent]) -> None:
    """Evidence and the mastery it implies, in two bulk inserts."""
    teacher = {s.id: s.teacher_id for s in students}
    evidence = [
        _evidence_row(key, mark, teacher[key[0]], n)
        for key, track in year.tracks.items()
        for n, mark in enumerate(track.marks)
    ]
    evidence += [
        _evidence_row(key, mark, key[0], n) for n, (key, mark) in enumerate(year.self_marks)
    ]
    masteries = {
        (key, level): _mastery_row(key, level, year.framework_of[key[1]], track)
        for key, track in year.tracks.items()
        for level in track.decisions
    }
    session.execute(insert(Evidence), evidence)
    session.execute(insert(Mastery), list(masteries.values()))
    session.flush()
