"""The weekly check-in: one per ISO week, editable until Sunday, stored once however often it
is sent; replies from teachers; who sees feelings; the timeline of past weeks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.goals import services
from app.goals.models import CheckIn, CheckInReply, GoalRating
from app.goals.rules import GoalStatus
from app.schools.models import SchoolSettings
from tests.goals.builders import TODAY, make_check_in, make_goal, make_reply, post_prefixed
from tests.schools.test_pages import count_queries

URL = "/me/check-in"
MONDAY = "2026-11-23"
HTMX = {"HX-Request": "true"}


def _answers(goal_ids: list[int] = (), **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "week_start": MONDAY,
        "confidence": "4",
        "went_well": "I finished every practice set on time.",
        "hard": "Fractions with unlike denominators.",
        "next_step": "Ask Ms. T for two more fraction examples.",
        "feeling": "4",
    }
    data.update({f"goal_{goal_id}": "3" for goal_id in goal_ids})
    data.update(overrides)
    return data


def _check_ins(student_id: int) -> list[CheckIn]:
    return list(db.session.scalars(select(CheckIn).where(CheckIn.student_id == student_id)))


def test_student_checks_in_with_a_rating_per_open_goal(client, world, sign_in):
    goal = make_goal(world.student, title="Add fractions with unlike denominators")
    done = make_goal(world.student, title="An old goal", status=GoalStatus.ACHIEVED)
    sign_in(client, world.student)
    page = client.get(URL).get_data(as_text=True)
    assert "Add fractions with unlike denominators" in page and "An old goal" not in page
    assert "Week of Nov 23, 2026 to Nov 29, 2026" in page

    response = client.post_form(URL, _answers([goal.id], wants_help="y"))
    assert response.status_code == 303
    (check_in,) = _check_ins(world.student.id)
    assert (check_in.iso_year, check_in.iso_week, str(check_in.week_start)) == (2026, 48, MONDAY)
    assert check_in.confidence == 4 and check_in.wants_help and check_in.feeling == 4
    assert [(r.goal_id, r.rating) for r in check_in.ratings] == [(goal.id, 3)]
    assert done.id not in {r.goal_id for r in check_in.ratings}
    assert "Check-in saved" in client.get(URL).get_data(as_text=True)


def test_a_second_submit_for_the_same_week_updates_the_one_check_in(client, world, sign_in):
    goal = make_goal(world.student)
    sign_in(client, world.student)
    assert client.post_form(URL, _answers([goal.id])).status_code == 303
    response = client.post_form(URL, _answers([goal.id], confidence="2", **{f"goal_{goal.id}": 5}))
    assert response.status_code == 303
    (check_in,) = _check_ins(world.student.id)
    assert check_in.confidence == 2
    assert db.session.scalar(select(GoalRating.rating).where(GoalRating.goal_id == goal.id)) == 5
    assert "Check-in updated." in client.get(URL).get_data(as_text=True)


def test_a_racing_double_submit_still_stores_one_check_in(client, world, sign_in, monkeypatch):
    """Two requests that both found no check-in: the second insert yields to the first."""
    make_check_in(world.student, confidence=1)
    real_find = services.find_check_in
    calls = iter([None])
    monkeypatch.setattr(services, "find_check_in", lambda *a: next(calls, real_find(*a)))
    sign_in(client, world.student)
    assert client.post_form(URL, _answers()).status_code == 303
    (check_in,) = _check_ins(world.student.id)
    assert check_in.confidence == 4


def test_the_database_refuses_two_check_ins_for_one_week(app, world):
    make_check_in(world.student)
    with pytest.raises(IntegrityError):
        make_check_in(world.student, on=TODAY + timedelta(days=2))
    db.session.rollback()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param({"next_step": "   "}, "next_step", "Write your next step", id="empty"),
        pytest.param({"hard": "x" * 2001}, "hard", "under 2000 characters", id="too-long"),
        pytest.param({"confidence": ""}, "confidence", "Choose how confident", id="no-rating"),
        pytest.param({"confidence": "9"}, "confidence", "Not a valid choice", id="off-scale"),
    ],
)
def test_bad_answers_are_explained_and_nothing_is_saved(
    client, world, sign_in, change, field, message
):
    sign_in(client, world.student)
    response = client.post_form(URL, _answers(**change))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    assert "I finished every practice set on time." in page  # what was typed is still there
    assert _check_ins(world.student.id) == []


def test_every_open_goal_needs_a_rating(client, world, sign_in):
    goal = make_goal(world.student)
    sign_in(client, world.student)
    response = client.post_form(URL, _answers())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="goal_{goal.id}-error"' in page and "Rate your progress on this goal" in page


def test_a_locked_week_changes_nothing_and_keeps_the_answers(client, world, sign_in):
    existing = make_check_in(world.student, confidence=2, next_step="Keep going.")
    sign_in(client, world.student)
    late = _answers(week_start="2026-11-16", next_step="Written last Sunday night.")
    response = client.post_form(URL, late)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The week of Nov 16, 2026 ended on Sunday, so its check-in is locked" in page
    assert "Written last Sunday night." in page and f'value="{MONDAY}"' in page
    db.session.refresh(existing)
    assert (existing.confidence, existing.next_step) == (2, "Keep going.")
    assert len(_check_ins(world.student.id)) == 1


def test_a_post_without_the_week_field_saves_this_weeks_check_in(client, world, sign_in):
    """The field is hidden, so only a hand-made post lacks it; it once failed with a 500."""
    existing = make_check_in(world.student, confidence=2)
    sign_in(client, world.student)
    answers = _answers()
    del answers["week_start"]
    assert client.post_form(URL, answers).status_code == 303
    db.session.refresh(existing)
    assert existing.confidence == 4
    assert len(_check_ins(world.student.id)) == 1


def test_a_school_can_switch_the_feeling_question_off(client, world, sign_in):
    settings = db.session.get(SchoolSettings, world.school.id)
    settings.feelings_enabled = False
    db.session.commit()
    sign_in(client, world.student)
    assert "How do you feel this week?" not in client.get(URL).get_data(as_text=True)
    assert client.post_form(URL, _answers(feeling="1")).status_code == 303
    assert _check_ins(world.student.id)[0].feeling is None


@pytest.mark.parametrize(
    ("viewer", "sees_feeling"),
    [
        ("student", True),
        ("teacher", True),
        ("leader", False),
        ("district_admin", False),
        ("guardian", False),
    ],
)
def test_only_the_student_and_their_teachers_see_feelings(
    client, world, sign_in, viewer, sees_feeling
):
    make_check_in(world.student, feeling=2, is_shareable=True, went_well="Shared week")
    sign_in(client, world.actor(viewer))
    page = client.get(f"/students/{world.student.id}/check-ins").get_data(as_text=True)
    assert "Shared week" in page
    assert ("<dt>Feeling</dt>" in page) is sees_feeling


def test_guardians_see_only_the_check_ins_shared_with_the_family(client, world, sign_in):
    make_check_in(world.student, went_well="Shared with mum", is_shareable=True)
    make_check_in(world.student, on=TODAY - timedelta(weeks=1), went_well="Just for my teacher")
    sign_in(client, world.guardian)
    page = client.get(f"/students/{world.student.id}/check-ins").get_data(as_text=True)
    assert "Shared with mum" in page and "Just for my teacher" not in page


def test_a_teacher_replies_and_the_student_sees_it_as_new_until_opened(client, world, sign_in):
    check_in = make_check_in(world.student)
    sign_in(client, world.teacher)
    timeline = f"/students/{world.student.id}/check-ins"
    response = post_prefixed(
        client,
        f"/check-ins/{check_in.id}/replies",
        f"reply-{check_in.id}",
        {"body": "Great focus on fractions!"},
        timeline,
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{timeline}#week-{check_in.id}")
    reply = db.session.scalars(select(CheckInReply)).one()
    assert reply.author_id == world.teacher.id and reply.seen_at is None

    sign_in(client, world.student)
    home = client.get("/me").get_data(as_text=True)
    assert "New from my teachers" in home and "Great focus on fractions!" in home
    assert "Great focus on fractions!" in client.get(timeline).get_data(as_text=True)
    assert "New from my teachers" not in client.get("/me").get_data(as_text=True)
    db.session.refresh(reply)
    assert reply.seen_at is not None


def test_an_empty_reply_is_refused_beside_the_box(client, world, sign_in):
    check_in = make_check_in(world.student)
    sign_in(client, world.teacher)
    timeline = f"/students/{world.student.id}/check-ins"
    url = f"/check-ins/{check_in.id}/replies"
    response = post_prefixed(client, url, f"reply-{check_in.id}", {"body": " "}, timeline)
    assert response.status_code == 422
    assert "Write a reply first." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CheckInReply)) == 0


def test_htmx_saves_without_a_reload(client, world, sign_in):
    check_in = make_check_in(world.student)
    sign_in(client, world.teacher)
    timeline = f"/students/{world.student.id}/check-ins"
    url = f"/check-ins/{check_in.id}/replies"
    response = post_prefixed(
        client, url, f"reply-{check_in.id}", {"body": "Nice!"}, timeline, headers=HTMX
    )
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fragment.startswith(f'<div id="replies-{check_in.id}"') and "Nice!" in fragment
    assert 'hx-swap-oob="true"' in fragment and "Reply sent" in fragment

    sign_in(client, world.student)
    response = client.post_form(URL, _answers(), headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and fragment.startswith('<div id="check-in">')
    assert "Check-in updated." in fragment or "Check-in saved" in fragment
    response = client.post_form(URL, _answers(went_well=""), headers=HTMX)
    assert response.status_code == 422 and "<html" not in response.get_data(as_text=True)


def test_the_timeline_shows_missed_weeks_and_a_chart(client, world, sign_in):
    make_check_in(world.student, on=TODAY - timedelta(weeks=3), went_well="Three weeks ago")
    make_check_in(world.student, on=TODAY - timedelta(weeks=1), went_well="Last week")
    sign_in(client, world.student)
    page = client.get(f"/students/{world.student.id}/check-ins").get_data(as_text=True)
    assert "2 of 4 weeks checked in." in page
    assert 'Week of Nov 9, 2026</strong> · <span class="muted">no check-in' in page
    assert "not done yet" in page  # this week
    assert "<polyline" in page and "Confidence by week" in page


def test_the_timeline_costs_the_same_for_few_or_many_weeks(client, world, sign_in):
    sign_in(client, world.teacher)
    url = f"/students/{world.student.id}/check-ins"
    goal = make_goal(world.student)

    def add(weeks: range) -> None:
        for i in weeks:
            check_in = make_check_in(
                world.student, on=TODAY - timedelta(weeks=i), ratings={goal.id: 3}
            )
            make_reply(check_in, world.teacher)

    def queries() -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    add(range(1, 3))
    few = queries()
    add(range(3, 16))
    assert queries() == few


def test_a_leader_switches_the_feeling_question_off_in_settings(client, world, sign_in):
    sign_in(client, world.leader)
    url = f"/schools/{world.school.id}/settings"
    assert "Ask students how they feel in the weekly check-in" in client.get(url).get_data(
        as_text=True
    )
    settings = {
        "on_pace_growth": "1.00",
        "accelerating_growth": "1.50",
        "levels_behind": "2.00",
        "not_progressing_weeks": "6",
        "no_checkin_weeks": "2",
        "suppression_threshold": "10",
        "paper_size": "letter",
    }  # the box left unticked
    assert client.post_form(url, settings).status_code == 303
    assert db.session.get(SchoolSettings, world.school.id).feelings_enabled is False
    sign_in(client, world.student)
    assert "How do you feel this week?" not in client.get(URL).get_data(as_text=True)
