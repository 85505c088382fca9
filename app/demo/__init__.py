"""A deterministic, believable demo district, so Waypoint can be tried without real rosters.

`load_demo` fills an empty database with one district, two schools, a school year in progress,
sections, teachers, leaders, students with demographics, and guardians. Everything is drawn
from fixed seeds, so the same `today` always gives the same people, emails and ids; the only
thing `today` changes is the calendar. The caller commits, so a failed load leaves nothing.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, TypeVar

from faker import Faker
from sqlalchemy import func, select
from sqlalchemy.orm import Session, scoped_session

from app.auth.models import Role, User
from app.auth.passwords import hash_password
from app.demo.calendar import (  # noqa: F401  (re-exported: the demo's calendar API)
    FRIDAY,
    MONDAY,
    last_weekday_of_month,
    nth_weekday_of_month,
    school_year_bounds,
    school_year_start_year,
    school_year_title,
    semester_bounds,
    spring_start,
)
from app.demo.continuum import add_continuum
from app.demo.conversations import add_conversations
from app.demo.learning import add_learning
from app.schools.models import (
    AcademicSession,
    District,
    Enrollment,
    EnrollmentRole,
    GuardianLink,
    School,
    SchoolSettings,
    Section,
    SessionKind,
    StudentProfile,
)

PASSWORD = "waypoint-demo"
SEED = 20260824
DISTRICT_NAME = "Harbor Valley Unified School District"
STAFF_DOMAIN = "harborvalley.example.org"
STUDENT_DOMAIN = "students.harborvalley.example.org"
FAMILY_DOMAIN = "family.example.org"
SIBLING_PAIRS = 15
UNKNOWN_SHARE = 0.03  # Rosters leave demographic fields blank; unknown is not "no".


@dataclass(frozen=True)
class SchoolPlan:
    """One demo school: its grades, students per grade and how sections are named."""

    name: str
    grades: tuple[int, ...]
    per_grade: int
    sections_per_grade: int
    section_word: str


SCHOOLS = (
    SchoolPlan("Riverbend Middle School", (5, 6, 7), 40, 2, "Studio"),
    SchoolPlan("Cedar Ridge Academy", (8, 9), 60, 3, "Crew"),
)

# Roughly the NCES shares for US public schools; the small groups stay under the
# suppression threshold (10) in each school, so the equity view shows "fewer than 10".
RACE_WEIGHTS = {
    "White": 44.0,
    "Hispanic or Latino": 29.0,
    "Black or African American": 15.0,
    "Asian": 5.0,
    "Two or more races": 5.0,
    "American Indian or Alaska Native": 1.2,
    "Native Hawaiian or Other Pacific Islander": 0.5,
}
GENDER_WEIGHTS = {"Female": 48.5, "Male": 48.5, "Non-binary": 1.0}
FIRST_GUARDIAN = {
    "mother": 58,
    "father": 22,
    "grandmother": 8,
    "aunt": 4,
    "guardian": 5,
    "grandfather": 2,
    "uncle": 1,
}
SECOND_GUARDIAN = {
    "mother": "father",
    "father": "mother",
    "grandmother": "grandfather",
    "grandfather": "grandmother",
    "aunt": "uncle",
    "uncle": "aunt",
    "guardian": "guardian",
}
FEMALE_LABELS = {"mother", "grandmother", "aunt"}
MALE_LABELS = {"father", "grandfather", "uncle"}

K = TypeVar("K")
# A plain Session, or Flask-SQLAlchemy's db.session, which is a scoped_session around one.
DbSession = Session | scoped_session[Any]  # Flask-SQLAlchemy passes its own Session subclass


# --- Small drawing helpers -------------------------------------------------------------------


def _pick(rng: random.Random, weights: dict[K, float] | dict[K, int]) -> K:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _maybe_unknown(rng: random.Random, value: K) -> K | None:
    """Blank out a field now and then, as real roster exports do."""
    return None if rng.random() < UNKNOWN_SHARE else value


def _flag(rng: random.Random, share: float) -> bool | None:
    return _maybe_unknown(rng, rng.random() < share)


def email_part(name: str) -> str:
    """A name as an email local part: ASCII, lowercase, no accents, spaces or apostrophes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", ascii_name.lower()).strip("-")


@dataclass
class _Emails:
    """Hands out unique addresses, adding a digit when two people share a name."""

    used: set[str] = field(default_factory=set)

    def make(self, given: str, family: str, domain: str) -> str:
        local = f"{email_part(given)}.{email_part(family)}"
        candidate, n = f"{local}@{domain}", 1
        while candidate in self.used:
            n += 1
            candidate = f"{local}{n}@{domain}"
        self.used.add(candidate)
        return candidate


@dataclass
class _Builder:
    """What every helper needs: the seeded generators, the district, one password hash."""

    session: DbSession
    district: District
    password_hash: str
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    en: Faker = field(default_factory=lambda: Faker("en_US"))
    es: Faker = field(default_factory=lambda: Faker("es_MX"))
    emails: _Emails = field(default_factory=_Emails)
    counters: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.en.seed_instance(SEED)
        self.es.seed_instance(SEED + 1)

    def sourced_id(self, kind: str) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"demo-{kind}-{self.counters[kind]:04d}"

    def user(self, role: Role, given: str, family: str, domain: str, **extra: object) -> User:
        return User(
            email=self.emails.make(given, family, domain),
            given_name=given,
            family_name=family,
            role=role,
            district_id=self.district.id,
            password_hash=self.password_hash,
            sourced_id=self.sourced_id(role.value.replace("_", "-")),
            **extra,
        )

    def first_name(self, faker: Faker, gender: str | None) -> str:
        if gender == "Female":
            return str(faker.first_name_female())
        if gender == "Male":
            return str(faker.first_name_male())
        if gender == "Non-binary":
            return str(faker.first_name_nonbinary())
        return str(faker.first_name())


# --- Organisation: calendar, schools, staff ----------------------------------------------------


def _add_calendar(b: _Builder, today: date) -> AcademicSession:
    """The school year in progress and its two semesters; sections hang off the year."""
    start, end = school_year_bounds(today)
    year = AcademicSession(
        district_id=b.district.id,
        title=school_year_title(start.year),
        kind=SessionKind.SCHOOL_YEAR,
        starts_on=start,
        ends_on=end,
        sourced_id=b.sourced_id("session"),
    )
    (fall_start, fall_end), (spring_on, spring_end) = semester_bounds(today)
    for title, starts_on, ends_on in (
        (f"Fall {start.year}", fall_start, fall_end),
        (f"Spring {end.year}", spring_on, spring_end),
    ):
        semester = AcademicSession(
            district_id=b.district.id,
            title=title,
            kind=SessionKind.SEMESTER,
            starts_on=starts_on,
            ends_on=ends_on,
            sourced_id=b.sourced_id("session"),
        )
        year.children.append(semester)
    b.session.add(year)
    return year


def _add_school(
    b: _Builder, plan: SchoolPlan, year: AcademicSession
) -> tuple[School, dict[int, list[Section]]]:
    """A school with default settings and its Mathematics sections, grouped by grade."""
    school = School(district=b.district, name=plan.name, sourced_id=b.sourced_id("school"))
    school.settings = SchoolSettings()
    by_grade = {
        grade: [
            Section(
                school=school,
                session=year,
                course_name=f"Mathematics {grade}",
                name=f"Mathematics {grade} · {plan.section_word} {chr(ord('A') + i)}",
                sourced_id=b.sourced_id("section"),
            )
            for i in range(plan.sections_per_grade)
        ]
        for grade in plan.grades
    }
    b.session.add(school)
    b.session.add_all([section for sections in by_grade.values() for section in sections])
    return school, by_grade


def _staff_name(b: _Builder) -> tuple[str, str]:
    faker = b.es if b.rng.random() < 0.2 else b.en
    gender = _pick(b.rng, {"Female": 3, "Male": 1})  # US teachers are mostly women.
    return b.first_name(faker, gender), str(faker.last_name())


# Four teachers cover six sections: two take two, two take one, and teacher 3 co-teaches
# section 0, so that "one or more teachers per section" is exercised. (teacher, section)
TEACHING_LOADS = ((0, 0), (0, 1), (1, 2), (1, 3), (2, 4), (3, 5), (3, 0))


def _add_staff(b: _Builder, school: School, sections: list[Section]) -> tuple[User, list[User]]:
    """The school leader and four teachers; returns the leader and each section's lead teacher."""
    leader = b.user(Role.SCHOOL_LEADER, *_staff_name(b), STAFF_DOMAIN, school=school)
    teachers = [b.user(Role.TEACHER, *_staff_name(b), STAFF_DOMAIN, school=school) for _ in "abcd"]
    b.session.add_all([leader, *teachers])
    b.session.add_all(
        Enrollment(section=sections[s], user=teachers[t], role=EnrollmentRole.TEACHER)
        for t, s in TEACHING_LOADS
    )
    # A section's lead is the first teacher listed for it: reversed, so the first one wins.
    leads = {s: teachers[t] for t, s in reversed(TEACHING_LOADS)}
    return leader, [leads[i] for i in range(len(sections))]


# --- Students and their families -----------------------------------------------------------


@dataclass
class _Household:
    """What siblings share: a family name, home language, race/ethnicity and income."""

    family_name: str
    spanish: bool
    race: str | None
    low_income: bool | None
    students: list[User] = field(default_factory=list)
    guardians: list[User] = field(default_factory=list)


def _sibling_pairs(b: _Builder, grades: list[int]) -> dict[int, int]:
    """Pairs of student slots, in different grades, that belong to one family."""
    order = list(range(len(grades)))
    b.rng.shuffle(order)
    firsts, rest = order[:SIBLING_PAIRS], order[SIBLING_PAIRS:]
    partner: dict[int, int] = {}
    for first in firsts:
        second = next(i for i in rest if grades[i] != grades[first])
        rest.remove(second)
        partner[first], partner[second] = second, first
    return partner


def _new_household(b: _Builder) -> _Household:
    """Most Hispanic families in the demo speak Spanish at home, so their PDFs come in Spanish."""
    race = _maybe_unknown(b.rng, _pick(b.rng, RACE_WEIGHTS))
    hispanic = race == "Hispanic or Latino"
    faker = b.es if hispanic else b.en
    spanish = hispanic and b.rng.random() < 0.85
    return _Household(str(faker.last_name()), spanish, race, _flag(b.rng, 0.45))


def _new_student(b: _Builder, grade: int, section: Section, home: _Household) -> None:
    """A student with a profile, enrolled in the section their slot was dealt."""
    gender = _maybe_unknown(b.rng, _pick(b.rng, GENDER_WEIGHTS))
    hispanic = home.race == "Hispanic or Latino"
    faker = b.es if home.spanish or (hispanic and b.rng.random() < 0.4) else b.en
    given = b.first_name(faker, gender)
    student = b.user(Role.STUDENT, given, home.family_name, STUDENT_DOMAIN, school=section.school)
    student.student_profile = StudentProfile(
        grade_level=grade,
        gender=gender,
        race_ethnicity=home.race,
        has_disability=_flag(b.rng, 0.14),
        english_learner=_flag(b.rng, 0.35 if home.spanish else 0.065),
        low_income=home.low_income,
    )
    b.session.add(student)
    b.session.add(Enrollment(section=section, user=student, role=EnrollmentRole.STUDENT))
    home.students.append(student)


def _add_students(b: _Builder, slots: list[tuple[int, Section]]) -> list[_Household]:
    """One student per (grade, section) slot, each in a household; some households have two."""
    partner = _sibling_pairs(b, [grade for grade, _ in slots])
    homes: dict[int, _Household] = {}
    for i, (grade, section) in enumerate(slots):
        if i not in homes:
            homes[i] = homes.get(partner.get(i, -1)) or _new_household(b)
        _new_student(b, grade, section, homes[i])
    return list({id(home): home for home in homes.values()}.values())


def _add_guardians(b: _Builder, home: _Household) -> None:
    """Most homes have one or two guardians, each linked to every child in the home."""
    if len(home.students) < 2 and b.rng.random() >= 0.83:
        return
    first = _pick(b.rng, FIRST_GUARDIAN)
    labels = [first, SECOND_GUARDIAN[first]] if b.rng.random() < 0.3 else [first]
    faker = b.es if home.spanish else b.en
    for label in labels:
        gender = "Female" if label in FEMALE_LABELS else "Male" if label in MALE_LABELS else None
        keeps_name = not home.guardians or b.rng.random() < 0.75
        family = home.family_name if keeps_name else str(faker.last_name())
        language = "es" if home.spanish else "en"
        given = b.first_name(faker, gender)
        guardian = b.user(Role.GUARDIAN, given, family, FAMILY_DOMAIN, preferred_language=language)
        home.guardians.append(guardian)
        b.session.add(guardian)
        b.session.add_all(
            GuardianLink(guardian=guardian, student=student, relationship_label=label)
            for student in home.students
        )


# --- Public API ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogins:
    """One (email, password) pair per role, chosen so that they see each other's data."""

    student: tuple[str, str]
    teacher: tuple[str, str]
    school_leader: tuple[str, str]
    district_admin: tuple[str, str]
    guardian: tuple[str, str]

    def rows(self) -> list[tuple[str, str, str]]:
        """(role label, email, password) per role, ready to print."""
        return [(Role(f.name).label, *getattr(self, f.name)) for f in fields(self)]


def is_loaded(session: DbSession) -> bool:
    """True once any district exists: the demo is only ever loaded into an empty database."""
    return session.scalar(select(District.id).limit(1)) is not None


def load_demo(session: DbSession, today: date) -> DemoLogins:
    """Build the demo district into an empty database; adds and flushes, the caller commits."""
    if is_loaded(session):  # Demo people beside real ones would be a privacy accident.
        raise RuntimeError("The demo loads only into an empty database.")
    district = District(name=DISTRICT_NAME, sourced_id="demo-district-0001")
    session.add(district)
    session.flush()  # Users and academic sessions carry district_id, with no relationship.
    b = _Builder(session, district, hash_password(PASSWORD))  # One slow hash, shared.
    year = _add_calendar(b, today)
    admin = b.user(Role.DISTRICT_ADMIN, *_staff_name(b), STAFF_DOMAIN)
    session.add(admin)
    leaders: dict[School, User] = {}
    leads: dict[Section, User] = {}
    slots: list[tuple[int, Section]] = []
    for plan in SCHOOLS:
        school, by_grade = _add_school(b, plan, year)
        sections = [section for grade in plan.grades for section in by_grade[grade]]
        leaders[school], lead_teachers = _add_staff(b, school, sections)
        leads.update(zip(sections, lead_teachers, strict=True))
        # Each grade's students are dealt out over its sections in turn: about 20 each.
        for grade, grade_sections in by_grade.items():
            slots += [
                (grade, grade_sections[i % len(grade_sections)]) for i in range(plan.per_grade)
            ]
    homes = _add_students(b, slots)
    for home in homes:
        _add_guardians(b, home)
    session.flush()
    add_continuum(session, district.id, today)  # Frameworks and a school year of evidence.
    add_learning(session, district.id, today)  # Goals, weekly check-ins and PDSA chains.
    add_conversations(session, district.id, today)  # Conferences and support plans.
    return _pick_logins(session, homes, leads, leaders, admin)


def _pick_logins(
    session: DbSession,
    homes: list[_Household],
    leads: dict[Section, User],
    leaders: dict[School, User],
    admin: User,
) -> DemoLogins:
    """A student whose guardian also has a sibling in the demo, and that student's adults."""
    home = min(
        (h for h in homes if h.guardians),
        key=lambda h: (-len(h.students), h.students[0].sourced_id or ""),
    )
    student, guardian = home.students[0], home.guardians[0]
    section = session.scalars(
        select(Section).join(Enrollment).where(Enrollment.user_id == student.id)
    ).one()
    users = (student, leads[section], leaders[section.school], admin, guardian)
    return DemoLogins(*((user.email, PASSWORD) for user in users))


def demo_logins(session: DbSession) -> DemoLogins:
    """The logins `load_demo` returned, found again in an already-loaded database.

    Same rule: the guardian with the most children (first by the children's sourced ids),
    their first child, that child's lead teacher, school leader, and the district admin.
    """
    children = (
        select(
            GuardianLink.guardian_id,
            func.count().label("n"),
            func.min(User.sourced_id).label("first_child"),
        )
        .join(User, User.id == GuardianLink.student_id)
        .group_by(GuardianLink.guardian_id)
        .subquery()
    )
    guardian_id, first_child = session.execute(
        select(children.c.guardian_id, children.c.first_child)
        .order_by(children.c.n.desc(), children.c.first_child, children.c.guardian_id)
        .limit(1)
    ).one()
    student = session.scalars(select(User).where(User.sourced_id == first_child)).one()
    section_id = session.scalars(
        select(Enrollment.section_id).where(Enrollment.user_id == student.id)
    ).one()
    teacher = session.scalars(
        select(User)
        .join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.section_id == section_id, Enrollment.role == EnrollmentRole.TEACHER)
        .order_by(Enrollment.id)
        .limit(1)
    ).one()
    leader = session.scalars(
        select(User).where(User.role == Role.SCHOOL_LEADER, User.school_id == student.school_id)
    ).one()
    admin = session.scalars(select(User).where(User.role == Role.DISTRICT_ADMIN).limit(1)).one()
    guardian = session.get(User, guardian_id)
    assert guardian is not None
    users = (student, teacher, leader, admin, guardian)
    return DemoLogins(*((user.email, PASSWORD) for user in users))
