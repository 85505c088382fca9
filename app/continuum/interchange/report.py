"""Errors and warnings gathered while a file is read.

Deviations from the specification are counted as they are met and reported once each, with a
count and an example, so that a file with a thousand naive timestamps yields one warning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from app.continuum.interchange.specs import counted


def timestamp_has_zone(value: str) -> bool | None:
    """True with a zone, False without, None when it is not a date-time at all."""
    try:
        return datetime.fromisoformat(value.strip()).tzinfo is not None
    except ValueError:
        return None


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    string_links: Counter[str] = field(default_factory=Counter)
    naive_times: list[str] = field(default_factory=list)
    bad_times: list[str] = field(default_factory=list)
    educational_level: list[str] = field(default_factory=list)
    level_strings: list[str] = field(default_factory=list)
    untyped: int = 0
    items: int = 0

    def error(self, message: str) -> None:
        self.errors.append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    warn = note

    def check_links(self, record: dict[str, object], keys: Iterable[str]) -> None:
        """Count plain strings where a LinkURI object ({title, identifier, uri}) belongs."""
        for key in keys:
            value = record.get(key)
            values = value if isinstance(value, list) else [value]
            self.string_links[key] += sum(isinstance(v, str) for v in values)

    def check_timestamp(self, record: dict[str, object]) -> None:
        value = record.get("lastChangeDateTime")
        if not isinstance(value, str):
            return
        zone = timestamp_has_zone(value)
        if zone is None:
            self.bad_times.append(value)
        elif not zone:
            self.naive_times.append(value)

    def deviations(self) -> list[str]:
        found = []
        if self.educational_level:
            items = counted(len(self.educational_level), "item gives its", "items give their")
            found.append(
                f"{items} grade in educationalLevel as a string "
                f"(e.g. {self.educational_level[0]!r}) instead of an educationLevel list; read "
                "as grade levels."
            )
        if self.level_strings:
            items = counted(len(self.level_strings), "item gives", "items give")
            found.append(
                f"{items} educationLevel as a string (e.g. {self.level_strings[0]!r}) instead "
                "of a list; read as grade levels."
            )
        if links := +self.string_links:
            plain = counted(
                links.total(), "link is a plain URI string", "links are plain URI strings"
            )
            found.append(
                f"{plain} where CASE expects a LinkURI object ({', '.join(sorted(links))}); "
                "accepted."
            )
        if self.naive_times:
            times = counted(len(self.naive_times), "timestamp has", "timestamps have")
            found.append(
                f"{times} no time zone (e.g. {self.naive_times[0]}); accepted, as Waypoint "
                "does not use them."
            )
        if self.bad_times:
            times = counted(
                len(self.bad_times),
                "lastChangeDateTime is not a date-time",
                "lastChangeDateTimes are not date-times",
            )
            found.append(f"{times} (e.g. {self.bad_times[0]!r}); ignored.")
        if self.untyped:
            items = counted(self.untyped, "item has", "items have")
            found.append(
                f"{'No item has a' if self.untyped == self.items else items + ' no'} CFItemType; "
                "strands and competencies are read from the tree alone."
            )
        return found

    def all_warnings(self) -> list[str]:
        return [*self.deviations(), *self.notes]
