"""The learner continuum: frameworks and their levels, evidence, and stored mastery.

A framework belongs to a district, so every school in it reads the same continuum. Mastery is
stored per (student, competency, level) and rewritten in the transaction that changes its
evidence; pages read it and never recompute it.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.continuum.mastery import Method, MethodParams, Scale
from app.db import TimestampMixin, str_enum, utcnow
from app.extensions import db
from app.translatable import N_

SCORE = Numeric(5, 2)


class CompetencyKind(enum.StrEnum):
    ACADEMIC = "academic"
    TRANSFERABLE = "transferable"

    @property
    def label(self) -> str:
        return "Academic" if self is CompetencyKind.ACADEMIC else "Transferable skill"


class FrameworkSource(enum.StrEnum):
    DEMO = "demo"
    CASE = "case"
    CSV = "csv"


class EvidenceKind(enum.StrEnum):
    FORMATIVE = "formative"
    SUMMATIVE = "summative"
    DIAGNOSTIC = "diagnostic"
    STUDENT_WORK = "student_work"
    OBSERVATION = "observation"
    SELF_ASSESSMENT = "self_assessment"

    @property
    def label(self) -> str:
        """English, marked with `N_`: pages translate it (`translate` filter)."""
        return _KIND_LABELS[self]

    @property
    def counts(self) -> bool:
        """Self-assessments sit beside teacher evidence but never decide mastery."""
        return self is not EvidenceKind.SELF_ASSESSMENT


_KIND_LABELS = {
    EvidenceKind.FORMATIVE: N_("Formative"),
    EvidenceKind.SUMMATIVE: N_("Summative"),
    EvidenceKind.DIAGNOSTIC: N_("Diagnostic"),
    EvidenceKind.STUDENT_WORK: N_("Student work"),
    EvidenceKind.OBSERVATION: N_("Observation"),
    EvidenceKind.SELF_ASSESSMENT: N_("Self assessment"),
}
TEACHER_KINDS = tuple(kind for kind in EvidenceKind if kind.counts)


class Framework(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "frameworks"
    __table_args__ = (
        UniqueConstraint("district_id", "source_identifier"),
        CheckConstraint("decay_weight >= 0.5 AND decay_weight <= 0.99", name="decay_weight_range"),
        CheckConstraint("n_times >= 1 AND last_n >= 1", name="counts_positive"),
        CheckConstraint("minimum_evidence >= 1", name="minimum_evidence_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[FrameworkSource] = mapped_column(str_enum(FrameworkSource, 10))
    # The CASE CFDocument identifier, or for a CSV or demo framework a key of our own.
    source_identifier: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[Method] = mapped_column(str_enum(Method, 20), default=Method.DECAYING_AVERAGE)
    decay_weight: Mapped[Decimal] = mapped_column(Numeric(3, 2), default=Decimal("0.65"))
    n_times: Mapped[int] = mapped_column(Integer, default=5)
    last_n: Mapped[int] = mapped_column(Integer, default=3)
    minimum_evidence: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    strands: Mapped[list[Strand]] = relationship(
        back_populates="framework", order_by="Strand.position", cascade="all, delete-orphan"
    )
    scale_points: Mapped[list[ScalePoint]] = relationship(
        order_by="ScalePoint.score", cascade="all, delete-orphan"
    )
    levels: Mapped[list[PerformanceLevel]] = relationship(
        order_by="PerformanceLevel.number", cascade="all, delete-orphan"
    )

    @property
    def params(self) -> MethodParams:
        return MethodParams(self.method, self.decay_weight, self.n_times, self.last_n)


class ScalePoint(db.Model):  # type: ignore[name-defined,misc]
    """One point of a framework's proficiency scale; the threshold point is flagged."""

    __tablename__ = "scale_points"

    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), primary_key=True)
    score: Mapped[Decimal] = mapped_column(SCORE, primary_key=True)
    label: Mapped[str] = mapped_column(String(60))
    is_threshold: Mapped[bool] = mapped_column(Boolean, default=False)


DEFAULT_SCALE = (
    (Decimal(1), "Beginning", False),
    (Decimal(2), "Developing", False),
    (Decimal(3), "Proficient", True),
    (Decimal(4), "Extending", False),
)


def scale_of(points: list[ScalePoint]) -> Scale:
    """The pure engine's Scale from stored points (the default scale when none are stored)."""
    if not points:
        return Scale()
    threshold = next((p for p in points if p.is_threshold), points[len(points) // 2])
    return Scale(
        minimum=min(p.score for p in points),
        maximum=max(p.score for p in points),
        threshold=threshold.score,
        threshold_label=threshold.label,
    )


class PerformanceLevel(db.Model):  # type: ignore[name-defined,misc]
    """Level k of a continuum is the end-of-grade expectation of `grade` (k for grades 1–12)."""

    __tablename__ = "performance_levels"

    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    grade: Mapped[str] = mapped_column(String(10))

    @property
    def label(self) -> str:
        return f"Level {self.number}"


class Strand(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "strands"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    source_identifier: Mapped[str | None] = mapped_column(String(100))

    framework: Mapped[Framework] = relationship(back_populates="strands")
    competencies: Mapped[list[Competency]] = relationship(
        back_populates="strand", order_by="Competency.position", cascade="all, delete-orphan"
    )


class Competency(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "competencies"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), index=True)
    strand_id: Mapped[int] = mapped_column(ForeignKey("strands.id"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[CompetencyKind] = mapped_column(
        str_enum(CompetencyKind, 20), default=CompetencyKind.ACADEMIC
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    source_identifier: Mapped[str | None] = mapped_column(String(100))

    strand: Mapped[Strand] = relationship(back_populates="competencies")
    descriptors: Mapped[list[Descriptor]] = relationship(
        order_by="Descriptor.level", cascade="all, delete-orphan"
    )


class Descriptor(db.Model):  # type: ignore[name-defined,misc]
    """The "I can…" statement of one competency at one level."""

    __tablename__ = "descriptors"

    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id"), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement: Mapped[str] = mapped_column(Text)
    source_identifier: Mapped[str | None] = mapped_column(String(100))


class Evidence(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """One observation of a student on one (competency, level).

    Never silently changed: an edit or a removal writes an EvidenceChange with the old values,
    and a removed piece keeps its row with `removed_at` set.
    """

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_student_competency_level", "student_id", "competency_id", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    score: Mapped[Decimal] = mapped_column(SCORE)
    kind: Mapped[EvidenceKind] = mapped_column(str_enum(EvidenceKind, 20))
    # "Missed": the student had the chance to show the skill and did not; scored as the minimum.
    is_missed: Mapped[bool] = mapped_column(Boolean, default=False)
    observed_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    competency: Mapped[Competency] = relationship()
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])

    @property
    def counts(self) -> bool:
        return self.removed_at is None and self.kind.counts

    @property
    def web_link(self) -> str:
        """The link, only when it is a web address: nothing else is ever rendered as a link."""
        return self.link if self.link.lower().startswith(("https:", "http:")) else ""


class ChangeAction(enum.StrEnum):
    EDITED = "edited"
    REMOVED = "removed"
    RESTORED = "restored"


class EvidenceChange(db.Model):  # type: ignore[name-defined,misc]
    """The history of one piece of evidence: who changed it, when, and what it said before."""

    __tablename__ = "evidence_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    action: Mapped[ChangeAction] = mapped_column(str_enum(ChangeAction, 10))
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    old_score: Mapped[Decimal] = mapped_column(SCORE)
    old_kind: Mapped[EvidenceKind] = mapped_column(str_enum(EvidenceKind, 20))
    old_is_missed: Mapped[bool] = mapped_column(Boolean)
    old_observed_on: Mapped[date] = mapped_column(Date)
    old_note: Mapped[str] = mapped_column(Text)

    changed_by: Mapped[User] = relationship()


class MasteryOverride(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A teacher's judgement over the calculation, with its reason; withdrawn, never deleted."""

    __tablename__ = "mastery_overrides"
    __table_args__ = (
        Index(
            "ix_mastery_overrides_student_competency_level", "student_id", "competency_id", "level"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id"))
    level: Mapped[int] = mapped_column(Integer)
    is_mastered: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    decided_by: Mapped[User] = relationship(foreign_keys=[decided_by_id])


class Mastery(db.Model):  # type: ignore[name-defined,misc]
    """The stored decision for one student at one (competency, level).

    `mastered_on` is the date mastery was first reached with the evidence as it stands now
    (or the override's date), so "mastered by date D" is `mastered_on <= D`.
    """

    __tablename__ = "masteries"
    __table_args__ = (
        Index("ix_masteries_student_mastered_on", "student_id", "mastered_on"),
        Index("ix_masteries_competency_level", "competency_id", "level"),
    )

    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id"), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), index=True)
    value: Mapped[Decimal | None] = mapped_column(SCORE)
    evidence_count: Mapped[int] = mapped_column(Integer, default=0)
    reached: Mapped[int | None] = mapped_column(Integer)  # n times: scores at or above
    is_calculated_mastered: Mapped[bool] = mapped_column(Boolean, default=False)
    is_overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    is_mastered: Mapped[bool] = mapped_column(Boolean, default=False)
    mastered_on: Mapped[date | None] = mapped_column(Date)
    last_evidence_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Standing(db.Model):  # type: ignore[name-defined,misc]
    """A student's place in one framework, kept beside the mastery it is derived from.

    Rewritten whenever that student's mastery in the framework changes, so that a school's
    reports read one row per student and framework instead of every mastered level.
    `competency_levels` is {competency id: level} and `history` the framework level's steps,
    [[ISO date, level], ...] from the first mastery on, both as JSON text.
    """

    __tablename__ = "standings"

    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), primary_key=True)
    level: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0))
    competency_levels: Mapped[str] = mapped_column(Text, default="{}")
    history: Mapped[str] = mapped_column(Text, default="[]")
    # The history's first step, so growth within its first year needs no parsing of the rest.
    first_on: Mapped[date | None] = mapped_column(Date)
    first_level: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    last_mastery_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
