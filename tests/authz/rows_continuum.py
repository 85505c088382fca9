"""Access-matrix rows for the learner continuum: frameworks, evidence, mastery, import."""

from __future__ import annotations

from tests.authz.matrix import Row

ROWS: list[Row] = []
