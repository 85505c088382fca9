"""Sign-in and password forms. Students and families read them, so their words are translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.auth.passwords import MIN_LENGTH

NEW_PASSWORD_HINT = _l(
    "At least %(count)s characters. A short sentence is easy to remember.", count=MIN_LENGTH
)
EMAIL_TOO_LONG = _l("An email address has at most 254 characters.")


def not_too_common(form: FlaskForm, field: PasswordField) -> None:
    lowered = (field.data or "").lower()
    if lowered in {"password123", "waypoint123", "1234567890", "qwertyuiop"}:
        raise ValidationError(_l("That password is too easy to guess. Try a short sentence."))


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(message=_l("Enter the email you sign in with.")),
            Length(max=254, message=EMAIL_TOO_LONG),
        ],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password."))]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))


class NewPasswordMixin:
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(message=_l("Choose a new password.")),
            Length(
                min=MIN_LENGTH, message=_l("Use at least %(count)s characters.", count=MIN_LENGTH)
            ),
            Length(max=200, message=_l("Use at most %(count)s characters.", count=200)),
            not_too_common,
        ],
        description=NEW_PASSWORD_HINT,
    )
    confirm = PasswordField(
        _l("Type the new password again"),
        validators=[
            DataRequired(message=_l("Type the new password again.")),
            EqualTo("new_password", message=_l("The two passwords differ.")),
        ],
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter the password you use now."))],
    )
    submit = SubmitField(_l("Change password"))


class ResetRequestForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(message=_l("Enter the email you sign in with.")),
            Email(
                check_deliverability=False,
                message=_l("That does not look like an email address. Check it for typos."),
            ),
            Length(max=254, message=EMAIL_TOO_LONG),
        ],
        description=_l("We will send a link to this address if it belongs to a Waypoint account."),
    )
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    submit = SubmitField(_l("Set password"))


class ActionForm(FlaskForm):
    """An empty form: buttons that POST use it to carry the CSRF token."""
