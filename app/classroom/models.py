"""Conferences (teacher–student conversations) and support plans for flagged students."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.classroom.rules import CheckFrequency, PlanStatus
from app.db import TimestampMixin, str_enum, utcnow
from app.extensions import db
from app.goals.models import Goal

conference_goals = Table(
    "conference_goals",
    db.metadata,
    Column(
        "conference_id",
        ForeignKey("conferences.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Conference(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A conferring record. Private ones are for staff; shared ones also reach the student
    and, through them, the family."""

    __tablename__ = "conferences"
    __table_args__ = (Index("ix_conferences_student_held_on", "student_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text)
    next_steps: Mapped[str] = mapped_column(Text)
    is_shared: Mapped[bool] = mapped_column(Boolean, default=False)

    teacher: Mapped[User] = relationship(foreign_keys=[teacher_id])
    goals: Mapped[list[Goal]] = relationship(secondary=conference_goals, order_by=Goal.title)


class SupportPlan(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """Targeted support for a flagged student: what we will do, who owns it, when we look
    again. `school_id` is the student's school, so a leader's list is one indexed query."""

    __tablename__ = "support_plans"
    __table_args__ = (
        Index("ix_support_plans_student_status", "student_id", "status"),
        Index("ix_support_plans_school_status_review_on", "school_id", "status", "review_on"),
        CheckConstraint("tier BETWEEN 1 AND 3", name="tier_range"),
        CheckConstraint("review_on > starts_on", name="review_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    reason: Mapped[str] = mapped_column(Text)
    flag_kind: Mapped[str | None] = mapped_column(String(30))  # the flag that prompted it
    strategy: Mapped[str] = mapped_column(Text)
    tier: Mapped[int] = mapped_column(Integer, default=2)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date] = mapped_column(Date)
    check_frequency: Mapped[CheckFrequency] = mapped_column(
        str_enum(CheckFrequency, 20), default=CheckFrequency.WEEKLY
    )
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus, 20), default=PlanStatus.ACTIVE)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    student: Mapped[User] = relationship(foreign_keys=[student_id])
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    changes: Mapped[list[SupportPlanChange]] = relationship(
        back_populates="plan", order_by="SupportPlanChange.changed_at.desc()"
    )


class SupportPlanChange(db.Model):  # type: ignore[name-defined,misc]
    """Who opened, edited or changed the status of a plan, and when."""

    __tablename__ = "support_plan_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    old_status: Mapped[PlanStatus | None] = mapped_column(str_enum(PlanStatus, 20))
    new_status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus, 20))
    summary: Mapped[str] = mapped_column(String(300))  # "Opened", "Status: Active → Completed"

    plan: Mapped[SupportPlan] = relationship(back_populates="changes")
    changed_by: Mapped[User] = relationship()
