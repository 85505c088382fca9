"""The order of a PDSA cycle's stages, and what a student may do at each point.

Pure: plain values in, plain values out. Stages go Plan → Do → Study → Act; a stage opens
once the one before it is done, and every stage stays editable until Act closes the cycle.
Words are English, marked with `N_` so that pages show them in the reader's language.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence

from app.translatable import N_, Text


class Stage(enum.StrEnum):
    PLAN = "plan"
    DO = "do"
    STUDY = "study"
    ACT = "act"

    @property
    def label(self) -> Text:
        return _STAGE_LABELS[self]

    @property
    def previous(self) -> Stage | None:
        index = ORDER.index(self)
        return ORDER[index - 1] if index else None


ORDER: tuple[Stage, ...] = (Stage.PLAN, Stage.DO, Stage.STUDY, Stage.ACT)
_STAGE_LABELS = {
    Stage.PLAN: N_("Plan"),
    Stage.DO: N_("Do"),
    Stage.STUDY: N_("Study"),
    Stage.ACT: N_("Act"),
}

NEXT_ACTIONS = {
    Stage.PLAN: N_(
        "Write your plan: the change you'll try, what you predict, how you'll measure it."
    ),
    Stage.DO: N_("Try the change, then write down what happened and what you recorded."),
    Stage.STUDY: N_("Compare what happened with your prediction and note what you learned."),
    Stage.ACT: N_("Decide: adopt, adapt or abandon the change, and say what comes next."),
}
# Why a stage cannot be saved yet: the first stage still to do comes before it.
_FINISH_FIRST = {
    Stage.PLAN: N_("Finish Plan first: the stages go Plan, Do, Study, then Act."),
    Stage.DO: N_("Finish Do first: the stages go Plan, Do, Study, then Act."),
    Stage.STUDY: N_("Finish Study first: the stages go Plan, Do, Study, then Act."),
}
CLOSED = N_("This cycle is closed, so its stages can no longer change. Start a new cycle.")


class Decision(enum.StrEnum):
    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"

    @property
    def label(self) -> Text:
        return _DECISION_LABELS[self]

    @property
    def continues(self) -> bool:
        """Adopt and adapt lead on to a next cycle; abandon ends the chain."""
        return self is not Decision.ABANDON


_DECISION_LABELS = {
    Decision.ADOPT: N_("Adopt"),
    Decision.ADAPT: N_("Adapt"),
    Decision.ABANDON: N_("Abandon"),
}


def current_stage(done: Collection[Stage]) -> Stage | None:
    """The first stage not yet done; None once all four are."""
    return next((stage for stage in ORDER if stage not in done), None)


def stage_problem(stage: Stage, done: Collection[Stage], closed: bool) -> Text | None:
    """Why `stage` cannot be saved now, or None when it can."""
    if closed:
        return CLOSED
    previous = stage.previous
    if previous is not None and previous not in done:
        # The first stage not done comes before `stage`, so it is never Act.
        missing = current_stage(done) or previous
        return _FINISH_FIRST[missing]
    return None


def chains(links: Sequence[tuple[int, int | None]]) -> list[list[int]]:
    """Cycles grouped into chains by their `previous` link, each chain in order.

    `links` are (cycle id, previous cycle id) pairs in creation order; a cycle whose previous
    one is missing from `links` starts a chain of its own.
    """
    ids = {cycle for cycle, _ in links}
    following = {previous: cycle for cycle, previous in links if previous in ids}
    result = []
    for cycle, previous in links:
        if previous in ids:
            continue
        chain = [cycle]
        while chain[-1] in following:
            chain.append(following[chain[-1]])
        result.append(chain)
    return result
