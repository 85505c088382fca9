"""What a family summary says, decided from plain values.

Pure: no Flask, no database. The summary builder reads the data and passes it here; these
functions choose the strengths and next steps, the growth over the period, the chart's line,
and the fingerprint that tells whether a cached PDF is still current.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.continuum.levels import Step, competency_level, level_on, working_level

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class CompetencyFacts:
    """One competency as the summary needs it: its "I can…" statements and mastery dates."""

    title: str
    position: int
    statements: Mapping[int, str]  # level -> "I can…"
    mastered_on: Mapping[int, date]  # level -> first mastered on


@dataclass(frozen=True)
class Statement:
    competency: str
    level: int
    text: str
    on: date | None = None  # when it was mastered, for a strength


def strengths(
    competencies: Iterable[CompetencyFacts], period: Period, limit: int = 3
) -> list[Statement]:
    """Newest first: the highest level each competency climbed to within the period.

    Only levels that count towards the competency's level (every level below them mastered
    too) are strengths; a level mastered out of order is not yet something to celebrate.
    """
    found = []
    for c in competencies:
        level = competency_level(sorted(c.statements), set(c.mastered_on))
        climbed = [
            n
            for n in c.mastered_on
            if n <= level and period.start <= c.mastered_on[n] <= period.end and n in c.statements
        ]
        if climbed:
            top = max(climbed)
            found.append(Statement(c.title, top, c.statements[top], c.mastered_on[top]))
    found.sort(key=lambda s: (s.on or date.min, s.level), reverse=True)
    return found[:limit]


def next_steps(competencies: Iterable[CompetencyFacts], limit: int = 3) -> list[Statement]:
    """The working-level statements of the competencies furthest behind, in continuum order."""
    candidates = []
    for c in competencies:
        described = sorted(c.statements)
        level = competency_level(described, set(c.mastered_on))
        working = working_level(described, level)
        if working is not None:
            candidates.append(
                (level, c.position, Statement(c.title, working, c.statements[working]))
            )
    candidates.sort(key=lambda item: (item[0], item[1]))
    return [statement for _, _, statement in candidates[:limit]]


@dataclass(frozen=True)
class PeriodGrowth:
    start_level: Decimal | None  # None: nothing mastered by the end of the period
    end_level: Decimal | None
    gained: Decimal | None


def period_growth(history: Sequence[Step], period: Period) -> PeriodGrowth:
    """Levels gained between the start and the end of the period.

    Before the history's first step the level is unknown, not zero: a student placed on the
    continuum mid-period gains from their placement, not from nothing.
    """
    end = level_on(history, period.end)
    if end is None:
        return PeriodGrowth(None, None, None)
    start = level_on(history, period.start)
    if start is None:
        start = history[0].level
    return PeriodGrowth(start, end, end - start)


def chart_line(history: Sequence[Step], period: Period) -> list[tuple[date, Decimal]]:
    """The level's steps within the period, starting at the period's first day."""
    start = level_on(history, period.start)
    line = [(period.start, start)] if start is not None else []
    line += [(s.on, s.level) for s in history if period.start < s.on <= period.end]
    return line


def fingerprint(parts: Iterable[object]) -> str:
    """A digest of everything a summary depends on: equal digests, identical PDFs."""
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()


def _slug(text: str, fallback: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-") or fallback


def file_name(sort_name: str, language: str, on: date) -> str:
    """A safe, readable file name: "Lopez-Maya-progress-2026-11-25-es.pdf"."""
    return f"{_slug(sort_name, 'student')}-progress-{on.isoformat()}-{language}.pdf"


def zip_name(section_name: str, on: date) -> str:
    """The ZIP of a class: "Mathematics-6-Studio-A-family-summaries-2026-11-25.zip"."""
    return f"{_slug(section_name, 'class')}-family-summaries-{on.isoformat()}.zip"


def choose_language(requested: str | None, preferred: Sequence[str]) -> str:
    """The language asked for, else the most common preference (English on a tie or none)."""
    if requested in LANGUAGES:
        return requested
    counts = {lang: sum(1 for p in preferred if p == lang) for lang in LANGUAGES}
    best = max(LANGUAGES, key=lambda lang: (counts[lang], lang == "en"))
    return best if counts[best] else "en"
