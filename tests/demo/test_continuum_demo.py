"""The demo continuum: two full frameworks and a school year of believable evidence.

Loading the demo takes a few seconds, so each date is loaded once per module, in a transaction
of its own that is rolled back at once; the tests read plain facts gathered while it stood.
The facts are computed with the same pure functions the teacher views use.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.continuum.levels import competency_level, full_history, mean_level
from app.continuum.models import (
    Competency,
    Descriptor,
    Evidence,
    EvidenceChange,
    EvidenceKind,
    Framework,
    FrameworkSource,
    Mastery,
    MasteryOverride,
)
from app.continuum.services import recompute_framework
from app.demo import demo_logins, load_demo
from app.extensions import db
from app.reports.pace import expected_level, growth
from app.schools.models import (
    AcademicSession,
    Enrollment,
    EnrollmentRole,
    SessionKind,
    StudentProfile,
)
from tests.demo.loading import rolled_back as _rolled_back

EARLY = date(2026, 11, 25)  # a Wednesday in the fall term, as the browser tests use
LATE = date(2027, 5, 20)  # four weeks before the end of the year
NOT_PROGRESSING = timedelta(weeks=6)
MASTERY_FIELDS = (
    Mastery.is_mastered,
    Mastery.mastered_on,
    Mastery.value,
    Mastery.evidence_count,
    Mastery.is_calculated_mastered,
    Mastery.is_overridden,
    Mastery.last_evidence_on,
)


@dataclass(frozen=True)
class Standing:
    """One student in one framework, as the dashboard will compute it."""

    level: Decimal
    expected: Decimal
    growth: Decimal | None
    last_mastery: date | None

    @property
    def gap(self) -> Decimal:
        return self.expected - self.level


@dataclass
class Facts:
    today: date
    frameworks: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence_by_kind: Counter[str] = field(default_factory=Counter)
    latest_evidence: date | None = None
    weekend_evidence: int = 0
    students: set[int] = field(default_factory=set)
    with_evidence: dict[str, set[int]] = field(default_factory=dict)
    standings: dict[str, dict[int, Standing]] = field(default_factory=dict)
    stored: dict[tuple[int, int, int], tuple[Any, ...]] = field(default_factory=dict)
    recomputed: dict[tuple[int, int, int], tuple[Any, ...]] = field(default_factory=dict)
    login_student: int = 0
    login_section: set[int] = field(default_factory=set)
    year_start: date | None = None
    not_by_lead_teacher: int = 0
    self_not_by_student: int = 0
    changes: Counter[str] = field(default_factory=Counter)
    overrides: list[tuple[int, str, bool]] = field(default_factory=list)
    login_masteries: dict[tuple[str, int], tuple[Any, ...]] = field(default_factory=dict)
    logins: Any = None
    emails: list[str] = field(default_factory=list)

    def count(self, framework: str, test: Any) -> int:
        return sum(1 for s in self.standings[framework].values() if test(s))

    def not_progressing(self, student: int) -> bool:
        """No new mastery in any framework for six weeks, as the flag reads it."""
        days = [s[student].last_mastery for s in self.standings.values()]
        known = [d for d in days if d is not None]
        return not known or max(known) <= self.today - NOT_PROGRESSING


def _gather(today: date) -> Facts:
    logins = load_demo(db.session, today)
    facts = Facts(today, logins=logins)
    facts.emails = list(db.session.scalars(select(User.email).order_by(User.email)))
    _frameworks(facts)
    _evidence(facts)
    _standings(facts)
    _history(facts)
    facts.stored = _masteries()
    facts.login_masteries = _login_masteries()
    for framework in db.session.scalars(select(Framework)):
        recompute_framework(framework)
    facts.recomputed = _masteries()
    return facts


def _frameworks(facts: Facts) -> None:
    for framework in db.session.scalars(select(Framework)):
        competencies = [c for strand in framework.strands for c in strand.competencies]
        described = {
            (d.competency_id, d.level): d.statement
            for d in db.session.scalars(
                select(Descriptor).join(Competency).where(Competency.framework_id == framework.id)
            )
        }
        facts.frameworks[framework.source_identifier] = {
            "source": framework.source,
            "method": framework.method.value,
            "decay_weight": framework.decay_weight,
            "last_n": framework.last_n,
            "minimum_evidence": framework.minimum_evidence,
            "levels": [(p.number, p.grade) for p in framework.levels],
            "scale": [(p.score, p.label, p.is_threshold) for p in framework.scale_points],
            "kinds": {c.kind.value for c in competencies},
            "competencies": [c.id for c in competencies],
            "descriptors": described,
            "strands": len(framework.strands),
        }


def _evidence(facts: Facts) -> None:
    facts.year_start = db.session.scalars(
        select(AcademicSession.starts_on).where(AcademicSession.kind == SessionKind.SCHOOL_YEAR)
    ).one()
    facts.students = set(db.session.scalars(select(User.id).where(User.role == Role.STUDENT)))
    framework_of = {c: key for key, f in facts.frameworks.items() for c in f["competencies"]}
    teachers = defaultdict(set)
    for section_id, user_id in db.session.execute(
        select(Enrollment.section_id, Enrollment.user_id).where(
            Enrollment.role == EnrollmentRole.TEACHER
        )
    ):
        teachers[section_id].add(user_id)
    section_of = dict(
        db.session.execute(
            select(Enrollment.user_id, Enrollment.section_id).where(
                Enrollment.role == EnrollmentRole.STUDENT
            )
        ).all()
    )
    facts.with_evidence = {key: set() for key in facts.frameworks}
    rows = db.session.execute(
        select(
            Evidence.student_id,
            Evidence.competency_id,
            Evidence.kind,
            Evidence.observed_on,
            Evidence.recorded_by_id,
        )
    )
    for student_id, competency_id, kind, observed_on, recorded_by in rows:
        facts.evidence_by_kind[kind.value] += 1
        facts.with_evidence[framework_of[competency_id]].add(student_id)
        if facts.latest_evidence is None or observed_on > facts.latest_evidence:
            facts.latest_evidence = observed_on
        facts.weekend_evidence += observed_on.weekday() >= 5
        if kind is EvidenceKind.SELF_ASSESSMENT:
            facts.self_not_by_student += recorded_by != student_id
        else:
            facts.not_by_lead_teacher += recorded_by not in teachers[section_of[student_id]]
    email = demo_logins(db.session).student[0]
    facts.login_student = db.session.scalars(select(User.id).where(User.email == email)).one()
    facts.login_section = {
        user for user, section in section_of.items() if section == section_of[facts.login_student]
    }


def _standings(facts: Facts) -> None:
    year = db.session.scalars(
        select(AcademicSession).where(AcademicSession.kind == SessionKind.SCHOOL_YEAR)
    ).one()
    grades = dict(
        db.session.execute(select(StudentProfile.user_id, StudentProfile.grade_level)).all()
    )
    mastered: dict[int, dict[int, dict[int, date]]] = defaultdict(lambda: defaultdict(dict))
    for student_id, competency_id, level, on in db.session.execute(
        select(Mastery.student_id, Mastery.competency_id, Mastery.level, Mastery.mastered_on).where(
            Mastery.mastered_on.is_not(None)
        )
    ):
        mastered[student_id][competency_id][level] = on
    for key, framework in facts.frameworks.items():
        described = sorted({level for _, level in framework["descriptors"]})
        facts.standings[key] = {}
        for student_id in facts.students:
            dates = [mastered[student_id][c] for c in framework["competencies"]]
            level = mean_level(competency_level(described, set(d)) for d in dates)
            history = full_history([(described, d) for d in dates], facts.today)
            grade = grades[student_id]
            days = [day for d in dates for day in d.values()]
            assert level is not None
            facts.standings[key][student_id] = Standing(
                level,
                expected_level(grade, facts.today, year.starts_on, year.ends_on),
                growth(history, facts.today).per_year,
                max(days) if days else None,
            )


def _history(facts: Facts) -> None:
    for action, n in db.session.execute(
        select(EvidenceChange.action, func.count()).group_by(EvidenceChange.action)
    ):
        facts.changes[action.value] = n
    for override in db.session.scalars(select(MasteryOverride)):
        stored = db.session.get(
            Mastery, (override.student_id, override.competency_id, override.level)
        )
        assert stored is not None
        facts.overrides.append((override.student_id, override.reason, stored.is_overridden))


def _masteries() -> dict[tuple[int, int, int], tuple[Any, ...]]:
    rows = db.session.execute(
        select(Mastery.student_id, Mastery.competency_id, Mastery.level, *MASTERY_FIELDS)
    )
    return {(r[0], r[1], r[2]): tuple(r[3:]) for r in rows}


def _login_masteries() -> dict[tuple[str, int], tuple[Any, ...]]:
    """The login student's mastery by (competency code, level): ids differ between loads."""
    email = demo_logins(db.session).student[0]
    rows = db.session.execute(
        select(Competency.code, Mastery.level, *MASTERY_FIELDS)
        .join(Competency, Competency.id == Mastery.competency_id)
        .join(User, User.id == Mastery.student_id)
        .where(User.email == email)
    )
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


@pytest.fixture(scope="module")
def demo(app: Flask) -> dict[date, Facts]:
    """Facts from a load on each date; module scope, so set up before any test transaction."""
    found = {}
    for today in (EARLY, LATE):
        with _rolled_back(app):
            found[today] = _gather(today)
    return found


@pytest.fixture(params=[EARLY, LATE], ids=["november", "may"])
def facts(demo: dict[date, Facts], request: pytest.FixtureRequest) -> Facts:
    return demo[request.param]


# --- The frameworks ---------------------------------------------------------------------------


def test_two_district_frameworks_with_twelve_levels_and_every_descriptor(facts: Facts) -> None:
    assert set(facts.frameworks) == {"demo-mathematics", "demo-transferable-skills"}
    for framework in facts.frameworks.values():
        assert framework["source"] is FrameworkSource.DEMO
        assert framework["levels"] == [(k, str(k)) for k in range(1, 13)]
        assert [label for _, label, _ in framework["scale"]] == [
            "Beginning",
            "Developing",
            "Proficient",
            "Extending",
        ]
        expected = {(c, k) for c in framework["competencies"] for k in range(1, 13)}
        assert set(framework["descriptors"]) == expected
        assert all(text.startswith("I can ") for text in framework["descriptors"].values())
        assert framework["minimum_evidence"] == 2
    maths = facts.frameworks["demo-mathematics"]
    skills = facts.frameworks["demo-transferable-skills"]
    assert (maths["method"], maths["decay_weight"]) == ("decaying_average", Decimal("0.65"))
    assert (skills["method"], skills["last_n"]) == ("mean_of_last_n", 3)
    assert maths["kinds"] == {"academic"} and skills["kinds"] == {"transferable"}
    assert (maths["strands"], len(maths["competencies"])) == (5, 11)
    assert (skills["strands"], len(skills["competencies"])) == (3, 6)


def test_descriptors_differ_from_level_to_level(facts: Facts) -> None:
    for framework in facts.frameworks.values():
        for competency in framework["competencies"]:
            texts = [framework["descriptors"][(competency, k)] for k in range(1, 13)]
            assert len(set(texts)) == 12


# --- The evidence -----------------------------------------------------------------------------


def test_every_student_has_evidence_in_both_frameworks(facts: Facts) -> None:
    assert len(facts.students) == 240
    for students in facts.with_evidence.values():
        assert students == facts.students


def test_evidence_stops_at_today_and_skips_weekends(facts: Facts) -> None:
    assert facts.latest_evidence is not None
    assert facts.today - timedelta(days=7) < facts.latest_evidence <= facts.today
    assert facts.weekend_evidence == 0


def test_evidence_is_mixed_and_recorded_by_the_right_people(facts: Facts) -> None:
    kinds = facts.evidence_by_kind
    assert set(kinds) == {kind.value for kind in EvidenceKind}
    assert kinds["formative"] > kinds["observation"] > kinds["summative"] > 0
    assert kinds["self_assessment"] > 100
    assert facts.not_by_lead_teacher == 0
    assert facts.self_not_by_student == 0


def test_stored_mastery_is_what_recompute_framework_produces(facts: Facts) -> None:
    assert len(facts.stored) > 20_000
    assert facts.recomputed == facts.stored


def test_history_pages_have_edits_removals_and_overrides(facts: Facts) -> None:
    assert facts.changes == {"edited": 4, "removed": 3}
    assert len(facts.overrides) == 2
    assert all(reason and is_overridden for _, reason, is_overridden in facts.overrides)
    assert {student for student, _, _ in facts.overrides} <= facts.login_section


# --- Believable trajectories -----------------------------------------------------------------


def _behind(s: Standing) -> bool:
    return s.gap >= 2


def _accelerating(s: Standing) -> bool:
    return s.growth is not None and s.growth >= Decimal("1.5")


def _steady(s: Standing) -> bool:
    """Within a level of expected and moving. In November growth moves in steps of one
    competency level scaled to a year (about 0.39), so two masteries read 0.77."""
    return s.growth is not None and Decimal("0.75") <= s.growth < Decimal("1.5") and s.gap < 1


def test_the_profile_mix_shows_in_the_figures(facts: Facts) -> None:
    n = len(facts.students)
    maths = "demo-mathematics"
    stalled = [s for s in facts.students if facts.not_progressing(s)]
    assert 0.12 * n <= facts.count(maths, _behind) <= 0.25 * n
    assert 0.08 * n <= facts.count(maths, _accelerating) <= 0.25 * n
    assert 0.45 * n <= facts.count(maths, _steady)
    assert 0.08 * n <= len(stalled) <= 0.25 * n


def test_the_login_students_class_shows_every_kind_of_story(facts: Facts) -> None:
    maths = facts.standings["demo-mathematics"]
    section = facts.login_section & facts.students
    assert sum(_behind(maths[s]) for s in section) >= 2
    stalled = [s for s in section if facts.not_progressing(s)]
    assert len(stalled) >= 2
    me = maths[facts.login_student]
    assert me.gap < 1
    assert me.growth is not None and me.growth >= 1


def test_the_login_student_mastered_levels_this_term(facts: Facts) -> None:
    this_term = [
        on
        for (student, _, _), (is_mastered, on, *_rest) in facts.stored.items()
        if student == facts.login_student and is_mastered and on > facts.year_start
    ]
    assert len(this_term) >= 3


# --- Deterministic --------------------------------------------------------------------------


def test_the_same_today_gives_the_same_data(demo: dict[date, Facts]) -> None:
    """Loaded a second time for the same day: the same people, logins, evidence and mastery."""
    logins = load_demo(db.session, EARLY)
    assert logins == demo[EARLY].logins
    assert list(db.session.scalars(select(User.email).order_by(User.email))) == demo[EARLY].emails
    evidence = db.session.scalar(select(func.count()).select_from(Evidence))
    assert evidence == sum(demo[EARLY].evidence_by_kind.values())
    assert _login_masteries() == demo[EARLY].login_masteries
    assert len(demo[EARLY].login_masteries) > 50
