"""Today's date for routes and services, in one place that tests can pin.

Calculations take `today` as an argument; only the edges (routes, commands) ask the clock.
Tests pin it with `monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 12))`, so callers
must write `clock.today()`, not `from app.clock import today`.
"""

from __future__ import annotations

from datetime import date


def today() -> date:
    return date.today()
