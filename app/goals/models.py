"""Goals with their revision history, weekly check-ins with goal ratings, teacher replies."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.continuum.models import Competency
from app.db import TimestampMixin, str_enum, utcnow
from app.extensions import db
from app.goals.rules import GoalStatus


class Goal(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "goals"
    __table_args__ = (
        Index("ix_goals_student_status", "student_id", "status"),
        CheckConstraint(
            "target_level IS NULL OR competency_id IS NOT NULL", name="target_needs_competency"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text)
    strategies: Mapped[str] = mapped_column(Text)
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("competencies.id"), index=True)
    target_level: Mapped[int | None] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[GoalStatus] = mapped_column(str_enum(GoalStatus, 20), default=GoalStatus.ACTIVE)
    is_co_created: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    competency: Mapped[Competency | None] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    revisions: Mapped[list[GoalRevision]] = relationship(
        back_populates="goal", order_by="GoalRevision.revised_at.desc()"
    )

    def is_overdue(self, today: date) -> bool:
        return self.status.is_open and self.due_on < today


class GoalRevision(db.Model):  # type: ignore[name-defined,misc]
    """A goal as it stood before someone changed it: who, when, and the old values."""

    __tablename__ = "goal_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    revised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    revised_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    old_title: Mapped[str] = mapped_column(String(200))
    old_why: Mapped[str] = mapped_column(Text)
    old_strategies: Mapped[str] = mapped_column(Text)
    old_competency_id: Mapped[int | None] = mapped_column(ForeignKey("competencies.id"))
    old_target_level: Mapped[int | None] = mapped_column(Integer)
    old_due_on: Mapped[date] = mapped_column(Date)
    old_status: Mapped[GoalStatus] = mapped_column(str_enum(GoalStatus, 20))

    goal: Mapped[Goal] = relationship(back_populates="revisions")
    revised_by: Mapped[User] = relationship()


class CheckIn(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """One student's weekly check-in; `week_start` is the Monday of its ISO week."""

    __tablename__ = "check_ins"
    __table_args__ = (
        UniqueConstraint("student_id", "iso_year", "iso_week"),
        CheckConstraint("confidence BETWEEN 1 AND 5", name="confidence_range"),
        CheckConstraint("feeling IS NULL OR feeling BETWEEN 1 AND 5", name="feeling_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    iso_year: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    week_start: Mapped[date] = mapped_column(Date, index=True)
    confidence: Mapped[int] = mapped_column(Integer)
    went_well: Mapped[str] = mapped_column(Text)
    hard: Mapped[str] = mapped_column(Text)
    next_step: Mapped[str] = mapped_column(Text)
    wants_help: Mapped[bool] = mapped_column(Boolean, default=False)
    # Only the student and their teachers ever see this individually: never guardians, and
    # leaders only in aggregate. Null when not given, or when the school switched it off.
    feeling: Mapped[int | None] = mapped_column(Integer)
    is_shareable: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    ratings: Mapped[list[GoalRating]] = relationship(
        back_populates="check_in", cascade="all, delete-orphan"
    )
    replies: Mapped[list[CheckInReply]] = relationship(
        back_populates="check_in", order_by="CheckInReply.created_at"
    )


class GoalRating(db.Model):  # type: ignore[name-defined,misc]
    """Progress on one goal in one check-in, 1 (just starting) to 5 (there)."""

    __tablename__ = "goal_ratings"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    check_in_id: Mapped[int] = mapped_column(
        ForeignKey("check_ins.id", ondelete="CASCADE"), primary_key=True
    )
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    rating: Mapped[int] = mapped_column(Integer)

    check_in: Mapped[CheckIn] = relationship(back_populates="ratings")
    goal: Mapped[Goal] = relationship()


class CheckInReply(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A teacher's reply to a check-in; new to the student until `seen_at` is set."""

    __tablename__ = "check_in_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_in_id: Mapped[int] = mapped_column(
        ForeignKey("check_ins.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime)

    check_in: Mapped[CheckIn] = relationship(back_populates="replies")
    author: Mapped[User] = relationship()
