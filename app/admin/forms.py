from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, ValidationError

from app.schools.models import PaperSize


class SchoolSettingsForm(FlaskForm):
    on_pace_growth = DecimalField(
        "On pace from (levels a year)",
        places=2,
        validators=[InputRequired(), NumberRange(min=Decimal("0.1"), max=Decimal("5"))],
        description="Students growing more slowly than this are below pace. Usually 1.0.",
    )
    accelerating_growth = DecimalField(
        "Accelerating from (levels a year)",
        places=2,
        validators=[InputRequired(), NumberRange(min=Decimal("0.2"), max=Decimal("10"))],
        description="Growth at or above this is accelerating. Usually 1.5.",
    )
    levels_behind = DecimalField(
        "Flag as behind at (levels)",
        places=2,
        validators=[InputRequired(), NumberRange(min=Decimal("0.5"), max=Decimal("6"))],
        description="Students this far below their expected level are a priority for support.",
    )
    not_progressing_weeks = IntegerField(
        "Not progressing after (weeks without new mastery)",
        validators=[InputRequired(), NumberRange(min=1, max=26)],
    )
    no_checkin_weeks = IntegerField(
        "Missing check-ins after (weeks)",
        validators=[InputRequired(), NumberRange(min=1, max=12)],
    )
    suppression_threshold = IntegerField(
        "Smallest group shown in equity reports",
        validators=[InputRequired(), NumberRange(min=5, max=100)],
        description="Smaller groups show as “fewer than N” so no child can be identified.",
    )
    paper_size = SelectField(
        "Paper size for printed reports",
        choices=[
            SelectChoice(PaperSize.LETTER.value, "US Letter"),
            SelectChoice(PaperSize.A4.value, "A4"),
        ],
    )
    feelings_enabled = BooleanField(
        "Ask students how they feel in the weekly check-in",
        description="Only the student and their teachers see each answer; leaders see totals.",
    )
    submit = SubmitField("Save settings")

    def validate_accelerating_growth(self, field: DecimalField) -> None:
        if (
            field.data is not None
            and self.on_pace_growth.data is not None
            and field.data <= self.on_pace_growth.data
        ):
            raise ValidationError("Accelerating must be higher than the on-pace threshold.")
