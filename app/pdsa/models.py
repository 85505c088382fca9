"""PDSA cycles, stage by stage, chained to the cycle before; teacher comments per stage."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import TimestampMixin, str_enum, utcnow
from app.extensions import db
from app.goals.models import Goal
from app.pdsa.stages import Decision, Stage


class PdsaCycle(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """One Plan-Do-Study-Act cycle. A stage is done when its `*_at` timestamp is set."""

    __tablename__ = "pdsa_cycles"
    __table_args__ = (Index("ix_pdsa_cycles_student_closed", "student_id", "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="SET NULL"), index=True
    )
    # One cycle leads to at most one next cycle, so a chain never forks.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("pdsa_cycles.id"), unique=True)
    change: Mapped[str] = mapped_column(Text)
    prediction: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text)
    by_on: Mapped[date] = mapped_column(Date)
    what_happened: Mapped[str] = mapped_column(Text, default="")
    recorded: Mapped[str] = mapped_column(Text, default="")
    compared: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[Decision | None] = mapped_column(str_enum(Decision, 10))
    next_steps: Mapped[str] = mapped_column(Text, default="")
    planned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    studied_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_shareable: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    goal: Mapped[Goal | None] = relationship()
    comments: Mapped[list[PdsaComment]] = relationship(
        back_populates="cycle", order_by="PdsaComment.created_at"
    )

    @property
    def stages_done(self) -> set[Stage]:
        stamps = {
            Stage.PLAN: self.planned_at,
            Stage.DO: self.done_at,
            Stage.STUDY: self.studied_at,
            Stage.ACT: self.closed_at,
        }
        return {stage for stage, at in stamps.items() if at is not None}

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class PdsaComment(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A teacher's comment on one stage of a cycle; new to the student until seen."""

    __tablename__ = "pdsa_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("pdsa_cycles.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, 10))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime)

    cycle: Mapped[PdsaCycle] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()
