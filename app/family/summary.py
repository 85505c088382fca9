"""A student's family progress summary as plain values: what the page and the PDF show.

`SummaryContext` is read once per school (settings, school year, frameworks); `build_summary`
then reads one student's data in a fixed number of queries and returns frozen dataclasses, so
the templates (and the PDF renderer) never touch the database or see a private field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from babel.dates import get_month_names
from flask_babel import get_locale
from sqlalchemy import exists, select

from app.auth.models import User
from app.classroom.queries import conferences_of
from app.continuum.levels import level_on
from app.continuum.models import CompetencyKind, Evidence, Framework
from app.continuum.queries import district_frameworks
from app.extensions import db
from app.family.chart import ChartWords, SummaryChart, render_summary_chart
from app.family.content import (
    CompetencyFacts,
    Period,
    PeriodGrowth,
    Statement,
    chart_line,
    next_steps,
    period_growth,
    strengths,
)
from app.goals.models import CheckIn
from app.goals.queries import goals_of
from app.pdsa.models import PdsaCycle
from app.reports.pace import expected_level
from app.reports.progress import (
    Learner,
    MasteredOn,
    ProgressContext,
    framework_progress,
    mastered_dates,
    progress_context,
)
from app.schools.models import School

HIGHLIGHTS = 3  # check-ins and cycles together: a page, not a diary


@dataclass(frozen=True)
class FrameworkSummary:
    name: str
    level: Decimal | None
    expected: Decimal | None
    growth: PeriodGrowth
    pace: str  # a Pace value: below, on, accelerating, unknown
    chart_svg: str | None  # None when there is no history to draw
    strengths: list[Statement]
    next_steps: list[Statement]
    is_habits: bool  # transferable skills rather than an academic subject


@dataclass(frozen=True)
class GoalLine:
    title: str
    status: str  # a GoalStatus value
    due_on: date
    latest_rating: int | None  # 1–5 from the latest check-in that rated it
    competency: str | None


@dataclass(frozen=True)
class Highlight:
    kind: str  # "check_in" or "pdsa"
    on: date
    text: str  # what went well; the change tried
    detail: str  # the next step; what was learned


@dataclass(frozen=True)
class TeacherNote:
    teacher: str
    held_on: date
    notes: str
    next_steps: str


@dataclass(frozen=True)
class FamilySummary:
    student_id: int
    name: str
    given_name: str
    sort_name: str
    grade: int | None
    school: str
    language: str
    paper: str  # "letter" or "a4"
    period: Period
    has_evidence: bool
    frameworks: list[FrameworkSummary] = field(default_factory=list)
    goals: list[GoalLine] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    teacher_note: TeacherNote | None = None


@dataclass(frozen=True)
class SummaryContext:
    """What every summary in a school shares: read once for a whole class."""

    school: School
    progress: ProgressContext
    frameworks: list[Framework]  # with their descriptors: strengths and next steps quote them

    @property
    def year_start(self) -> date | None:
        year = self.progress.year
        return year.starts_on if year else None

    def default_period(self) -> Period:
        today = self.progress.today
        start = self.year_start or date(today.year, 1, 1)
        return Period(min(start, today), today)


def summary_context(school: School, today: date) -> SummaryContext:
    context = progress_context(school.id, school.district_id, today)
    return SummaryContext(school, context, district_frameworks(school.district_id))


def build_summary(
    student: User, context: SummaryContext, period: Period, language: str
) -> FamilySummary:
    """Everything the family sees about `student` over `period`; call under the language."""
    grade = student.student_profile.grade_level if student.student_profile else None
    learner = Learner(student.id, student.name, student.sort_name, grade)
    dates = mastered_dates([student.id]).get(student.id, {})
    has_evidence = bool(
        db.session.scalar(
            select(exists().where(Evidence.student_id == student.id, Evidence.removed_at.is_(None)))
        )
    )
    frameworks = [
        _framework_summary(f, dates, learner, context, period) for f in context.frameworks
    ]
    return FamilySummary(
        student_id=student.id,
        name=student.name,
        given_name=student.given_name,
        sort_name=student.sort_name,
        grade=grade,
        school=context.school.name,
        language=language,
        paper=context.progress.settings.paper_size.value,
        period=period,
        has_evidence=has_evidence,
        frameworks=frameworks if has_evidence else [],
        goals=_goals(student.id, period),
        highlights=_highlights(student.id, period),
        teacher_note=_teacher_note(student.id, period),
    )


def _framework_summary(
    framework: Framework,
    dates: MasteredOn,
    learner: Learner,
    context: SummaryContext,
    period: Period,
) -> FrameworkSummary:
    progress = framework_progress(framework, dates, learner, context.progress)
    competencies = [c for strand in framework.strands for c in strand.competencies]
    facts = [
        CompetencyFacts(
            title=c.title,
            position=c.strand.position * 10_000 + c.position,
            statements={d.level: d.statement for d in c.descriptors},
            mastered_on=dates.get(c.id, {}),
        )
        for c in competencies
    ]
    expected_then = _expected(learner.grade, period.start, context)
    expected_now = _expected(learner.grade, period.end, context)
    line = chart_line(progress.history, period)
    chart = None
    if line:
        levels = [level.number for level in framework.levels] or [0, 12]
        chart = render_summary_chart(
            SummaryChart(
                steps=line,
                start=period.start,
                end=period.end,
                expected=(expected_then, expected_now)
                if expected_then is not None and expected_now is not None
                else None,
                words=_chart_words(),
            ),
            lowest=min(0, min(levels)),
            highest=max(levels),
        )
    transferable = sum(1 for c in competencies if c.kind is CompetencyKind.TRANSFERABLE)
    return FrameworkSummary(
        name=framework.name,
        level=level_on(progress.history, period.end) if progress.history else progress.level,
        expected=expected_now,
        growth=period_growth(progress.history, period),
        pace=progress.pace.value,
        chart_svg=chart,
        strengths=strengths(facts, period),
        next_steps=next_steps(facts),
        is_habits=transferable * 2 > len(competencies),
    )


def _expected(grade: int | None, on: date, context: SummaryContext) -> Decimal | None:
    year = context.progress.year
    if grade is None or year is None:
        return None
    return expected_level(grade, on, year.starts_on, year.ends_on)


def _chart_words() -> ChartWords:
    locale = get_locale() or "en"
    months = get_month_names("abbreviated", locale=locale)
    return ChartWords(months=[str(months[m]).rstrip(".") for m in range(1, 13)])


def _goals(student_id: int, period: Period) -> list[GoalLine]:
    goals = goals_of(student_id)
    shown = goals.open + [
        g
        for g in goals.closed
        if g.status.value == "achieved" and g.updated_at.date() >= period.start
    ]
    return [
        GoalLine(
            title=g.title,
            status=g.status.value,
            due_on=g.due_on,
            latest_rating=goals.latest(g.id),
            competency=g.competency.title if g.competency else None,
        )
        for g in shown
    ]


def _highlights(student_id: int, period: Period) -> list[Highlight]:
    """What the student chose to share with their family: check-ins and PDSA cycles."""
    check_ins = db.session.execute(
        select(CheckIn.week_start, CheckIn.went_well, CheckIn.next_step)
        .where(
            CheckIn.student_id == student_id,
            CheckIn.is_shareable.is_(True),
            CheckIn.week_start.between(period.start, period.end),
        )
        .order_by(CheckIn.week_start.desc())
        .limit(HIGHLIGHTS)
    ).all()
    cycles = db.session.execute(
        select(PdsaCycle.planned_at, PdsaCycle.change, PdsaCycle.learned)
        .where(
            PdsaCycle.student_id == student_id,
            PdsaCycle.is_shareable.is_(True),
            PdsaCycle.planned_at >= datetime.combine(period.start, time.min),
            PdsaCycle.planned_at <= datetime.combine(period.end, time.max),
        )
        .order_by(PdsaCycle.planned_at.desc())
        .limit(HIGHLIGHTS)
    ).all()
    found = [Highlight("check_in", on, well, step) for on, well, step in check_ins]
    found += [Highlight("pdsa", at.date(), change, learned) for at, change, learned in cycles]
    found.sort(key=lambda h: h.on, reverse=True)
    return found[:HIGHLIGHTS]


def _teacher_note(student_id: int, period: Period) -> TeacherNote | None:
    """The latest conference the teacher shared with the student; private ones never."""
    for conference in conferences_of(student_id, shared_only=True, limit=3):
        if conference.is_shared and period.start <= conference.held_on <= period.end:
            return TeacherNote(
                conference.teacher.name,
                conference.held_on,
                conference.notes,
                conference.next_steps,
            )
    return None
