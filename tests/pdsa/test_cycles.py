"""PDSA cycles: the stages in order, Study showing the prediction back, Act opening the next
cycle pre-filled, chains under a goal, teachers' comments, and who may see what."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.pdsa.models import PdsaComment, PdsaCycle
from app.pdsa.stages import Decision, Stage
from tests.goals.builders import TODAY, make_comment, make_cycle, make_goal, post_prefixed
from tests.schools.test_pages import count_queries

P, D, S, A = Stage.PLAN, Stage.DO, Stage.STUDY, Stage.ACT
HTMX = {"HX-Request": "true"}


def _plan(**overrides: object) -> dict[str, object]:
    data = {
        "goal_id": "",
        "change": "Cover the worked example and try it myself before reading it",
        "prediction": "I'll get at least 4 of 5 homework problems right without help",
        "measure": "Problems right on the first try, each night",
        "by_on": (TODAY + timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def _cycles(student_id: int) -> list[PdsaCycle]:
    return list(
        db.session.scalars(
            select(PdsaCycle).where(PdsaCycle.student_id == student_id).order_by(PdsaCycle.id)
        )
    )


def test_a_student_walks_a_cycle_from_plan_to_act_and_opens_the_next(client, world, sign_in):
    goal = make_goal(world.student, title="Solve ratio word problems")
    sign_in(client, world.student)
    new = f"/students/{world.student.id}/pdsa/new"
    response = client.post_form(new, _plan(goal_id=goal.id))
    assert response.status_code == 303
    (cycle,) = _cycles(world.student.id)
    url = f"/pdsa/{cycle.id}"
    assert response.headers["Location"].endswith(url)
    page = client.get(url).get_data(as_text=True)
    assert "Plan saved." in page and 'aria-current="step"' in page and "2. Do" in page

    do = {"what_happened": "Tried it four nights of five.", "recorded": "3, 4, 4, 5"}
    assert client.post_form(f"{url}/do", do, page=url).status_code == 303
    study_page = client.get(url).get_data(as_text=True)
    assert "You predicted:" in study_page and "at least 4 of 5 homework problems" in study_page
    study = {
        "compared": "Better than I predicted on three nights.",
        "learned": "Trying first helps.",
    }
    assert client.post_form(f"{url}/study", study, page=url).status_code == 303
    act = {"decision": "adapt", "next_steps": "Do the same with ratio tables"}
    assert client.post_form(f"{url}/act", act, page=url).status_code == 303

    db.session.refresh(cycle)
    assert cycle.is_closed and cycle.decision is Decision.ADAPT
    assert cycle.stages_done == {P, D, S, A}
    page = client.get(url).get_data(as_text=True)
    assert "Cycle closed." in page and "Start the next cycle" in page

    prefilled = client.get(f"{new}?after={cycle.id}").get_data(as_text=True)
    assert "Do the same with ratio tables" in prefilled  # the Act's next step starts the plan
    assert f'<option selected value="{goal.id}">' in prefilled
    response = client.post_form(
        f"{new}?after={cycle.id}", _plan(goal_id=goal.id, change="Ratio tables first")
    )
    assert response.status_code == 303
    first, second = _cycles(world.student.id)
    assert second.previous_id == first.id and second.goal_id == goal.id
    chain = client.get(f"/students/{world.student.id}/pdsa").get_data(as_text=True)
    assert "Cycle 2 · follows cycle 1" in chain and "Solve ratio word problems" in chain
    assert "Start the next cycle" not in client.get(url).get_data(as_text=True)


def test_a_stage_out_of_order_is_refused_and_keeps_what_was_typed(client, world, sign_in):
    cycle = make_cycle(world.student)
    sign_in(client, world.student)
    url = f"/pdsa/{cycle.id}"
    study = {"compared": "It went better than planned.", "learned": "Early starts help."}
    response = client.post_form(f"{url}/study", study, page=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Finish Do first: the stages go Plan, Do, Study, then Act." in page
    assert "It went better than planned." in page
    db.session.refresh(cycle)
    assert cycle.studied_at is None and cycle.compared == ""
    assert "Finish Do first" in client.get(f"{url}/act").get_data(as_text=True)


def test_earlier_stages_stay_editable_until_the_cycle_closes(client, world, sign_in):
    cycle = make_cycle(world.student, done=(D, S))
    sign_in(client, world.student)
    url = f"/pdsa/{cycle.id}"
    response = client.post_form(f"{url}/plan", _plan(change="A clearer change"), page=url)
    assert response.status_code == 303
    db.session.refresh(cycle)
    assert cycle.change == "A clearer change" and cycle.studied_at is not None

    closed = make_cycle(world.student, done=(D, S, A))
    response = client.post_form(
        f"/pdsa/{closed.id}/do", {"what_happened": "Rewritten", "recorded": "x"}, page=url
    )
    assert response.status_code == 422
    assert "This cycle is closed" in response.get_data(as_text=True)
    db.session.refresh(closed)
    assert closed.what_happened != "Rewritten"


def test_bad_plan_input_is_explained_beside_the_field(client, world, sign_in):
    sign_in(client, world.student)
    new = f"/students/{world.student.id}/pdsa/new"
    for change, field, message in [
        ({"prediction": ""}, "prediction", "Write what you predict will happen."),
        ({"by_on": (TODAY - timedelta(days=2)).isoformat()}, "by_on", "Pick a date from today"),
        ({"change": "y" * 2001}, "change", "under 2000 characters"),
        ({"goal_id": "999999"}, "goal_id", "Choose one of your goals"),
    ]:
        response = client.post_form(new, _plan(**change), page=new)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, field
        assert f'id="{field}-error"' in page and message in page, field
    assert _cycles(world.student.id) == []


def test_an_abandoned_cycle_offers_no_next_and_a_cycle_is_followed_once(client, world, sign_in):
    abandoned = make_cycle(world.student, done=(D, S, A))
    abandoned.decision = Decision.ABANDON
    db.session.commit()
    sign_in(client, world.student)
    assert "Start the next cycle" not in client.get(f"/pdsa/{abandoned.id}").get_data(as_text=True)

    adapted = make_cycle(world.student, done=(D, S, A))
    make_cycle(world.student, previous_id=adapted.id)
    new = f"/students/{world.student.id}/pdsa/new?after={adapted.id}"
    response = client.post_form(new, _plan())
    assert response.status_code == 422
    assert "already has a next cycle" in response.get_data(as_text=True)
    assert len(_cycles(world.student.id)) == 3


def test_teachers_comment_on_a_stage_and_the_student_sees_it_as_new(client, world, sign_in):
    cycle = make_cycle(world.student)
    sign_in(client, world.teacher)
    url = f"/pdsa/{cycle.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Comment on Plan" in page and "Save my plan" not in page
    response = post_prefixed(
        client, f"{url}/plan/comments", "plan-comment", {"body": "Can you measure it daily?"}, url
    )
    assert response.status_code == 303
    comment = db.session.scalars(select(PdsaComment)).one()
    assert comment.stage is P and comment.author_id == world.teacher.id

    empty = post_prefixed(client, f"{url}/do/comments", "do-comment", {"body": ""}, url)
    assert empty.status_code == 422 and "Write a comment first." in empty.get_data(as_text=True)
    fragment = post_prefixed(
        client, f"{url}/do/comments", "do-comment", {"body": "Good"}, url, headers=HTMX
    ).get_data(as_text=True)
    assert fragment.startswith('<div id="comments-do"') and "Good" in fragment

    sign_in(client, world.student)
    assert "Can you measure it daily?" in client.get("/me").get_data(as_text=True)
    assert "Can you measure it daily?" in client.get(url).get_data(as_text=True)
    assert "New from my teachers" not in client.get("/me").get_data(as_text=True)


def test_other_peoples_cycles_are_not_found(client, world, sign_in):
    theirs = make_cycle(world.other_student)
    sign_in(client, world.student)
    assert client.get(f"/pdsa/{theirs.id}").status_code == 404
    assert client.get(f"/pdsa/{theirs.id}/do").status_code == 404
    assert client.get(f"/students/{world.other_student.id}/pdsa/new").status_code == 404
    mine = make_cycle(world.student)
    sign_in(client, world.teacher)
    assert client.get(f"/pdsa/{mine.id}/do").status_code == 404  # teachers comment, never write


def test_guardians_see_only_shared_cycles(client, world, sign_in):
    make_cycle(world.student, change="Shared with family", is_shareable=True)
    private = make_cycle(world.student, change="Private cycle")
    sign_in(client, world.guardian)
    page = client.get(f"/students/{world.student.id}/pdsa").get_data(as_text=True)
    assert "Shared with family" in page and "Private cycle" not in page
    assert client.get(f"/pdsa/{private.id}").status_code == 404


def test_cycle_pages_cost_the_same_with_few_or_many_cycles(client, world, sign_in):
    goal = make_goal(world.student)
    sign_in(client, world.teacher)
    urls = [f"/students/{world.student.id}/pdsa"]

    def add(n: int) -> PdsaCycle:
        previous = None
        for _ in range(n):
            previous = make_cycle(
                world.student,
                goal=goal,
                done=(D, S, A),
                previous_id=previous.id if previous else None,
            )
            make_comment(previous, world.teacher)
        assert previous is not None
        return previous

    def queries(url: str) -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    last = add(2)
    few = [queries(u) for u in [*urls, f"/pdsa/{last.id}"]]
    last = add(12)
    assert [queries(u) for u in [*urls, f"/pdsa/{last.id}"]] == few
    assert db.session.scalar(select(func.count()).select_from(PdsaComment)) == 14
