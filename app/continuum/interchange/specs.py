"""What a framework file says, as plain frozen values: the importer's only input."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Source = Literal["case", "csv"]
Kind = Literal["academic", "transferable"]

MAX_LEVEL = 20
MAX_NAME = 200  # Framework.name
MAX_CODE = 100  # Strand.code, Competency.code
MAX_IDENTIFIER = 100  # every source_identifier
MAX_STRAND_TITLE = 300  # Strand.title


@dataclass(frozen=True)
class DescriptorSpec:
    level: int
    statement: str
    source_identifier: str | None = None


@dataclass(frozen=True)
class CompetencySpec:
    code: str
    title: str
    descriptors: tuple[DescriptorSpec, ...]
    kind: Kind = "academic"
    source_identifier: str | None = None


@dataclass(frozen=True)
class StrandSpec:
    code: str
    title: str
    competencies: tuple[CompetencySpec, ...]
    source_identifier: str | None = None


@dataclass(frozen=True)
class LevelSpec:
    number: int
    grade: str


@dataclass(frozen=True)
class FrameworkSpec:
    """A whole framework, or (when `errors` is not empty) the reasons it cannot be imported."""

    name: str
    description: str
    source: Source
    source_identifier: str
    strands: tuple[StrandSpec, ...] = ()
    levels: tuple[LevelSpec, ...] = ()
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def competencies(self) -> tuple[CompetencySpec, ...]:
        return tuple(c for strand in self.strands for c in strand.competencies)

    @property
    def descriptor_count(self) -> int:
        return sum(len(c.descriptors) for c in self.competencies)


def failed(source: Source, errors: list[str], warnings: list[str] | None = None) -> FrameworkSpec:
    """A spec that carries only its errors (and the warnings found before them)."""
    return FrameworkSpec("", "", source, "", errors=list(errors), warnings=list(warnings or []))


def grade_label(level: int) -> str:
    return "K" if level == 0 else str(level)


def slug(name: str) -> str:
    """A stable key for a framework known only by its name: "Maths 6–8" → "maths-6-8"."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    ascii_name = "".join(
        c if c.isascii() else "" if unicodedata.combining(c) else "-" for c in decomposed
    )
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    if not text:  # a name in a script with no ASCII letters keeps its own characters
        text = re.sub(r"\W+", "-", name.lower()).strip("-")
    return text[:MAX_IDENTIFIER].rstrip("-") or "framework"


def decode_text(data: bytes | str) -> tuple[str, str | None]:
    """UTF-8 text, a leading byte-order mark dropped; or an error message naming the line."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", (
            f"Line {line}: the file is not UTF-8 text. Save it as UTF-8 "
            "(in a spreadsheet: CSV UTF-8) and import it again."
        )


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts L1.2 before L1.10: digit runs compare as numbers."""
    return tuple(
        (1, int(part)) if part.isascii() and part.isdigit() else (0, part.casefold())
        for part in re.split(r"([0-9]+)", text)
        if part
    )


def counted(n: int, one: str, many: str) -> str:
    """ "1 item has" or "3 items have": the count with the phrase that agrees with it."""
    return f"{n} {one if n == 1 else many}"


def name_list(names: list[str], limit: int = 8) -> str:
    """ "a, b, c and 4 more": enough to find them, short enough to read."""
    shown = ", ".join(names[:limit])
    return f"{shown} and {len(names) - limit} more" if len(names) > limit else shown
