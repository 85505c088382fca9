"""Goals: setting one with a coaching form, revising it with its history kept, its status,
who may read and who may write, and what bad input answers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.goals.models import Goal, GoalRevision
from app.goals.rules import GoalStatus
from tests.goals.builders import TODAY, make_check_in, make_goal
from tests.schools.test_pages import count_queries

HTMX = {"HX-Request": "true"}


def _form(**overrides: object) -> dict[str, object]:
    data = {
        "title": "Explain my reasoning in writing on every problem set",
        "why": "My answers are right but I lose marks for not showing how.",
        "strategies": "Use the 'because…' sentence starter; check one solution with a partner.",
        "due_on": (TODAY + timedelta(days=21)).isoformat(),
        "competency_id": "",
        "target_level": "",
    }
    data.update(overrides)
    return data


def _goal_count(student_id: int) -> int:
    return db.session.scalar(select(func.count()).where(Goal.student_id == student_id)) or 0


def test_student_sets_a_goal_and_sees_it(client, world, sign_in):
    sign_in(client, world.student)
    url = f"/students/{world.student.id}/goals/new"
    page = client.get(url).get_data(as_text=True)
    assert "What exactly will you do?" in page and "Start with a verb" in page

    response = client.post_form(url, _form())
    assert response.status_code == 303
    goal = db.session.scalars(select(Goal).where(Goal.student_id == world.student.id)).one()
    assert response.headers["Location"].endswith(f"/goals/{goal.id}")
    assert goal.status is GoalStatus.ACTIVE
    assert goal.created_by_id == world.student.id and not goal.is_co_created
    page = client.get(f"/goals/{goal.id}").get_data(as_text=True)
    assert "Explain my reasoning in writing" in page
    assert "Goal saved." in page


def test_a_teacher_sets_a_goal_with_the_student_in_a_conference(client, world, sign_in):
    sign_in(client, world.teacher)
    url = f"/students/{world.student.id}/goals/new"
    assert '<input checked id="is_co_created"' in client.get(url).get_data(as_text=True)
    assert client.post_form(url, _form()).status_code == 303
    goal = db.session.scalars(select(Goal).where(Goal.student_id == world.student.id)).one()
    assert goal.is_co_created and goal.created_by_id == world.teacher.id


def test_bad_goal_input_is_explained_beside_the_field_and_keeps_what_was_typed(
    client, world, sign_in
):
    sign_in(client, world.student)
    url = f"/students/{world.student.id}/goals/new"
    cases = {
        "title": ("", "Write your goal"),
        "why": ("x" * 1001, "Keep it under 1000 characters."),
        "due_on": ((TODAY - timedelta(days=1)).isoformat(), "Pick a date from today on"),
        "target_level": ("4", "Choose the competency this level belongs to"),
    }
    for name, (value, message) in cases.items():
        response = client.post_form(url, _form(**{name: value}), page=url)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, name
        assert f'id="{name}-error"' in page and message in page, name
        assert "the &#39;because…&#39; sentence starter" in page or "because…" in page
    assert _goal_count(world.student.id) == 0


def test_target_level_must_be_a_described_level_of_the_competency(client, world, sign_in):
    sign_in(client, world.student)
    url = f"/students/{world.student.id}/goals/new"
    competency = world.competency.id
    response = client.post_form(url, _form(competency_id=competency, target_level=13))
    assert response.status_code == 422
    assert "That competency has no level 13" in response.get_data(as_text=True)
    response = client.post_form(url, _form(competency_id=competency, target_level=7))
    assert response.status_code == 303
    goal = db.session.scalars(select(Goal).where(Goal.student_id == world.student.id)).one()
    assert (goal.competency_id, goal.target_level) == (competency, 7)
    assert "S1.C1" in client.get(f"/goals/{goal.id}").get_data(as_text=True)


def test_revising_a_goal_keeps_the_earlier_version(client, world, sign_in):
    goal = make_goal(world.student, title="Learn my times tables")
    sign_in(client, world.student)
    url = f"/goals/{goal.id}/edit"
    response = client.post_form(url, _form(title="Know my times tables to 12 × 12 by heart"))
    assert response.status_code == 303
    db.session.refresh(goal)
    assert goal.title == "Know my times tables to 12 × 12 by heart"
    assert goal.status is GoalStatus.REVISED
    revision = db.session.scalars(select(GoalRevision).where(GoalRevision.goal_id == goal.id)).one()
    assert revision.old_title == "Learn my times tables"
    assert revision.old_status is GoalStatus.ACTIVE and revision.revised_by_id == world.student.id
    page = client.get(f"/goals/{goal.id}").get_data(as_text=True)
    assert "Earlier versions" in page and "“Learn my times tables”" in page


def test_an_overdue_goal_can_be_reworded_without_moving_its_date(client, world, sign_in):
    goal = make_goal(world.student, due_on=TODAY - timedelta(days=3))
    sign_in(client, world.student)
    data = _form(title=goal.title, due_on=goal.due_on.isoformat(), why="A better reason.")
    assert client.post_form(f"/goals/{goal.id}/edit", data).status_code == 303
    db.session.refresh(goal)
    assert goal.why == "A better reason." and goal.status is GoalStatus.ACTIVE


def test_marking_a_goal_achieved_and_reopening_it(client, world, sign_in):
    goal = make_goal(world.student)
    sign_in(client, world.student)
    page = f"/goals/{goal.id}"
    response = client.post_form(f"/goals/{goal.id}/status", {"status": "achieved"}, page=page)
    assert response.status_code == 303
    db.session.refresh(goal)
    assert goal.status is GoalStatus.ACHIEVED
    assert "Goal marked as achieved" in client.get(page).get_data(as_text=True)
    client.post_form(f"/goals/{goal.id}/status", {"status": "active"}, page=page)
    db.session.refresh(goal)
    assert goal.status is GoalStatus.ACTIVE
    assert db.session.scalar(select(func.count()).where(GoalRevision.goal_id == goal.id)) == 2
    client.post_form(f"/goals/{goal.id}/status", {"status": "finished"}, page=page)
    db.session.refresh(goal)
    assert goal.status is GoalStatus.ACTIVE


def test_another_students_goal_is_not_found(client, world, sign_in):
    goal = make_goal(world.other_student)
    sign_in(client, world.student)
    assert client.get(f"/goals/{goal.id}").status_code == 404
    assert client.get(f"/goals/{goal.id}/edit").status_code == 404
    response = client.post_form(
        f"/goals/{goal.id}/edit", _form(title="Hijacked"), page="/account/password"
    )
    assert response.status_code == 404
    db.session.refresh(goal)
    assert goal.title != "Hijacked"


def test_guardians_read_goals_but_cannot_change_them(client, world, sign_in):
    goal = make_goal(world.student, title="Read a chapter book every month")
    sign_in(client, world.guardian)
    page = client.get(f"/students/{world.student.id}/goals").get_data(as_text=True)
    assert "Read a chapter book every month" in page
    assert "Set a new goal" not in page and "Edit or revise" not in client.get(
        f"/goals/{goal.id}"
    ).get_data(as_text=True)


def test_htmx_answers_with_the_form_fragment_or_a_redirect(client, world, sign_in):
    sign_in(client, world.student)
    url = f"/students/{world.student.id}/goals/new"
    response = client.post_form(url, _form(title=""), headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="goal-form"') and "<html" not in page
    response = client.post_form(url, _form(), headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/goals/")


def test_goal_pages_cost_the_same_with_few_or_many_goals(client, world, sign_in):
    sign_in(client, world.teacher)
    urls = [f"/students/{world.student.id}/goals"]

    def queries(url: str) -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def add_goals(weeks: range) -> None:
        for i in weeks:
            goal = make_goal(world.student, title=f"Goal {i}")
            make_check_in(world.student, on=TODAY - timedelta(weeks=i), ratings={goal.id: 3})

    add_goals(range(1, 3))
    few = queries(urls[0])
    add_goals(range(3, 15))
    assert queries(urls[0]) == few
