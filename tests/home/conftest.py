"""Every learning test runs on a fixed Wednesday, so "this week" is the same on any day."""

from __future__ import annotations

import pytest

from app import clock
from tests.goals.builders import TODAY


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
