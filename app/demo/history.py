"""A little history for the demo's history pages: corrected and withdrawn evidence, overrides.

Real teachers fix a mistyped score, a wrong date, a piece entered twice, and now and then
decide a student has shown a level the calculation has not caught up with. The demo does each
a few times in the login student's section, so those pages are not empty.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, scoped_session

from app.continuum.models import (
    ChangeAction,
    Evidence,
    EvidenceChange,
    EvidenceKind,
    Mastery,
    MasteryOverride,
)
from app.demo.trajectories import Mark, Track, recorded_at

DbSession = Session | scoped_session[Any]
Key = tuple[int, int]  # student id, competency id
SEED = 20261002

OVERRIDE_REASONS = (
    "Led the crew's project planning all week and kept everyone on task; the earlier checklist "
    "scores no longer fit what I see.",
    "Explained the method to me in conference, twice, on new problems. The low quiz came on a "
    "rushed morning and does not show what this student can do.",
)
EDIT_REASONS = (
    "Rescored after we talked through the work together.",
    "Entered against the wrong day at first.",
    "Rescored with the rubric.",
    "Fixed the date.",
)


def add_override(
    session: DbSession,
    tracks: Mapping[Key, Track],
    keys: Sequence[Key],
    teacher_id: int,
    reason: str,
    today: date,
) -> MasteryOverride | None:
    """Mark as mastered the working level (among `keys`) closest to the threshold.

    The stored mastery row changes as `services.apply_decision` would change it.
    """
    best: tuple[Decimal, Key, int, date] | None = None
    for key in keys:
        track = tracks[key]
        level = track.working_level_on(today)
        decision = track.decisions.get(level or 0)
        if level is None or decision is None or decision.result.count < 2:
            continue
        value = decision.result.value or Decimal(0)
        if best is None or value > best[0]:
            best = (value, key, level, track.scores_at(level)[-1][0])
    if best is None:
        return None
    _, (student_id, competency_id), level, last_on = best
    decided_on = min(today, last_on + timedelta(days=1))
    override = MasteryOverride(
        student_id=student_id,
        competency_id=competency_id,
        level=level,
        is_mastered=True,
        reason=reason,
        decided_on=decided_on,
        decided_by_id=teacher_id,
        created_at=recorded_at(decided_on, 5),
    )
    session.add(override)
    session.execute(
        update(Mastery)
        .where(
            Mastery.student_id == student_id,
            Mastery.competency_id == competency_id,
            Mastery.level == level,
        )
        .values(is_overridden=True, is_mastered=True, mastered_on=decided_on)
    )
    return override


def add_corrections(
    session: DbSession,
    tracks: Mapping[Key, Track],
    students: Sequence[int],
    teacher: Mapping[int, int],
    today: date,
) -> None:
    """Four corrected entries (two scores, two dates) and three duplicates withdrawn."""
    rng = random.Random(SEED)  # noqa: S311  (seeded demo data, not security)
    candidates = [
        (key, mark)
        for key, track in tracks.items()
        if key[0] in students
        for mark in track.marks
        if mark.kind != "diagnostic" and mark.on < today - timedelta(days=3)
    ]
    for n, (key, mark) in enumerate(rng.sample(candidates, min(7, len(candidates)))):
        by = teacher[key[0]]
        at = recorded_at(mark.on + timedelta(days=1 + n % 2), n)
        if n < len(EDIT_REASONS):
            evidence = _find(session, key, mark)
            reason = EDIT_REASONS[n]
            evidence.note = f"{mark.note}. {reason}" if mark.note else reason
            evidence.updated_at = at
            if n % 2:
                old = Mark(
                    mark.level, mark.on - timedelta(days=1), mark.score, mark.kind, mark.note
                )
            else:
                old = Mark(mark.level, mark.on, _typo(mark.score), mark.kind, mark.note)
            _change(session, evidence.id, ChangeAction.EDITED, by, at, old)
        else:
            duplicate = _duplicate(key, mark, by, at)
            session.add(duplicate)
            session.flush()
            _change(session, duplicate.id, ChangeAction.REMOVED, by, at, mark)
    session.flush()


def _typo(score: int) -> int:
    return score + 1 if score < 3 else score - 1


def _duplicate(key: Key, mark: Mark, by: int, at: datetime) -> Evidence:
    """The same piece entered a second time, and withdrawn the next day."""
    return Evidence(
        student_id=key[0],
        competency_id=key[1],
        level=mark.level,
        score=Decimal(mark.score),
        kind=EvidenceKind(mark.kind),
        is_missed=mark.is_missed,
        observed_on=mark.on,
        recorded_by_id=by,
        note=mark.note,
        created_at=recorded_at(mark.on, 3),
        updated_at=at,
        removed_at=at,
        removed_by_id=by,
    )


def _find(session: DbSession, key: Key, mark: Mark) -> Evidence:
    return session.scalars(
        select(Evidence).where(
            Evidence.student_id == key[0],
            Evidence.competency_id == key[1],
            Evidence.level == mark.level,
            Evidence.observed_on == mark.on,
            Evidence.kind != EvidenceKind.SELF_ASSESSMENT,
            Evidence.removed_at.is_(None),
        )
    ).one()


def _change(
    session: DbSession, evidence_id: int, action: ChangeAction, by: int, at: datetime, old: Mark
) -> None:
    session.add(
        EvidenceChange(
            evidence_id=evidence_id,
            action=action,
            changed_by_id=by,
            changed_at=at,
            old_score=Decimal(old.score),
            old_kind=EvidenceKind(old.kind),
            old_is_missed=old.is_missed,
            old_observed_on=old.on,
            old_note=old.note,
        )
    )
