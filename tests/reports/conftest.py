"""Report tests run on a fixed day, so expected levels and windows are known by hand."""

from __future__ import annotations

import pytest

from app import clock
from tests.reports.builders import TODAY


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
