"""Districts, schools, school years, sections, enrollments and the people's links."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import TimestampMixin, str_enum
from app.extensions import db


class District(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sourced_id: Mapped[str | None] = mapped_column(String(100), unique=True)

    schools: Mapped[list[School]] = relationship(back_populates="district", order_by="School.name")


class School(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    sourced_id: Mapped[str | None] = mapped_column(String(100), unique=True)

    district: Mapped[District] = relationship(back_populates="schools")
    settings: Mapped[SchoolSettings] = relationship(back_populates="school", uselist=False)


class PaperSize(enum.StrEnum):
    LETTER = "letter"
    A4 = "a4"


class SchoolSettings(db.Model):  # type: ignore[name-defined,misc]
    """Per-school thresholds; the defaults are the ones DESIGN.md names."""

    __tablename__ = "school_settings"
    __table_args__ = (
        CheckConstraint("on_pace_growth < accelerating_growth", name="pace_order"),
        CheckConstraint("suppression_threshold >= 1", name="suppression_positive"),
    )

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    on_pace_growth: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("1.00"))
    accelerating_growth: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("1.50"))
    levels_behind: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("2.00"))
    not_progressing_weeks: Mapped[int] = mapped_column(Integer, default=6)
    no_checkin_weeks: Mapped[int] = mapped_column(Integer, default=2)
    suppression_threshold: Mapped[int] = mapped_column(Integer, default=10)
    paper_size: Mapped[PaperSize] = mapped_column(str_enum(PaperSize, 10), default=PaperSize.LETTER)
    # The how-I-feel rating in the weekly check-in; a school may choose not to ask.
    feelings_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    school: Mapped[School] = relationship(back_populates="settings")

    @classmethod
    def with_defaults(cls, school_id: int) -> SchoolSettings:
        """A new row with every default filled in now, not only when it is inserted."""
        return cls(
            school_id=school_id,
            **{c.key: c.default.arg for c in cls.__table__.columns if c.default is not None},
        )


class SessionKind(enum.StrEnum):
    """OneRoster's academic session types."""

    SCHOOL_YEAR = "schoolYear"
    SEMESTER = "semester"
    TERM = "term"
    GRADING_PERIOD = "gradingPeriod"


class AcademicSession(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "academic_sessions"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("academic_sessions.id"))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SessionKind] = mapped_column(str_enum(SessionKind, 20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    sourced_id: Mapped[str | None] = mapped_column(String(100), unique=True)

    parent: Mapped[AcademicSession | None] = relationship(
        remote_side="AcademicSession.id", back_populates="children"
    )
    children: Mapped[list[AcademicSession]] = relationship(
        back_populates="parent", order_by="AcademicSession.starts_on"
    )

    @property
    def school_year(self) -> AcademicSession:
        session: AcademicSession = self
        while session.parent is not None:
            session = session.parent
        return session


class EnrollmentRole(enum.StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"


class Section(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A class: a course taught in a session by one or more teachers."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("academic_sessions.id"), index=True)
    course_name: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    sourced_id: Mapped[str | None] = mapped_column(String(100), unique=True)

    school: Mapped[School] = relationship()
    session: Mapped[AcademicSession] = relationship()
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="section")


class Enrollment(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("section_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[EnrollmentRole] = mapped_column(str_enum(EnrollmentRole, 20))

    section: Mapped[Section] = relationship(back_populates="enrollments")
    user: Mapped[User] = relationship()


class GuardianLink(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "guardian_links"
    __table_args__ = (UniqueConstraint("guardian_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    relationship_label: Mapped[str] = mapped_column(String(50), default="guardian")

    guardian: Mapped[User] = relationship(foreign_keys=[guardian_id])
    student: Mapped[User] = relationship(foreign_keys=[student_id])


class StudentProfile(db.Model):  # type: ignore[name-defined,misc]
    """Grade level, and demographics that are only ever reported in aggregate.

    Demographic fields are nullable: unknown is different from "no".
    """

    __tablename__ = "student_profiles"
    __table_args__ = (CheckConstraint("grade_level BETWEEN 0 AND 13", name="grade_range"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    grade_level: Mapped[int] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(40))
    race_ethnicity: Mapped[str | None] = mapped_column(String(80))
    has_disability: Mapped[bool | None] = mapped_column(Boolean)
    english_learner: Mapped[bool | None] = mapped_column(Boolean)
    low_income: Mapped[bool | None] = mapped_column(Boolean)

    user: Mapped[User] = relationship(back_populates="student_profile")
