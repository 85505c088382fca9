"""The class dashboard's filter and sort form: read from the query string, never trusted.

A GET form changes nothing, so it has no CSRF token. An unknown value (an old bookmark, a
hand-edited URL) is not an error: it falls back to the default and the select shows it.
"""

from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice

from app.classroom.dashboard_order import Filters, SortKey
from app.reports.flags import FlagKind
from app.reports.pace import Pace

NAME_LENGTH = 100


def flag_labels(levels_behind: Decimal) -> dict[FlagKind, str]:
    """Each kind's short label, as its badges say it (see app.reports.flags)."""
    text = f"{levels_behind:f}"
    threshold = text.rstrip("0").rstrip(".") if "." in text else text
    return {
        FlagKind.LEVELS_BEHIND: f"{threshold} or more levels behind",
        FlagKind.NOT_PROGRESSING: "Not progressing",
        FlagKind.HELP_REQUESTED: "Asked for help",
        FlagKind.NO_CHECKIN: "No check-in",
        FlagKind.GOAL_PAST_DUE: "Goal past due",
        FlagKind.ADVANCING: "Advancing rapidly",
    }


class DashboardFilterForm(FlaskForm):  # type: ignore[misc]
    class Meta:
        csrf = False

    q = SearchField(
        "Name",
        description="Part of a first or family name.",
    )
    # Rendered by the `choice_field` macro (see _macros/forms.html), not by WTForms' widget.
    flag = SelectField("Flag", coerce=str)
    pace = SelectField("Pace", coerce=str, description="In any framework.")
    sort = SelectField("Order", coerce=str)

    def __init__(self, labels: dict[FlagKind, str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.flag.choices = [SelectChoice("", "Any or none")] + [
            SelectChoice(kind.value, labels[kind]) for kind in FlagKind
        ]
        self.pace.choices = [SelectChoice("", "Any pace")] + [
            SelectChoice(pace.value, pace.label) for pace in Pace
        ]
        self.sort.choices = [SelectChoice(key.value, key.label) for key in SortKey]
        for select in (self.flag, self.pace, self.sort):
            if select.data not in {choice.value for choice in select.choices}:
                select.data = select.choices[0].value
        self.q.data = (self.q.data or "").strip()[:NAME_LENGTH]

    def filters(self) -> Filters:
        return Filters(
            flag=FlagKind(self.flag.data) if self.flag.data else None,
            pace=Pace(self.pace.data) if self.pace.data else None,
            name=self.q.data,
            sort=SortKey(self.sort.data),
        )

    def query(self, **changes: str | None) -> dict[str, str]:
        """The current choices as URL arguments, defaults left out, with `changes` applied."""
        args: dict[str, str | None] = {
            "q": self.q.data,
            "flag": self.flag.data,
            "pace": self.pace.data,
            "sort": self.sort.data if self.sort.data != SortKey.NEED else None,
        }
        args.update(changes)
        return {key: value for key, value in args.items() if value}
