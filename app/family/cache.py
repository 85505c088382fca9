"""Family PDFs kept on disk until the student's data changes.

A PDF's key is a fingerprint of everything it shows: the newest timestamp and the row count of
the student's evidence, mastery, goals, check-ins, PDSA cycles and conferences (read for a
whole class in one query), plus the name, grade, school settings, frameworks, period, language
and day. When any of them changes the key changes, and the old file is replaced.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Integer, Select, String, cast, func, literal, select, union_all

from app.classroom.models import Conference
from app.continuum.models import Evidence, Mastery
from app.extensions import db
from app.family.content import Period, fingerprint
from app.family.summary import SummaryContext
from app.goals.models import CheckIn, Goal
from app.pdsa.models import PdsaCycle

SUMMARY_VERSION = "1"  # bump when the summary's templates or wording change

StudentIds = Select[int] | Sequence[int]


def data_stamps(student_ids: StudentIds) -> dict[int, list[str]]:
    """{student id: [table, newest change, rows, …]} for every student, in one query."""
    ids = student_ids if isinstance(student_ids, Select) else list(student_ids)
    parts = []
    for name, model, stamp, extra in (
        ("evidence", Evidence, Evidence.updated_at, func.count(Evidence.removed_at)),
        ("mastery", Mastery, Mastery.updated_at, func.count(Mastery.mastered_on)),
        ("goals", Goal, Goal.updated_at, func.count(Goal.id)),
        ("check_ins", CheckIn, CheckIn.updated_at, func.count(CheckIn.id)),
        ("pdsa", PdsaCycle, PdsaCycle.updated_at, func.count(PdsaCycle.closed_at)),
        # Conferences have no updated_at: the shared ids and the notes' length stand in.
        (
            "conferences",
            Conference,
            Conference.created_at,
            func.sum(
                func.length(Conference.notes)
                + func.length(Conference.next_steps)
                + Conference.id * cast(Conference.is_shared, Integer)
            ),
        ),
    ):
        parts.append(
            select(
                model.student_id.label("student_id"),
                literal(name).label("part"),
                cast(func.max(stamp), String).label("stamp"),
                func.count().label("rows"),
                cast(extra, String).label("extra"),
            )
            .where(model.student_id.in_(ids))
            .group_by(model.student_id)
        )
    found: dict[int, list[str]] = {}
    rows = db.session.execute(union_all(*parts).order_by("student_id", "part"))
    for student_id, *values in rows:
        found.setdefault(student_id, []).extend(str(value) for value in values)
    return found


@dataclass(frozen=True)
class StudentKey:
    """What of the student themself the summary shows."""

    id: int
    name: str
    grade: int | None


def summary_key(
    student: StudentKey,
    stamps: list[str],
    context: SummaryContext,
    period: Period,
    language: str,
) -> str:
    settings = context.progress.settings
    frameworks = [(f.id, f.updated_at, f.name) for f in context.frameworks]
    year = context.progress.year
    return fingerprint(
        [
            SUMMARY_VERSION,
            student.id,
            student.name,
            student.grade,
            context.school.name,
            settings.paper_size,
            settings.on_pace_growth,
            settings.accelerating_growth,
            frameworks,
            year.id if year else None,
            context.progress.today,
            period.start,
            period.end,
            language,
            *stamps,
        ]
    )


class PdfCache:
    """PDFs under `root`/<student id>/<key>.pdf; writing one removes the student's older ones."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, student_id: int, key: str) -> Path:
        return self.root / str(student_id) / f"{key}.pdf"

    def get(self, student_id: int, key: str) -> bytes | None:
        path = self.path(student_id, key)
        return path.read_bytes() if path.is_file() else None

    def put(self, student_id: int, key: str, pdf: bytes) -> None:
        path = self.path(student_id, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(pdf)
        os.replace(temporary, path)  # readers see the whole file or none of it
        for old in path.parent.glob("*.pdf"):
            if old != path:
                old.unlink(missing_ok=True)
