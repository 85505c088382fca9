"""Continuum pages: a student's continuum, evidence entry, and judgements."""

from __future__ import annotations

from app.continuum import bp  # noqa: F401
