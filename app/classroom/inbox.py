"""The check-in inbox: a teacher's week of check-ins across their sections, help first.

Replies go through the goals feature's reply service; this module only decides where the
teacher lands afterwards (back in the inbox, at the same check-in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import abort, flash, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app import clock
from app.auth.models import Role
from app.authz import is_teacher_of, require_role
from app.classroom import bp, queries
from app.extensions import db
from app.goals import services as goal_services
from app.goals.access import feelings_enabled, get_check_in_or_404
from app.goals.forms import CONFIDENCE, FEELINGS, ReplyForm, reply_form
from app.goals.models import CheckIn
from app.goals.web import after_save
from app.goals.weeks import IsoWeek, monday_of, week_of
from app.htmx import render

WEEKS_TO_CHOOSE = 10


@dataclass(frozen=True)
class InboxItem:
    check_in: CheckIn
    pupil: queries.Pupil

    @property
    def answered(self) -> bool:
        return bool(self.check_in.replies)


def _chosen_week(today: date) -> IsoWeek:
    """The week asked for (any day in it will do); a bad or future value means this week."""
    asked = request.args.get("week", type=date.fromisoformat)
    if asked is None or asked > today:
        return week_of(today)
    return week_of(asked)


def _labels(scale: list[SelectChoice]) -> dict[int, str]:
    return {int(choice.value): choice.label for choice in scale}


def _item_context(forms: dict[int, ReplyForm] | None = None) -> dict[str, Any]:
    """What one check-in card needs besides the check-in: labels, feelings, reply forms."""
    return {
        "show_feelings": feelings_enabled(current_user.school_id),
        "confidence_labels": _labels(CONFIDENCE),
        "feeling_labels": _labels(FEELINGS),
        "forms": forms or {},
        "new_reply_form": reply_form,
    }


def _inbox_context(week: IsoWeek, forms: dict[int, ReplyForm] | None = None) -> dict[str, Any]:
    today = clock.today()
    pupils = queries.pupils_of_teacher(current_user.id)
    check_ins = queries.week_check_ins(list(pupils), week.starts_on)
    items = [InboxItem(c, pupils[c.student_id]) for c in check_ins]
    items.sort(key=lambda i: (not i.check_in.wants_help, i.answered, i.pupil.sort_name.lower()))
    done = {c.student_id for c in check_ins}
    this_monday = monday_of(today)
    return {
        "week": week,
        "is_this_week": week.starts_on == this_monday,
        "weeks": [this_monday - timedelta(weeks=n) for n in range(WEEKS_TO_CHOOSE)],
        "help": [i for i in items if i.check_in.wants_help],
        "others": [i for i in items if not i.check_in.wants_help],
        "missing": [p for p in pupils.values() if p.id not in done],
        "pupil_count": len(pupils),
        **_item_context(forms),
    }


@bp.route("/teach/inbox")
@require_role(Role.TEACHER)
def inbox() -> ResponseReturnValue:
    week = _chosen_week(clock.today())
    return render("classroom/inbox.html", "classroom/_inbox.html", **_inbox_context(week))


@bp.route("/teach/inbox/<int:check_in_id>/reply", methods=["POST"])
def inbox_reply(check_in_id: int) -> ResponseReturnValue:
    check_in, student = get_check_in_or_404(current_user, check_in_id)
    if not is_teacher_of(current_user, student.id):
        abort(404)
    form = reply_form(check_in.id)
    week = IsoWeek(check_in.iso_year, check_in.iso_week)
    if form.validate_on_submit():
        goal_services.add_reply(check_in, current_user, form.body.data or "")
        db.session.commit()
        flash(f"Reply sent to {student.given_name}.", "success")
        db.session.refresh(check_in)
        pupil = queries.pupils_of_teacher(current_user.id)[student.id]
        return after_save(
            url_for("classroom.inbox", week=week.starts_on.isoformat())
            + f"#check-in-{check_in.id}",
            "classroom/_inbox_check_in.html",
            item=InboxItem(check_in, pupil),
            **_item_context(),
        )
    context = _inbox_context(week, forms={check_in.id: form})
    pupil = queries.pupils_of_teacher(current_user.id)[student.id]
    return render(
        "classroom/inbox.html",
        "classroom/_inbox_check_in.html",
        status=422,
        item=InboxItem(check_in, pupil),
        **context,
    )
