"""The real sample files the tests read (tests/data, with their provenance)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CASE_STANDARDS = "opensalt-what-standards-could-be.json"  # grades 6–7, older OpenSALT quirks
CASE_ACT = "opensalt-act-holistic-framework-math-excerpt.json"  # no grade levels, no types


def case_sample(name: str) -> bytes:
    path = DATA / "case" / name
    return path.read_bytes()
