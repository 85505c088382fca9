"""Inviting guardians and accepting an invitation. Services flush; the route commits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import func, select, update

from app.auth.mail import send_mail
from app.auth.models import Role, User, token_digest
from app.auth.passwords import hash_password
from app.auth.services import normalise_email
from app.auth.sessions import revoke_all_sessions
from app.db import utcnow
from app.extensions import db
from app.family.models import GuardianInvitation
from app.schools.models import GuardianLink


class NotAGuardianAddress(ValueError):
    """The email belongs to a staff or student account, which cannot become a guardian."""


@dataclass(frozen=True)
class Invited:
    guardian: User
    link: str | None  # None when the guardian already has a password: nothing to accept
    is_new_link: bool  # a link to the student that did not exist before


def invite_guardian(
    student: User,
    inviter: User,
    email: str,
    names: tuple[str, str],
    relationship: str,
    language: str,
) -> Invited:
    """Link a guardian to `student`, creating their account (and an invitation) if needed."""
    address = normalise_email(email)
    guardian = db.session.scalar(select(User).where(func.lower(User.email) == address))
    if guardian is not None and guardian.role is not Role.GUARDIAN:
        raise NotAGuardianAddress(address)
    if guardian is None:
        guardian = User(
            email=address,
            given_name=names[0],
            family_name=names[1],
            role=Role.GUARDIAN,
            district_id=student.district_id,
            password_hash=None,  # no sign-in until the invitation is accepted
            preferred_language=language,
        )
        db.session.add(guardian)
        db.session.flush()
    linked = db.session.scalar(
        select(GuardianLink).where(
            GuardianLink.guardian_id == guardian.id, GuardianLink.student_id == student.id
        )
    )
    if linked is None:
        db.session.add(
            GuardianLink(
                guardian_id=guardian.id, student_id=student.id, relationship_label=relationship
            )
        )
    link = None
    if guardian.password_hash is None:
        link = _issue_invitation(guardian, student, inviter)
    db.session.flush()
    return Invited(guardian, link, linked is None)


def _issue_invitation(guardian: User, student: User, inviter: User) -> str:
    """A new one-time link; any older unused link of the guardian stops working."""
    _spend_open_invitations(guardian)
    token = secrets.token_urlsafe(32)
    days = current_app.config["GUARDIAN_INVITATION_DAYS"]
    db.session.add(
        GuardianInvitation(
            guardian_id=guardian.id,
            student_id=student.id,
            invited_by_id=inviter.id,
            token_digest=token_digest(token),
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    link = url_for("family.accept_invitation", token=token, _external=True)
    send_mail(guardian.email, *_invitation_mail(guardian, student, link, days))
    return link


def _invitation_mail(guardian: User, student: User, link: str, days: int) -> tuple[str, str]:
    school = student.school.name if student.school else "your child's school"
    if guardian.preferred_language == "es":
        return (
            f"Invitación a Waypoint de {school}",
            f"Hola, {guardian.given_name}:\n\n{school} le invita a seguir el aprendizaje de "
            f"{student.given_name} en Waypoint. Abra este enlace en los próximos {days} días "
            f"para elegir su contraseña:\n\n{link}\n\nEl enlace funciona una sola vez.",
        )
    return (
        f"Your Waypoint invitation from {school}",
        f"Hello {guardian.given_name},\n\n{school} invites you to follow {student.given_name}'s "
        f"learning on Waypoint. Open this link within {days} days to choose your password:\n\n"
        f"{link}\n\nThe link works once.",
    )


def _spend_open_invitations(guardian: User) -> None:
    db.session.execute(
        update(GuardianInvitation)
        .where(GuardianInvitation.guardian_id == guardian.id, GuardianInvitation.used_at.is_(None))
        .values(used_at=utcnow())
    )


def usable_invitation(token: str) -> GuardianInvitation | None:
    """The invitation a link names, if it is unused and unexpired; None says 'gone' (410)."""
    invitation = db.session.scalar(
        select(GuardianInvitation).where(GuardianInvitation.token_digest == token_digest(token))
    )
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation


def invitation_language(token: str) -> str | None:
    """The invited guardian's language, for the page that says a link no longer works."""
    return db.session.scalar(
        select(User.preferred_language)
        .join(GuardianInvitation, GuardianInvitation.guardian_id == User.id)
        .where(GuardianInvitation.token_digest == token_digest(token))
    )


def accept_invitation(invitation: GuardianInvitation, password: str, language: str) -> User:
    """Set the guardian's password and language, and spend every open link they have."""
    guardian = invitation.guardian
    guardian.password_hash = hash_password(password)
    guardian.preferred_language = language
    _spend_open_invitations(guardian)
    revoke_all_sessions(guardian)
    db.session.flush()
    return guardian
