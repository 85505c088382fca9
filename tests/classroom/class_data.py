"""Builders for the class dashboard and data wall tests: mastery written straight to the
store, so a class of 200 is quick to build."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app import clock
from app.auth.models import User
from app.continuum.models import Framework, Mastery
from app.continuum.standings import refresh_standing
from app.extensions import db

TODAY = date(2026, 11, 25)  # a Wednesday; world's school year began on Aug 24


def pin_today(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def master(
    student: User,
    framework: Framework,
    levels: Iterable[int],
    on: date,
    codes: set[str] | None = None,
) -> None:
    """Store `levels` as mastered on `on`, on every competency (or those in `codes`)."""
    levels = list(levels)
    for strand in framework.strands:
        for competency in strand.competencies:
            if codes is not None and competency.code not in codes:
                continue
            for level in levels:
                db.session.add(
                    Mastery(
                        student_id=student.id,
                        competency_id=competency.id,
                        level=level,
                        framework_id=framework.id,
                        is_mastered=True,
                        is_calculated_mastered=True,
                        mastered_on=on,
                        last_evidence_on=on,
                    )
                )
    db.session.flush()
    refresh_standing(student.id, framework.id)  # as the services do after any change
