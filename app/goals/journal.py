"""The student's journal: everything they did and were told, newest first.

Pure: each feature hands over its own entries, worded in the reader's language; this merges
them.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class JournalEntry:
    at: datetime
    kind: str  # a short label: "Goal", "Check-in", "PDSA", "Feedback" (translated)
    text: str
    href: str


def newest(entries: Iterable[JournalEntry], limit: int) -> list[JournalEntry]:
    """The `limit` newest entries; ties keep the order the features gave them."""
    return heapq.nlargest(limit, entries, key=lambda entry: entry.at)
