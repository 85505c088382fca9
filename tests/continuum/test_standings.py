"""Standings: stored beside mastery, refreshed with it, and read back to the same growth."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.continuum import services
from app.continuum.levels import Step
from app.continuum.models import EvidenceKind, Standing
from app.continuum.services import NewEvidence
from app.continuum.standings import StoredHistory, read_levels
from app.extensions import db
from app.reports.pace import growth

_days = st.dates(min_value=date(2024, 8, 1), max_value=date(2026, 11, 25))


@given(
    st.lists(
        st.tuples(_days, st.integers(0, 1200)), min_size=1, max_size=40, unique_by=lambda x: x[0]
    ),
    st.dates(min_value=date(2024, 8, 1), max_value=date(2027, 6, 30)),
)
def test_growth_from_the_essentials_equals_growth_from_every_step(points, today) -> None:
    steps = [Step(on, Decimal(level) / 100) for on, level in sorted(points)]
    stored = StoredHistory([[s.on.isoformat(), str(s.level)] for s in steps])
    assert growth(stored.essentials(today), today) == growth(steps, today)
    assert list(stored) == steps


def test_recording_evidence_refreshes_the_standing_in_the_same_transaction(world) -> None:
    today = date(2026, 11, 25)
    for level in (1, 2):
        for day in (1, 2):
            services.record_evidence(
                world.student,
                world.competency,
                level,
                NewEvidence(Decimal(3), EvidenceKind.SUMMATIVE, today - timedelta(days=30 - day)),
                world.teacher,
                today,
            )
    standing = db.session.scalars(
        select(Standing).where(Standing.student_id == world.student.id)
    ).one()
    assert read_levels(standing)[world.competency.id] == 2
    assert standing.level == Decimal("0.50")  # 2 of 4 competencies at level 2 → mean 0.50
    assert json.loads(standing.history)[-1] == [(today - timedelta(days=29)).isoformat(), "0.50"]
    assert standing.last_mastery_on == today - timedelta(days=29)
