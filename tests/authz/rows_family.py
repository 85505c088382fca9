"""Access-matrix rows for families: the progress summary (page and PDF), the language setting,
guardian invitations, and a class's PDFs in one batch."""

from __future__ import annotations

import zipfile

from app.extensions import db
from app.family.batch import zip_path
from app.family.models import BatchStatus, PdfBatch
from tests.authz.matrix import ACTORS, Row, only
from tests.factories import World

# Everyone who may see world.student: the student, their guardian, and the staff over them.
SUMMARY_READERS = {"student", "guardian", "teacher", "leader", "district_admin"}
STUDENT_STAFF = {"teacher", "leader", "district_admin"}
READERS = {"student", "other_student", "guardian", "other_guardian"}


def _batch(world: World, finished: bool = False) -> int:
    """A batch for world.section (finished: with its ZIP on disk), committed for the request."""
    batch = PdfBatch(
        section_id=world.section.id,
        requested_by_id=world.teacher.id,
        language="family",
        total=1,
        done=1 if finished else 0,
        status=BatchStatus.DONE if finished else BatchStatus.RUNNING,
    )
    db.session.add(batch)
    db.session.commit()
    if finished:
        path = zip_path(batch)
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("empty.txt", "")
    return batch.id


ROWS: list[Row] = [
    Row(
        "family.summary",
        lambda w: f"/students/{w.student.id}/summary",
        only(SUMMARY_READERS),
    ),
    Row(
        "family.summary_pdf",
        lambda w: f"/students/{w.student.id}/summary.pdf",
        only(SUMMARY_READERS),
    ),
    Row("family.language", lambda w: "/account/language", only(READERS)),
    Row(
        "family.invite",
        lambda w: f"/students/{w.student.id}/guardians/invite",
        only(STUDENT_STAFF),
    ),
    Row(
        "family.accept_invitation", lambda w: "/invitations/not-a-token", dict.fromkeys(ACTORS, 410)
    ),
    Row(
        "family.batches",
        lambda w: f"/sections/{w.section.id}/family-pdfs",
        only(STUDENT_STAFF),
    ),
    Row(
        "family.batch",
        lambda w: f"/sections/{w.section.id}/family-pdfs/{_batch(w)}",
        only(STUDENT_STAFF),
    ),
    Row(
        "family.batch_download",
        lambda w: f"/sections/{w.section.id}/family-pdfs/{_batch(w, finished=True)}/download",
        only(STUDENT_STAFF),
    ),
]
