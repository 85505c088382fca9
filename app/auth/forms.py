"""Sign-in and password forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.auth.passwords import MIN_LENGTH

NEW_PASSWORD_HINT = f"At least {MIN_LENGTH} characters. A short sentence is easy to remember."


def not_too_common(form: FlaskForm, field: PasswordField) -> None:
    lowered = (field.data or "").lower()
    if lowered in {"password123", "waypoint123", "1234567890", "qwertyuiop"}:
        raise ValidationError("That password is too easy to guess. Try a short sentence.")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me signed in on this device")
    submit = SubmitField("Sign in")


class NewPasswordMixin:
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=200), not_too_common],
        description=NEW_PASSWORD_HINT,
    )
    confirm = PasswordField(
        "Type the new password again",
        validators=[DataRequired(), EqualTo("new_password", message="The two passwords differ.")],
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    submit = SubmitField("Change password")


class ResetRequestForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        description="We will send a link to this address if it belongs to a Waypoint account.",
    )
    submit = SubmitField("Send reset link")


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    submit = SubmitField("Set password")


class ActionForm(FlaskForm):
    """An empty form: buttons that POST use it to carry the CSRF token."""
