"""The reports' filters: GET forms read from the query string, never trusted.

They change nothing, so they carry no CSRF token; an unknown value falls back to the default
(the district's first framework, or the most severe flag) and the page stays correct.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from app.continuum.outlines import FrameworkOutline
from app.reports.flags import FlagKind
from app.reports.report import flag_kind_label


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False

    framework = SelectField(
        "Framework",
        coerce=str,
        validators=[Optional()],
        description="Levels, growth and the progress flags are read in this framework.",
    )

    def __init__(self, frameworks: Sequence[FrameworkOutline], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.framework.choices = [(str(f.id), f.name) for f in frameworks]

    def framework_id(self) -> int | None:
        data = self.framework.data or ""
        return int(data) if data.isdigit() else None


class SchoolFilterForm(ReportFilterForm):
    flag = SelectField("Students with the flag", coerce=str, validators=[Optional()])

    def __init__(
        self, frameworks: Sequence[FrameworkOutline], levels_behind: Decimal, **kwargs: object
    ) -> None:
        super().__init__(frameworks, **kwargs)
        self.flag.choices = [(k.value, flag_kind_label(k, levels_behind)) for k in FlagKind]

    def flag_kind(self) -> FlagKind:
        return next((k for k in FlagKind if k.value == self.flag.data), FlagKind.LEVELS_BEHIND)
