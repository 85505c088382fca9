"""Guardian invitations, and the batches of family PDFs a teacher makes for a class."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import TimestampMixin, str_enum, utcnow
from app.extensions import db


class GuardianInvitation(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A one-time link that lets an invited guardian set their password.

    Only the token's digest is stored, as for password resets: a copy of the database
    hands out no accounts.
    """

    __tablename__ = "guardian_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

    guardian: Mapped[User] = relationship(foreign_keys=[guardian_id])
    student: Mapped[User] = relationship(foreign_keys=[student_id])

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at


class BatchStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def is_finished(self) -> bool:
        return self in (BatchStatus.DONE, BatchStatus.FAILED)


class PdfBatch(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A class's family summaries as one ZIP: who asked, how far it got, where the file is.

    The row is the job's state in both modes, so the page reads progress the same way whether
    an RQ worker or the request itself makes the PDFs.
    """

    __tablename__ = "pdf_batches"
    __table_args__ = (CheckConstraint("done <= total", name="done_within_total"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    language: Mapped[str] = mapped_column(String(10))  # "family", "en" or "es"
    status: Mapped[BatchStatus] = mapped_column(
        str_enum(BatchStatus, 10), default=BatchStatus.QUEUED
    )
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    reused: Mapped[int] = mapped_column(Integer, default=0)  # PDFs taken from the cache
    file_name: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else round(100 * self.done / self.total)
