"""Reading what the pace and progress reports need, in a fixed number of queries.

A report speaks about one framework at a time. Each student becomes a `report.StudentLine`: their
level, expected level, gap, growth and pace in that framework (`reports.progress`, from stored
mastery, one query for the whole group) and their flags (`reports.flags`), where levels behind,
advancing and not progressing are about that framework too. The school and district views add
the check-in and goal facts behind the other flags, one grouped query each. Nothing here runs a
query per student, per section or per school.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select

from app.auth.models import Role, User
from app.continuum.outlines import FrameworkOutline
from app.extensions import db
from app.reports.equity import DEFAULT_THRESHOLD, Dimension, StudentRow, group_label
from app.reports.flags import DueGoal, FlagKind, StudentFacts, Thresholds, flags_for
from app.reports.overview import active_goals, last_check_ins, open_help_requests
from app.reports.progress import (
    EMPTY,
    Learner,
    ProgressContext,
    progress_from_figures,
    stored_standings,
)
from app.reports.report import PROGRESS_KINDS, StudentLine
from app.reports.suppression import Counts, group_counts
from app.schools.groups import Students
from app.schools.models import (
    Enrollment,
    EnrollmentRole,
    School,
    SchoolSettings,
    Section,
    StudentProfile,
)


def chosen_framework(
    frameworks: Sequence[FrameworkOutline], framework_id: int | None
) -> FrameworkOutline | None:
    """The framework asked for, else the district's first; unknown ids fall back quietly."""
    found = next((f for f in frameworks if f.id == framework_id), None)
    return found or (frameworks[0] if frameworks else None)


@dataclass(frozen=True)
class Engagement:
    """The facts behind the flags that do not depend on a framework."""

    last_checkin_on: date | None = None
    open_help_on: date | None = None
    goals: tuple[DueGoal, ...] = ()


def engagement_of(student_ids: Students) -> dict[int, Engagement]:
    """Latest check-in, open help request and active goals of each student: three queries."""
    check_ins = last_check_ins(student_ids)
    help_requests = open_help_requests(student_ids)
    goals = active_goals(student_ids)
    ids = set(check_ins) | set(help_requests) | set(goals)
    return {
        student_id: Engagement(
            last_checkin_on=check_ins[student_id].week_start if student_id in check_ins else None,
            open_help_on=help_requests.get(student_id),
            goals=tuple(DueGoal(g.title, g.due_on) for g in goals.get(student_id, [])),
        )
        for student_id in ids
    }


def student_lines(
    learners: Sequence[Learner],
    student_ids: Students,
    framework: FrameworkOutline,
    contexts: dict[int, ProgressContext] | ProgressContext,
    schools: dict[int, int] | None = None,
    engagement: dict[int, Engagement] | None = None,
    histories: bool = True,
) -> list[StudentLine]:
    """Each learner's line in `framework`, in the learners' order.

    `contexts` is one context, or one per school with `schools` mapping student → school (a
    district's schools each have their own thresholds). Without `engagement`, only the flags
    about the framework are raised (levels behind, advancing, not progressing). With
    `histories=False` the full level histories (read only by the section report's monthly
    trend) stay in the database; growth is exact either way.
    """
    first = (
        contexts if isinstance(contexts, ProgressContext) else next(iter(contexts.values()), None)
    )
    standings = stored_standings(
        student_ids,
        [framework.id],
        with_history=histories,
        today=first.today if first else None,
    )
    thresholds: dict[int, Thresholds] = {}
    lines = []
    for learner in learners:
        context = (
            contexts
            if isinstance(contexts, ProgressContext)
            else contexts[(schools or {})[learner.id]]
        )
        if id(context) not in thresholds:
            thresholds[id(context)] = Thresholds.from_settings(context.settings)
        figures = standings.get((learner.id, framework.id), EMPTY)
        progress = progress_from_figures(framework, figures, learner, context)
        facts = StudentFacts(
            enrolled_on=context.year.starts_on if context.year else context.today,
            level=progress.level,
            expected_level=progress.expected,
            growth=progress.growth.per_year,
            last_mastery_on=progress.last_mastery_on,
        )
        kinds: tuple[FlagKind, ...] = PROGRESS_KINDS
        if engagement is not None:
            facts = _with_engagement(facts, engagement.get(learner.id, Engagement()))
            kinds = tuple(FlagKind)
        flags = flags_for(facts, thresholds[id(context)], context.today)
        lines.append(
            StudentLine(
                id=learner.id,
                name=learner.name,
                sort_name=learner.sort_name,
                grade=learner.grade,
                level=progress.level,
                expected=progress.expected,
                gap=progress.gap,
                growth=progress.growth,
                pace=progress.pace,
                last_mastery_on=progress.last_mastery_on,
                history=progress.history,
                flags=tuple(flag for flag in flags if flag.kind in kinds),
            )
        )
    return lines


def _with_engagement(facts: StudentFacts, engagement: Engagement) -> StudentFacts:
    return StudentFacts(
        enrolled_on=facts.enrolled_on,
        level=facts.level,
        expected_level=facts.expected_level,
        growth=facts.growth,
        last_mastery_on=facts.last_mastery_on,
        last_checkin_on=engagement.last_checkin_on,
        open_help_request_on=engagement.open_help_on,
        active_goals=engagement.goals,
    )


@dataclass(frozen=True)
class Member:
    """A student of a school, with the demographics the equity view counts (never shows)."""

    learner: Learner
    school_id: int
    gender: str | None = None
    race_ethnicity: str | None = None
    has_disability: bool | None = None
    english_learner: bool | None = None
    low_income: bool | None = None

    def equity_row(self, line: StudentLine) -> StudentRow:
        return StudentRow(
            growth=line.growth.per_year,
            gap=line.gap,
            gender=self.gender,
            race_ethnicity=self.race_ethnicity,
            has_disability=self.has_disability,
            english_learner=self.english_learner,
            low_income=self.low_income,
        )


def students_of_schools(school_ids: Select[int]) -> tuple[list[Member], Select[int]]:
    """Every student of the schools, by name (one query), and a select of their ids."""
    ids = select(User.id).where(User.role == Role.STUDENT, User.school_id.in_(school_ids))
    rows = db.session.execute(
        select(
            User.id,
            User.given_name,
            User.family_name,
            User.school_id,
            StudentProfile.grade_level,
            StudentProfile.gender,
            StudentProfile.race_ethnicity,
            StudentProfile.has_disability,
            StudentProfile.english_learner,
            StudentProfile.low_income,
        )
        .outerjoin(StudentProfile, StudentProfile.user_id == User.id)
        .where(User.id.in_(ids))
        .order_by(func.lower(User.family_name), func.lower(User.given_name), User.id)
    )
    members = [
        Member(
            Learner(
                r.id,
                f"{r.given_name} {r.family_name}",
                f"{r.family_name}, {r.given_name}",
                r.grade_level,
            ),
            r.school_id,
            r.gender,
            r.race_ethnicity,
            r.has_disability,
            r.english_learner,
            r.low_income,
        )
        for r in rows
    ]
    return members, ids


def district_school_ids(district_id: int | None) -> Select[int]:
    return select(School.id).where(School.district_id == district_id)


@dataclass(frozen=True)
class SchoolRef:
    id: int
    name: str
    settings: SchoolSettings


def schools_with_settings(school_ids: Select[int]) -> list[SchoolRef]:
    """The schools by name with their settings (the defaults where none are saved): one query."""
    rows = db.session.execute(
        select(School.id, School.name, SchoolSettings)
        .outerjoin(SchoolSettings, SchoolSettings.school_id == School.id)
        .where(School.id.in_(school_ids))
        .order_by(School.name, School.id)
    )
    return [
        SchoolRef(school_id, name, settings or SchoolSettings.with_defaults(school_id))
        for school_id, name, settings in rows
    ]


def district_threshold(schools: Sequence[SchoolRef]) -> int:
    """Across schools, the strictest of their suppression thresholds."""
    return max((s.settings.suppression_threshold for s in schools), default=DEFAULT_THRESHOLD)


@dataclass(frozen=True)
class SectionRef:
    id: int
    name: str
    course_name: str
    student_ids: list[int] = field(default_factory=list)


def sections_with_students(school_id: int) -> list[SectionRef]:
    """The school's sections by name, each with its students' ids: two queries."""
    sections = {
        row.id: SectionRef(row.id, row.name, row.course_name)
        for row in db.session.execute(
            select(Section.id, Section.name, Section.course_name)
            .where(Section.school_id == school_id)
            .order_by(Section.name, Section.id)
        )
    }
    pairs = db.session.execute(
        select(Enrollment.section_id, Enrollment.user_id).where(
            Enrollment.section_id.in_(list(sections)), Enrollment.role == EnrollmentRole.STUDENT
        )
    )
    for section_id, user_id in pairs:
        sections[section_id].student_ids.append(user_id)
    return list(sections.values())


def sections_by_student(sections: Sequence[SectionRef]) -> dict[int, list[SectionRef]]:
    found: dict[int, list[SectionRef]] = defaultdict(list)
    for section in sections:
        for student_id in section.student_ids:
            found[student_id].append(section)
    return found


def group_counts_by_school(district_id: int | None) -> dict[int, Counts]:
    """How many students of each school fall in each group: one grouped query."""
    rows = db.session.execute(
        select(
            User.school_id,
            StudentProfile.gender,
            StudentProfile.race_ethnicity,
            StudentProfile.has_disability,
            StudentProfile.english_learner,
            StudentProfile.low_income,
            func.count(),
        )
        .outerjoin(StudentProfile, StudentProfile.user_id == User.id)
        .where(
            User.role == Role.STUDENT,
            User.school_id.in_(district_school_ids(district_id)),
        )
        .group_by(
            User.school_id,
            StudentProfile.gender,
            StudentProfile.race_ethnicity,
            StudentProfile.has_disability,
            StudentProfile.english_learner,
            StudentProfile.low_income,
        )
    )
    counts: dict[int, Counts] = {}
    for school_id, gender, race, disability, learner, income, n in rows:
        if school_id is None:  # filtered in SQL; this tells the type checker
            continue
        row = StudentRow(None, None, gender, race, disability, learner, income)
        school = counts.setdefault(school_id, group_counts([]))
        for dimension in Dimension:
            school[dimension][group_label(dimension, row)] += n
    return counts
