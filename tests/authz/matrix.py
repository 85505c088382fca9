"""Shared vocabulary of the access matrix: the actors, a row, and outcome helpers.

Each feature keeps its rows in its own module (rows_*.py) so features can grow in parallel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.factories import World

ACTORS = (
    "anonymous",
    "student",
    "other_student",
    "teacher",
    "other_teacher",
    "leader",
    "other_leader",
    "guardian",
    "other_guardian",
    "district_admin",
)


@dataclass(frozen=True)
class Row:
    endpoint: str
    url: Callable[[World], str]
    outcomes: dict[str, int]
    method: str = "GET"


def only(allowed: set[str], ok: int = 200, others: int = 404, anonymous: int = 302) -> dict:
    outcomes = {actor: (ok if actor in allowed else others) for actor in ACTORS}
    outcomes["anonymous"] = anonymous
    return outcomes


EVERYONE = set(ACTORS) - {"anonymous"}
STAFF_OF_STUDENT = {"teacher", "leader", "district_admin"}
