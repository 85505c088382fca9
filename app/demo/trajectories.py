"""Believable learning trajectories for the demo: who is steady, behind, racing ahead or stuck.

Pure (no database): a student's profile becomes a latent position on the continuum that grows
at the profile's rate, and each competency turns that position into dated scores at the
student's working level. The real mastery engine decides after every score whether the level
is mastered, so the stored mastery, the evidence and the story always agree.

Rates are levels per 365 days, the way growth is reported, so a "steady" student's growth on
the teacher's dashboard reads about 1–1.4 and an accelerating one's 1.9 or more.
"""

from __future__ import annotations

import enum
import functools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app.continuum.mastery import Decision, MethodParams, Scale, decide
from app.demo.calendar import nth_weekday_of_month, semester_bounds

TOP_LEVEL = 12
READY_LEAD_DAYS = 10


class Profile(enum.StrEnum):
    STEADY = "steady"
    BEHIND = "behind"  # two or more levels below the grade's expectation
    ACCELERATING = "accelerating"
    STALLED = "stalled"  # no new mastery for six weeks or more, recently
    MIXED = "mixed"


PROFILE_SHARES = {
    Profile.STEADY: 55,
    Profile.BEHIND: 15,
    Profile.ACCELERATING: 12,
    Profile.STALLED: 10,
    Profile.MIXED: 8,
}

# (offset from the expected level at the start of the year, growth in levels a year)
_RANGES: dict[Profile, tuple[tuple[float, float], tuple[float, float]]] = {
    Profile.STEADY: ((-0.35, 0.35), (0.95, 1.25)),
    Profile.BEHIND: ((-3.0, -2.2), (0.5, 0.85)),
    Profile.ACCELERATING: ((-0.2, 0.6), (1.9, 2.6)),
    Profile.STALLED: ((-1.3, -0.1), (0.9, 1.2)),
    Profile.MIXED: ((-1.6, 0.6), (0.7, 1.6)),
}

TEACHER_KINDS = {"formative": 55, "observation": 17, "student_work": 17, "summative": 11}
PLACEMENT_NOTE = "Placement diagnostic"
MISSED_NOTE = "Had the chance to show this and did not."
NOTES: dict[str, tuple[str, ...]] = {
    "formative": ("Exit ticket", "Warm-up problem", "Quick check", "Whiteboard check", ""),
    "observation": ("Observed during workshop", "Observed in small-group work", ""),
    "student_work": ("Notebook task", "Problem set", "Project work sample", ""),
    "summative": ("Unit check", "Performance task", "End-of-unit assessment"),
}
SELF_NOTES = (
    "I think I'm getting better at this.",
    "I still need reminders.",
    "I did this on my own this week.",
    "This was hard in our project.",
    "",
    "",
)


def deal_profiles(group_sizes: Sequence[int], rng: random.Random) -> list[list[Profile]]:
    """Profiles in the shares above, for students grouped by section, shuffled in each group.

    Dealt as a stream that always gives the next student the profile furthest below its
    share, so every section (not just the district) gets its steady, behind and stalled few.
    """
    total = sum(PROFILE_SHARES.values())
    counts = dict.fromkeys(PROFILE_SHARES, 0)
    dealt = 0
    groups: list[list[Profile]] = []
    for size in group_sizes:
        group: list[Profile] = []
        for _ in range(size):
            dealt += 1
            profile = max(counts, key=lambda p: PROFILE_SHARES[p] * dealt / total - counts[p])
            counts[profile] += 1
            group.append(profile)
        rng.shuffle(group)
        groups.append(group)
    return groups


@dataclass(frozen=True)
class Learner:
    """Where a student starts (relative to grade − 1) and how fast they move."""

    grade: int
    profile: Profile
    offset: float
    rate: float  # levels per 365 days
    stalled_days: int = 0  # how long before today progress stopped (stalled profile only)

    def varied(self, rng: random.Random, spread: float) -> Learner:
        """The same student on another framework: close, not identical."""
        offset = self.offset + rng.uniform(-spread, spread)
        if self.profile is Profile.BEHIND:  # Keep the story: behind is behind everywhere.
            offset = min(offset, -2.2)
        rate = self.rate * rng.uniform(1 - spread / 2, 1 + spread / 2)
        return Learner(self.grade, self.profile, offset, rate, self.stalled_days)


def draw_learner(grade: int, profile: Profile, rng: random.Random) -> Learner:
    (low, high), (slow, fast) = _RANGES[profile]
    stalled = rng.randint(46, 75) if profile is Profile.STALLED else 0
    return Learner(grade, profile, rng.uniform(low, high), rng.uniform(slow, fast), stalled)


def school_days(first_day: date, today: date) -> list[date]:
    """Weekdays from the first day of school to `today`, without the usual US breaks."""
    (_, fall_end), (spring_on, _) = semester_bounds(first_day)
    year = first_day.year
    thanksgiving = nth_weekday_of_month(year, 11, 3, 4)
    closed = {
        nth_weekday_of_month(year, 9, 0, 1),  # Labor Day
        thanksgiving,
        thanksgiving + timedelta(days=1),
        nth_weekday_of_month(year + 1, 1, 0, 3),  # Martin Luther King Jr. Day
        nth_weekday_of_month(year + 1, 2, 0, 3),  # Presidents' Day
        *(nth_weekday_of_month(year + 1, 4, 0, 1) + timedelta(days=i) for i in range(5)),
    }
    days = (first_day + timedelta(days=i) for i in range((today - first_day).days + 1))
    return [d for d in days if d.weekday() < 5 and d not in closed and not fall_end < d < spring_on]


@dataclass(frozen=True)
class Mark:
    """One piece of teacher evidence (or, with kind self_assessment, the student's own)."""

    level: int
    on: date
    score: int
    kind: str
    note: str = ""
    is_missed: bool = False


@dataclass(frozen=True)
class Setup:
    """What every competency of one framework shares."""

    params: MethodParams
    scale: Scale
    minimum_evidence: int
    days: Sequence[date]  # school days, first day of school to today
    year_start: date


@dataclass
class Track:
    """One student's year on one competency: the marks and the engine's last word per level."""

    marks: list[Mark] = field(default_factory=list)
    decisions: dict[int, Decision] = field(default_factory=dict)
    advances: list[tuple[date, int]] = field(default_factory=list)  # (from, working level)

    def working_level_on(self, on: date) -> int | None:
        current = None
        for since, level in self.advances:
            if since > on:
                break
            current = level
        return current if current is not None and current <= TOP_LEVEL else None

    def scores_at(self, level: int) -> list[tuple[date, Decimal]]:
        return [(m.on, Decimal(m.score)) for m in self.marks if m.level == level]


def recorded_at(day: date, n: int) -> datetime:
    """Some time in that school day, so histories do not show everything at midnight."""
    return datetime.combine(day, time(8)) + timedelta(minutes=(n * 37) % 480)


def _round(value: float) -> int:
    return math.floor(value + 0.5)


def _expected_score(position: float, working: int) -> float:
    """Scores climb from about 1.3 when a level is new to 3.5 when the student has it."""
    return min(4.0, max(1.0, 1.3 + 2.2 * (position - (working - 1))))


@functools.lru_cache(maxsize=64)
def _placed(score: int, day: date, params: MethodParams, scale: Scale, tasks: int) -> Decision:
    """Every placement at one score decides the same way: decide it once (half the work)."""
    return decide([(day, Decimal(score))] * tasks, params, scale, tasks)


def _placement(track: Track, start_level: int, x: float, rng: random.Random, s: Setup) -> None:
    """Levels mastered before this year, and a first look at the working level, on day one.

    Every earlier level gets as many placement tasks as mastery needs, all with the same score,
    so the order of same-day evidence cannot change the calculated value.
    """
    day, working = s.days[0], start_level + 1
    for level in range(1, start_level + 1):
        score = 4 if rng.random() < (0.6 if level <= start_level - 2 else 0.3) else 3
        for _ in range(s.minimum_evidence):
            track.marks.append(Mark(level, day, score, "diagnostic", PLACEMENT_NOTE))
        track.decisions[level] = _placed(score, day, s.params, s.scale, s.minimum_evidence)
    if working <= TOP_LEVEL:
        track.marks.append(Mark(working, day, 2 if x >= 0.4 else 1, "diagnostic", PLACEMENT_NOTE))
        track.decisions[working] = decide(
            track.scores_at(working), s.params, s.scale, s.minimum_evidence
        )
    track.advances.append((day, working))


def simulate(learner: Learner, phase: float, jitter: int, rng: random.Random, s: Setup) -> Track:
    """A year of evidence on one competency, the engine deciding mastery after every score.

    The latent position says when the student really has a level, and the scores follow it.
    A lucky score never makes the engine call mastery more than about two weeks early: a
    reactive method like the decaying average would otherwise master most levels early, and
    early-year growth (a small gain scaled to a year) would read twice what the profile says.
    """
    today = s.days[-1]
    start_position = max(0.0, learner.grade - 1 + learner.offset + phase + jitter)
    rate = learner.rate * rng.uniform(0.9, 1.1)
    stall_on = today - timedelta(days=learner.stalled_days) if learner.stalled_days else None
    start_level = min(TOP_LEVEL, math.floor(start_position))
    working = start_level + 1
    track = Track()
    _placement(track, start_level, start_position - start_level, rng, s)
    i = rng.randint(3, 12)
    while i < len(s.days) and working <= TOP_LEVEL:
        day = s.days[i]
        stalled = stall_on is not None and day >= stall_on
        moved_until = min(day, stall_on) if stall_on is not None else day
        position = start_position + rate * (moved_until - s.year_start).days / 365
        # Ready two weeks before the crossing: a 3 or 4 then takes about two weeks to arrive.
        ready = not stalled and position + rate * READY_LEAD_DAYS / 365 >= working
        mark = (
            _stalled_mark(working, day, rng)
            if stalled
            else _mark(working, day, position, ready, rng)
        )
        track.marks.append(mark)
        decision = decide(track.scores_at(working), s.params, s.scale, s.minimum_evidence)
        while decision.result.mastered and not ready and track.marks[-1].score > 1:
            lower = track.marks[-1]
            track.marks[-1] = Mark(working, day, lower.score - 1, lower.kind, lower.note)
            decision = decide(track.scores_at(working), s.params, s.scale, s.minimum_evidence)
        track.decisions[working] = decision
        if decision.result.mastered:
            working += 1
            track.advances.append((s.days[min(i + 1, len(s.days) - 1)], working))
        i += rng.randint(5, 15) if not stalled else rng.randint(7, 15)
    return track


def _kind(rng: random.Random) -> str:
    return rng.choices(list(TEACHER_KINDS), weights=list(TEACHER_KINDS.values()))[0]


def _mark(level: int, day: date, position: float, ready: bool, rng: random.Random) -> Mark:
    """Scores climb with the position; once the student has the level, a 3 or a 4."""
    kind = _kind(rng)
    if rng.random() < 0.04:
        return Mark(level, day, 1, kind, MISSED_NOTE, is_missed=True)
    if ready:
        score = 4 if rng.random() < 0.7 else 3
    else:
        score = min(4, max(1, _round(_expected_score(position, level) + rng.gauss(0, 0.5))))
    return Mark(level, day, score, kind, rng.choice(NOTES[kind]))


def _stalled_mark(level: int, day: date, rng: random.Random) -> Mark:
    """Stuck: ones and twos, and more chances missed."""
    kind = _kind(rng)
    if rng.random() < 0.2:
        return Mark(level, day, 1, kind, MISSED_NOTE, is_missed=True)
    return Mark(level, day, rng.choice((1, 2, 2)), kind, rng.choice(NOTES[kind]))


def self_assessments(
    tracks: Sequence[Track], days: Sequence[date], rng: random.Random
) -> list[tuple[int, Mark]]:
    """Now and then the student rates themself on one skill: (track index, mark).

    Students are a little generous with themselves, as real self-ratings are.
    """
    found: list[tuple[int, Mark]] = []
    i = rng.randint(8, 20)
    while i < len(days) and tracks:
        index = rng.randrange(len(tracks))
        track, day = tracks[index], days[i]
        level = track.working_level_on(day)
        if level is not None:
            teacher = [m.score for m in track.marks if m.level == level and m.on <= day]
            score = min(4, max(1, (teacher[-1] if teacher else 2) + rng.choice((-1, 0, 0, 1, 1))))
            found.append(
                (index, Mark(level, day, score, "self_assessment", rng.choice(SELF_NOTES)))
            )
        i += rng.randint(12, 25)
    return found
