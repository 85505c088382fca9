"""Goal, check-in and reply forms. Hints coach a good goal; errors say how to fix the input.

Words are lazy (`_l`), so each request shows them in the reader's language.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeAlias

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.goals.rules import GoalStatus, due_date_problem, target_level_problem
from app.i18n import translate

Words: TypeAlias = str | LazyString  # a label, hint or message, maybe lazy


def scale_of(*labels: Words) -> list[SelectChoice]:
    """Choices 1…n, each with its word, so the number never stands alone."""
    return [SelectChoice(i, label) for i, label in enumerate(labels, start=1)]


PROGRESS = scale_of(
    _l("Just starting"), _l("Some progress"), _l("Halfway"), _l("Nearly"), _l("Done")
)
CONFIDENCE = scale_of(_l("Not yet"), _l("A little"), _l("Fairly"), _l("Confident"), _l("Very"))
FEELINGS = scale_of(_l("Awful"), _l("Low"), _l("OK"), _l("Good"), _l("Great"))
LONG_TEXT = 2000


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def text(label: Words, hint: Words, required: Words, max_length: int = LONG_TEXT) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            DataRequired(message=required),
            Length(
                max=max_length,
                message=_l("Keep it under %(count)s characters.", count=max_length),
            ),
        ],
        filters=[strip],
        description=hint,
    )


def optional_int(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class GoalForm(FlaskForm):
    title = StringField(
        _l("What exactly will you do?"),
        validators=[
            DataRequired(message=_l("Write your goal: what you will be able to do.")),
            Length(max=200, message=_l("Keep the goal itself under 200 characters.")),
        ],
        filters=[strip],
        description=_l(
            "Start with a verb and make it checkable, e.g. “Solve two-step equations "
            "without a calculator”."
        ),
    )
    why = text(
        _l("Why does it matter to you?"),
        _l("What will be easier or better once you can do it?"),
        _l("Say why this goal matters to you."),
        1000,
    )
    competency_id = SelectField(
        _l("Competency it builds"),
        coerce=optional_int,
        validate_choice=False,
        description=_l("Optional: the continuum competency this goal moves you along."),
    )
    target_level = IntegerField(
        _l("Target level"),
        validators=[
            Optional(),
            NumberRange(min=0, max=13, message=_l("Levels run from 0 to 13.")),
        ],
        description=_l("Optional: the level of that competency you are aiming for."),
    )
    due_on = DateField(
        _l("Due date"),
        validators=[InputRequired(message=_l("Pick a due date, e.g. in three or four weeks."))],
        description=_l("A few weeks away works well: near enough to keep you going."),
    )
    strategies = text(
        _l("Strategies you'll use"),
        _l("How will you get there? e.g. “15 minutes of practice problems after lunch”."),
        _l("Name at least one strategy you will use."),
        1000,
    )
    is_co_created = BooleanField(_l("We set this goal together in a conference"))
    submit = SubmitField(_l("Save goal"))

    def __init__(
        self,
        *args: Any,
        competencies: list[tuple[int, str]],
        described: dict[int, list[int]],
        today: date,
        previous_due: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.competency_id.choices = [
            SelectChoice("", _l("No competency")),
            *(SelectChoice(value, label) for value, label in competencies),
        ]
        self.described = described
        self.today = today
        self.previous_due = previous_due

    def validate_competency_id(self, field: SelectField) -> None:
        if field.data is not None and field.data not in self.described:
            raise ValidationError(_l("Choose a competency from the list."))

    def validate_target_level(self, field: IntegerField) -> None:
        competency_id = self.competency_id.data
        problem = target_level_problem(
            competency_id, field.data, self.described.get(competency_id or 0, [])
        )
        if problem:
            raise ValidationError(translate(problem))

    def validate_due_on(self, field: DateField) -> None:
        if field.data and (problem := due_date_problem(field.data, self.previous_due, self.today)):
            raise ValidationError(translate(problem))


class GoalStatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired()])

    def validate_status(self, field: HiddenField) -> None:
        if field.data not in {s.value for s in GoalStatus}:
            raise ValidationError(_l("Choose a status from the buttons."))


class CheckInForm(FlaskForm):
    """The weekly check-in. One rating field per open goal is added by `check_in_form`."""

    week_start = HiddenField()
    confidence = RadioField(
        _l("How confident are you that you'll reach your goals?"),
        choices=CONFIDENCE,
        coerce=int,
        validators=[InputRequired(message=_l("Choose how confident you feel, from 1 to 5."))],
    )
    went_well = text(
        _l("What went well this week?"),
        _l("Something you did, learned or got better at."),
        _l("Write at least one thing that went well."),
    )
    hard = text(
        _l("What was hard?"),
        _l("Where did you get stuck? “Nothing” is an answer too."),
        _l("Write what was hard, or “nothing”."),
    )
    next_step = text(
        _l("My next step"),
        _l("One thing you'll do next week."),
        _l("Write your next step for the week ahead."),
    )
    wants_help = BooleanField(
        _l("I'd like help"), description=_l("Your teacher sees this and will find time to talk.")
    )
    feeling = RadioField(
        _l("How do you feel this week?"),
        choices=FEELINGS,
        coerce=int,
        validators=[Optional()],
        description=_l("Optional. Only you and your teachers see this."),
    )
    is_shareable = BooleanField(
        _l("Share this check-in with my family"),
        description=_l("Your feelings are never shared."),
    )
    submit = SubmitField(_l("Save my check-in"))

    def goal_fields(self) -> list[Any]:
        return [field for name, field in self._fields.items() if name.startswith("goal_")]


def check_in_form(goals: list[Any], ask_feelings: bool, **kwargs: Any) -> CheckInForm:
    """A check-in form with a 1–5 progress rating for each of `goals`."""

    class Form(CheckInForm):
        pass

    for goal in goals:
        setattr(
            Form,
            f"goal_{goal.id}",
            RadioField(
                goal.title,
                choices=PROGRESS,
                coerce=int,
                validators=[InputRequired(message=_l("Rate your progress on this goal, 1 to 5."))],
            ),
        )
    form = Form(**kwargs)
    if not ask_feelings:
        del form.feeling
    return form


class ReplyForm(FlaskForm):
    body = text(
        _l("Reply"), _l("The student sees this on their home page."), _l("Write a reply first.")
    )
    submit = SubmitField(_l("Send reply"))


def reply_form(check_in_id: int, **kwargs: Any) -> ReplyForm:
    """Each check-in's reply box has its own field names, so a page can hold many of them."""
    return ReplyForm(prefix=f"reply-{check_in_id}", **kwargs)
