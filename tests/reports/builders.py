"""A hand-built class for the report tests: students whose figures are worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.auth.models import User
from app.extensions import db
from tests.factories import World, make_student, store_mastery

TODAY = date(2026, 11, 25)  # the world's year runs Aug 24, 2026 – Jun 11, 2027
# A grade-6 student is expected at 5 + 93/291 of a level on Nov 25: 5.32.


master = store_mastery  # the shared builder, under the name these tests use


@dataclass
class HandBuiltClass:
    """world.section's students, from the top of the report to the bottom.

    - Maya Lopez (world.student): level 5 a year ago, 6 since Nov 1: growth 1.00 over the last
      year (gaining one level), gap 5.32 − 6 = −0.68, no flag.
    - Ada Fast: 4 a year ago, 6 in September, 7 on Nov 20: growth 3.00, advancing rapidly.
    - Ben Behind: level 3 since Sep 2025: growth 0.00, gap 2.32 (behind), no new mastery since
      the year began (not progressing).
    - Nia New: placed at level 5 on Nov 10: 15 days of history, not enough for growth.
    """

    maya: User
    ada: User
    ben: User
    nia: User


def hand_built_class(world: World) -> HandBuiltClass:
    fw, section = world.framework, world.section
    maya = world.student
    master(maya, fw, range(1, 6), date(2025, 11, 1))
    master(maya, fw, [6], date(2026, 11, 1))
    ada = make_student(world.school, section=section, given_name="Ada", family_name="Fast")
    master(ada, fw, range(1, 5), date(2025, 11, 1))
    master(ada, fw, [5, 6], date(2026, 9, 15))
    master(ada, fw, [7], date(2026, 11, 20))
    ben = make_student(world.school, section=section, given_name="Ben", family_name="Behind")
    master(ben, fw, range(1, 4), date(2025, 9, 1))
    nia = make_student(world.school, section=section, given_name="Nia", family_name="New")
    master(nia, fw, range(1, 6), date(2026, 11, 10))
    db.session.commit()
    return HandBuiltClass(maya, ada, ben, nia)
