"""Forms for families: the summary's period and language, inviting a guardian, accepting an
invitation, and a class's PDFs. Labels are translated where families read them."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from app.auth.passwords import MIN_LENGTH
from app.family.content import Period
from app.i18n import LANGUAGES

RELATIONSHIPS = [
    SelectChoice(value, label)
    for value, label in (
        ("mother", "Mother"),
        ("father", "Father"),
        ("guardian", "Guardian"),
        ("grandparent", "Grandparent"),
        ("carer", "Carer"),
    )
]
LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGES.items()]


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class SummaryOptionsForm(FlaskForm):
    """The period and language of a summary, read from the query string (a GET form)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    lang = SelectField(
        _l("Language"), choices=LANGUAGE_CHOICES, validators=[Optional()], default=""
    )

    def __init__(self, default: Period, today: date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.default = default
        self.today = today

    def validate_end(self, field: DateField) -> None:
        start = self.start.data or self.default.start
        end = field.data or self.default.end
        if end < start:
            raise ValidationError(_l("Pick an end date on or after the start date."))
        if end > self.today:
            raise ValidationError(_l("Pick a date up to today: the summary cannot look ahead."))

    def period(self) -> Period:
        """The chosen period, or the default one when the choice is missing or invalid."""
        if self.errors:
            return self.default
        return Period(self.start.data or self.default.start, self.end.data or self.default.end)

    def language(self) -> str | None:
        return self.lang.data if self.lang.data in LANGUAGES else None


class InviteGuardianForm(FlaskForm):
    email = EmailField(
        "Guardian's email",
        validators=[
            DataRequired(message="Enter the email address the invitation should go to."),
            Email(check_deliverability=False, message="That does not look like an email address."),
            Length(max=254),
        ],
        filters=[strip],
        description="The invitation link goes here. It works once, for a few days.",
    )
    given_name = StringField(
        "First name",
        validators=[DataRequired(message="Enter the guardian's first name."), Length(max=100)],
        filters=[strip],
    )
    family_name = StringField(
        "Last name",
        validators=[DataRequired(message="Enter the guardian's last name."), Length(max=100)],
        filters=[strip],
    )
    relationship = SelectField(
        "Relationship to the student", choices=RELATIONSHIPS, validators=[InputRequired()]
    )
    language = SelectField(
        "Language for the family",
        choices=LANGUAGE_CHOICES,
        validators=[InputRequired()],
        description="Their pages and progress summaries will be in this language.",
    )
    submit = SubmitField("Send the invitation")


class AcceptInvitationForm(FlaskForm):
    """Shown in the language the school chose for the family, so its words are translated."""

    new_password = PasswordField(
        _l("Choose a password"),
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(min=MIN_LENGTH, max=200, message=_l("Use at least 10 characters.")),
        ],
        description=_l("At least 10 characters. A short sentence is easy to remember."),
    )
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[
            DataRequired(message=_l("Type the password again.")),
            EqualTo("new_password", message=_l("The two passwords differ.")),
        ],
    )
    language = SelectField(
        _l("Language"),
        choices=LANGUAGE_CHOICES,
        validators=[InputRequired()],
        description=_l("Pages and progress summaries will be in this language."),
    )
    submit = SubmitField(_l("Set my password"))


class BatchForm(FlaskForm):
    language = SelectField(
        "Language",
        choices=[
            SelectChoice("family", "Each family's own language"),
            SelectChoice("en", "All in English"),
            SelectChoice("es", "All in Spanish"),
        ],
        validators=[InputRequired()],
        description="Each family's own language is the language their guardians chose.",
    )
    submit = SubmitField("Make the PDFs")


class LanguageForm(FlaskForm):
    language = SelectField(
        _l("Language"),
        choices=LANGUAGE_CHOICES,
        validators=[InputRequired()],
        description=_l("Waypoint's pages and your progress summaries will be in this language."),
    )
    submit = SubmitField(_l("Save"))
