"""The real sample files the tests read, from the shared data folder beside the project."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
CASE_STANDARDS = "opensalt-what-standards-could-be.json"  # grades 6–7, older OpenSALT quirks
CASE_ACT = "opensalt-act-holistic-framework-math-excerpt.json"  # no grade levels, no types


def case_sample(name: str) -> bytes:
    path = DATA / "case" / name
    assert path.is_file(), f"missing sample {path}: the shared data folder sits beside the project"
    return path.read_bytes()
