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


# Evidence, judgements, self-assessments and the quick-entry grid. Staff who may see the
# student record and judge; the student reads their own page and rates only themselves.
def _evidence(w, removed: bool = False) -> int:
    from datetime import date
    from decimal import Decimal

    from app.continuum import services
    from app.continuum.models import EvidenceKind
    from app.extensions import db

    on = date(2026, 10, 1)
    entry = services.NewEvidence(Decimal(3), EvidenceKind.FORMATIVE, on)
    evidence = services.record_evidence(w.student, w.competency, 1, entry, w.teacher, on)
    if removed:
        services.remove_evidence(evidence, w.teacher)
    db.session.commit()
    return evidence.id


def _override(w) -> int:
    from datetime import date

    from app.continuum import services
    from app.extensions import db

    found = services.set_override(
        w.student, w.competency, 1, True, "Shown in class", w.teacher, date(2026, 10, 1)
    )
    db.session.commit()
    return found.id


def _cell(w) -> str:
    return f"/students/{w.student.id}/competencies/{w.competency.id}/levels/1"


def _grid(w) -> str:
    return f"/sections/{w.section.id}/competencies/{w.competency.id}/levels/1/quick-entry"


SECTION_STAFF = {"teacher", "leader", "district_admin"}
ROWS.extend(
    [
        Row(
            "continuum.new_evidence",
            lambda w: f"/students/{w.student.id}/evidence/new",
            only(STAFF_OF_STUDENT),
        ),
        Row("continuum.evidence_list", _cell, only(STUDENT_AND_STAFF)),
        Row(
            "continuum.set_override",
            lambda w: _cell(w) + "/judgement",
            only(STAFF_OF_STUDENT, ok=422),  # no decision or reason posted: explained, 422
            method="POST",
        ),
        Row(
            "continuum.withdraw_override",
            lambda w: f"/judgements/{_override(w)}/withdraw",
            only(STAFF_OF_STUDENT, ok=303),
            method="POST",
        ),
        Row(
            "continuum.edit_evidence",
            lambda w: f"/evidence/{_evidence(w)}/edit",
            only(STAFF_OF_STUDENT),
        ),
        Row(
            "continuum.remove_evidence",
            lambda w: f"/evidence/{_evidence(w)}/remove",
            only(STAFF_OF_STUDENT, ok=303),
            method="POST",
        ),
        Row(
            "continuum.restore_evidence",
            lambda w: f"/evidence/{_evidence(w, removed=True)}/restore",
            only(STAFF_OF_STUDENT, ok=303),
            method="POST",
        ),
        Row(
            "continuum.self_assessment",
            lambda w: f"/students/{w.student.id}/self-assessments/new",
            only({"student"}),
        ),
        Row(
            "continuum.grid_chooser",
            lambda w: f"/sections/{w.section.id}/quick-entry",
            only(SECTION_STAFF),
        ),
        Row("continuum.grid", _grid, only(SECTION_STAFF)),
        Row(
            "continuum.grid_cell",
            lambda w: _grid(w) + f"/students/{w.student.id}",
            only(SECTION_STAFF, ok=303),  # a plain POST is sent back to the grid
            method="POST",
        ),
        Row(
            "continuum.grid_undo",
            lambda w: f"/sections/{w.section.id}/quick-entry/evidence/{_evidence(w)}/undo",
            only(SECTION_STAFF, ok=303),
            method="POST",
        ),
    ]
)
