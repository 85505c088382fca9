"""The student's home: what to do next, feedback, goals, the PDSA stage, next continuum steps,
and a journal, for a fixed number of queries however much the student has done."""

from __future__ import annotations

from datetime import timedelta

from app.pdsa.stages import Stage
from tests.goals.builders import (
    TODAY,
    make_check_in,
    make_comment,
    make_cycle,
    make_goal,
    make_reply,
)
from tests.schools.test_pages import count_queries


def test_this_weeks_check_in_is_one_click_away_until_done(client, world, sign_in):
    sign_in(client, world.student)
    page = client.get("/me").get_data(as_text=True)
    assert "Not done yet for the week of Nov 23, 2026" in page
    assert 'href="/me/check-in" role="button">Do this week\'s check-in' in page
    make_check_in(world.student, next_step="Finish the fractions quiz corrections")
    page = client.get("/me").get_data(as_text=True)
    assert "Done</span> Checked in for the week of Nov 23, 2026" in page
    assert "Finish the fractions quiz corrections" in page


def test_goals_with_their_latest_progress_and_the_pdsa_stage(client, world, sign_in):
    goal = make_goal(world.student, title="Multiply decimals confidently")
    make_check_in(world.student, on=TODAY - timedelta(weeks=2), ratings={goal.id: 2})
    make_check_in(world.student, on=TODAY - timedelta(weeks=1), ratings={goal.id: 4})
    make_cycle(world.student, goal=goal, done=(Stage.DO,), change="Estimate before I multiply")
    sign_in(client, world.student)
    page = client.get("/me").get_data(as_text=True)
    assert "Multiply decimals confidently" in page and "4/5" in page and "2/5" not in page
    assert "Now: Study" in page and "Estimate before I multiply" in page
    assert "Compare what happened with your prediction" in page


def test_new_feedback_and_the_journal_in_date_order(client, world, sign_in):
    goal = make_goal(world.student, title="Goal set first")
    old = make_check_in(world.student, on=TODAY - timedelta(weeks=3), next_step="Older step")
    make_check_in(world.student, on=TODAY - timedelta(weeks=1), next_step="Newer step")
    make_reply(old, world.teacher, "Proud of your persistence")
    make_comment(make_cycle(world.student, goal=goal), world.teacher)
    sign_in(client, world.student)
    page = client.get("/me").get_data(as_text=True)
    assert "New from my teachers" in page
    assert "Proud of your persistence" in page and "Nice plan." in page
    journal = page[page.index("My journal") :]
    assert journal.index("Newer step") < journal.index("Older step")
    assert "Set a goal: Goal set first" in journal and "Planned a PDSA cycle" in journal


def test_my_next_continuum_step_in_each_framework(client, world, sign_in):
    sign_in(client, world.student)
    page = client.get("/me").get_data(as_text=True)
    assert "My next continuum step" in page
    assert world.framework.name in page and "I can do" in page


def test_the_home_costs_the_same_however_much_was_done(client, world, sign_in):
    sign_in(client, world.student)

    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/me").status_code == 200
        return len(statements)

    def add(weeks: range) -> None:
        for i in weeks:
            goal = make_goal(world.student, title=f"Goal {i}")
            check_in = make_check_in(
                world.student, on=TODAY - timedelta(weeks=i), ratings={goal.id: 3}
            )
            make_reply(check_in, world.teacher)
            make_comment(make_cycle(world.student, goal=goal), world.teacher)

    add(range(1, 3))
    few = queries()
    add(range(3, 15))
    assert queries() == few


def test_nobody_else_gets_a_student_home(client, world, sign_in):
    sign_in(client, world.teacher)
    assert client.get("/me").status_code == 404
