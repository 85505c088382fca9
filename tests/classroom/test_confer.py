"""Conferring: what the page shows before a conversation, recording a conference, bad input,
who reads private and shared notes, the history, and what the pages cost in queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.classroom.models import Conference
from app.extensions import db
from app.pdsa.stages import Stage
from tests.classroom.conversations import HTMX, TODAY, make_conference, master
from tests.factories import make_student
from tests.goals.builders import make_check_in, make_cycle, make_goal
from tests.querycount import page_queries


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _url(world) -> str:
    return f"/students/{world.student.id}/confer"


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "held_on": TODAY.isoformat(),
        "notes": "Maya explained her fraction strategy aloud.",
        "next_steps": "Try the number-line method on Friday's exit ticket.",
    }
    data.update(overrides)
    return data


def _conferences(student_id: int) -> list[Conference]:
    return list(db.session.scalars(select(Conference).where(Conference.student_id == student_id)))


def test_the_page_has_what_a_ten_minute_conversation_needs(client, world, sign_in):
    master(world.student, world.framework, range(1, 4), date(2026, 9, 1))
    goal = make_goal(world.student, title="Explain my fraction strategy")
    for weeks in range(6):
        make_check_in(
            world.student,
            on=TODAY - timedelta(weeks=weeks),
            next_step=f"Step from {weeks} weeks ago",
            ratings={goal.id: 4} if weeks == 0 else {},
            wants_help=weeks == 0,
        )
    make_cycle(world.student, done=(Stage.DO,))
    make_conference(world.student, world.teacher, next_steps="Bring the fraction strips")
    sign_in(client, world.teacher)
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Bring the fraction strips" in page  # last time's agreed next steps
    assert "Explain my fraction strategy" in page and "4/5" in page  # goal, latest progress
    assert "Step from 3 weeks ago" in page and "Step from 4 weeks ago" not in page  # last 4
    assert "Now: Study" in page  # the PDSA stage after Do
    assert "Mathematics" in page and "3.0" in page and "2.3 behind" in page  # level and gap
    assert "2 or more levels behind" in page and "levels behind the expected level 5.3" in page
    assert "Not progressing" in page and "Asked for help" in page
    assert "Open a support plan for" in page


def test_a_teacher_records_a_conference_with_the_goals_touched(client, world, sign_in):
    mine = make_goal(world.student, title="Fluent times tables")
    make_goal(world.student, title="Read two chapters a week")
    sign_in(client, world.teacher)
    response = client.post_form(_url(world), _form(goals=[str(mine.id)], is_shared="y"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(_url(world))
    (saved,) = _conferences(world.student.id)
    assert saved.held_on == TODAY and saved.is_shared and saved.teacher_id == world.teacher.id
    assert [g.title for g in saved.goals] == ["Fluent times tables"]
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Conference saved and shared with Maya." in page
    assert "Try the number-line method" in page and "Shared with the student" in page


def test_the_date_defaults_to_today_and_cannot_be_in_the_future(client, world, sign_in):
    sign_in(client, world.teacher)
    assert f'value="{TODAY.isoformat()}"' in client.get(_url(world)).get_data(as_text=True)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client.post_form(_url(world), _form(held_on=tomorrow))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="held_on-error"' in page and "pick today (Nov 25, 2026) or earlier" in page
    assert "Maya explained her fraction strategy aloud." in page  # what was typed is kept
    assert _conferences(world.student.id) == []


def test_missing_notes_and_foreign_goals_are_refused_beside_their_fields(client, world, sign_in):
    foreign = make_goal(world.other_student, title="Omar's goal")
    sign_in(client, world.teacher)
    response = client.post_form(_url(world), _form(notes="", goals=[str(foreign.id)]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="notes-error"' in page and "Write a few words about the conversation." in page
    assert 'id="goals-error"' in page and "Choose goals from the list." in page
    assert _conferences(world.student.id) == []


def test_an_htmx_submit_with_errors_swaps_only_the_form(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.post_form(_url(world), _form(next_steps=""), headers=HTMX)
    assert response.status_code == 422
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<article id="conference-form"')
    assert "Write at least one next step you agreed on." in fragment


def test_an_htmx_submit_that_saves_moves_to_the_fresh_page(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.post_form(_url(world), _form(), headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].endswith(_url(world))
    assert len(_conferences(world.student.id)) == 1


def test_private_notes_stay_with_staff_and_shared_ones_reach_student_and_family(
    client, world, sign_in
):
    make_conference(world.student, world.teacher, shared=False, notes="Worried about home life")
    make_conference(world.student, world.teacher, shared=True, notes="Proud of the fractions work")
    history = f"/students/{world.student.id}/conferences"
    for staff in (world.teacher, world.leader, world.district_admin):
        sign_in(client, staff)
        page = client.get(history).get_data(as_text=True)
        assert "Worried about home life" in page and "Proud of the fractions work" in page
        assert "Private to staff" in page
    for family in (world.student, world.guardian):
        sign_in(client, family)
        page = client.get(history).get_data(as_text=True)
        assert "Proud of the fractions work" in page
        assert "Worried about home life" not in page and "Private to staff" not in page
    sign_in(client, world.student)
    assert "/me/conferences" in client.get("/me").get_data(as_text=True)  # linked from home
    mine = client.get("/me/conferences").get_data(as_text=True)
    assert "From my conferences" in mine and "Proud of the fractions work" in mine
    assert "Worried about home life" not in mine
    sign_in(client, world.other_guardian)
    assert client.get(history).status_code == 404


def test_history_is_newest_first(client, world, sign_in):
    for days, note in ((30, "Oldest talk"), (2, "Newest talk"), (14, "Middle talk")):
        make_conference(
            world.student, world.teacher, held_on=TODAY - timedelta(days=days), notes=note
        )
    sign_in(client, world.teacher)
    page = client.get(f"/students/{world.student.id}/conferences").get_data(as_text=True)
    assert page.index("Newest talk") < page.index("Middle talk") < page.index("Oldest talk")


def test_conferring_is_for_the_students_teachers_and_leader_only(client, world, sign_in):
    sign_in(client, world.other_teacher)
    assert client.post_form(_url(world), _form(), "/teach").status_code == 404
    sign_in(client, world.district_admin)
    assert client.get(_url(world)).status_code == 404
    assert _conferences(world.student.id) == []
    sign_in(client, world.leader)
    assert client.post_form(_url(world), _form()).status_code == 303


def test_conferring_pages_cost_the_same_however_much_there_is(client, world, sign_in):
    sign_in(client, world.teacher)
    master(world.student, world.framework, range(1, 3), date(2026, 9, 1))
    make_conference(world.student, world.teacher)
    make_goal(world.student)
    make_check_in(world.student)
    urls = [_url(world), f"/students/{world.student.id}/conferences"]
    small = [page_queries(client, url) for url in urls]
    for i in range(20):
        goal = make_goal(world.student, title=f"Goal {i}")
        make_conference(world.student, world.teacher, goal_ids=[goal.id], shared=i % 2 == 0)
        make_check_in(world.student, on=TODAY - timedelta(weeks=i + 1))
        make_student(world.school, section=world.section)  # a bigger class changes nothing
    master(world.student, world.framework, range(3, 6), date(2026, 10, 1))
    large = [page_queries(client, url) for url in urls]
    assert small == large
    assert db.session.scalar(select(func.count()).select_from(Conference)) == 21
