"""Recording evidence and judgements, and keeping stored mastery true in the same transaction.

Services flush and never commit: the route commits once, so an evidence change and the mastery
it implies land together or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.continuum.mastery import Decision, Scale, decide
from app.continuum.models import (
    ChangeAction,
    Competency,
    Descriptor,
    Evidence,
    EvidenceChange,
    EvidenceKind,
    Framework,
    Mastery,
    MasteryOverride,
    ScalePoint,
    scale_of,
)
from app.continuum.standings import refresh_standing, refresh_standings
from app.db import utcnow
from app.extensions import db
from app.translatable import N_


class EvidenceError(ValueError):
    """Input a form should have caught; `field` names where the message belongs.

    The messages a student's self-assessment can meet are marked with `N_`, for the page to
    translate (`app.i18n.translate`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def framework_scale(framework_id: int, session: Session | None = None) -> Scale:
    points = (session or db.session).scalars(
        select(ScalePoint).where(ScalePoint.framework_id == framework_id).order_by(ScalePoint.score)
    )
    return scale_of(list(points))


def check_score(score: Decimal, scale: Scale) -> None:
    if not scale.minimum <= score <= scale.maximum:
        raise EvidenceError(
            "score",
            N_(
                "Scores on this scale run from %(low)s to %(high)s.",
                low=f"{scale.minimum.normalize():f}",
                high=f"{scale.maximum.normalize():f}",
            ),
        )
    if score != score.quantize(Decimal("0.01")):
        raise EvidenceError("score", N_("Use at most two decimals."))


def check_observed_on(observed_on: date, today: date) -> None:
    if observed_on > today:
        raise EvidenceError("observed_on", "Evidence cannot be dated in the future.")


def check_level(competency: Competency, level: int) -> None:
    described = db.session.get(Descriptor, (competency.id, level))
    if described is None:
        raise EvidenceError(
            "level",
            N_(
                "%(code)s has no level %(level)s on this continuum.",
                code=competency.code,
                level=level,
            ),
        )


@dataclass(frozen=True)
class NewEvidence:
    score: Decimal
    kind: EvidenceKind
    observed_on: date
    note: str = ""
    link: str = ""
    is_missed: bool = False


def record_evidence(
    student: User,
    competency: Competency,
    level: int,
    entry: NewEvidence,
    recorded_by: User,
    today: date,
) -> Evidence:
    """Add one piece of evidence; a missed mark is stored as the scale's lowest score."""
    scale = framework_scale(competency.framework_id)
    score = scale.minimum if entry.is_missed else entry.score
    check_level(competency, level)
    check_score(score, scale)
    check_observed_on(entry.observed_on, today)
    evidence = Evidence(
        student_id=student.id,
        competency_id=competency.id,
        competency=competency,
        level=level,
        score=score,
        kind=entry.kind,
        is_missed=entry.is_missed,
        observed_on=entry.observed_on,
        recorded_by_id=recorded_by.id,
        note=entry.note.strip(),
        link=entry.link.strip(),
    )
    db.session.add(evidence)
    db.session.flush()
    recompute(student.id, competency, level, scale)
    return evidence


def _remember(evidence: Evidence, action: ChangeAction, by: User) -> None:
    db.session.add(
        EvidenceChange(
            evidence_id=evidence.id,
            action=action,
            changed_by_id=by.id,
            old_score=evidence.score,
            old_kind=evidence.kind,
            old_is_missed=evidence.is_missed,
            old_observed_on=evidence.observed_on,
            old_note=evidence.note,
        )
    )


def edit_evidence(evidence: Evidence, entry: NewEvidence, by: User, today: date) -> bool:
    """Change a piece of evidence, keeping the old values; False when nothing changed."""
    scale = framework_scale(evidence.competency.framework_id)
    score = scale.minimum if entry.is_missed else entry.score
    check_score(score, scale)
    check_observed_on(entry.observed_on, today)
    new = (score, entry.kind, entry.is_missed, entry.observed_on, entry.note.strip())
    old = (evidence.score, evidence.kind, evidence.is_missed, evidence.observed_on, evidence.note)
    if new == old and entry.link.strip() == evidence.link:
        return False
    _remember(evidence, ChangeAction.EDITED, by)
    evidence.score, evidence.kind, evidence.is_missed, evidence.observed_on, evidence.note = new
    evidence.link = entry.link.strip()
    db.session.flush()
    recompute(evidence.student_id, evidence.competency, evidence.level, scale)
    return True


def remove_evidence(evidence: Evidence, by: User) -> None:
    """Withdraw evidence: it stops counting, keeps its row, and the removal is recorded."""
    if evidence.removed_at is not None:
        return
    _remember(evidence, ChangeAction.REMOVED, by)
    evidence.removed_at = utcnow()
    evidence.removed_by_id = by.id
    db.session.flush()
    recompute(evidence.student_id, evidence.competency, evidence.level)


def restore_evidence(evidence: Evidence, by: User) -> None:
    """Undo a removal."""
    if evidence.removed_at is None:
        return
    _remember(evidence, ChangeAction.RESTORED, by)
    evidence.removed_at = None
    evidence.removed_by_id = None
    db.session.flush()
    recompute(evidence.student_id, evidence.competency, evidence.level)


def active_override(student_id: int, competency_id: int, level: int) -> MasteryOverride | None:
    return db.session.scalars(
        select(MasteryOverride)
        .where(
            MasteryOverride.student_id == student_id,
            MasteryOverride.competency_id == competency_id,
            MasteryOverride.level == level,
            MasteryOverride.withdrawn_at.is_(None),
        )
        .order_by(MasteryOverride.id.desc())
        .limit(1)
    ).first()


def set_override(
    student: User,
    competency: Competency,
    level: int,
    is_mastered: bool,
    reason: str,
    by: User,
    today: date,
) -> MasteryOverride:
    """Replace the calculated decision with the teacher's; the reason is required."""
    reason = reason.strip()
    if not reason:
        raise EvidenceError("reason", "Say why the calculated decision does not fit.")
    check_level(competency, level)
    previous = active_override(student.id, competency.id, level)
    if previous is not None:
        previous.withdrawn_at = utcnow()
        previous.withdrawn_by_id = by.id
    override = MasteryOverride(
        student_id=student.id,
        competency_id=competency.id,
        level=level,
        is_mastered=is_mastered,
        reason=reason,
        decided_on=today,
        decided_by_id=by.id,
    )
    db.session.add(override)
    db.session.flush()
    recompute(student.id, competency, level)
    return override


def withdraw_override(override: MasteryOverride, by: User, competency: Competency) -> None:
    """Return to the calculated decision; the override stays in the history."""
    if override.withdrawn_at is not None:
        return
    override.withdrawn_at = utcnow()
    override.withdrawn_by_id = by.id
    db.session.flush()
    recompute(override.student_id, competency, override.level)


def _counting_scores(student_id: int, competency_id: int, level: int) -> list[tuple[date, Decimal]]:
    rows = db.session.execute(
        select(Evidence.observed_on, Evidence.score)
        .where(
            Evidence.student_id == student_id,
            Evidence.competency_id == competency_id,
            Evidence.level == level,
            Evidence.removed_at.is_(None),
            Evidence.kind != EvidenceKind.SELF_ASSESSMENT,
        )
        .order_by(Evidence.observed_on, Evidence.id)
    )
    return [(observed_on, score) for observed_on, score in rows]


def apply_decision(
    mastery: Mastery,
    decision: Decision,
    override: MasteryOverride | None,
    last_evidence_on: date | None,
) -> None:
    """Copy a calculated decision, and the override over it if there is one, onto the row."""
    result = decision.result
    mastery.value = result.value
    mastery.evidence_count = result.count
    mastery.reached = result.reached
    mastery.is_calculated_mastered = result.mastered
    mastery.last_evidence_on = last_evidence_on
    mastery.is_overridden = override is not None
    if override is None:
        mastery.is_mastered, mastery.mastered_on = result.mastered, decision.mastered_on
    elif override.is_mastered:
        calculated = decision.mastered_on
        on = override.decided_on if calculated is None else min(calculated, override.decided_on)
        mastery.is_mastered, mastery.mastered_on = True, on
    else:
        mastery.is_mastered, mastery.mastered_on = False, None


def recompute(
    student_id: int, competency: Competency, level: int, scale: Scale | None = None
) -> Mastery:
    """Rewrite the stored mastery of one (student, competency, level) from its evidence."""
    framework = db.session.get(Framework, competency.framework_id)
    assert framework is not None
    scale = scale or framework_scale(framework.id)
    scores = _counting_scores(student_id, competency.id, level)
    decision = decide(scores, framework.params, scale, framework.minimum_evidence)
    mastery = db.session.get(Mastery, (student_id, competency.id, level))
    if mastery is None:
        mastery = Mastery(
            student_id=student_id,
            competency_id=competency.id,
            level=level,
            framework_id=framework.id,
        )
        db.session.add(mastery)
    override = active_override(student_id, competency.id, level)
    apply_decision(mastery, decision, override, scores[-1][0] if scores else None)
    db.session.flush()
    refresh_standing(student_id, framework.id)
    return mastery


Key = tuple[int, int, int]  # student, competency, level


def recompute_framework(framework: Framework) -> int:
    """Recompute every stored mastery of a framework after its method or scale changed.

    A fixed number of queries whatever the size: all counting evidence and overrides are read
    once, decided in Python, and the rows are updated in place. Returns the rows written.
    """
    scale = framework_scale(framework.id)
    scores: dict[Key, list[tuple[date, Decimal]]] = defaultdict(list)
    rows = db.session.execute(
        select(
            Evidence.student_id,
            Evidence.competency_id,
            Evidence.level,
            Evidence.observed_on,
            Evidence.score,
        )
        .join(Competency, Competency.id == Evidence.competency_id)
        .where(
            Competency.framework_id == framework.id,
            Evidence.removed_at.is_(None),
            Evidence.kind != EvidenceKind.SELF_ASSESSMENT,
        )
        .order_by(Evidence.observed_on, Evidence.id)
    )
    for student_id, competency_id, level, observed_on, score in rows:
        scores[(student_id, competency_id, level)].append((observed_on, score))
    overrides = _active_overrides(framework.id)
    existing = {
        (m.student_id, m.competency_id, m.level): m
        for m in db.session.scalars(select(Mastery).where(Mastery.framework_id == framework.id))
    }
    keys = set(scores) | set(overrides) | set(existing)
    for key in keys:
        mastery = existing.get(key)
        if mastery is None:
            student_id, competency_id, level = key
            mastery = Mastery(
                student_id=student_id,
                competency_id=competency_id,
                level=level,
                framework_id=framework.id,
            )
            db.session.add(mastery)
        dated = scores.get(key, [])
        decision = decide(dated, framework.params, scale, framework.minimum_evidence)
        apply_decision(mastery, decision, overrides.get(key), dated[-1][0] if dated else None)
    db.session.flush()
    refresh_standings(framework.id)
    return len(keys)


def _active_overrides(framework_id: int) -> dict[Key, MasteryOverride]:
    found = db.session.scalars(
        select(MasteryOverride)
        .join(Competency, Competency.id == MasteryOverride.competency_id)
        .where(Competency.framework_id == framework_id, MasteryOverride.withdrawn_at.is_(None))
        .order_by(MasteryOverride.id)
    )
    return {(o.student_id, o.competency_id, o.level): o for o in found}
