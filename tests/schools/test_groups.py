"""Student groups: the same students whichever way they are named, statements built once."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.reports.overview import active_goals
from app.schools.groups import ForGroup, as_group, listed_students, section_students
from tests.factories import make_student
from tests.goals.builders import make_goal


def test_a_section_a_list_and_a_select_name_the_same_students(app, world):
    classmate = make_student(world.school, section=world.section)
    make_goal(world.student, title="Read two chapters")
    make_goal(classmate, title="Finish the ratio tables")
    make_goal(world.other_student, title="Someone else's goal")
    db.session.commit()
    ids = [world.student.id, classmate.id]
    by_section = active_goals(section_students(world.section.id))
    by_list = active_goals(listed_students(ids))
    by_select = active_goals(select(User.id).where(User.id.in_(ids)))
    titles = {sid: [g.title for g in goals] for sid, goals in by_section.items()}
    assert titles == {
        world.student.id: ["Read two chapters"],
        classmate.id: ["Finish the ratio tables"],
    }
    assert by_list == by_section == by_select


def test_a_query_is_built_once_per_kind_of_group_and_each_time_for_a_bare_select(app, world):
    built: list[object] = []

    @ForGroup
    def query(ids):  # type: ignore[no-untyped-def]
        built.append(ids)
        return select(User.id).where(User.id.in_(ids))

    first, second = section_students(1), section_students(2)
    assert query(first) is query(second)
    assert query(listed_students([1])) is not query(first)
    bare = as_group(select(User.id))
    query(bare)
    query(bare)
    assert len(built) == 4  # section, listed, and the bare select twice
