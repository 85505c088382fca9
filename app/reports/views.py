"""What each report page shows, assembled from the queries and the pure report functions.

Every builder here runs a fixed number of queries: the frameworks, the group's students, their
stored mastery, and (for the school and district views) three grouped queries of check-ins and
goals. A school of 1,000 costs what a school of 10 does; so does a district of many schools.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.classroom.queries import active_plan_students
from app.continuum.outlines import FrameworkOutline, district_outlines
from app.reports import queries
from app.reports.equity import EquityReport, StudentRow, equity_report
from app.reports.flags import FlagKind
from app.reports.progress import ProgressContext, learners_of_section, progress_context
from app.reports.queries import SchoolRef, SectionRef
from app.reports.report import (
    Distribution,
    Headline,
    SectionReport,
    StudentLine,
    flagged,
    growth_distribution,
    headline,
    section_report,
)
from app.reports.suppression import (
    DISTRICT,
    district_hidden,
    group_counts,
    with_hidden,
)
from app.schools.models import School, Section
from app.schools.queries import current_school_year


@dataclass(frozen=True)
class Choice:
    """The frameworks a report can speak about, and the one it does (None: there are none)."""

    frameworks: Sequence[FrameworkOutline]
    framework: FrameworkOutline | None


def _choose(frameworks: Sequence[FrameworkOutline], framework_id: int | None) -> Choice:
    return Choice(frameworks, queries.chosen_framework(frameworks, framework_id))


# --- One section ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionPage:
    choice: Choice
    context: ProgressContext
    report: SectionReport | None


def section_page(section: Section, framework_id: int | None, today: date) -> SectionPage:
    """A section's pace and progress report in one framework."""
    context = progress_context(section.school_id, section.school.district_id, today)
    choice = _choose(context.frameworks, framework_id)
    if choice.framework is None:
        return SectionPage(choice, context, None)
    learners, ids = learners_of_section(section.id)
    lines = queries.student_lines(learners, ids, choice.framework, context)
    behind = [line.id for line in lines if line.flag(FlagKind.LEVELS_BEHIND)]
    year = (context.year.starts_on, context.year.ends_on) if context.year else None
    report = section_report(
        choice.framework.name,
        lines,
        today,
        year,
        context.settings.on_pace_growth,
        with_plan=active_plan_students(behind) if behind else set(),
    )
    return SectionPage(choice, context, report)


# --- One school ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSummary:
    section: SectionRef
    headline: Headline


@dataclass(frozen=True)
class SchoolPage:
    choice: Choice
    context: ProgressContext
    lines: list[StudentLine] = field(default_factory=list)  # every student, by name
    headline: Headline | None = None
    distribution: Distribution | None = None
    sections: list[SectionSummary] = field(default_factory=list)
    sections_of: dict[int, list[SectionRef]] = field(default_factory=dict)

    def flagged(self, kind: FlagKind) -> list[StudentLine]:
        return flagged(self.lines, kind)


def school_page(school: School, framework_id: int | None, today: date) -> SchoolPage:
    """Each section's headline figures, the school's growth and flags, in one framework."""
    context = progress_context(school.id, school.district_id, today)
    choice = _choose(context.frameworks, framework_id)
    if choice.framework is None:
        return SchoolPage(choice, context)
    members, ids = queries.students_of_schools(select(School.id).where(School.id == school.id))
    lines = queries.student_lines(
        [m.learner for m in members],
        ids,
        choice.framework,
        context,
        engagement=queries.engagement_of(ids),
        histories=False,
    )
    by_id = {line.id: line for line in lines}
    sections = queries.sections_with_students(school.id)
    summaries = [
        SectionSummary(s, headline([by_id[i] for i in s.student_ids if i in by_id]))
        for s in sections
    ]
    return SchoolPage(
        choice,
        context,
        lines,
        headline(lines),
        growth_distribution(line.growth.per_year for line in lines),
        summaries,
        queries.sections_by_student(sections),
    )


# --- A district ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolSummary:
    school: SchoolRef
    headline: Headline


@dataclass(frozen=True)
class DistrictPage:
    choice: Choice
    schools: list[SchoolSummary] = field(default_factory=list)
    headline: Headline | None = None
    distribution: Distribution | None = None


@dataclass(frozen=True)
class DistrictData:
    choice: Choice
    schools: list[SchoolRef]
    members: list[queries.Member]
    lines: list[StudentLine]


def _district_data(
    district_id: int | None, framework_id: int | None, today: date, with_flags: bool
) -> DistrictData:
    """Every student of the district in one framework, each measured by their school's settings."""
    school_ids = queries.district_school_ids(district_id)
    schools = queries.schools_with_settings(school_ids)
    year = current_school_year(district_id, today)
    frameworks = district_outlines(district_id)
    choice = _choose(frameworks, framework_id)
    if choice.framework is None:
        return DistrictData(choice, schools, [], [])
    contexts = {s.id: ProgressContext(today, year, s.settings, frameworks) for s in schools}
    members, ids = queries.students_of_schools(school_ids)
    lines = queries.student_lines(
        [m.learner for m in members],
        ids,
        choice.framework,
        contexts,
        schools={m.learner.id: m.school_id for m in members},
        engagement=queries.engagement_of(ids) if with_flags else None,
        histories=False,
    )
    return DistrictData(choice, schools, members, lines)


def district_page(district_id: int | None, framework_id: int | None, today: date) -> DistrictPage:
    data = _district_data(district_id, framework_id, today, with_flags=True)
    if data.choice.framework is None:
        return DistrictPage(data.choice)
    school_of = {m.learner.id: m.school_id for m in data.members}
    by_school: dict[int, list[StudentLine]] = {s.id: [] for s in data.schools}
    for line in data.lines:
        by_school[school_of[line.id]].append(line)
    return DistrictPage(
        data.choice,
        [SchoolSummary(s, headline(by_school[s.id])) for s in data.schools],
        headline(data.lines),
        growth_distribution(line.growth.per_year for line in data.lines),
    )


# --- Equity ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EquityPage:
    choice: Choice
    report: EquityReport | None


def school_equity_page(school: School, framework_id: int | None, today: date) -> EquityPage:
    """The school's equity view, hiding what the district's tables together would reveal."""
    context = progress_context(school.id, school.district_id, today)
    choice = _choose(context.frameworks, framework_id)
    if choice.framework is None:
        return EquityPage(choice, None)
    members, ids = queries.students_of_schools(select(School.id).where(School.id == school.id))
    lines = queries.student_lines(
        [m.learner for m in members], ids, choice.framework, context, histories=False
    )
    rows = [member.equity_row(line) for member, line in zip(members, lines, strict=True)]
    schools = queries.schools_with_settings(queries.district_school_ids(school.district_id))
    hidden = district_hidden(
        queries.group_counts_by_school(school.district_id),
        {s.id: s.settings.suppression_threshold for s in schools},
        queries.district_threshold(schools),
    )
    report = equity_report(rows, context.settings.suppression_threshold)
    return EquityPage(choice, with_hidden(report, hidden.get(school.id, {})))


@dataclass(frozen=True)
class DistrictEquityPage:
    choice: Choice
    district: EquityReport | None = None
    schools: list[tuple[SchoolRef, EquityReport]] = field(default_factory=list)


def district_equity_page(
    district_id: int | None, framework_id: int | None, today: date
) -> DistrictEquityPage:
    data = _district_data(district_id, framework_id, today, with_flags=False)
    if data.choice.framework is None:
        return DistrictEquityPage(data.choice)
    rows: dict[int, list[StudentRow]] = {s.id: [] for s in data.schools}
    for member, line in zip(data.members, data.lines, strict=True):
        rows[member.school_id].append(member.equity_row(line))
    thresholds = {s.id: s.settings.suppression_threshold for s in data.schools}
    top = queries.district_threshold(data.schools)
    hidden = district_hidden({k: group_counts(v) for k, v in rows.items()}, thresholds, top)
    everyone = [row for school_rows in rows.values() for row in school_rows]
    return DistrictEquityPage(
        data.choice,
        with_hidden(equity_report(everyone, top), hidden[DISTRICT]),
        [
            (s, with_hidden(equity_report(rows[s.id], thresholds[s.id]), hidden.get(s.id, {})))
            for s in data.schools
        ],
    )
