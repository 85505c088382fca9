"""The data wall: a section's students × one framework's competencies, grouped by strand.

Each cell is the student's level on the competency, or its difference from the student's
expected level. It is read from `reports.progress` (one query for the whole class's mastery)
in one pass over the competency levels; the cells reach the template as ready-made tuples, so
35 students on 60 competencies is a loop over 2,100 small values and nothing else.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from app import clock
from app.authz import get_section_or_404
from app.classroom import bp
from app.classroom.wall_bands import Band, band, difference, legend, signed, tenths
from app.continuum.models import Framework
from app.htmx import render
from app.reports.progress import (
    ProgressContext,
    learners_of_section,
    progress_context,
    progress_of,
)

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

    def __init__(self, frameworks: list[Framework], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.framework.choices = [SelectChoice(str(f.id), f.name) for f in frameworks]
        for select in (self.framework, self.show):
            valid = [choice.value for choice in select.choices]
            if select.data not in valid:
                select.data = valid[0] if valid else ""

    def chosen(self, frameworks: list[Framework]) -> Framework | None:
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


@dataclass(frozen=True)
class DataWall:
    framework: Framework
    strands: list[WallStrand]
    rows: list[WallRow]
    shows_gap: bool
    legend: list[tuple[Band, str]]

    @property
    def competency_count(self) -> int:
        return sum(len(strand.codes) for strand in self.strands)


def build_wall(
    section_id: int, context: ProgressContext, framework: Framework, shows_gap: bool
) -> DataWall:
    learners, student_ids = learners_of_section(section_id)
    only_this = dataclasses.replace(context, frameworks=[framework])
    progress = progress_of(learners, student_ids, only_this)
    strands = [s for s in framework.strands if s.competencies]
    columns = [(c.id, c.code, s.id, i == 0) for s in strands for i, c in enumerate(s.competencies)]
    behind = context.settings.levels_behind
    rows = []
    for learner in learners:
        figures = progress[learner.id].frameworks[0]
        expected = figures.expected
        base = url_for("continuum.student_continuum", student_id=learner.id, framework=framework.id)
        cells: list[Cell] = []
        for competency_id, code, strand_id, starts in columns:
            level = figures.competency_levels.get(competency_id, 0)
            diff = None if expected is None else difference(level, expected)
            classes = f"c-{band(diff, behind)}{' strand-start' if starts else ''}"
            label = f"{learner.name}, {code}: level {level}"
            if shows_gap and diff is not None:
                text = signed(diff)
                label += f", {text} from the expected {tenths(expected)}"
            else:
                text = "—" if shows_gap else str(level)
            cells.append((text, classes, label, f"{base}&strand={strand_id}"))
        rows.append(
            WallRow(
                learner.name,
                learner.sort_name,
                base,
                tenths(figures.level),
                None if expected is None else tenths(expected),
                cells,
            )
        )
    return DataWall(
        framework=framework,
        strands=[WallStrand(s.title, [(c.code, c.title) for c in s.competencies]) for s in strands],
        rows=rows,
        shows_gap=shows_gap,
        legend=legend(behind),
    )


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
