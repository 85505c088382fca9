"""Framework files in, plain specs out: 1EdTech CASE 1.0 JSON packages and a simple CSV.

Pure on purpose (no Flask, no database): a parser reads the whole file and returns a
FrameworkSpec with every error and warning it found, so nothing is written until the file is
known to be good. Real files bend the specification; a deviation whose meaning is clear is
accepted and reported as a warning, and only what cannot be read safely is refused.
"""

from __future__ import annotations

from typing import Literal

from app.continuum.interchange.case import parse_case
from app.continuum.interchange.csv_file import parse_csv
from app.continuum.interchange.specs import (
    MAX_LEVEL,
    CompetencySpec,
    DescriptorSpec,
    FrameworkSpec,
    LevelSpec,
    StrandSpec,
    failed,
)

__all__ = [
    "MAX_BYTES",
    "MAX_LEVEL",
    "CompetencySpec",
    "DescriptorSpec",
    "FrameworkSpec",
    "LevelSpec",
    "StrandSpec",
    "detect_format",
    "parse_case",
    "parse_csv",
    "parse_framework",
]

MAX_BYTES = 5 * 1024 * 1024
Format = Literal["case", "csv"]


def detect_format(filename: str, data: bytes) -> Format:
    """By extension first (.json is CASE; .csv, .tsv, .txt are CSV), then by the content."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "json":
        return "case"
    if extension in {"csv", "tsv", "txt"}:
        return "csv"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "case" if head.startswith((b"{", b"[")) else "csv"


def parse_framework(
    filename: str, data: bytes, *, name: str | None = None, level: int | None = None
) -> FrameworkSpec:
    """Read a file of either format; `level` is for CASE items with no grade level."""
    kind = detect_format(filename, data)
    if len(data) > MAX_BYTES:
        size = len(data) / (1024 * 1024)
        return failed(kind, [f"The file is {size:.1f} MB; a framework file can be at most 5 MB."])
    if kind == "case":
        return parse_case(data, level=level, name=name)
    return parse_csv(data, name=name)
