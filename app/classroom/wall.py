"""The data wall: a section's students × one framework's competencies, grouped by strand.

Each cell is the student's level on the competency, or its difference from the student's
expected level. One query reads the class's mastered levels in the chosen framework; the pure
level functions (`continuum.levels`, `reports.pace`) turn them into levels, the same ones the
dashboard and the continuum show. The cells reach the template as ready-made tuples, so 35
students on 60 competencies is a loop over 2,100 small values and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from app import clock
from app.authz import get_section_or_404
from app.classroom import bp
from app.classroom.wall_bands import Band, band, difference, legend, signed, tenths
from app.continuum.levels import mean_level
from app.continuum.outlines import FrameworkOutline
from app.htmx import render
from app.reports.progress import (
    ProgressContext,
    learners_of_section,
    progress_context,
    stored_standings,
)
from app.schools.groups import Students

LEVEL, GAP = "level", "gap"


class WallFilterForm(FlaskForm):  # type: ignore[misc]
    """GET form: unknown values fall back to the first framework and to levels."""

    class Meta:
        csrf = False

    framework = SelectField("Framework", coerce=str)
    show = SelectField(
        "Cells show",
        coerce=str,
        choices=[
            SelectChoice(LEVEL, "The level on each competency"),
            SelectChoice(GAP, "Difference from expected"),
        ],
        description="Difference: the competency level minus the student's expected level.",
    )

    def __init__(self, frameworks: list[FrameworkOutline], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.framework.choices = [SelectChoice(str(f.id), f.name) for f in frameworks]
        for field in (self.framework, self.show):
            valid = [choice.value for choice in field.choices]
            if field.data not in valid:
                field.data = valid[0] if valid else ""

    def chosen(self, frameworks: list[FrameworkOutline]) -> FrameworkOutline | None:
        return next((f for f in frameworks if str(f.id) == self.framework.data), None)

    @property
    def shows_gap(self) -> bool:
        return bool(self.show.data == GAP)


@dataclass(frozen=True)
class WallStrand:
    title: str
    codes: list[tuple[str, str]]  # (code, title) of each competency, in order


# One cell: its text, its CSS classes, its accessible label and its link.
Cell = tuple[str, str, str, str]


@dataclass(frozen=True)
class WallRow:
    name: str
    sort_name: str
    href: str
    level: str
    expected: str | None
    cells: list[Cell]

    @property
    def cells_html(self) -> Markup:
        """The row's cells as HTML, built here: 2,100 cells through the template's per-value
        escaping were half of the wall's time. The number and the classes are our own text;
        the name in the label and the link are escaped."""
        return Markup(  # noqa: S704  (every outside value is escaped below)
            "".join(
                f'<td class="{classes}"><a href="{escape(href)}" tabindex="-1" '
                f'aria-label="{escape(label)}">{text}</a></td>'
                for text, classes, label, href in self.cells
            )
        )


@dataclass(frozen=True)
class DataWall:
    framework: FrameworkOutline
    strands: list[WallStrand]
    rows: list[WallRow]
    shows_gap: bool
    legend: list[tuple[Band, str]]

    @property
    def competency_count(self) -> int:
        return sum(len(strand.codes) for strand in self.strands)


def competency_levels(students: Students, framework_id: int) -> dict[int, Mapping[int, int]]:
    """{student: {competency: level}} in one framework, from the stored standings (one query)."""
    standings = stored_standings(students, [framework_id], with_history=False)
    return {student_id: figures.competency_levels for (student_id, _), figures in standings.items()}


def build_wall(
    section_id: int, context: ProgressContext, framework: FrameworkOutline, shows_gap: bool
) -> DataWall:
    learners, student_ids = learners_of_section(section_id)
    stored = competency_levels(student_ids, framework.id)
    strands = [s for s in framework.strands if s.competencies]
    columns = [(c.id, c.code, s.id, i == 0) for s in strands for i, c in enumerate(s.competencies)]
    shade = _Shades(context.settings.levels_behind, shows_gap)
    rows = []
    for learner in learners:
        expected = context.expected_for(learner.grade)
        own = stored.get(learner.id, {})
        base = url_for("continuum.student_continuum", student_id=learner.id, framework=framework.id)
        levels: list[int] = []
        cells: list[Cell] = []
        for competency_id, code, strand_id, starts in columns:
            level = own.get(competency_id, 0)
            levels.append(level)
            text, classes, said = shade(level, expected)
            label = f"{learner.name}, {code}: level {level}{said}"
            start = " strand-start" if starts else ""
            cells.append((text, classes + start, label, f"{base}&strand={strand_id}"))
        rows.append(
            WallRow(
                learner.name,
                learner.sort_name,
                base,
                tenths(mean_level(levels)),
                None if expected is None else tenths(expected),
                cells,
            )
        )
    return DataWall(
        framework=framework,
        strands=[WallStrand(s.title, [(c.code, c.title) for c in s.competencies]) for s in strands],
        rows=rows,
        shows_gap=shows_gap,
        legend=legend(context.settings.levels_behind),
    )


class _Shades:
    """(text, CSS class, words for the label) of a level against an expected level, memoised:
    a class has a handful of expected levels and a dozen levels, but thousands of cells."""

    def __init__(self, levels_behind: Decimal, shows_gap: bool) -> None:
        self.levels_behind = levels_behind
        self.shows_gap = shows_gap
        self.seen: dict[tuple[int, Decimal | None], tuple[str, str, str]] = {}

    def __call__(self, level: int, expected: Decimal | None) -> tuple[str, str, str]:
        key = (level, expected)
        if key not in self.seen:
            diff = None if expected is None else difference(level, expected)
            classes = f"c-{band(diff, self.levels_behind)}"
            if not self.shows_gap:
                self.seen[key] = (str(level), classes, "")
            elif diff is None:
                self.seen[key] = ("—", classes, ", no expected level")
            else:
                text = signed(diff)
                self.seen[key] = (text, classes, f", {text} from the expected {tenths(expected)}")
        return self.seen[key]


@bp.route("/sections/<int:section_id>/wall")
def data_wall(section_id: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    context = progress_context(section.school_id, section.school.district_id, clock.today())
    frameworks = list(context.frameworks)
    form = WallFilterForm(frameworks, formdata=request.args)
    framework = form.chosen(frameworks)
    wall = build_wall(section.id, context, framework, form.shows_gap) if framework else None
    return render(
        "classroom/wall.html",
        "classroom/_wall_body.html",
        section=section,
        form=form,
        wall=wall,
    )
