"""One form per PDSA stage, and the teacher's comment box."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.goals.forms import optional_int, text
from app.goals.rules import due_date_problem
from app.pdsa.stages import Decision, Stage


class PlanForm(FlaskForm):
    goal_id = SelectField(
        "Goal this cycle works on",
        coerce=optional_int,
        validate_choice=False,
        description="Optional, but most cycles serve a goal.",
    )
    change = text(
        "The change I'll try",
        "One small change, e.g. “Do five practice problems before looking at the answers”.",
        "Say what change you will try.",
    )
    prediction = text(
        "My prediction",
        "What do you think will happen? Be specific enough to be proved wrong.",
        "Write what you predict will happen.",
    )
    measure = text(
        "How I'll measure it",
        "What will you count, time or keep? e.g. “my exit-ticket score each day”.",
        "Say how you will know whether it worked.",
    )
    by_on = DateField(
        "Try it until",
        validators=[InputRequired(message="Pick the date you will try it until.")],
        description="About one or two weeks is usually enough.",
    )
    is_shareable = BooleanField("Share this cycle with my family")
    previous_id = HiddenField()
    submit = SubmitField("Save my plan")

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
            SelectChoice("", "No goal"),
            *(SelectChoice(value, label) for value, label in goals),
        ]
        self.goal_ids = {goal_id for goal_id, _ in goals}
        self.today = today
        self.previous_by = previous_by

    def validate_goal_id(self, field: SelectField) -> None:
        if field.data is not None and field.data not in self.goal_ids:
            raise ValidationError("Choose one of your goals in progress, or no goal.")

    def validate_by_on(self, field: DateField) -> None:
        if field.data and due_date_problem(field.data, self.previous_by, self.today):
            raise ValidationError("Pick a date from today on: that is when you'll look back.")


class DoForm(FlaskForm):
    what_happened = text(
        "What happened",
        "What did you actually do? Did anything get in the way?",
        "Write what happened when you tried the change.",
    )
    recorded = text(
        "What I recorded",
        "The numbers or notes you kept, e.g. “Mon 3/5, Tue 4/5, Thu 4/5”.",
        "Write down what you recorded, even if it is only a little.",
    )
    submit = SubmitField("Save what I did")


class StudyForm(FlaskForm):
    compared = text(
        "What happened, compared with my prediction",
        "Was your prediction right, partly right, or wrong? How do you know?",
        "Compare what happened with your prediction.",
    )
    learned = text(
        "What I learned",
        "About the change, about how you learn, or about the measure.",
        "Write what you learned.",
    )
    submit = SubmitField("Save what I learned")


class ActForm(FlaskForm):
    decision = RadioField(
        "What I'll do with the change",
        choices=[
            SelectChoice(Decision.ADOPT.value, "Adopt: keep doing it as it is"),
            SelectChoice(Decision.ADAPT.value, "Adapt: change it and try again"),
            SelectChoice(Decision.ABANDON.value, "Abandon: stop and try something else"),
        ],
        validators=[InputRequired(message="Choose adopt, adapt or abandon.")],
    )
    next_steps = text(
        "What next",
        "If you adopt or adapt, this becomes the start of your next plan.",
        "Say what you will do next.",
    )
    submit = SubmitField("Close this cycle")


STAGE_FORMS: dict[Stage, type[FlaskForm]] = {
    Stage.DO: DoForm,
    Stage.STUDY: StudyForm,
    Stage.ACT: ActForm,
}


class CommentForm(FlaskForm):
    body = text("Comment", "The student sees this beside the stage.", "Write a comment first.")
    submit = SubmitField("Add comment")


def comment_form(stage: Stage, **kwargs: Any) -> CommentForm:
    """Each stage's comment box has its own field names, so a page can hold four."""
    return CommentForm(prefix=f"{stage.value}-comment", **kwargs)
