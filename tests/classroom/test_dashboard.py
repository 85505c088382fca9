"""The class dashboard: who needs a conversation, with reasons, sorted and filtered."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.goals.models import CheckIn
from app.pdsa.stages import Stage
from tests.classroom.class_data import TODAY, master, pin_today
from tests.factories import make_section, make_student
from tests.goals.builders import make_check_in, make_cycle, make_goal, make_reply
from tests.querycount import page_queries

SEP_1, OCT_20, NOV_10 = date(2026, 9, 1), date(2026, 10, 20), date(2026, 11, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_today(monkeypatch)


@pytest.fixture()
def klass(world):  # type: ignore[no-untyped-def]
    """Three grade-6 students (expected level 5.32 today), each needing something different.

    Maya Lopez: level 3, nothing new since Sep 1, asked for help this week.
    Ben Brown: just above level 5, never checked in, a goal past due.
    Ava Ávila: level 6 and climbing fast, checked in last week, a goal and a PDSA cycle.
    """
    framework = world.framework
    maya = world.student
    master(maya, framework, range(1, 4), SEP_1)
    make_check_in(maya, on=TODAY, wants_help=True)
    ben = make_student(world.school, section=world.section, given_name="Ben", family_name="Brown")
    master(ben, framework, range(1, 6), SEP_1)
    master(ben, framework, [6], OCT_20, codes={"S1.C1"})
    make_goal(ben, "Finish the ratio unit", due_on=date(2026, 11, 1))
    ava = make_student(world.school, section=world.section, given_name="Ava", family_name="Ávila")
    master(ava, framework, range(1, 5), SEP_1)
    master(ava, framework, [5, 6], NOV_10)
    make_check_in(ava, on=date(2026, 11, 18))
    goal = make_goal(ava, "Explain my reasoning", due_on=date(2026, 12, 10))
    make_cycle(ava, goal, done=(Stage.DO,))
    db.session.commit()
    return maya, ben, ava


def _page(client, world, **args: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/sections/{world.section.id}/dashboard", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _row(page: str, name: str) -> str:
    """The table row (<tr>…</tr>) of the student called `name`."""
    rows = re.findall(r"<tr>.*?</tr>", page, flags=re.S)
    return next(row for row in rows if f">{name}</a>" in row)


def _order(page: str) -> list[str]:
    """Student names in the order the table lists them."""
    return re.findall(r'<th scope="row">\s*<a href="[^"]+">([^<]+)</a>', page)


def test_flags_say_why_a_student_needs_a_conversation(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    page = _page(client, world)
    maya_row = _row(page, "Lopez, Maya")
    assert "2 or more levels behind" in maya_row
    assert "2.3 levels behind the expected level 5.3" in maya_row
    assert "Not progressing" in maya_row
    assert "No new mastery since Sep 1 (12 weeks)" in maya_row
    assert "Asked for help in the check-in of Nov 23" in maya_row
    assert '3.0</strong> <span class="muted">of 5.3 expected' in maya_row
    assert "2.3 behind" in maya_row
    assert "Below pace" in maya_row
    ben_row = _row(page, "Brown, Ben")
    assert "No check-in since joining on Aug 24 (12 weeks)" in ben_row
    assert "Goal “Finish the ratio unit” was due Nov 1" in ben_row
    assert "0.1 behind" in ben_row
    assert "1.1 a year" in ben_row and "over 85 days, scaled" in ben_row
    assert "On pace" in ben_row


def test_the_rest_of_a_row_check_in_goals_and_pdsa(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    page = _page(client, world)
    ava_row = _row(page, "Ávila, Ava")
    assert "Advancing rapidly" in ava_row and "Gaining 8.6 levels a year" in ava_row
    assert "0.7 ahead" in ava_row
    assert "Week of Nov 16" in ava_row
    assert "1 active" in ava_row and "next due Dec 10" in ava_row
    assert ">Study<" in ava_row
    assert f"/students/{klass[2].id}/continuum" in ava_row
    maya_row = _row(page, "Lopez, Maya")
    assert "Week of Nov 23" in maya_row and "Asked for help</span>" in maya_row


def test_a_reply_answers_the_help_request(client, world, sign_in, klass) -> None:
    maya = klass[0]
    check_in = db.session.scalars(select(CheckIn).where(CheckIn.student_id == maya.id)).one()
    make_reply(check_in, world.teacher)
    sign_in(client, world.teacher)
    page = _page(client, world)
    maya_row = _row(page, "Lopez, Maya")
    assert "Asked for help in the check-in" not in maya_row
    assert "Help asked, replied" in maya_row


def test_most_in_need_first_and_every_other_order(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    maya, ben, ava = "Lopez, Maya", "Brown, Ben", "Ávila, Ava"
    assert _order(_page(client, world)) == [maya, ben, ava]
    assert _order(_page(client, world, sort="name")) == [ava, ben, maya]
    assert _order(_page(client, world, sort="gap")) == [maya, ben, ava]
    assert _order(_page(client, world, sort="growth")) == [maya, ben, ava]
    assert _order(_page(client, world, sort="check_in")) == [ben, ava, maya]


def test_filters_by_flag_pace_and_name(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    assert _order(_page(client, world, flag="advancing")) == ["Ávila, Ava"]
    assert _order(_page(client, world, flag="goal_past_due")) == ["Brown, Ben"]
    assert _order(_page(client, world, pace="below")) == ["Lopez, Maya"]
    assert _order(_page(client, world, q="avila")) == ["Ávila, Ava"]
    assert _order(_page(client, world, q="MAYA")) == ["Lopez, Maya"]
    page = _page(client, world, flag="help_requested", sort="name")
    assert "1 of 3 students, name (a–z)." in page
    assert "Show every student" in page
    page = _page(client, world, q="nobody")
    assert "No students match these filters" in page


def test_unknown_filter_values_are_ignored(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    page = _page(client, world, flag="on_fire", pace="warp", sort="shoe_size", q="  ")
    assert _order(page) == ["Lopez, Maya", "Brown, Ben", "Ávila, Ava"]
    assert '<option selected value="">Any or none</option>' in page
    assert '<option selected value="need">Most in need first</option>' in page
    assert "3 students, most in need first." in page
    assert "field-error" not in page


def test_headline_strip_counts_flags_and_the_share_gaining(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    page = _page(client, world)
    # Growth: Maya 0.0, Ben 1.07, Ava 8.59 levels a year: two of three gain a level or more.
    assert '67% <small class="stat-note">2 of 3 with enough history</small>' in page
    counts = dict(re.findall(r'class="flag-filter flag-(\w+)"[^>]*><strong>(\d+)</strong>', page))
    assert counts == {
        "levels_behind": "1",
        "not_progressing": "1",
        "help_requested": "1",
        "no_checkin": "1",
        "goal_past_due": "1",
        "advancing": "1",
    }
    assert f'href="/sections/{world.section.id}/dashboard?flag=levels_behind"' in page
    chosen = _page(client, world, flag="levels_behind")
    assert 'flag-levels_behind" aria-current="true"' in chosen


def test_htmx_gets_the_fragment_the_page_includes(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    url = f"/sections/{world.section.id}/dashboard?sort=name"
    full = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="dashboard-body">')
    assert "<html" not in body and "Class dashboard" not in body
    assert body.strip() in full.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]


def test_an_empty_class_says_so(client, world, sign_in) -> None:
    sign_in(client, world.leader)
    empty = make_section(world.school, world.year, "Empty studio")
    db.session.commit()
    page = client.get(f"/sections/{empty.id}/dashboard").get_data(as_text=True)
    assert "No students in this class yet" in page


def test_other_sections_and_students_get_404(client, world, sign_in) -> None:
    sign_in(client, world.other_teacher)
    assert client.get(f"/sections/{world.section.id}/dashboard").status_code == 404
    sign_in(client, world.student)
    assert client.get(f"/sections/{world.section.id}/dashboard").status_code == 404
    sign_in(client, world.teacher)
    assert client.get("/sections/999999/dashboard").status_code == 404


def _fill(world, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        student = make_student(world.school, section=world.section, family_name=f"Kid{i:03d}")
        master(student, world.framework, range(1, 2 + i % 5), SEP_1)
        make_check_in(student, on=date(2026, 11, 16), wants_help=bool(i % 2))
        goal = make_goal(student, due_on=date(2026, 11, 1 + i % 28))
        make_cycle(student, goal, done=(Stage.DO,) if i % 3 else ())


def test_the_same_queries_for_10_and_200_students(client, world, sign_in) -> None:
    sign_in(client, world.teacher)
    urls = [
        f"/sections/{world.section.id}/dashboard",
        f"/sections/{world.section.id}/dashboard?flag=help_requested&sort=growth&q=kid",
    ]
    _fill(world, 10)
    small = [page_queries(client, url) for url in urls]
    _fill(world, 190)
    large = [page_queries(client, url) for url in urls]
    assert small == large
    page = client.get(urls[0]).get_data(as_text=True)
    assert len(_order(page)) == 201


def test_confer_links_for_those_who_confer(client, world, sign_in, klass) -> None:
    maya = klass[0]
    sign_in(client, world.teacher)
    assert f'href="/students/{maya.id}/confer"' in _row(_page(client, world), "Lopez, Maya")
    sign_in(client, world.district_admin)  # reads conferences, does not hold them
    page = _page(client, world)
    assert "Lopez, Maya" in page and "/confer" not in page
