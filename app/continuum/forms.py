"""Forms for evidence, self-assessments, teacher judgements and the quick-entry grid.

Choices (competencies, levels, scale points) depend on the district and framework, so routes
set them after building a form. Scores arrive as text and become Decimals here; whether a score
lies on the framework's scale is the service's rule (EvidenceError), shown beside the field.
Students use the self-assessment form, so its words and the competency and level fields it
shares are lazy (`_l`); the other forms are for staff, whose pages are in English.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.continuum.models import TEACHER_KINDS, EvidenceKind

MISSED_WORDS = frozenset({"m", "missed"})
KIND_CHOICES = [SelectChoice(kind.value, kind.label) for kind in TEACHER_KINDS]


def parse_score(text: str | None) -> Decimal | None:
    """A typed score as a Decimal; None when it is not a number."""
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class ClearDateField(DateField):
    """A date field whose parse error says what to type."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Give a date such as 2026-11-25.") from error


def http_url(form: FlaskForm, field: Field) -> None:
    """Only web links: a javascript: or file: address must never become a clickable link."""
    if not field.data:
        return
    parts = urlsplit(field.data.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValidationError("Give a web address starting with http:// or https://.")


class Needed:
    """Marks a field as required (label, `required`) where the field's own check words the
    message: a select's invalid-value message, or a score that a missed mark makes optional."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __call__(self, form: FlaskForm, field: Field) -> None:
        return None


def competency_field() -> SelectField:
    return SelectField(
        _l("Competency"),
        coerce=int,
        validators=[Needed()],
        invalid_value_message=_l("Choose a competency from the list."),
        invalid_choice_message=_l("Choose a competency from the list."),
    )


def level_field() -> SelectField:
    return SelectField(
        _l("Level"),
        coerce=int,
        validators=[Needed()],
        invalid_value_message=_l("Choose a level."),
        invalid_choice_message=_l("Choose a level from the list."),
        description=_l("The performance level this evidence is about."),
    )


class EvidenceDetailsForm(FlaskForm):
    """What can be edited about a piece of evidence once it is recorded."""

    score = SelectField("Score", validators=[Needed()], validate_choice=False)
    is_missed = BooleanField(
        "Missed: the student had the chance to show this and did not",
        description="Counts as the lowest score on the scale; the score above is ignored.",
    )
    kind = SelectField(
        "Kind of evidence",
        choices=KIND_CHOICES,
        validators=[Needed()],
        invalid_choice_message="Choose a kind of evidence from the list.",
    )
    observed_on = ClearDateField(
        "Date observed",
        validators=[InputRequired("Give the date you observed this.")],
        description="Today or earlier.",
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])
    link = StringField(
        "Link to the work",
        validators=[Optional(), Length(max=500), http_url],
        description="A web address starting with https://, for example a shared document.",
    )
    submit = SubmitField("Save evidence")

    def validate_score(self, field: SelectField) -> None:
        if self.is_missed.data:
            return
        if not field.data:
            raise ValidationError("Choose a score, or mark the evidence as missed.")
        if parse_score(field.data) is None:
            raise ValidationError("Choose a score from the scale.")

    @property
    def score_value(self) -> Decimal:
        """The chosen score (0 for a missed mark, which the service scores as the minimum)."""
        return parse_score(self.score.data) or Decimal(0)

    @property
    def kind_value(self) -> EvidenceKind:
        return EvidenceKind(self.kind.data)


class NewEvidenceForm(EvidenceDetailsForm):
    competency = competency_field()
    level = level_field()
    submit = SubmitField("Record evidence")


class SelfAssessmentForm(FlaskForm):
    competency = competency_field()
    level = level_field()
    score = SelectField(
        _l("How well can I do this now?"),
        validators=[Needed()],
        validate_choice=False,
        description=_l(
            "Your own rating. It sits beside your teachers' evidence and never changes your level."
        ),
    )
    note = TextAreaField(
        _l("What makes me think so"),
        validators=[Optional(), Length(max=2000)],
        description=_l("For example, something you made or a time you used this skill."),
    )
    submit = SubmitField(_l("Save my self-assessment"))

    def validate_score(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose a score."))
        if parse_score(field.data) is None:
            raise ValidationError(_l("Choose a score from the scale."))

    @property
    def score_value(self) -> Decimal:
        return parse_score(self.score.data) or Decimal(0)


class OverrideForm(FlaskForm):
    decision = RadioField(
        "Teacher judgement",
        choices=[
            SelectChoice("mastered", "Mastered"),
            SelectChoice("not_mastered", "Not mastered"),
        ],
        validators=[InputRequired("Choose mastered or not mastered.")],
        invalid_choice_message="Choose mastered or not mastered.",
    )
    reason = TextAreaField(
        "Reason",
        validators=[
            InputRequired("Say why the calculated decision does not fit."),
            Length(max=2000),
        ],
        description="Shown with the decision, to colleagues, the student and in the history.",
    )
    submit = SubmitField("Record judgement")


class ChooserForm(FlaskForm):
    """The competency and level of a quick-entry grid (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    competency = competency_field()
    level = level_field()


class GridCell(StringField):
    """One student's score in the grid: a number on the scale, M for missed, or blank."""

    def pre_validate(self, form: FlaskForm) -> None:
        text = (self.data or "").strip().lower()
        if text and text not in MISSED_WORDS and parse_score(text) is None:
            raise ValidationError("Type a number on the scale, or M for missed.")

    @property
    def is_blank(self) -> bool:
        return not (self.data or "").strip()

    @property
    def is_missed(self) -> bool:
        return (self.data or "").strip().lower() in MISSED_WORDS

    @property
    def score_value(self) -> Decimal:
        return Decimal(0) if self.is_missed else parse_score(self.data) or Decimal(0)


class GridForm(FlaskForm):
    """Kind and date set once for the whole grid; one GridCell per student, added by name."""

    kind = SelectField(
        "Kind of evidence",
        choices=KIND_CHOICES,
        validators=[Needed()],
        invalid_choice_message="Choose a kind of evidence from the list.",
    )
    observed_on = ClearDateField(
        "Date observed",
        validators=[InputRequired("Give the date you observed this.")],
    )
    submit = SubmitField("Save all scores")

    def cell(self, student_id: int) -> GridCell:
        return self[cell_name(student_id)]


def cell_name(student_id: int) -> str:
    return f"score_{student_id}"


def grid_form(student_ids: list[int], **kwargs: Any) -> GridForm:
    """A GridForm with a cell for each of `student_ids` (a cell request names just one)."""
    cells = {cell_name(sid): GridCell("Score", validators=[Length(max=10)]) for sid in student_ids}
    form_class = type("SectionGridForm", (GridForm,), cells)
    return form_class(**kwargs)
