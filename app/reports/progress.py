"""Where each student in a group stands and how fast they move, from stored mastery.

One query reads every student's stored standing for the whole group; the frameworks are the
district's outlines (`continuum.outlines`, kept per process). Everything else is the pure
level, pace and growth functions, so a class of 35 or a school of 1,000 costs the same number
of queries.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any, Protocol

from sqlalchemy import Date, Select, String, bindparam, case, func, or_, select, type_coerce

from app.auth.models import User
from app.continuum.levels import StandingFigures, Step, standing_figures
from app.continuum.models import Mastery, Standing
from app.continuum.outlines import FrameworkOutline, district_outlines
from app.continuum.standings import Shape, StoredHistory, read_history
from app.extensions import db
from app.reports.pace import (
    NO_GROWTH,
    Growth,
    Pace,
    expected_level,
    gap,
    growth,
    pace_status,
)
from app.schools.groups import (
    AnySelect,
    ForGroup,
    StudentGroup,
    Students,
    as_group,
    section_students,
)
from app.schools.models import (
    Enrollment,
    EnrollmentRole,
    SchoolSettings,
    StudentProfile,
)
from app.schools.queries import SchoolYear, current_school_year

MasteredOn = dict[int, dict[int, date]]  # competency id -> level -> first mastered on


@dataclass(frozen=True)
class Learner:
    """The little a report needs to know about a student."""

    id: int
    name: str
    sort_name: str
    grade: int | None


@dataclass(frozen=True)
class FrameworkProgress:
    framework_id: int
    name: str
    level: Decimal | None
    expected: Decimal | None
    gap: Decimal | None
    growth: Growth
    pace: Pace
    history: Sequence[Step]
    competency_levels: Mapping[int, int]  # competency id -> level on it
    last_mastery_on: date | None


@dataclass(frozen=True)
class StudentProgress:
    learner: Learner
    frameworks: list[FrameworkProgress]

    @property
    def last_mastery_on(self) -> date | None:
        days = [f.last_mastery_on for f in self.frameworks if f.last_mastery_on]
        return max(days) if days else None

    @property
    def widest(self) -> FrameworkProgress | None:
        """The framework where the student is furthest behind: what flags speak about."""
        known = [f for f in self.frameworks if f.gap is not None]
        if not known:
            return self.frameworks[0] if self.frameworks else None
        return max(known, key=lambda f: f.gap or Decimal(0))


def mastered_dates(student_ids: Select[int] | Sequence[int]) -> dict[int, MasteredOn]:
    """{student: {competency: {level: date first mastered}}} in one query."""
    ids = student_ids if isinstance(student_ids, Select) else list(student_ids)
    # Read the date as text where the database stores text (SQLite): date.fromisoformat is
    # several times faster than the generic converter, and a class reads ~12,000 of them.
    day = type_coerce(Mastery.mastered_on, String)
    rows = db.session.execute(
        select(Mastery.student_id, Mastery.competency_id, Mastery.level, day).where(
            Mastery.student_id.in_(ids), Mastery.mastered_on.is_not(None)
        )
    )
    found: dict[int, MasteredOn] = defaultdict(lambda: defaultdict(dict))
    parse = date.fromisoformat
    for student_id, competency_id, level, mastered_on in rows:
        on = mastered_on if isinstance(mastered_on, date) else parse(mastered_on)
        found[student_id][competency_id][level] = on
    return found


class Named(Protocol):
    """A framework as figures speak of it: an outline, or the ORM row on a student's page."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class ProgressContext:
    """What every student's figures are measured against."""

    today: date
    year: SchoolYear | None
    settings: SchoolSettings
    frameworks: Sequence[FrameworkOutline]

    @cached_property
    def shapes(self) -> dict[int, Shape]:
        """{framework id: [(competency id, its described levels)]}."""
        return {f.id: f.shape for f in self.frameworks}

    @cached_property
    def _expected(self) -> dict[int, Decimal | None]:
        return {}

    def expected_for(self, grade: int | None) -> Decimal | None:
        """The expected level today for a grade: a class has a few grades and many students."""
        year = self.year
        if year is None or grade is None:
            return None
        if grade not in self._expected:
            self._expected[grade] = expected_level(grade, self.today, year.starts_on, year.ends_on)
        return self._expected[grade]


class LazyLevels(Mapping[int, int]):
    """{competency id: level}, parsed from the stored JSON only when a page asks for it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._parsed: dict[int, int] | None = None

    @property
    def _levels(self) -> dict[int, int]:
        if self._parsed is None:
            self._parsed = {int(k): v for k, v in json.loads(self._text).items()}
        return self._parsed

    def __getitem__(self, key: int) -> int:
        return self._levels[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._levels)

    def __len__(self) -> int:
        return len(self._levels)


def progress_from_figures(
    framework: Named,
    figures: StandingFigures,
    learner: Learner,
    context: ProgressContext,
) -> FrameworkProgress:
    """Expected level, gap, growth and pace on top of a standing."""
    expected = context.expected_for(learner.grade)
    history = figures.history
    # A stored history gives growth its three steps without turning every step into a Step.
    steps = history.essentials(context.today) if isinstance(history, StoredHistory) else history
    rate = growth(steps, context.today) if steps else NO_GROWTH
    settings = context.settings
    level = figures.level if context.shapes[framework.id] else None
    return FrameworkProgress(
        framework_id=framework.id,
        name=framework.name,
        level=level,
        expected=expected,
        gap=gap(expected, level) if expected is not None and level is not None else None,
        growth=rate,
        pace=pace_status(
            rate.per_year,
            on_pace=settings.on_pace_growth,
            accelerating=settings.accelerating_growth,
        ),
        history=history,
        competency_levels=figures.competency_levels,
        last_mastery_on=figures.last_mastery_on,
    )


def framework_progress(
    framework: Named, dates: MasteredOn, learner: Learner, context: ProgressContext
) -> FrameworkProgress:
    """Progress from mastery dates (one student's page, or dates cut at a past day)."""
    figures = standing_figures(context.shapes[framework.id], dates)
    return progress_from_figures(framework, figures, learner, context)


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _standings_query(history: Any) -> Callable[[Any], AnySelect]:
    def build(ids: Any) -> AnySelect:
        return select(
            Standing.student_id,
            Standing.framework_id,
            Standing.level,
            Standing.competency_levels,
            history,
            type_coerce(Standing.first_on, String),
            Standing.first_level,
            type_coerce(Standing.last_mastery_on, String),
        ).where(
            Standing.student_id.in_(ids),
            Standing.framework_id.in_(bindparam("standing_frameworks", expanding=True)),
        )

    return build


# Growth within a year reads only the first and latest steps, which are columns; a history
# is read when it reaches back more than a year, or past the day asked about.
_HISTORY_NEEDED = or_(
    Standing.first_on <= bindparam("history_year_ago", type_=Date),
    Standing.last_mastery_on > bindparam("history_on", type_=Date),
)
_WITH_HISTORY = ForGroup(_standings_query(Standing.history))
_HISTORY_IF_NEEDED = ForGroup(
    _standings_query(case((_HISTORY_NEEDED, Standing.history), else_=None))
)


def stored_standings(
    students: Students,
    framework_ids: Sequence[int],
    with_history: bool = True,
    today: date | None = None,
) -> dict[tuple[int, int], StandingFigures]:
    """{(student, framework): figures} from the stored standings, in one query.

    Without `with_history` the histories stay in the database unless growth needs them (a
    history older than a year, read on `today`): the first and latest steps are columns.
    """
    group = as_group(students)
    params = {**group.params, "standing_frameworks": list(framework_ids)}
    if with_history:
        statement = _WITH_HISTORY(group)
    else:
        statement = _HISTORY_IF_NEEDED(group)
        params["history_on"] = today or date.max
        params["history_year_ago"] = today - timedelta(days=365) if today else date.min
    rows = db.session.connection().execute(statement, params)
    found = {}
    for student_id, framework_id, level, levels, text, first_on, first_level, last in rows:
        last_on = _day(last)
        if text is not None:
            steps: Sequence[Step] = read_history(text)
        else:
            steps = _ends(_day(first_on), first_level, last_on, level)
        found[(student_id, framework_id)] = StandingFigures(
            level=level,
            competency_levels=LazyLevels(levels),
            history=steps,
            last_mastery_on=last_on,
        )
    return found


def _ends(
    first_on: date | None, first_level: Decimal | None, last_on: date | None, level: Decimal
) -> list[Step]:
    """The first and latest steps of a history, which is all growth within a year reads."""
    if first_on is None or first_level is None:
        return []
    steps = [Step(first_on, first_level)]
    if last_on is not None and last_on > first_on:
        steps.append(Step(last_on, level))
    return steps


EMPTY = StandingFigures(Decimal("0.00"), {}, [], None)


def progress_of(
    learners: Sequence[Learner],
    students: Students,
    context: ProgressContext,
) -> dict[int, StudentProgress]:
    """Every learner's progress in every framework, keyed by student id (one query).

    Histories are left in the database unless growth needs one (see `stored_standings`):
    `FrameworkProgress.history` then holds only the steps growth reads.
    """
    frameworks = [f.id for f in context.frameworks]
    standings = stored_standings(students, frameworks, with_history=False, today=context.today)
    return {
        learner.id: StudentProgress(
            learner,
            [
                progress_from_figures(f, standings.get((learner.id, f.id), EMPTY), learner, context)
                for f in context.frameworks
            ],
        )
        for learner in learners
    }


def progress_context(school_id: int, district_id: int | None, today: date) -> ProgressContext:
    """The school's settings, its current year and the district's frameworks (a few queries)."""
    settings = db.session.get(SchoolSettings, school_id) or SchoolSettings.with_defaults(school_id)
    return ProgressContext(
        today=today,
        year=current_school_year(district_id, today),
        settings=settings,
        frameworks=district_outlines(district_id),
    )


_SECTION_LEARNERS = (
    select(User.id, User.given_name, User.family_name, StudentProfile.grade_level)
    .join(Enrollment, Enrollment.user_id == User.id)
    .outerjoin(StudentProfile, StudentProfile.user_id == User.id)
    .where(
        Enrollment.section_id == bindparam("section_id"),
        Enrollment.role == EnrollmentRole.STUDENT,
    )
    .order_by(func.lower(User.family_name), func.lower(User.given_name))
)


def learners_of_section(section_id: int) -> tuple[list[Learner], StudentGroup]:
    """The section's students as Learners in name order (one query of plain columns: a
    class page needs no User objects), and the section as a group for further queries."""
    rows = db.session.connection().execute(_SECTION_LEARNERS, {"section_id": section_id})
    learners = [
        Learner(student_id, f"{given} {family}", f"{family}, {given}", grade)
        for student_id, given, family, grade in rows
    ]
    return learners, section_students(section_id)
