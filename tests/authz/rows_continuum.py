"""Access-matrix rows for the learner continuum: frameworks, evidence, mastery, import."""

from __future__ import annotations

from tests.authz.matrix import STAFF_OF_STUDENT, Row, only

STUDENT_AND_STAFF = {"student"} | STAFF_OF_STUDENT

ROWS: list[Row] = [
    Row(
        "continuum.student_continuum",
        lambda w: f"/students/{w.student.id}/continuum",
        only(STUDENT_AND_STAFF),
    ),
    Row(
        "continuum.level_chart",
        lambda w: f"/students/{w.student.id}/continuum/{w.framework.id}/chart.svg",
        only(STUDENT_AND_STAFF),
    ),
]

# Framework pages (admin blueprint): school leaders and district admins of the district.
FRAMEWORK_MANAGERS = {"leader", "other_leader", "district_admin"}
ROWS.extend(
    [
        Row("admin.frameworks", lambda w: "/frameworks", only(FRAMEWORK_MANAGERS)),
        Row("admin.import_framework", lambda w: "/frameworks/import", only(FRAMEWORK_MANAGERS)),
        Row(
            "admin.framework",
            lambda w: f"/frameworks/{w.framework.id}",
            only(FRAMEWORK_MANAGERS),
        ),
    ]
)
