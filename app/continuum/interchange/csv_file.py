"""The simple CSV format: strand, competency code, statement, level, descriptor (and kind).

One row per (competency, level) descriptor; a competency's statement may repeat on each of its
rows. Errors name the line (line 1 is the header).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from app.continuum.interchange.specs import (
    MAX_CODE,
    MAX_LEVEL,
    MAX_NAME,
    CompetencySpec,
    DescriptorSpec,
    FrameworkSpec,
    Kind,
    LevelSpec,
    StrandSpec,
    decode_text,
    failed,
    grade_label,
    slug,
)

CSV_COLUMNS = ("strand", "competency code", "statement", "level", "descriptor")
KINDS: tuple[Kind, ...] = ("academic", "transferable")


@dataclass
class _CsvCompetency:
    strand: str
    statement: str
    kind: Kind
    line: int
    descriptors: dict[int, tuple[str, int]] = field(default_factory=dict)


@dataclass
class _CsvState:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    competencies: dict[str, _CsvCompetency] = field(default_factory=dict)
    strands: dict[str, list[str]] = field(default_factory=dict)  # name -> codes, file order


def _header_key(value: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", value).split()).lower()


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The delimiter, guessed from the header line only: statements are full of commas."""
    first = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def parse_csv(data: bytes | str, *, name: str | None) -> FrameworkSpec:
    """One row per (competency, level) descriptor; line 1 is the header."""
    text, error = decode_text(data)
    if error:
        return failed("csv", [error])
    framework_name = (name or "").strip()
    errors = [] if framework_name else ["Give the framework a name: a CSV file has none."]
    if len(framework_name) > MAX_NAME:
        errors.append(f"The framework name is longer than {MAX_NAME} characters.")
    if not text.strip():
        return failed("csv", [*errors, "The file is empty."])
    state = _CsvState(errors=list(errors))
    _read_rows(text, state)
    if len(state.errors) == len(errors) and not state.competencies:
        state.errors.append("The file has a header but no rows.")
    if state.errors:
        return failed("csv", state.errors, state.warnings)
    strands = tuple(
        StrandSpec(
            code=strand,
            title=strand,
            competencies=tuple(_csv_competency(code, state.competencies[code]) for code in codes),
        )
        for strand, codes in state.strands.items()
    )
    used = sorted({d.level for s in strands for c in s.competencies for d in c.descriptors})
    return FrameworkSpec(
        name=framework_name,
        description="",
        source="csv",
        source_identifier=slug(framework_name),
        strands=strands,
        levels=tuple(LevelSpec(n, grade_label(n)) for n in used),
        warnings=state.warnings,
    )


def _csv_competency(code: str, row: _CsvCompetency) -> CompetencySpec:
    descriptors = tuple(
        DescriptorSpec(level=level, statement=statement)
        for level, (statement, _line) in sorted(row.descriptors.items())
    )
    return CompetencySpec(code=code, title=row.statement, kind=row.kind, descriptors=descriptors)


def _read_rows(text: str, state: _CsvState) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), _sniff(text))
    try:
        header = next(reader)
    except csv.Error as exc:
        state.errors.append(f"Line 1: {exc}.")
        return
    columns = _columns(header, state)
    if columns is None:
        return
    last = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            state.errors.append(f"Line {last + 1}: {exc}; the rest of the file was not read.")
            return
        line, last = last + 1, reader.line_num
        if any(value.strip() for value in row):
            _read_row(line, row, columns, len(header), state)


def _columns(header: list[str], state: _CsvState) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _header_key(title)
        if key in columns and key in (*CSV_COLUMNS, "kind"):
            state.errors.append(f"Line 1: the column {title.strip()!r} appears twice.")
        columns.setdefault(key, index)
    missing = [column for column in CSV_COLUMNS if column not in columns]
    if missing:
        state.errors.append(
            f"Line 1: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
            "The header must be: strand, competency code, statement, level, descriptor "
            "(and optionally kind)."
        )
    extra = [t.strip() for t in header if _header_key(t) not in (*CSV_COLUMNS, "kind", "")]
    if extra:
        state.warnings.append(f"Ignored column{'s' if len(extra) > 1 else ''}: {', '.join(extra)}.")
    return None if state.errors else columns


def _read_row(
    line: int, row: list[str], columns: dict[str, int], width: int, state: _CsvState
) -> None:
    if any(value.strip() for value in row[width:]):
        state.errors.append(f"Line {line}: {len(row)} values, but the header has {width} columns.")
        return

    def value(column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    strand, code, statement = value("strand"), value("competency code"), value("statement")
    problems = [
        f"empty {label}"
        for label, v in (("strand", strand), ("competency code", code), ("statement", statement))
        if not v
    ]
    level = _csv_level(value("level"), problems)
    kind = _kind(value("kind"))
    if kind is None:
        problems.append(f"kind {value('kind')!r} is neither academic nor transferable")
    if len(code) > MAX_CODE or len(strand) > MAX_CODE:
        problems.append(f"strand names and competency codes can be at most {MAX_CODE} characters")
    if problems:
        state.errors.append(f"Line {line}: {'; '.join(problems)}.")
        return
    assert level is not None and kind is not None
    descriptor = value("descriptor")
    if not descriptor:
        state.warnings.append(
            f"Line {line}: no descriptor; the competency statement is used for level {level}."
        )
    _add_descriptor(line, strand, code, statement, kind, level, descriptor or statement, state)


def _kind(text: str) -> Kind | None:
    """Empty means academic; "Transferable skill" is read as transferable."""
    word = text.split(" ", 1)[0].lower() if text else "academic"
    return next((kind for kind in KINDS if kind == word), None)


def _csv_level(text: str, problems: list[str]) -> int | None:
    if not text:
        problems.append("empty level")
    elif re.fullmatch(r"[0-9]+", text) and int(text) <= MAX_LEVEL:
        return int(text)
    else:
        problems.append(f"level {text!r} is not a whole number from 0 to {MAX_LEVEL}")
    return None


def _add_descriptor(
    line: int,
    strand: str,
    code: str,
    statement: str,
    kind: Kind,
    level: int,
    descriptor: str,
    state: _CsvState,
) -> None:
    known = state.competencies.get(code)
    if known is None:
        state.competencies[code] = _CsvCompetency(strand, statement, kind, line)
        state.strands.setdefault(strand, []).append(code)
        known = state.competencies[code]
    elif known.strand != strand:
        state.errors.append(
            f"Line {line}: competency {code} is under strand {strand!r} here, "
            f"but under {known.strand!r} on line {known.line}."
        )
        return
    else:
        for label, first, here in (
            ("statement", known.statement, statement),
            ("kind", known.kind, kind),
        ):
            if first != here:
                state.warnings.append(
                    f"Line {line}: competency {code} has a different {label} than on line "
                    f"{known.line}; the first one is kept."
                )
    if level in known.descriptors:
        first_line = known.descriptors[level][1]
        state.errors.append(
            f"Line {line}: competency {code} already has a level {level} descriptor "
            f"(line {first_line})."
        )
        return
    known.descriptors[level] = (descriptor, line)
