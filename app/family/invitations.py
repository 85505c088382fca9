"""Guardian invitations: staff invite, the guardian accepts a one-time link and sets a
password (and their language)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from app.auth.models import User
from app.auth.sessions import start_session
from app.authz import STAFF_ROLES, get_student_or_404
from app.extensions import db
from app.family import bp, services
from app.family.forms import AcceptInvitationForm, InviteGuardianForm
from app.family.services import (
    NotAGuardianAddress,
    invitation_language,
    invite_guardian,
    usable_invitation,
)
from app.i18n import use_language
from app.security import public


@bp.route("/students/<int:student_id>/guardians/invite", methods=["GET", "POST"])
def invite(student_id: int) -> ResponseReturnValue:
    """Staff who see the student invite a guardian; families and students get 404."""
    if current_user.role not in STAFF_ROLES:
        abort(404)
    student = get_student_or_404(current_user, student_id, record="guardian invitation")
    form = InviteGuardianForm()
    if form.validate_on_submit():
        try:
            invited = invite_guardian(
                student,
                current_user,
                form.email.data or "",
                (form.given_name.data or "", form.family_name.data or ""),
                form.relationship.data or "guardian",
                form.language.data or "en",
            )
        except NotAGuardianAddress:
            form.email.errors.append(
                "That address belongs to a staff or student account. Use the guardian's own."
            )
        else:
            db.session.commit()
            flash(_invited_message(invited.guardian, student, invited.link), "success")
            return redirect(url_for("schools.student", student_id=student.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("family/invite.html", form=form, student=student), status


def _invited_message(guardian: User, student: User, link: str | None) -> str:
    if link is None:
        return (
            f"{guardian.name} already has a Waypoint account; {student.given_name} now appears "
            "on their family page."
        )
    return f"Invitation sent to {guardian.email}. The link works once, for a few days."


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str) -> ResponseReturnValue:
    invitation = usable_invitation(token)
    if invitation is None:
        use_language(invitation_language(token) or "en")
        return render_template("family/invitation_gone.html"), 410
    form = AcceptInvitationForm()
    if not form.is_submitted():
        form.language.data = invitation.guardian.preferred_language
    use_language(form.language.data or invitation.guardian.preferred_language)
    if form.validate_on_submit():
        guardian = services.accept_invitation(
            invitation, form.new_password.data or "", form.language.data
        )
        start_session(guardian, remember=False)
        db.session.commit()
        flash(gettext("Welcome to Waypoint. Your password is set."), "success")
        return redirect(url_for("home.guardian"), 303)
    status = 422 if form.is_submitted() else 200
    page = render_template("family/accept.html", form=form, invitation=invitation)
    return page, status
