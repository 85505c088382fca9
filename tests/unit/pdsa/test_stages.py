"""PDSA stage order, the closed-cycle rule, and chains of cycles."""

from __future__ import annotations

import pytest

from app.pdsa.stages import ORDER, Decision, Stage, chains, current_stage, stage_problem

P, D, S, A = Stage.PLAN, Stage.DO, Stage.STUDY, Stage.ACT


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        pytest.param(set(), P, id="nothing-yet"),
        pytest.param({P}, D, id="planned"),
        pytest.param({P, D}, S, id="done"),
        pytest.param({P, D, S}, A, id="studied"),
        pytest.param({P, D, S, A}, None, id="closed"),
    ],
)
def test_current_stage(done: set[Stage], expected: Stage | None) -> None:
    assert current_stage(done) is expected


@pytest.mark.parametrize(
    ("stage", "done", "closed", "allowed"),
    [
        pytest.param(D, {P}, False, True, id="do-after-plan"),
        pytest.param(S, {P}, False, False, id="study-before-do"),
        pytest.param(A, {P, D}, False, False, id="act-before-study"),
        pytest.param(P, {P, D, S}, False, True, id="earlier-stage-editable"),
        pytest.param(D, {P, D, S}, False, True, id="do-editable-while-open"),
        pytest.param(P, {P, D, S, A}, True, False, id="closed-plan"),
        pytest.param(A, {P, D, S, A}, True, False, id="closed-act"),
    ],
)
def test_stage_problem(stage: Stage, done: set[Stage], closed: bool, allowed: bool) -> None:
    assert (stage_problem(stage, done, closed) is None) is allowed


def test_out_of_order_message_names_the_missing_stage() -> None:
    assert stage_problem(S, {P}, False) == (
        "Finish Do first: the stages go Plan, Do, Study, then Act."
    )
    assert (stage_problem(A, {P}, False) or "").startswith("Finish Do first")
    assert "closed" in (stage_problem(D, set(ORDER), True) or "")


def test_stage_order_and_decisions() -> None:
    assert [s.previous for s in ORDER] == [None, P, D, S]
    assert [d for d in Decision if d.continues] == [Decision.ADOPT, Decision.ADAPT]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        pytest.param([], [], id="none"),
        pytest.param([(1, None), (2, 1), (3, 2)], [[1, 2, 3]], id="one-chain"),
        pytest.param([(1, None), (2, None), (3, 1), (4, 2)], [[1, 3], [2, 4]], id="two-chains"),
        pytest.param([(5, 4), (6, 5)], [[5, 6]], id="missing-start-begins-a-chain"),
    ],
)
def test_chains(links: list[tuple[int, int | None]], expected: list[list[int]]) -> None:
    assert chains(links) == expected
