"""Stored mastery follows the evidence in the same transaction, and keeps its first date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.continuum import services
from app.continuum.mastery import Method
from app.continuum.models import EvidenceChange, EvidenceKind, Mastery
from app.continuum.services import EvidenceError, NewEvidence
from app.extensions import db

TODAY = date(2026, 11, 25)


def _record(world, score: str, on: date, kind=EvidenceKind.FORMATIVE, level: int = 6, **extra):
    entry = NewEvidence(Decimal(score), kind, on, **extra)
    return services.record_evidence(
        world.student, world.competency, level, entry, world.teacher, TODAY
    )


def _stored(world, level: int = 6) -> Mastery | None:
    db.session.expire_all()
    return db.session.get(Mastery, (world.student.id, world.competency.id, level))


def test_mastery_is_reached_and_dated_by_the_score_that_reached_it(world) -> None:
    _record(world, "2", date(2026, 9, 10))
    assert _stored(world).is_mastered is False
    _record(world, "4", date(2026, 10, 1))  # 0.65·4 + 0.35·2 = 3.30
    _record(world, "3", date(2026, 11, 2))
    stored = _stored(world)
    assert (stored.is_mastered, stored.mastered_on) == (True, date(2026, 10, 1))
    assert stored.value == Decimal("3.11")  # 0.65·3 + 0.35·3.30 = 3.105, half-up
    assert stored.evidence_count == 3


def test_evidence_recorded_out_of_order_is_evaluated_in_date_order(world) -> None:
    _record(world, "4", date(2026, 10, 1))
    _record(world, "2", date(2026, 9, 10))  # older: the 4 is still the newest
    stored = _stored(world)
    assert stored.value == Decimal("3.30")
    assert stored.mastered_on == date(2026, 10, 1)


def test_withdrawing_evidence_withdraws_mastery_and_restoring_brings_it_back(world) -> None:
    evidence = _record(world, "4", date(2026, 10, 1))
    assert _stored(world).is_mastered
    services.remove_evidence(evidence, world.teacher)
    stored = _stored(world)
    assert (stored.is_mastered, stored.mastered_on, stored.value) == (False, None, None)
    services.restore_evidence(evidence, world.teacher)
    assert _stored(world).mastered_on == date(2026, 10, 1)
    actions = db.session.scalars(
        select(EvidenceChange.action).where(EvidenceChange.evidence_id == evidence.id)
    ).all()
    assert [a.value for a in actions] == ["removed", "restored"]


def test_an_edit_keeps_the_old_values(world) -> None:
    evidence = _record(world, "4", date(2026, 10, 1), note="Exit ticket")
    changed = services.edit_evidence(
        evidence,
        NewEvidence(Decimal(2), EvidenceKind.OBSERVATION, date(2026, 10, 2), note="Re-marked"),
        world.teacher,
        TODAY,
    )
    assert changed
    change = db.session.scalars(select(EvidenceChange)).one()
    assert (change.old_score, change.old_kind, change.old_note) == (
        Decimal(4),
        EvidenceKind.FORMATIVE,
        "Exit ticket",
    )
    assert _stored(world).is_mastered is False


def test_self_assessment_never_counts(world) -> None:
    entry = NewEvidence(Decimal(4), EvidenceKind.SELF_ASSESSMENT, date(2026, 10, 1))
    services.record_evidence(world.student, world.competency, 6, entry, world.student, TODAY)
    stored = _stored(world)
    assert (stored.is_mastered, stored.evidence_count, stored.value) == (False, 0, None)


def test_a_missed_mark_counts_as_the_lowest_score(world) -> None:
    _record(world, "4", date(2026, 10, 1))
    _record(world, "4", date(2026, 10, 8), is_missed=True)
    stored = _stored(world)
    assert stored.value == Decimal("2.05")  # 0.65·1 + 0.35·4
    assert stored.is_mastered is False


def test_minimum_evidence_holds_back_a_single_lucky_score(world) -> None:
    world.framework.minimum_evidence = 2
    _record(world, "4", date(2026, 10, 1))
    assert _stored(world).is_mastered is False
    _record(world, "3", date(2026, 10, 8))
    assert _stored(world).mastered_on == date(2026, 10, 8)


def test_an_override_decides_and_withdrawing_it_returns_to_the_calculation(world) -> None:
    _record(world, "2", date(2026, 10, 1))
    override = services.set_override(
        world.student, world.competency, 6, True, "Showed it in the project", world.teacher, TODAY
    )
    stored = _stored(world)
    assert (stored.is_mastered, stored.is_overridden, stored.mastered_on) == (True, True, TODAY)
    assert stored.is_calculated_mastered is False
    services.withdraw_override(override, world.teacher, world.competency)
    assert _stored(world).is_mastered is False


def test_an_override_needs_a_reason(world) -> None:
    with pytest.raises(EvidenceError) as error:
        services.set_override(world.student, world.competency, 6, True, "  ", world.teacher, TODAY)
    assert error.value.field == "reason"


@pytest.mark.parametrize(
    ("score", "on", "level", "field"),
    [
        pytest.param("5", date(2026, 10, 1), 6, "score", id="above-the-scale"),
        pytest.param("0.5", date(2026, 10, 1), 6, "score", id="below-the-scale"),
        pytest.param("3", date(2026, 11, 26), 6, "observed_on", id="in-the-future"),
        pytest.param("3", date(2026, 10, 1), 13, "level", id="no-such-level"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_saved(world, score, on, level, field) -> None:
    with pytest.raises(EvidenceError) as error:
        _record(world, score, on, level=level)
    assert error.value.field == field
    assert _stored(world, level) is None


def test_recompute_framework_after_a_method_change(world) -> None:
    for score, day in (("4", 1), ("4", 2), ("1", 3)):
        _record(world, score, date(2026, 10, day))
    assert _stored(world).is_mastered is False  # 0.65·1 + 0.35·4 = 2.05
    world.framework.method = Method.HIGHEST
    assert services.recompute_framework(world.framework) == 1
    stored = _stored(world)
    assert (stored.is_mastered, stored.value, stored.mastered_on) == (
        True,
        Decimal(4),
        date(2026, 10, 1),
    )
