"""Support plans: defaults from the flag, the review date rule, edits with their history, the
plan page, the reviews-due lists, who may see what, and the query cost of each page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.classroom.models import SupportPlan, SupportPlanChange
from app.classroom.queries import active_plan_students
from app.classroom.rules import PlanStatus
from app.extensions import db
from tests.classroom.conversations import HTMX, TODAY, make_plan, master
from tests.factories import make_student
from tests.goals.builders import make_check_in
from tests.querycount import count_queries, page_queries


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _new(world, flag: str | None = None) -> str:
    url = f"/students/{world.student.id}/support-plans/new"
    return url + (f"?flag={flag}" if flag else "")


def _form(world, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "reason": "2.3 levels behind the expected level 5.3",
        "strategy": "Small-group number talks, three mornings a week",
        "tier": "2",
        "owner_id": str(world.teacher.id),
        "starts_on": TODAY.isoformat(),
        "review_on": (TODAY + timedelta(weeks=6)).isoformat(),
        "check_frequency": "weekly",
    }
    data.update(overrides)
    return data


def _plans(student_id: int) -> list[SupportPlan]:
    return list(db.session.scalars(select(SupportPlan).where(SupportPlan.student_id == student_id)))


def test_a_new_plan_starts_from_the_flag_and_the_defaults(client, world, sign_in):
    master(world.student, world.framework, range(1, 4), date(2026, 9, 1))
    db.session.commit()
    sign_in(client, world.teacher)
    page = client.get(_new(world)).get_data(as_text=True)
    assert "2.3 levels behind the expected level 5.3</textarea>" in page  # the worst flag
    assert '<input checked id="tier-1" name="tier" required type="radio" value="2">' in page
    assert f'<option selected value="{world.teacher.id}">' in page  # owner: me
    assert f'value="{TODAY.isoformat()}"' in page  # starts today
    assert f'value="{(TODAY + timedelta(weeks=6)).isoformat()}"' in page  # review in 6 weeks
    assert '<option selected value="weekly">' in page
    chosen = client.get(_new(world, "not_progressing")).get_data(as_text=True)
    assert "No new mastery since Sep 1" in chosen.split("</textarea>")[0]
    ignored = client.get(_new(world, "no_such_flag")).get_data(as_text=True)
    assert "2.3 levels behind the expected level 5.3</textarea>" in ignored


def test_opening_a_plan_saves_it_for_the_students_school_with_its_history(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.post_form(_new(world, "levels_behind"), _form(world, tier="3"))
    assert response.status_code == 303
    (plan,) = _plans(world.student.id)
    assert response.headers["Location"].endswith(f"/support-plans/{plan.id}")
    assert plan.school_id == world.school.id and plan.tier == 3
    assert plan.status is PlanStatus.ACTIVE and plan.owner_id == world.teacher.id
    page = client.get(f"/support-plans/{plan.id}").get_data(as_text=True)
    assert "Support plan opened for Maya." in page
    assert "Opened the plan" in page and world.teacher.name in page


def test_a_review_date_before_or_on_the_start_is_explained_beside_the_field(client, world, sign_in):
    sign_in(client, world.teacher)
    for review in (TODAY - timedelta(days=1), TODAY):
        response = client.post_form(_new(world), _form(world, review_on=review.isoformat()))
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert 'id="review_on-error"' in page
        assert "the start date (Nov 25, 2026). Pick a day after it" in page
        assert "Small-group number talks, three mornings a week" in page  # typed text kept
    assert _plans(world.student.id) == []


def test_an_empty_review_date_is_six_weeks_after_the_start(client, world, sign_in):
    sign_in(client, world.teacher)
    start = TODAY - timedelta(days=3)
    form = _form(world, starts_on=start.isoformat(), review_on="")
    assert client.post_form(_new(world), form).status_code == 303
    (plan,) = _plans(world.student.id)
    assert plan.starts_on == start and plan.review_on == start + timedelta(weeks=6)


def test_bad_choices_are_refused_and_nothing_is_saved(client, world, sign_in):
    sign_in(client, world.teacher)
    bad = _form(world, owner_id=str(world.other_teacher.id), tier="7", check_frequency="daily")
    response = client.post_form(_new(world), bad, headers=HTMX)
    assert response.status_code == 422
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<article id="support-plan-form"')
    assert "Choose the owner from the list." in fragment
    assert "Choose a tier from 1 to 3." in fragment
    assert "Choose how often progress is checked from the list." in fragment
    assert _plans(world.student.id) == []


def test_the_leader_may_own_a_plan(client, world, sign_in):
    sign_in(client, world.leader)
    page = client.get(_new(world)).get_data(as_text=True)
    # The student's teachers come first, then the school's leaders; the leader is the default.
    assert page.index(world.teacher.name) < page.index(f"{world.leader.name} (school leader)")
    assert f'<option selected value="{world.leader.id}">' in page
    form = _form(world, owner_id=str(world.leader.id))
    assert client.post_form(_new(world), form).status_code == 303
    assert _plans(world.student.id)[0].owner_id == world.leader.id


def test_a_status_change_is_recorded_with_who_and_when(client, world, sign_in):
    plan = make_plan(world.student, world.teacher, review_on=TODAY)
    sign_in(client, world.leader)
    url = f"/support-plans/{plan.id}"
    edit = _form(
        world,
        starts_on=plan.starts_on.isoformat(),
        review_on=plan.review_on.isoformat(),
        reason=plan.reason,
        strategy=plan.strategy,
        status="completed",
    )
    response = client.post_form(url, edit)
    assert response.status_code == 303
    db.session.refresh(plan)
    assert plan.status is PlanStatus.COMPLETED
    change = db.session.scalars(
        select(SupportPlanChange)
        .where(SupportPlanChange.plan_id == plan.id)
        .order_by(SupportPlanChange.id.desc())
    ).first()
    assert change is not None and change.changed_by_id == world.leader.id
    assert change.old_status is PlanStatus.ACTIVE and change.new_status is PlanStatus.COMPLETED
    page = client.get(url).get_data(as_text=True)
    assert "Status: Active → Completed" in page and world.leader.name in page
    assert active_plan_students([world.student.id]) == set()


def test_the_plan_shows_levels_and_the_check_ins_since_it_began(client, world, sign_in):
    master(world.student, world.framework, range(1, 5), date(2026, 9, 1))
    make_check_in(world.student, on=TODAY - timedelta(weeks=6), next_step="Before the plan")
    make_check_in(world.student, on=TODAY - timedelta(weeks=1), next_step="During the plan")
    plan = make_plan(world.student, world.teacher, starts_on=TODAY - timedelta(weeks=2))
    sign_in(client, world.teacher)
    page = client.get(f"/support-plans/{plan.id}").get_data(as_text=True)
    assert "During the plan" in page and "Before the plan" not in page
    assert "4.0" in page and "1.3 behind" in page


def test_reviews_due_lists_overdue_today_and_this_week_for_my_students(client, world, sign_in):
    overdue = make_plan(
        world.student, world.teacher, review_on=TODAY - timedelta(days=3), reason="Overdue plan"
    )
    make_plan(world.student, world.teacher, review_on=TODAY, reason="Today plan")
    make_plan(
        world.student, world.teacher, review_on=TODAY + timedelta(days=7), reason="Next week plan"
    )
    make_plan(
        world.student, world.teacher, review_on=TODAY + timedelta(days=8), reason="Later plan"
    )
    make_plan(
        world.student,
        world.teacher,
        review_on=TODAY,
        reason="Closed plan",
        status=PlanStatus.DISCONTINUED,
    )
    make_plan(world.other_student, world.other_teacher, review_on=TODAY, reason="Omar plan")
    sign_in(client, world.teacher)
    page = client.get("/teach/reviews").get_data(as_text=True)
    assert page.index("Review overdue") < page.index("Overdue plan") < page.index("Review today")
    assert page.index("Today plan") < page.index("Review this week") < page.index("Next week plan")
    assert "3 days late" in page and f"/support-plans/{overdue.id}" in page
    for absent in ("Later plan", "Closed plan", "Omar plan"):
        assert absent not in page
    sign_in(client, world.leader)
    page = client.get("/teach/reviews").get_data(as_text=True)
    assert "Omar plan" in page and "Active plans in your school" in page
    sign_in(client, world.other_leader)
    assert "No reviews due this week" in client.get("/teach/reviews").get_data(as_text=True)


def test_plans_are_staff_only_and_the_district_admin_only_reads(client, world, sign_in):
    plan = make_plan(world.student, world.teacher)
    url = f"/support-plans/{plan.id}"
    for outsider in (world.student, world.guardian, world.other_teacher, world.other_leader):
        sign_in(client, outsider)
        assert client.get(url).status_code == 404
    sign_in(client, world.district_admin)
    page = client.get(url).get_data(as_text=True)
    assert plan.strategy in page and "Save changes" not in page
    assert client.post_form(url, _form(world, status="completed"), "/district").status_code == 404
    db.session.refresh(plan)
    assert plan.status is PlanStatus.ACTIVE
    assert client.get("/support-plans/999999").status_code == 404


def test_active_plan_students_counts_only_active_plans_in_one_query(world):
    ava = make_student(world.school, section=world.section)
    make_plan(world.student, world.teacher)
    make_plan(ava, world.teacher, status=PlanStatus.COMPLETED)
    with count_queries() as statements:
        found = active_plan_students([world.student.id, ava.id, world.other_student.id])
    assert found == {world.student.id} and len(statements) == 1


def _students_with_plans(world, count: int) -> None:
    for i in range(count):
        student = make_student(world.school, section=world.section, family_name=f"Kid{i:03d}")
        make_plan(student, world.teacher, review_on=TODAY + timedelta(days=i % 9 - 2))
        make_check_in(student)


def test_plan_pages_cost_the_same_for_10_and_200_students(client, world, sign_in):
    plan = make_plan(world.student, world.teacher)
    sign_in(client, world.teacher)
    urls = ["/teach/reviews", f"/support-plans/{plan.id}", _new(world)]
    _students_with_plans(world, 10)
    small = [page_queries(client, url) for url in urls]
    _students_with_plans(world, 190)
    for weeks in range(1, 4):
        make_check_in(world.student, on=TODAY - timedelta(weeks=weeks))
    large = [page_queries(client, url) for url in urls]
    assert small == large
    assert client.get("/teach/reviews").get_data(as_text=True).count("/support-plans/") > 150
