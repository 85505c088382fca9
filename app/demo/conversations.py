"""Demo conferences and support plans: what a term of conferring leaves behind.

`add_conversations` runs inside `load_demo` once goals and check-ins exist. Each section's lead
teacher confers with most of their students every two to four weeks (every two when the
student is behind or stuck; a few students not yet), on school days before today. A
conference's notes come from what the student's data said that day: the level they work on in
their goal's competency and their latest scores there, whether they are two levels behind or
have stopped progressing (the dashboard's flags, computed with the same functions), what they
wrote in a check-in, and their habit goals, which the conference links. About seven in ten are
shared with the student. The demo student has three, written as part of her story.

Support plans are `app.demo.conversations_plans`. Seeded and dated from `today` only; rows go
in with bulk inserts.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from app.classroom.models import Conference, conference_goals
from app.demo import conversations_text as text
from app.demo.conversations_plans import add_plans
from app.demo.conversations_world import (
    Pupil,
    World,
    read_world,
    score_list,
    short_day,
)
from app.goals.rules import GoalStatus
from app.reports.flags import FlagKind

SEED = 20261201
SHARED = 0.7  # share of conferences shared with the student
NOT_YET = 0.12  # share of unflagged students with no conference yet
STUCK_AFTER = timedelta(weeks=5)  # a teacher notices before the six-week flag goes up


def add_conversations(session: Any, district_id: int, today: date) -> None:
    """Conferences and support plans for the demo district's students; adds and flushes."""
    world = read_world(session, district_id, today)
    conferring = _Conferring(world)
    for pupil in world.pupils:
        rng = random.Random(f"{SEED}:{pupil.key}")  # noqa: S311  (seeded demo data)
        if pupil.id == world.story_id:
            conferring.story(pupil)
        elif _has_talked(pupil) or world.moment(pupil, today).flags or rng.random() >= NOT_YET:
            conferring.confer(pupil, rng)
    conferring.save(session)
    add_plans(session, world)
    session.flush()


def _has_talked(pupil: Pupil) -> bool:
    """A goal co-created with the teacher was set in a conference."""
    return any(goal.co_created for goal in pupil.goals)


# --- Conferences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Talk:
    """The academic part of one conference: what kind of day it was, and the words' values."""

    kind: str  # a key of text.ACADEMIC
    values: dict[str, object]
    scores: list[Decimal]


class _Voice:
    """One teacher writing about one student: never the same sentence twice running, and each
    worry from a check-in followed up once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.last: dict[str, str] = {}  # a pool's first sentence → the one picked last time
        self.followed: set[str] = set()

    def pick(self, pool: Sequence[str]) -> str:
        choice = self.rng.choice([t for t in pool if t != self.last.get(pool[0])] or pool)
        self.last[pool[0]] = choice
        return choice


class _Conferring:
    def __init__(self, world: World) -> None:
        self.w = world
        self.rows: list[dict[str, Any]] = []
        self.links: list[list[int]] = []

    def talk(self, pupil: Pupil, on: date, previous: date) -> _Talk | None:
        """What the data said about the student's step goal on `on`; None without one."""
        step = pupil.step
        if step is None or step.competency_id is None or not step.open_on(on):
            return None
        competency = step.competency_id
        working = self.w.level_on(pupil, competency, on) + 1
        moment = self.w.moment(pupil, on)
        new = [n for n, day in pupil.mastered.get(competency, {}).items() if previous < day <= on]
        last = max(moment.last_mastery or self.w.year[0], self.w.year[0])
        if on - last >= STUCK_AFTER:
            kind = "stuck"
        elif new:
            kind = "new"
        elif moment.has(FlagKind.LEVELS_BEHIND):
            kind = "behind"
        elif step.target is not None and working > step.target:
            kind = "ahead"
        else:
            kind = "steady"
        values: dict[str, object] = {
            "name": pupil.name,
            "short": self.w.names[competency],
            "level": working,
            "target": step.target or working,
            "new": max(new) if new else working - 1,
            "since": short_day(last) if last > self.w.year[0] else "the start of the year",
        }
        scores = [s for day, n, s in pupil.scores if n == working and day <= on][-3:]
        return _Talk(kind, values, scores)

    def schedule(self, pupil: Pupil, rng: random.Random) -> list[date]:
        """Every two to four weeks from the second to fifth week; every two when it matters.
        A goal co-created with the teacher was set in a conference, so one falls on its day."""
        days, found = self.w.days, []
        i = rng.randint(5, 20)
        while i < len(days):
            found.append(days[i])
            talk = self.talk(pupil, days[i], found[-2] if len(found) > 1 else self.w.year[0])
            urgent = talk is not None and talk.kind in ("behind", "stuck")
            i += rng.randint(8, 11) if urgent else rng.randint(10, 20)
        for goal in pupil.goals:
            if goal.co_created and goal.since in days and goal.since not in found:
                near = [d for d in found if abs((d - goal.since).days) <= 7]
                for d in near:
                    found.remove(d)
                found.append(goal.since)
        return sorted(found)

    def confer(self, pupil: Pupil, rng: random.Random) -> None:
        previous = self.w.year[0]
        voice = _Voice(rng)
        for on in self.schedule(pupil, rng):
            notes, steps, goals = [], [], []
            values: dict[str, object] = {
                "name": pupil.name,
                "check": self.w.school_day_after(on, 7),
            }
            for goal in pupil.goals:
                if goal.co_created and goal.since == on:
                    notes.append(text.CO_CREATED.format(title=f"“{goal.title}”"))
                    step = text.HABITS.get(goal.title, ((), text.FIRST_STEP))[1]
                    steps.append(step.format(**values))
                    goals.append(goal.id)
            talk = self.talk(pupil, on, previous)
            if talk is not None and (rng.random() < 0.85 or not notes):
                values.update(talk.values)
                notes.append(voice.pick(text.ACADEMIC[talk.kind]).format(**values))
                if len(talk.scores) >= 2 and rng.random() < 0.7:
                    values["scores"] = score_list(talk.scores)
                    notes.append(voice.pick(text.SCORES).format(**values))
                steps.append(voice.pick(text.ACADEMIC_NEXT[talk.kind]).format(**values))
                assert pupil.step is not None
                goals.append(pupil.step.id)
            self._habit_or_check_in(pupil, on, voice, values, notes, steps, goals)
            if not notes:
                continue
            shared = rng.random() < SHARED
            if not shared and rng.random() < 0.6:
                behind = talk is not None and talk.kind == "behind"
                pool = text.PRIVATE_BEHIND if behind and rng.random() < 0.5 else text.PRIVATE
                notes.append(voice.pick(pool).format(**values))
            self.add(pupil, on, " ".join(notes), " ".join(steps), shared, goals, rng)
            previous = on

    def _habit_or_check_in(
        self,
        pupil: Pupil,
        on: date,
        voice: _Voice,
        values: dict[str, object],
        notes: list[str],
        steps: list[str],
        goals: list[int],
    ) -> None:
        """A check-in that asked for help or sounded low comes first; else a habit goal."""
        recent = [
            c for c in pupil.check_ins if on - timedelta(days=12) <= c[0] <= on - timedelta(days=3)
        ]
        rng = voice.rng
        worried = [
            c
            for c in recent
            if (c[2] or c[3] <= 2) and c[1] in text.FOLLOW_UPS and c[1] not in voice.followed
        ]
        if worried and rng.random() < 0.8:
            voice.followed.add(worried[-1][1])
            note, step = text.FOLLOW_UPS[worried[-1][1]]
            notes.append(note.format(**values))
            steps.append(step.format(**values))
            return
        habits = [
            g for g in pupil.goals if g.title in text.HABITS and g.open_on(on) and g.id not in goals
        ]
        if habits and (rng.random() < 0.6 or not notes):
            goal = rng.choice(habits)
            said, step = text.HABITS[goal.title]
            notes.append(voice.pick(said).format(done=rng.randint(2, 5), **values))
            steps.append(step.format(**values))
            goals.append(goal.id)

    def story(self, pupil: Pupil) -> None:
        """The demo student's three conferences, with her lead teacher."""
        days, today = self.w.days, self.w.today
        co = next((g for g in pupil.goals if g.co_created), None)
        wanted = [
            co.since if co is not None and co.since in days else today - timedelta(weeks=8),
            today - timedelta(weeks=4),
            today - timedelta(days=7),
        ]
        dates = [d for w in wanted if (d := max((d for d in days if d <= w), default=None))]
        if len(set(dates)) < 3 or sorted(dates) != dates:  # early in the year
            dates = [days[len(days) * k // 4] for k in (1, 2, 3)] if len(days) >= 8 else []
        helped = next((g for g in pupil.goals if g.status is GoalStatus.ACHIEVED), None)
        links = ((pupil.step, helped, co), (pupil.step,), (pupil.step, co))
        previous = self.w.year[0]
        for on, (notes, steps, shared), goals in zip(dates, text.STORY, links, strict=False):
            talk = self.talk(pupil, on, previous)
            values: dict[str, object] = {"short": "fractions", "level": pupil.grade}
            values |= talk.values if talk else {}
            values |= {"name": pupil.name, "check": self.w.school_day_after(on, 14)}
            ids = [g.id for g in goals if g is not None and g.since <= on]
            self.add(pupil, on, notes.format(**values), steps.format(**values), shared, ids)
            previous = on

    def add(
        self,
        pupil: Pupil,
        on: date,
        notes: str,
        steps: str,
        shared: bool,
        goals: list[int],
        rng: random.Random | None = None,
    ) -> None:
        minute = rng.randint(0, 120) if rng else 30
        at = datetime.combine(on, time(15)) + timedelta(minutes=minute)
        self.rows.append(
            dict(
                student_id=pupil.id,
                teacher_id=pupil.teacher_id,
                held_on=on,
                notes=notes,
                next_steps=steps,
                is_shared=shared,
                created_at=at,
            )
        )
        self.links.append(list(dict.fromkeys(goals)))

    def save(self, session: Any) -> None:
        if not self.rows:
            return
        ids = list(
            session.scalars(
                insert(Conference).returning(Conference.id, sort_by_parameter_order=True),
                self.rows,
            )
        )
        links = [
            {"conference_id": ids[i], "goal_id": g}
            for i, goals in enumerate(self.links)
            for g in goals
        ]
        if links:
            session.execute(insert(conference_goals), links)
