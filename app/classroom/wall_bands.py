"""The data wall's cells: a competency level against the expected level, as a colour band.

Pure on purpose (no Flask, no database), and cheap: the wall calls `band` once per cell, so a
class of 35 on 60 competencies is 2,100 calls. Every cell also shows its number; the band's
colour only repeats what the number says, and the legend gives each band in words.

The difference is competency level − expected level: negative means behind. The boundary of
the furthest band is the school's "levels behind" setting (2 by default), the same number that
raises the "2 or more levels behind" flag.
"""

from __future__ import annotations

import enum
from decimal import ROUND_HALF_UP, Decimal

ONE = Decimal(1)
_TENTH = Decimal("0.1")


class Band(enum.StrEnum):
    """From furthest behind to furthest ahead; the value is the CSS class suffix."""

    FAR_BEHIND = "far-behind"
    BEHIND = "behind"
    NEAR = "near"
    AT = "at"
    AHEAD = "ahead"
    UNKNOWN = "unknown"


def difference(level: int, expected: Decimal) -> Decimal:
    """Competency level − expected level: −2.3 is 2.3 levels behind."""
    return Decimal(level) - expected


def band(diff: Decimal | None, levels_behind: Decimal) -> Band:
    """The band of a difference; None (no expected level) has no band."""
    if diff is None:
        return Band.UNKNOWN
    if diff <= -levels_behind:
        return Band.FAR_BEHIND
    if diff <= -ONE:
        return Band.BEHIND
    if diff < 0:
        return Band.NEAR
    return Band.AT if diff < ONE else Band.AHEAD


def legend(levels_behind: Decimal) -> list[tuple[Band, str]]:
    """Each band with its meaning in words, furthest behind first.

    The "1 to N levels behind" band only exists when the threshold is above one level.
    """
    threshold = _number(levels_behind)
    bands = [(Band.FAR_BEHIND, f"{threshold} or more levels behind")]
    if levels_behind > ONE:
        bands.append((Band.BEHIND, f"1 to {threshold} levels behind"))
    return [
        *bands,
        (Band.NEAR, "Less than 1 level behind"),
        (Band.AT, "At the expected level, or less than 1 level ahead"),
        (Band.AHEAD, "1 or more levels ahead"),
        (Band.UNKNOWN, "No expected level (no grade, or no current school year)"),
    ]


def signed(value: Decimal) -> str:
    """One decimal with its sign, a true minus sign for screen readers: "−2.3", "+0.7", "0.0"."""
    rounded = value.quantize(_TENTH, ROUND_HALF_UP)
    if rounded == 0:
        return "0.0"
    return f"+{rounded}" if rounded > 0 else f"\N{MINUS SIGN}{-rounded}"


def tenths(value: Decimal | None) -> str:
    """A level to one decimal, half-up like the flags' reasons, so the two never disagree."""
    return "—" if value is None else str(value.quantize(_TENTH, ROUND_HALF_UP))


def _number(value: Decimal) -> str:
    """2.00 → "2", 1.50 → "1.5": a threshold as people write it."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
