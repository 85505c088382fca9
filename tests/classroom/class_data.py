"""Builders for the class dashboard and data wall tests: mastery written straight to the
store, so a class of 200 is quick to build."""

from __future__ import annotations

from datetime import date

from app import clock
from tests.factories import store_mastery

TODAY = date(2026, 11, 25)  # a Wednesday; world's school year began on Aug 24


def pin_today(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock, "today", lambda: TODAY)


master = store_mastery  # the shared builder, under the name these tests use
