"""The continuum page's filters: read from the query string, never trusted. Words are lazy
(`_l`): students read this page in their language."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from app.continuum.models import Framework


class ContinuumFilterForm(FlaskForm):  # type: ignore[misc]
    """GET form: no CSRF (it changes nothing), unknown values fall back to "all"."""

    class Meta:
        csrf = False

    framework = SelectField(_l("Framework"), coerce=str, validators=[Optional()])
    strand = SelectField(_l("Strand"), coerce=str, validators=[Optional()])
    as_of = DateField(
        _l("As of"),
        validators=[Optional()],
        description=_l("See the continuum as it stood on an earlier date."),
    )

    def __init__(self, frameworks: list[Framework], today: date, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.framework.choices = [("", _l("All frameworks"))] + [
            (str(f.id), f.name) for f in frameworks
        ]
        chosen = self.chosen_framework(frameworks)
        strands = chosen.strands if chosen else []
        self.strand.choices = [("", _l("All strands"))] + [(str(s.id), s.title) for s in strands]

    def validate_as_of(self, field: DateField) -> None:
        if field.data is not None and field.data > self.today:
            raise ValidationError(_l("Choose today or an earlier date."))

    def chosen_framework(self, frameworks: list[Framework]) -> Framework | None:
        return next((f for f in frameworks if str(f.id) == self.framework.data), None)

    def chosen_strand_id(self) -> int | None:
        valid = {value for value, _ in self.strand.choices if value}
        return int(self.strand.data) if self.strand.data in valid else None

    def as_of_date(self) -> date:
        if self.as_of.errors or self.as_of.data is None:
            return self.today
        return self.as_of.data
