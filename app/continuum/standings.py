"""Keeping each student's standing in a framework next to the mastery it comes from.

Every change of stored mastery ends by refreshing the standing of that student in that
framework, in the same transaction; a framework-wide change (method, scale, import) refreshes
all of its standings at once. Reports then read one row per student and framework.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import overload

from sqlalchemy import delete, insert, select

from app.continuum.levels import StandingFigures, Step, standing_figures
from app.continuum.models import Competency, Descriptor, Mastery, Standing
from app.db import utcnow
from app.extensions import db

Shape = list[tuple[int, tuple[int, ...]]]


def framework_shape(framework_id: int) -> Shape:
    """[(competency id, its described levels)] in the framework's order, in one query."""
    return framework_shapes([framework_id]).get(framework_id, [])


def framework_shapes(framework_ids: Iterable[int]) -> dict[int, Shape]:
    """framework_shape for several frameworks at once, without loading descriptor objects."""
    rows = db.session.connection().execute(
        select(Competency.framework_id, Descriptor.competency_id, Descriptor.level)
        .join(Competency, Competency.id == Descriptor.competency_id)
        .where(Competency.framework_id.in_(list(framework_ids)))
        .order_by(Competency.strand_id, Competency.position, Competency.id, Descriptor.level)
    )
    levels: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for framework_id, competency_id, level in rows:
        levels[framework_id][competency_id].append(level)
    return {
        framework_id: [(cid, tuple(found)) for cid, found in competencies.items()]
        for framework_id, competencies in levels.items()
    }


def _row(student_id: int, framework_id: int, figures: StandingFigures) -> dict[str, object]:
    return {
        "student_id": student_id,
        "framework_id": framework_id,
        "level": figures.level,
        "competency_levels": json.dumps(figures.competency_levels, separators=(",", ":")),
        "history": json.dumps(
            [[step.on.isoformat(), str(step.level)] for step in figures.history],
            separators=(",", ":"),
        ),
        "first_on": figures.history[0].on if figures.history else None,
        "first_level": figures.history[0].level if figures.history else None,
        "last_mastery_on": figures.last_mastery_on,
        "updated_at": utcnow(),
    }


def refresh_standing(student_id: int, framework_id: int) -> None:
    """Recompute one student's standing in one framework from their stored mastery."""
    rows = db.session.execute(
        select(Mastery.competency_id, Mastery.level, Mastery.mastered_on).where(
            Mastery.student_id == student_id,
            Mastery.framework_id == framework_id,
            Mastery.mastered_on.is_not(None),
        )
    )
    dates: dict[int, dict[int, date]] = defaultdict(dict)
    for competency_id, level, mastered_on in rows:
        if mastered_on is not None:  # filtered in SQL; this tells the type checker
            dates[competency_id][level] = mastered_on
    figures = standing_figures(framework_shape(framework_id), dates)
    db.session.execute(
        delete(Standing).where(
            Standing.student_id == student_id, Standing.framework_id == framework_id
        )
    )
    db.session.execute(insert(Standing), [_row(student_id, framework_id, figures)])


def refresh_standings(framework_id: int, student_ids: Iterable[int] | None = None) -> int:
    """Recompute the standings of a framework (all of its students, or the ones given)."""
    wanted = None if student_ids is None else set(student_ids)
    query = select(Mastery.student_id, Mastery.competency_id, Mastery.level, Mastery.mastered_on)
    query = query.where(Mastery.framework_id == framework_id, Mastery.mastered_on.is_not(None))
    dates: dict[int, dict[int, dict[int, date]]] = defaultdict(lambda: defaultdict(dict))
    everyone: set[int] = set(wanted or ())
    for student_id, competency_id, level, mastered_on in db.session.execute(query):
        if mastered_on is not None and (wanted is None or student_id in wanted):
            dates[student_id][competency_id][level] = mastered_on
    if wanted is None:
        everyone = set(dates) | set(
            db.session.scalars(
                select(Mastery.student_id).where(Mastery.framework_id == framework_id).distinct()
            )
        )
    shape = framework_shape(framework_id)
    gone = delete(Standing).where(Standing.framework_id == framework_id)
    if wanted is not None:
        gone = gone.where(Standing.student_id.in_(wanted))
    db.session.execute(gone)
    rows = [
        _row(student_id, framework_id, standing_figures(shape, dates.get(student_id, {})))
        for student_id in sorted(everyone)
    ]
    if rows:
        db.session.execute(insert(Standing), rows)
    return len(rows)


def read_levels(standing: Standing) -> dict[int, int]:
    return {int(k): v for k, v in json.loads(standing.competency_levels).items()}


class StoredHistory(Sequence[Step]):
    """A stored level history, turned into Steps only when a page needs all of them.

    Growth needs three steps at most (the first, the one a year ago, the latest), and a
    school's report reads a thousand histories of a hundred steps or more: `essentials` finds
    those three by comparing ISO dates as text, which orders them like dates.
    """

    def __init__(self, raw: list[list[str]]) -> None:
        self._raw = raw
        self._steps: list[Step] | None = None

    def _all(self) -> list[Step]:
        if self._steps is None:
            self._steps = [_step(item) for item in self._raw]
        return self._steps

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Step]: ...
    def __getitem__(self, index: int | slice) -> Step | Sequence[Step]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._raw)

    def essentials(self, today: date) -> list[Step]:
        """The steps growth reads on `today`: first, a year before (if covered), latest."""
        raw = self._raw
        days = [item[0] for item in raw]
        now = bisect_right(days, today.isoformat()) - 1
        if now < 0:
            return []  # nothing yet on that day
        year_ago = (today - timedelta(days=365)).isoformat()
        picks = [raw[0]]
        if raw[0][0] <= year_ago:
            picks.append(raw[bisect_right(days, year_ago) - 1])
        picks.append(raw[now])
        unique = [item for i, item in enumerate(picks) if i == 0 or item[0] != picks[i - 1][0]]
        return [_step(item) for item in unique]


def _step(item: list[str]) -> Step:
    return Step(date.fromisoformat(item[0]), Decimal(item[1]))


def read_history(text: str) -> StoredHistory:
    return StoredHistory(json.loads(text))
