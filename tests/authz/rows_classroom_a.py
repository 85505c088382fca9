"""Access-matrix rows for the class dashboard and the data wall: staff who can see the section."""

from __future__ import annotations

from tests.authz.matrix import Row, only

SECTION_STAFF = {"teacher", "leader", "district_admin"}

ROWS: list[Row] = [
    Row(
        "classroom.dashboard",
        lambda w: f"/sections/{w.section.id}/dashboard",
        only(SECTION_STAFF),
    ),
    Row(
        "classroom.data_wall",
        lambda w: f"/sections/{w.section.id}/wall",
        only(SECTION_STAFF),
    ),
]
