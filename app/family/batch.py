"""A class's family summaries in one ZIP, made by an RQ worker or by the request itself.

The batch row holds the state (queued, running, how many done, done or failed), so the page
polls the same thing in both modes. Cached PDFs are reused: a class whose data has not changed
since the last batch costs one query for the fingerprints and a read per file.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.extensions import db
from app.family.cache import data_stamps
from app.family.content import choose_language, file_name
from app.family.models import PdfBatch
from app.family.render import cached_summary_pdf, pdf_folder
from app.family.summary import summary_context
from app.schools.models import GuardianLink, Section
from app.schools.queries import section_student_ids


def student_count(section_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(section_student_ids(section_id).subquery())
        )
        or 0
    )


def new_batch(section: Section, requester: User, language: str) -> PdfBatch | None:
    """A queued batch for the section's students; None when the class has no students."""
    total = student_count(section.id)
    if total == 0:
        return None
    batch = PdfBatch(
        section_id=section.id, requested_by_id=requester.id, language=language, total=total
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def family_languages(student_ids: list[int]) -> dict[int, str]:
    """Each student's family language: what most of their guardians chose (one query)."""
    rows = db.session.execute(
        select(GuardianLink.student_id, User.preferred_language)
        .join(User, User.id == GuardianLink.guardian_id)
        .where(GuardianLink.student_id.in_(student_ids))
    )
    chosen: dict[int, list[str]] = defaultdict(list)
    for student_id, language in rows:
        chosen[student_id].append(language)
    return {
        student_id: choose_language(None, chosen.get(student_id, [])) for student_id in student_ids
    }


def zip_path(batch: PdfBatch) -> Path:
    return pdf_folder() / "batches" / f"batch-{batch.id}.zip"


def make_zip(batch: PdfBatch, section: Section, today: date, progress: Callable[[], None]) -> Path:
    """Write every student's PDF into the batch's ZIP, calling `progress` after each one."""
    students = list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(section_student_ids(section.id)))
            .options(joinedload(User.student_profile))
            .order_by(func.lower(User.family_name), func.lower(User.given_name), User.id)
        )
    )
    context = summary_context(section.school, today)
    period = context.default_period()
    stamps = data_stamps(section_student_ids(section.id))
    languages = family_languages([s.id for s in students]) if batch.language == "family" else {}
    target = zip_path(batch)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    batch.total = len(students)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive:
            for student in students:
                language = languages.get(student.id, batch.language)
                pdf, reused = cached_summary_pdf(
                    student, context, period, language, stamps.get(student.id, [])
                )
                archive.writestr(file_name(student.sort_name, language, period.end), pdf)
                batch.done += 1
                batch.reused += int(reused)
                progress()
    except BaseException:
        Path(temporary).unlink(missing_ok=True)  # no half-written ZIP is ever offered
        raise
    os.replace(temporary, target)
    return target
