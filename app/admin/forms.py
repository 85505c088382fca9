from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.continuum.interchange import MAX_BYTES as IMPORT_MAX_BYTES
from app.continuum.interchange import detect_format
from app.continuum.mastery import Method
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


# --- Frameworks ---


class FrameworkImportForm(FlaskForm):
    file = FileField(
        "Framework file",
        validators=[
            FileRequired("Choose a file to import."),
            FileSize(IMPORT_MAX_BYTES, message="The file is larger than 5 MB, the most we import."),
        ],
        description=(
            "A 1EdTech CASE 1.0 package (.json), or a CSV with the columns strand, competency "
            "code, statement, level, descriptor (and optionally kind). Up to 5 MB."
        ),
    )
    name = StringField(
        "Framework name",
        validators=[Length(max=200)],  # no Optional(): it would skip validate_name
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description="Needed for a CSV file. A CASE package brings its own title.",
    )
    level = IntegerField(
        "Level for items without one",
        validators=[Optional(), NumberRange(min=0, max=20)],
        description=(
            "CASE items with no grade level (educationLevel), of their own or above them, "
            "take this level. 0 is kindergarten."
        ),
    )
    submit = SubmitField("Import framework")

    def validate_name(self, field: StringField) -> None:
        upload = self.file.data
        if field.data or not isinstance(upload, FileStorage):
            return
        head = upload.stream.read(64)
        upload.stream.seek(0)
        if detect_format(upload.filename or "", head) == "csv":
            raise ValidationError("A CSV file has no title: give the framework a name.")


class FrameworkSettingsForm(FlaskForm):
    method = SelectField(
        "Calculation method",
        choices=[SelectChoice(method.value, method.label) for method in Method],
        validators=[InputRequired()],
        description="How the scores at one level become a mastery value.",
    )
    decay_weight = DecimalField(
        "Weight of the newest score",
        places=2,
        validators=[InputRequired(), NumberRange(min=Decimal("0.50"), max=Decimal("0.99"))],
        description="Decaying and weighted averages only: from 0.50 to 0.99. Usually 0.65.",
    )
    n_times = IntegerField(
        "n (times at or above the threshold)",
        validators=[InputRequired(), NumberRange(min=1, max=20)],
        description="For “number of times at or above the threshold”. Usually 5.",
    )
    last_n = IntegerField(
        "N (scores in the mean of the last N)",
        validators=[InputRequired(), NumberRange(min=1, max=20)],
        description="For “mean of the last N scores”. Usually 3.",
    )
    minimum_evidence = IntegerField(
        "Minimum evidence",
        validators=[InputRequired(), NumberRange(min=1, max=20)],
        description="No level is mastered on fewer counting scores than this.",
    )
    submit = SubmitField("Save and recalculate")

    def validate_decay_weight(self, field: DecimalField) -> None:
        if field.data is not None and field.data != field.data.quantize(Decimal("0.01")):
            raise ValidationError("Use at most two decimals.")
