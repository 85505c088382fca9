"""The audit log: who opened which student's record, and when."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, Response, g
from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import utcnow
from app.extensions import db


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    record: Mapped[str] = mapped_column(String(100))
    path: Mapped[str] = mapped_column(String(500))

    actor: Mapped[User] = relationship(foreign_keys=[actor_id])
    student: Mapped[User] = relationship(foreign_keys=[student_id])


def record_access(actor: User, student: User, record: str, path: str) -> None:
    """Log that someone other than the student opened the student's record.

    Added to the request's session: a route that saves something commits it with its own
    change, and for read-only pages the after-request hook below commits it.
    """
    if actor.id == student.id:
        return
    db.session.add(
        AuditEvent(
            actor_id=actor.id,
            student_id=student.id,
            school_id=student.school_id,
            record=record,
            path=path[:500],
        )
    )
    g.audit_pending = True


def commit_pending_audit(response: Response) -> Response:
    if g.pop("audit_pending", False) and response.status_code < 400:
        db.session.commit()
    return response


def register_audit(app: Flask) -> None:
    app.after_request(commit_pending_audit)
