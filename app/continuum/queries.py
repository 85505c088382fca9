"""Reading the continuum: a fixed number of queries however much evidence a student has.

The continuum page reads the frameworks (a handful of eager-loading queries), the student's
stored mastery (one), and the evidence counts by kind (one grouped query). Only an "as of"
view in the past reads raw evidence, and then only at the working levels.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import selectinload

from app.continuum.levels import (
    Step,
    closeness,
    competency_level,
    level_history,
    mean_level,
    working_level,
)
from app.continuum.mastery import MasteryResult, Method, Scale, decide, n_times_progress
from app.continuum.models import (
    Competency,
    Evidence,
    EvidenceKind,
    Framework,
    Mastery,
    Strand,
    scale_of,
)
from app.extensions import db

Cell = tuple[int, int]  # competency id, level


def district_frameworks(district_id: int | None, descriptors: bool = True) -> list[Framework]:
    """The district's frameworks with strands, competencies, scale, levels and descriptors.

    Reports need only the described levels (`standings.framework_shapes`, plain tuples), so
    they leave the descriptor objects out: loading them is a third of a class page's time.
    """
    if district_id is None:
        return []
    competencies = selectinload(Framework.strands).selectinload(Strand.competencies)
    if descriptors:
        competencies = competencies.selectinload(Competency.descriptors)
    return list(
        db.session.scalars(
            select(Framework)
            .where(Framework.district_id == district_id)
            .options(
                competencies,
                selectinload(Framework.scale_points),
                selectinload(Framework.levels),
            )
            .order_by(Framework.position, Framework.name)
        )
    )


def stored_mastery(student_id: int) -> dict[int, dict[int, Mastery]]:
    """{competency id: {level: stored mastery}} for one student."""
    found: dict[int, dict[int, Mastery]] = defaultdict(dict)
    for m in db.session.scalars(select(Mastery).where(Mastery.student_id == student_id)):
        found[m.competency_id][m.level] = m
    return found


def _mastered_dates(by_level: dict[int, Mastery], as_of: date) -> dict[int, date | None]:
    return {
        level: m.mastered_on
        for level, m in by_level.items()
        if m.mastered_on is not None and m.mastered_on <= as_of
    }


def evidence_counts(student_id: int, as_of: date) -> dict[Cell, Counter[EvidenceKind]]:
    """Pieces of evidence (not removed) per cell and kind, observed on or before `as_of`."""
    rows = db.session.execute(
        select(Evidence.competency_id, Evidence.level, Evidence.kind, func.count())
        .where(
            Evidence.student_id == student_id,
            Evidence.removed_at.is_(None),
            Evidence.observed_on <= as_of,
        )
        .group_by(Evidence.competency_id, Evidence.level, Evidence.kind)
    )
    counts: dict[Cell, Counter[EvidenceKind]] = defaultdict(Counter)
    for competency_id, level, kind, n in rows:
        counts[(competency_id, level)][kind] = n
    return counts


def scores_up_to(
    student_id: int, cells: Sequence[Cell], as_of: date
) -> dict[Cell, list[tuple[date, Decimal]]]:
    """Counting scores at the given cells observed on or before `as_of`, oldest first."""
    found: dict[Cell, list[tuple[date, Decimal]]] = defaultdict(list)
    if not cells:
        return found
    rows = db.session.execute(
        select(Evidence.competency_id, Evidence.level, Evidence.observed_on, Evidence.score)
        .where(
            Evidence.student_id == student_id,
            tuple_(Evidence.competency_id, Evidence.level).in_(list(cells)),
            Evidence.removed_at.is_(None),
            Evidence.kind != EvidenceKind.SELF_ASSESSMENT,
            Evidence.observed_on <= as_of,
        )
        .order_by(Evidence.observed_on, Evidence.id)
    )
    for competency_id, level, observed_on, score in rows:
        found[(competency_id, level)].append((observed_on, score))
    return found


@dataclass(frozen=True)
class CompetencyRow:
    competency: Competency
    level: int
    working_level: int | None
    next_statement: str  # the working level's "I can…"
    value: Decimal | None  # the method's value at the working level
    closeness: Decimal  # 0..1 of the way from the scale's minimum to the threshold
    progress_text: str  # "k of n at Proficient or above" for n times (translate it to show it)
    is_overridden: bool
    evidence: Counter[EvidenceKind]  # at the working level
    mastered_on: dict[int, date | None]  # level -> first reached (by the as-of date)

    @property
    def counting(self) -> int:
        return sum(n for kind, n in self.evidence.items() if kind.counts)

    @property
    def self_assessed(self) -> int:
        return self.evidence[EvidenceKind.SELF_ASSESSMENT]


@dataclass(frozen=True)
class StrandView:
    strand: Strand
    level: Decimal | None
    rows: list[CompetencyRow]


@dataclass
class FrameworkView:
    framework: Framework
    scale: Scale
    level: Decimal | None
    strands: list[StrandView] = field(default_factory=list)
    history: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class ContinuumQuery:
    student_id: int
    as_of: date
    today: date
    year_start: date | None = None
    strand_id: int | None = None


def _place(
    competency: Competency, stored_levels: dict[int, Mastery], as_of: date
) -> tuple[dict[int, date | None], int, int | None]:
    """A competency as it stood on `as_of`: mastered dates, level and working level."""
    described = [d.level for d in competency.descriptors]
    dates = _mastered_dates(stored_levels, as_of)
    level = competency_level(described, set(dates))
    return dates, level, working_level(described, level)


def _row(
    competency: Competency,
    masteries: dict[int, dict[int, Mastery]],
    counts: dict[Cell, Counter[EvidenceKind]],
    past_scores: dict[Cell, list[tuple[date, Decimal]]] | None,
    view: FrameworkView,
    as_of: date,
) -> CompetencyRow:
    statements = {d.level: d.statement for d in competency.descriptors}
    stored_levels = masteries.get(competency.id, {})
    dates, level, working = _place(competency, stored_levels, as_of)
    value, progress, overridden = None, "", False
    if working is not None:
        cell = (competency.id, working)
        if past_scores is not None:
            framework = view.framework
            result: MasteryResult = decide(
                past_scores.get(cell, []), framework.params, view.scale, framework.minimum_evidence
            ).result
            value, progress = result.value, result.progress_text
        elif (stored := stored_levels.get(working)) is not None:
            value, overridden = stored.value, stored.is_overridden
            if stored.reached is not None and view.framework.method is Method.N_TIMES:
                progress = n_times_progress(
                    stored.reached, view.framework.n_times, view.scale.threshold_label
                )
    return CompetencyRow(
        competency=competency,
        level=level,
        working_level=working,
        next_statement=statements.get(working, "") if working is not None else "",
        value=value,
        closeness=closeness(value, view.scale.threshold, view.scale.minimum),
        progress_text=progress,
        is_overridden=overridden,
        evidence=counts.get((competency.id, working), Counter()) if working else Counter(),
        mastered_on=dates,
    )


def continuum(query: ContinuumQuery, frameworks: Sequence[Framework]) -> list[FrameworkView]:
    """The student's continuum as it stood on `query.as_of`, framework by framework."""
    masteries = stored_mastery(query.student_id)
    counts = evidence_counts(query.student_id, query.as_of)
    past = query.as_of < query.today
    past_scores = _working_scores(query, frameworks, masteries) if past else None
    views = []
    for framework in frameworks:
        view = FrameworkView(framework, scale_of(framework.scale_points), None)
        all_rows: list[CompetencyRow] = []
        for strand in framework.strands:
            rows = [
                _row(c, masteries, counts, past_scores, view, query.as_of)
                for c in strand.competencies
            ]
            all_rows += rows
            if query.strand_id in (None, strand.id):
                view.strands.append(StrandView(strand, mean_level(r.level for r in rows), rows))
        view.level = mean_level(r.level for r in all_rows)
        if query.year_start is not None:
            view.history = level_history(
                [([d.level for d in r.competency.descriptors], r.mastered_on) for r in all_rows],
                query.year_start,
                query.as_of,
            )
        views.append(view)
    return views


def _working_scores(
    query: ContinuumQuery,
    frameworks: Sequence[Framework],
    masteries: dict[int, dict[int, Mastery]],
) -> dict[Cell, list[tuple[date, Decimal]]]:
    """For a past date: the counting scores at each competency's working level back then."""
    cells: list[Cell] = []
    for framework in frameworks:
        for strand in framework.strands:
            for competency in strand.competencies:
                _, _, working = _place(competency, masteries.get(competency.id, {}), query.as_of)
                if working is not None:
                    cells.append((competency.id, working))
    return scores_up_to(query.student_id, cells, query.as_of)


@dataclass(frozen=True)
class NextStep:
    framework_name: str
    competency_code: str
    competency_title: str
    level: int
    working_level: int | None
    statement: str
    closeness: Decimal


def next_steps(student_id: int, district_id: int | None, today: date) -> list[NextStep]:
    """One next step per framework: the competency furthest behind, closest to mastery first."""
    views = continuum(ContinuumQuery(student_id, today, today), district_frameworks(district_id))
    steps = []
    for view in views:
        rows = [r for s in view.strands for r in s.rows if r.working_level is not None]
        if not rows:
            continue
        row = min(rows, key=lambda r: (r.level, -r.closeness, r.competency.position))
        steps.append(
            NextStep(
                view.framework.name,
                row.competency.code,
                row.competency.title,
                row.level,
                row.working_level,
                row.next_statement,
                row.closeness,
            )
        )
    return steps
