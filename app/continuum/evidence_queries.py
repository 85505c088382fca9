"""Read side of evidence entry: choices for the forms, one student's evidence at one level, and
the quick-entry grid. Each function runs a fixed number of queries whatever the class size or
the amount of evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from app.auth.models import User
from app.continuum.mastery import MasteryResult, Method, Scale
from app.continuum.models import (
    Competency,
    Descriptor,
    Evidence,
    EvidenceChange,
    EvidenceKind,
    Framework,
    Mastery,
    MasteryOverride,
    PerformanceLevel,
    ScalePoint,
    Strand,
    scale_of,
)
from app.extensions import db
from app.schools.models import Enrollment, EnrollmentRole

LABEL_LENGTH = 90


def number(value: Decimal) -> str:
    """3.00 → "3", 2.50 → "2.5": scores as a teacher would write them."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Target:
    """The (competency, level) a page is about, with its framework's scale."""

    competency: Competency
    framework: Framework
    level: int
    statement: str
    scale: Scale
    labels: dict[Decimal, str]

    def score_text(self, score: Decimal, is_missed: bool = False) -> str:
        if is_missed:
            return _("Missed (scored %(score)s)", score=number(score))
        label = self.labels.get(score)
        return f"{number(score)} — {label}" if label else number(score)

    @property
    def threshold_text(self) -> str:
        return self.score_text(self.scale.threshold)

    @property
    def scale_hint(self) -> str:
        return f"{number(self.scale.minimum)} to {number(self.scale.maximum)}"


def load_target(competency: Competency, level: int) -> Target | None:
    """None when the competency has no descriptor at `level` (the level does not exist)."""
    descriptor = db.session.get(Descriptor, (competency.id, level))
    if descriptor is None:
        return None
    framework = db.session.get(Framework, competency.framework_id)
    assert framework is not None
    points = list(
        db.session.scalars(
            select(ScalePoint)
            .where(ScalePoint.framework_id == framework.id)
            .order_by(ScalePoint.score)
        )
    )
    labels = {point.score: point.label for point in points}
    return Target(competency, framework, level, descriptor.statement, scale_of(points), labels)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def competency_choices(district_id: int | None) -> list[SelectChoice]:
    """The district's competencies grouped by framework and strand, in continuum order."""
    rows = db.session.execute(
        select(Competency.id, Competency.code, Competency.title, Strand.title, Framework.name)
        .join(Strand, Strand.id == Competency.strand_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .where(Framework.district_id == district_id)
        .order_by(
            Framework.position, Framework.name, Framework.id, Strand.position, Competency.position
        )
    )
    return [
        SelectChoice(str(cid), _short(f"{code} — {title}"), optgroup=f"{framework} · {strand}")
        for cid, code, title, strand, framework in rows
    ]


def level_choices(district_id: int | None) -> list[SelectChoice]:
    """Every level of the district's continua. A level a competency does not describe is
    refused by the service, with a message naming the competency."""
    numbers = (
        select(PerformanceLevel.number)
        .join(Framework, Framework.id == PerformanceLevel.framework_id)
        .where(Framework.district_id == district_id)
        .distinct()
    )
    return [
        SelectChoice(str(n), _("Level %(level)s", level=n))
        for n in sorted(db.session.scalars(numbers))
    ]


def scale_labels(framework_id: int | None) -> dict[Decimal, str]:
    """{score: label} of a framework's scale."""
    rows = db.session.execute(
        select(ScalePoint.score, ScalePoint.label)
        .where(ScalePoint.framework_id == framework_id)
        .order_by(ScalePoint.score)
    )
    return {score: label for score, label in rows}


def scale_choices(labels: dict[Decimal, str]) -> list[SelectChoice]:
    """A blank first option, then the scale's points, e.g. "3 — Proficient"."""
    points = labels or {Decimal(n): "" for n in range(1, 5)}
    return [SelectChoice("", _("Choose a score…"))] + [
        SelectChoice(number(score), f"{number(score)} — {label}" if label else number(score))
        for score, label in sorted(points.items())
    ]


def names_of(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    rows = db.session.execute(
        select(User.id, User.given_name, User.family_name).where(User.id.in_(wanted))
    )
    return {uid: f"{given} {family}" for uid, given, family in rows}


@dataclass(frozen=True)
class ChangeRow:
    action: str
    by: str
    at: datetime
    was: str  # the old score, kind and date, as text
    old_note: str


@dataclass(frozen=True)
class EvidenceRow:
    evidence: Evidence
    score_text: str
    recorded_by: str
    removed_by: str = ""
    changes: list[ChangeRow] = field(default_factory=list)


@dataclass(frozen=True)
class OverrideRow:
    override: MasteryOverride
    decided_by: str
    withdrawn_by: str = ""


@dataclass(frozen=True)
class Summary:
    """The stored mastery, in words: value against threshold, count, and the decision."""

    value_text: str  # "no value yet" (translated) when there is none
    has_value: bool
    count: int
    progress_text: str
    minimum_evidence: int
    is_mastered: bool
    is_calculated_mastered: bool
    is_overridden: bool
    mastered_on: date | None


def summarise(mastery: Mastery | None, target: Target) -> Summary:
    """The stored row in words; no row yet reads as no evidence and not mastered."""
    framework = target.framework
    n_times = framework.method is Method.N_TIMES
    value = mastery.value if mastery else None
    result = MasteryResult(
        value,
        bool(mastery and mastery.is_calculated_mastered),
        mastery.evidence_count if mastery else 0,
        framework.n_times if n_times else None,
        ((mastery.reached if mastery else None) or 0) if n_times else None,
        target.scale.threshold_label,
    )
    return Summary(
        value_text=number(value) if value is not None else _("no value yet"),
        has_value=value is not None,
        count=result.count,
        progress_text=result.progress_text,
        minimum_evidence=framework.minimum_evidence,
        is_mastered=bool(mastery and mastery.is_mastered),
        is_calculated_mastered=result.mastered,
        is_overridden=bool(mastery and mastery.is_overridden),
        mastered_on=mastery.mastered_on if mastery else None,
    )


@dataclass(frozen=True)
class EvidencePage:
    teacher_rows: list[EvidenceRow]
    self_rows: list[EvidenceRow]
    overrides: list[OverrideRow]
    summary: Summary

    @property
    def active_override(self) -> OverrideRow | None:
        return next((o for o in self.overrides if o.override.withdrawn_at is None), None)


def _change_rows(evidence_ids: list[int], target: Target) -> dict[int, list[ChangeRow]]:
    changes: dict[int, list[ChangeRow]] = defaultdict(list)
    found = db.session.scalars(
        select(EvidenceChange)
        .where(EvidenceChange.evidence_id.in_(evidence_ids))
        .options(joinedload(EvidenceChange.changed_by))
        .order_by(EvidenceChange.changed_at, EvidenceChange.id)
    )
    for c in found:
        was = " · ".join(
            [
                target.score_text(c.old_score, c.old_is_missed),
                c.old_kind.label,
                f"observed {c.old_observed_on:%b} {c.old_observed_on.day}, {c.old_observed_on:%Y}",
            ]
        )
        changes[c.evidence_id].append(
            ChangeRow(c.action.value, c.changed_by.name, c.changed_at, was, c.old_note)
        )
    return changes


def evidence_page(student_id: int, target: Target) -> EvidencePage:
    """Everything the evidence page shows, in at most six queries."""
    key = (student_id, target.competency.id, target.level)
    evidence = list(
        db.session.scalars(
            select(Evidence)
            .where(
                Evidence.student_id == student_id,
                Evidence.competency_id == target.competency.id,
                Evidence.level == target.level,
            )
            .options(joinedload(Evidence.recorded_by))
            .order_by(Evidence.observed_on, Evidence.id)
        )
    )
    overrides = list(
        db.session.scalars(
            select(MasteryOverride)
            .where(
                MasteryOverride.student_id == student_id,
                MasteryOverride.competency_id == target.competency.id,
                MasteryOverride.level == target.level,
            )
            .options(joinedload(MasteryOverride.decided_by))
            .order_by(MasteryOverride.id.desc())
        )
    )
    changes = _change_rows([e.id for e in evidence], target)
    names = names_of([e.removed_by_id for e in evidence] + [o.withdrawn_by_id for o in overrides])
    rows = [
        EvidenceRow(
            e,
            target.score_text(e.score, e.is_missed),
            e.recorded_by.name,
            names.get(e.removed_by_id or 0, ""),
            changes.get(e.id, []),
        )
        for e in evidence
    ]
    return EvidencePage(
        teacher_rows=[r for r in rows if r.evidence.kind.counts],
        self_rows=[r for r in rows if not r.evidence.kind.counts],
        overrides=[
            OverrideRow(o, o.decided_by.name, names.get(o.withdrawn_by_id or 0, ""))
            for o in overrides
        ],
        summary=summarise(db.session.get(Mastery, key), target),
    )


@dataclass(frozen=True)
class GridRow:
    student_id: int
    name: str
    sort_name: str
    mastery_text: str
    is_mastered: bool
    last_text: str
    last_on: date | None


def section_students(section_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Enrollment, Enrollment.user_id == User.id)
            .where(Enrollment.section_id == section_id, Enrollment.role == EnrollmentRole.STUDENT)
            .order_by(func.lower(User.family_name), func.lower(User.given_name), User.id)
        )
    )


def is_enrolled(section_id: int, student_id: int) -> bool:
    return (
        db.session.scalar(
            select(Enrollment.user_id).where(
                Enrollment.section_id == section_id,
                Enrollment.user_id == student_id,
                Enrollment.role == EnrollmentRole.STUDENT,
            )
        )
        is not None
    )


def _mastery_text(summary: Summary) -> str:
    """The grid's short form: "2.65 · not yet", "mastered (teacher judgement)"."""
    if summary.is_overridden:
        state = "mastered" if summary.is_mastered else "not mastered"
        state += " (teacher judgement)"
    elif summary.count == 0:
        return "No evidence yet"
    elif summary.is_mastered:
        state = "mastered"
    elif summary.count < summary.minimum_evidence:
        state = f"not yet: {summary.count} of {summary.minimum_evidence} pieces needed"
    else:
        state = "not yet"
    if summary.count == 0:
        return state.capitalize()
    return f"{summary.progress_text or summary.value_text} · {state}"


def grid_rows(students: list[User], target: Target) -> list[GridRow]:
    """One row per student: stored mastery at the level and the last counting score."""
    ids = [s.id for s in students]
    masteries = {
        m.student_id: m
        for m in db.session.scalars(
            select(Mastery).where(
                Mastery.student_id.in_(ids),
                Mastery.competency_id == target.competency.id,
                Mastery.level == target.level,
            )
        )
    }
    latest: dict[int, Evidence] = {}
    for e in db.session.scalars(
        select(Evidence)
        .where(
            Evidence.student_id.in_(ids),
            Evidence.competency_id == target.competency.id,
            Evidence.level == target.level,
            Evidence.removed_at.is_(None),
            Evidence.kind != EvidenceKind.SELF_ASSESSMENT,
        )
        .order_by(Evidence.observed_on, Evidence.id)
    ):
        latest[e.student_id] = e
    rows = []
    for s in students:
        summary, last = summarise(masteries.get(s.id), target), latest.get(s.id)
        rows.append(
            GridRow(
                s.id,
                s.name,
                s.sort_name,
                _mastery_text(summary),
                summary.is_mastered,
                target.score_text(last.score, last.is_missed) if last else "—",
                last.observed_on if last else None,
            )
        )
    return rows
