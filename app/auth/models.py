"""People and their sign-in state."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, str_enum, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.schools.models import School, StudentProfile


class Role(enum.StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    SCHOOL_LEADER = "school_leader"
    DISTRICT_ADMIN = "district_admin"
    GUARDIAN = "guardian"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def token_digest(token: str) -> str:
    """Only digests of bearer tokens are stored, so a database leak hands out no sessions."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "users"
    __allow_unmapped__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(str_enum(Role, 20))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    preferred_language: Mapped[str] = mapped_column(String(10), default="en")
    sourced_id: Mapped[str | None] = mapped_column(String(100), unique=True)

    school: Mapped[School | None] = relationship()
    student_profile: Mapped[StudentProfile | None] = relationship(
        back_populates="user", uselist=False
    )

    # Set by the session loader: the session this request belongs to (see auth.sessions).
    # Not a column: set by the session loader for the request's own session (auth.sessions).
    session_token: str | None = None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def sort_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    @property
    def is_active(self) -> bool:  # Flask-Login asks this before signing someone in.
        return self.is_enabled

    def get_id(self) -> str | None:
        """Flask-Login keeps this in the cookie: the server-side session token, not the id."""
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class UserSession(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A signed-in session, so that signing out ends it on the server, not only in the cookie."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


class PasswordResetToken(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
