"""Access-matrix rows for goals, weekly check-ins and PDSA cycles."""

from __future__ import annotations

from tests.authz.matrix import Row

ROWS: list[Row] = []
