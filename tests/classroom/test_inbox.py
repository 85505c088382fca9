"""The check-in inbox: help first, inline replies with and without htmx, who has not checked
in, previous weeks, bad input, and a query count that does not grow with the class."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.goals.models import CheckInReply
from app.schools.models import SchoolSettings
from tests.classroom.conversations import HTMX, TODAY
from tests.factories import make_student
from tests.goals.builders import make_check_in, make_goal, make_reply, post_prefixed
from tests.querycount import count_queries


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _replies(check_in_id: int) -> list[str]:
    return list(
        db.session.scalars(select(CheckInReply.body).where(CheckInReply.check_in_id == check_in_id))
    )


def _reply(client, check_in_id: int, body: str, **kw):
    url = f"/teach/inbox/{check_in_id}/reply"
    return post_prefixed(client, url, f"reply-{check_in_id}", {"body": body}, "/teach/inbox", **kw)


def _class(world):
    """Maya asks for help, Ava checks in, Cara has not; Omar (another class) checks in too."""
    ava = make_student(world.school, section=world.section, given_name="Ava", family_name="Adams")
    cara = make_student(world.school, section=world.section, given_name="Cara", family_name="Cole")
    goal = make_goal(world.student, title="Add fractions with unlike denominators")
    maya = make_check_in(
        world.student, wants_help=True, feeling=2, hard="Common denominators", ratings={goal.id: 2}
    )
    ava_check_in = make_check_in(ava, went_well="Finished my reading log", confidence=4)
    omar = make_check_in(world.other_student, went_well="Omar private week")
    return maya, ava_check_in, cara, omar


def test_help_requests_come_first_then_the_others_then_who_has_not_checked_in(
    client, world, sign_in
):
    _class(world)
    sign_in(client, world.teacher)
    page = client.get("/teach/inbox").get_data(as_text=True)
    help_at, others_at, missing_at = (
        page.index('id="help-heading"'),
        page.index('id="others-heading"'),
        page.index('id="missing-heading"'),
    )
    assert help_at < page.index("Lopez, Maya") < others_at < page.index("Adams, Ava") < missing_at
    assert page.index("Cole, Cara") > missing_at
    assert "Common denominators" in page and "Finished my reading log" in page
    assert "Add fractions with unlike denominators" in page and "2/5" in page
    assert "2/5 · Low" in page  # teachers see how the student feels
    assert "Omar private week" not in page  # another teacher's class
    assert "Mathematics 6 · Studio A" in page
    # The reply box is open for the unanswered help request, folded for the routine check-in.
    assert page.count('<details class="inbox-reply" open>') == 1
    assert page.count('<details class="inbox-reply">') == 1


def test_a_reply_from_the_inbox_is_saved_and_swapped_in_place(client, world, sign_in):
    maya, *_ = _class(world)
    sign_in(client, world.teacher)
    response = _reply(client, maya.id, "See you on Thursday.", headers=HTMX)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith(f'<article id="check-in-{maya.id}"')
    assert "See you on Thursday." in fragment and "Replied" in fragment
    assert 'hx-swap-oob="true"' in fragment and "Reply sent to Maya." in fragment
    assert _replies(maya.id) == ["See you on Thursday."]


def test_a_reply_without_javascript_returns_to_the_same_check_in(client, world, sign_in):
    maya, *_ = _class(world)
    sign_in(client, world.teacher)
    response = _reply(client, maya.id, "Good")
    assert response.status_code == 303
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert response.headers["Location"].endswith(f"/teach/inbox?week={monday}#check-in-{maya.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Reply sent to Maya." in page and "No reply yet" not in page.split("Adams, Ava")[0]


def test_an_empty_reply_is_refused_beside_the_field_and_saves_nothing(client, world, sign_in):
    maya, *_ = _class(world)
    sign_in(client, world.teacher)
    response = _reply(client, maya.id, "  ")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="reply-{maya.id}-body-error"' in page and "Write a reply first." in page
    assert "Adams, Ava" in page  # the whole inbox is still there
    assert _replies(maya.id) == []


def test_a_teacher_cannot_reply_to_another_class_from_the_inbox(client, world, sign_in):
    *_, omar = _class(world)
    sign_in(client, world.teacher)
    response = _reply(client, omar.id, "Hi")
    assert response.status_code == 404
    assert _replies(omar.id) == []


def test_previous_weeks_can_be_chosen_and_bad_weeks_are_ignored(client, world, sign_in):
    last_week = TODAY - timedelta(weeks=1)
    make_check_in(world.student, on=last_week, went_well="Last week win")
    sign_in(client, world.teacher)
    this_week = client.get("/teach/inbox").get_data(as_text=True)
    assert "Last week win" not in this_week and "Lopez, Maya" in this_week
    chosen = client.get(f"/teach/inbox?week={last_week}").get_data(as_text=True)
    assert "Last week win" in chosen and "Not checked in that week" in chosen
    for bad in ("banana", "2026-02-30", (TODAY + timedelta(weeks=3)).isoformat()):
        response = client.get(f"/teach/inbox?week={bad}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Last week win" not in page and "Not checked in yet" in page


def test_the_week_chooser_swaps_only_the_inbox_for_htmx(client, world, sign_in):
    sign_in(client, world.teacher)
    fragment = client.get("/teach/inbox", headers=HTMX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="inbox"')
    assert "<html" not in fragment


def test_feelings_stay_hidden_when_the_school_does_not_ask_for_them(client, world, sign_in):
    _class(world)
    db.session.get(SchoolSettings, world.school.id).feelings_enabled = False
    db.session.commit()
    sign_in(client, world.teacher)
    page = client.get("/teach/inbox").get_data(as_text=True)
    assert "Feeling" not in page


def test_everyone_answered_and_an_empty_week_read_clearly(client, world, sign_in):
    sign_in(client, world.teacher)
    page = client.get("/teach/inbox").get_data(as_text=True)
    assert "No check-ins yet" in page and "Nobody asked for help this week." in page
    make_check_in(world.student)
    page = client.get("/teach/inbox").get_data(as_text=True)
    assert "Everyone in your classes has checked in." in page


def _fill(world, count: int, start: int) -> None:
    for i in range(start, start + count):
        student = make_student(world.school, section=world.section, family_name=f"Kid{i:03d}")
        goal = make_goal(student)
        if i % 3:
            check_in = make_check_in(student, wants_help=i % 2 == 0, ratings={goal.id: 3})
            if i % 4 == 0:
                make_reply(check_in, world.teacher)


def _queries(client, url: str) -> int:
    with count_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200
    return len(statements)


def test_the_inbox_costs_the_same_queries_for_10_and_200_students(client, world, sign_in):
    sign_in(client, world.teacher)
    _fill(world, 10, 0)
    small = _queries(client, "/teach/inbox")
    _fill(world, 190, 10)
    large = _queries(client, "/teach/inbox")
    assert small == large
    assert db.session.scalar(select(func.count()).select_from(CheckInReply)) > 10
