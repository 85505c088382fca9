"""Conference and support-plan forms. Hints say what a good entry looks like; errors say how
to fix the input."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.classroom.rules import (
    DEFAULT_TIER,
    TIER_LABELS,
    CheckFrequency,
    PlanStatus,
    conference_date_problem,
    review_date_problem,
)
from app.goals.forms import text


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as checkboxes: easier than a multi-select on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConferenceForm(FlaskForm):
    held_on = DateField(
        "Date of the conference",
        validators=[InputRequired(message="Give the date you talked, today or earlier.")],
    )
    notes = text(
        "Notes",
        "What you talked about and what you noticed.",
        "Write a few words about the conversation.",
        4000,
    )
    next_steps = text(
        "Agreed next steps",
        "What the student will do next, and what you will do. You'll see these next time.",
        "Write at least one next step you agreed on.",
    )
    goals = CheckboxesField("Goals we talked about", coerce=int, validate_choice=False)
    is_shared = BooleanField(
        "Share with the student (and so with their family)",
        description="Leave it off to keep these notes for staff only.",
    )
    submit = SubmitField("Save conference")

    def __init__(self, *args: Any, goal_choices: list[tuple[int, str]], today: date, **kw: Any):
        super().__init__(*args, **kw)
        self.goals.choices = [SelectChoice(value, label) for value, label in goal_choices]
        self.today = today
        if not self.is_submitted() and self.held_on.data is None:
            self.held_on.data = today

    def validate_held_on(self, field: DateField) -> None:
        if field.data and (problem := conference_date_problem(field.data, self.today)):
            raise ValidationError(problem)

    def validate_goals(self, field: CheckboxesField) -> None:
        allowed = {choice.value for choice in self.goals.choices or []}
        if any(goal_id not in allowed for goal_id in field.data or []):
            raise ValidationError("Choose goals from the list.")


def _optional_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class SupportPlanForm(FlaskForm):
    reason = text(
        "Reason",
        "Why this student needs targeted support now; filled in from their flag.",
        "Say why the student needs this plan.",
    )
    strategy = text(
        "Strategy",
        "What will be done differently, how often, and by whom.",
        "Describe the support: what, how often, by whom.",
    )
    tier = RadioField(
        "Tier",
        choices=[SelectChoice(tier, label) for tier, label in TIER_LABELS.items()],
        coerce=_optional_int,
        default=DEFAULT_TIER,
        validate_choice=False,
        validators=[InputRequired(message="Choose a tier from 1 to 3.")],
    )
    owner_id = SelectField(
        "Owner",
        coerce=_optional_int,
        validate_choice=False,
        validators=[InputRequired(message="Choose who owns the plan.")],
        description="Who makes sure the plan happens: one of the student's teachers or a "
        "school leader.",
    )
    starts_on = DateField(
        "Start date", validators=[InputRequired(message="Give the day the plan starts.")]
    )
    review_on = DateField(
        "Review date",
        validators=[Optional()],
        description="When you will look at whether it is working. Left empty, it is six weeks "
        "after the start.",
    )
    check_frequency = SelectField(
        "Progress check",
        choices=[SelectChoice(f.value, f.label) for f in CheckFrequency],
        default=CheckFrequency.WEEKLY.value,
        validate_choice=False,
        validators=[InputRequired(message="Choose how often progress is checked.")],
    )
    status = SelectField(
        "Status",
        choices=[SelectChoice(s.value, s.label) for s in PlanStatus],
        default=PlanStatus.ACTIVE.value,
        validate_choice=False,
        validators=[InputRequired(message="Choose a status.")],
    )
    submit = SubmitField("Save plan")

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.owner_id.choices = [SelectChoice(value, label) for value, label in owners]

    def validate_owner_id(self, field: SelectField) -> None:
        if field.data not in {choice.value for choice in self.owner_id.choices or []}:
            raise ValidationError("Choose the owner from the list.")

    def validate_review_on(self, field: DateField) -> None:
        if problem := review_date_problem(self.starts_on.data, field.data):
            raise ValidationError(problem)

    def validate_tier(self, field: RadioField) -> None:
        if field.data not in TIER_LABELS:
            raise ValidationError("Choose a tier from 1 to 3.")

    def validate_check_frequency(self, field: SelectField) -> None:
        if field.data not in {f.value for f in CheckFrequency}:
            raise ValidationError("Choose how often progress is checked from the list.")

    def validate_status(self, field: SelectField) -> None:
        if field.data not in {s.value for s in PlanStatus}:
            raise ValidationError("Choose a status from the list.")
