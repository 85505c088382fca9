"""The class dashboard's filter and sort form: read from the query string, never trusted.

A GET form changes nothing, so it has no CSRF token. An unknown value (an old bookmark, a
hand-edited URL) is not an error: it falls back to the default and the select shows it.
"""

from __future__ import annotations

from collections.abc import Hashable
from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select

from app.classroom.dashboard_order import Filters, SortKey
from app.reports.flags import FlagKind
from app.reports.pace import Pace

NAME_LENGTH = 100
REMEMBERED_SELECTS = 512  # ~17 selects per "levels behind" setting; a safety bound


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


class RememberedSelect(Select):  # type: ignore[misc]
    """WTForms' select, its markup remembered by everything that goes into it.

    Every dashboard request renders the same three selects with the same few choices, and
    WTForms' general-purpose attribute writer made them some 15% of the page's rendering time.
    The markup is always WTForms' own: a select not seen before is rendered by `Select`, and
    the key holds all that `Select` reads (name, id, attributes, flags, and each choice's
    value, label, selected state and attributes). The keys are made of the form's own choices,
    never of raw input (an unknown value falls back to a choice), so they stay few; grouped
    choices are not remembered at all.
    """

    def __init__(self) -> None:
        super().__init__()
        self._known: dict[Hashable, Markup] = {}

    def __call__(self, field: SelectField, **kwargs: Any) -> Markup:
        key = self._key(field, kwargs)
        if key is None:
            return super().__call__(field, **kwargs)
        html = self._known.get(key)
        if html is None:
            if len(self._known) >= REMEMBERED_SELECTS:
                self._known.clear()
            html = self._known[key] = super().__call__(field, **kwargs)
        return html

    def _key(self, field: SelectField, kwargs: dict[str, Any]) -> Hashable | None:
        if field.has_groups():
            return None
        flags = field.flags
        key = (
            field.name,
            field.id,
            tuple(sorted(kwargs.items())),
            tuple((name, getattr(flags, name)) for name in self.validation_attrs),
            tuple(
                (c.value, c.label, c.selected, tuple(sorted((c.render_kw or {}).items())))
                for c in field.iter_choices()
            ),
        )
        try:
            hash(key)
        except TypeError:  # an attribute value that cannot be a key: render it afresh
            return None
        return key


class DashboardFilterForm(FlaskForm):  # type: ignore[misc]
    class Meta:
        csrf = False

    q = SearchField(
        "Name",
        description="Part of a first or family name.",
    )
    flag = SelectField("Flag", coerce=str, widget=RememberedSelect())
    pace = SelectField(
        "Pace", coerce=str, description="In any framework.", widget=RememberedSelect()
    )
    sort = SelectField("Order", coerce=str, widget=RememberedSelect())

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
