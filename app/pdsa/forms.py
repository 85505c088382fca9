"""One form per PDSA stage, and the teacher's comment box. Words are lazy (`_l`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.goals.forms import optional_int, text
from app.goals.rules import due_date_problem
from app.pdsa.stages import Decision, Stage


class PlanForm(FlaskForm):
    goal_id = SelectField(
        _l("Goal this cycle works on"),
        coerce=optional_int,
        validate_choice=False,
        description=_l("Optional, but most cycles serve a goal."),
    )
    change = text(
        _l("The change I'll try"),
        _l("One small change, e.g. “Do five practice problems before looking at the answers”."),
        _l("Say what change you will try."),
    )
    prediction = text(
        _l("My prediction"),
        _l("What do you think will happen? Be specific enough to be proved wrong."),
        _l("Write what you predict will happen."),
    )
    measure = text(
        _l("How I'll measure it"),
        _l("What will you count, time or keep? e.g. “my exit-ticket score each day”."),
        _l("Say how you will know whether it worked."),
    )
    by_on = DateField(
        _l("Try it until"),
        validators=[InputRequired(message=_l("Pick the date you will try it until."))],
        description=_l("About one or two weeks is usually enough."),
    )
    is_shareable = BooleanField(_l("Share this cycle with my family"))
    previous_id = HiddenField()
    submit = SubmitField(_l("Save my plan"))

    def __init__(
        self,
        *args: Any,
        goals: list[tuple[int, str]],
        today: date,
        previous_by: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.goal_id.choices = [
            SelectChoice("", _l("No goal")),
            *(SelectChoice(value, label) for value, label in goals),
        ]
        self.goal_ids = {goal_id for goal_id, _ in goals}
        self.today = today
        self.previous_by = previous_by

    def validate_goal_id(self, field: SelectField) -> None:
        if field.data is not None and field.data not in self.goal_ids:
            raise ValidationError(_l("Choose one of your goals in progress, or no goal."))

    def validate_by_on(self, field: DateField) -> None:
        if field.data and due_date_problem(field.data, self.previous_by, self.today):
            raise ValidationError(_l("Pick a date from today on: that is when you'll look back."))


class DoForm(FlaskForm):
    what_happened = text(
        _l("What happened"),
        _l("What did you actually do? Did anything get in the way?"),
        _l("Write what happened when you tried the change."),
    )
    recorded = text(
        _l("What I recorded"),
        _l("The numbers or notes you kept, e.g. “Mon 3/5, Tue 4/5, Thu 4/5”."),
        _l("Write down what you recorded, even if it is only a little."),
    )
    submit = SubmitField(_l("Save what I did"))


class StudyForm(FlaskForm):
    compared = text(
        _l("What happened, compared with my prediction"),
        _l("Was your prediction right, partly right, or wrong? How do you know?"),
        _l("Compare what happened with your prediction."),
    )
    learned = text(
        _l("What I learned"),
        _l("About the change, about how you learn, or about the measure."),
        _l("Write what you learned."),
    )
    submit = SubmitField(_l("Save what I learned"))


class ActForm(FlaskForm):
    decision = RadioField(
        _l("What I'll do with the change"),
        choices=[
            SelectChoice(Decision.ADOPT.value, _l("Adopt: keep doing it as it is")),
            SelectChoice(Decision.ADAPT.value, _l("Adapt: change it and try again")),
            SelectChoice(Decision.ABANDON.value, _l("Abandon: stop and try something else")),
        ],
        validators=[InputRequired(message=_l("Choose adopt, adapt or abandon."))],
    )
    next_steps = text(
        _l("What next"),
        _l("If you adopt or adapt, this becomes the start of your next plan."),
        _l("Say what you will do next."),
    )
    submit = SubmitField(_l("Close this cycle"))


STAGE_FORMS: dict[Stage, type[FlaskForm]] = {
    Stage.DO: DoForm,
    Stage.STUDY: StudyForm,
    Stage.ACT: ActForm,
}


class CommentForm(FlaskForm):
    body = text(
        _l("Comment"), _l("The student sees this beside the stage."), _l("Write a comment first.")
    )
    submit = SubmitField(_l("Add comment"))


def comment_form(stage: Stage, **kwargs: Any) -> CommentForm:
    """Each stage's comment box has its own field names, so a page can hold four."""
    return CommentForm(prefix=f"{stage.value}-comment", **kwargs)
