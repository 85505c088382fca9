"""A school of 1,000 students, 60 competencies and a year of evidence (about 1.2 million rows).

Built straight into SQLite with executemany, because the ORM would take minutes. Stored
mastery is decided by the same pure engine the app uses, so the pages read what they would
read in a real school. The build is cached by `CACHE_KEY`: change the key when the shape
changes.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from app.auth.passwords import hash_password
from app.continuum.mastery import MethodParams, Scale, decide

CACHE_KEY = "bigschool-v2"  # the build date is added: the year moves with the clock
STUDENTS = 1000
SECTION_SIZE = 35
STRANDS, PER_STRAND, LEVELS = 6, 10, 12
EVIDENCE_PER_COMPETENCY = 20  # a year's worth, placements included
# A school year most of the way through, whatever day the bench runs: pages read the real clock.
TODAY = date.today()
YEAR_START = TODAY - timedelta(days=270 + TODAY.weekday())
YEAR_END = TODAY + timedelta(days=30)
PASSWORD = "waypoint-bench"
TEACHER_EMAIL = "bench.teacher1@bench.example.org"
LEADER_EMAIL = "bench.leader@bench.example.org"
SEED = 1202


@dataclass(frozen=True)
class Built:
    section_id: int
    school_id: int
    framework_id: int
    evidence_rows: int
    mastery_rows: int


def _school_days(start: date, end: date) -> list[date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _sql(table: str, columns: tuple[str, ...]) -> str:
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608  (our names)


def _insert(db: sqlite3.Connection, table: str, rows: list[dict[str, object]]) -> None:
    if rows:
        columns = tuple(rows[0])
        db.executemany(_sql(table, columns), [tuple(row[c] for c in columns) for row in rows])


EVIDENCE_COLUMNS = (
    "student_id",
    "competency_id",
    "level",
    "score",
    "kind",
    "is_missed",
    "observed_on",
    "recorded_by_id",
    "note",
    "link",
    "created_at",
    "updated_at",
)
MASTERY_COLUMNS = (
    "student_id",
    "competency_id",
    "level",
    "framework_id",
    "value",
    "evidence_count",
    "reached",
    "is_calculated_mastered",
    "is_overridden",
    "is_mastered",
    "mastered_on",
    "last_evidence_on",
    "updated_at",
)


def build(path: Path, app_factory) -> Built:  # type: ignore[no-untyped-def]
    """Create the database at `path` through the migrations, then fill it."""
    from flask_migrate import upgrade

    from app.extensions import db as flask_db
    from app.schools.models import AcademicSession, District, School, SchoolSettings, SessionKind

    app = app_factory(path)
    with app.app_context():
        upgrade(directory=str(Path(app.root_path).parent / "migrations"))
        district = District(name="Bench District")
        flask_db.session.add(district)
        flask_db.session.flush()
        school = School(district_id=district.id, name="Bench Academy")
        flask_db.session.add(school)
        flask_db.session.flush()
        flask_db.session.add(SchoolSettings.with_defaults(school.id))
        year = AcademicSession(
            district_id=district.id,
            title="Bench year",
            kind=SessionKind.SCHOOL_YEAR,
            starts_on=YEAR_START,
            ends_on=YEAR_END,
        )
        flask_db.session.add(year)
        flask_db.session.commit()
        ids = (district.id, school.id, year.id)
        flask_db.session.remove()
        flask_db.engine.dispose()
    connection = sqlite3.connect(path)
    try:
        built = _fill(connection, *ids)
        connection.commit()
    finally:
        connection.close()
    from app.continuum.standings import refresh_standings

    with app.app_context():  # the one row per student and framework that reports read
        refresh_standings(built.framework_id)
        flask_db.session.commit()
        flask_db.session.remove()
        flask_db.engine.dispose()
    return built


def _fill(db: sqlite3.Connection, district_id: int, school_id: int, session_id: int) -> Built:
    rng = random.Random(SEED)
    now = datetime.combine(TODAY, datetime.min.time()).isoformat(sep=" ")
    digest = hash_password(PASSWORD)
    users: list[dict[str, object]] = []

    def user(email: str, given: str, family: str, role: str) -> dict[str, object]:
        return {
            "email": email,
            "given_name": given,
            "family_name": family,
            "role": role,
            "district_id": district_id,
            "school_id": school_id,
            "password_hash": digest,
            "is_enabled": 1,
            "preferred_language": "en",
            "created_at": now,
        }

    users.append(user(LEADER_EMAIL, "Lee", "Leader", "school_leader"))
    sections = (STUDENTS + SECTION_SIZE - 1) // SECTION_SIZE
    for t in range(1, sections + 1):
        users.append(user(f"bench.teacher{t}@bench.example.org", "Teacher", f"T{t}", "teacher"))
    for s in range(STUDENTS):
        users.append(user(f"s{s:04d}@bench.example.org", f"Student{s:04d}", "Bench", "student"))
    _insert(db, "users", users)
    ids = {
        email: uid
        for uid, email in db.execute(
            "SELECT id, email FROM users WHERE school_id = ?", (school_id,)
        )
    }
    students = [ids[f"s{s:04d}@bench.example.org"] for s in range(STUDENTS)]
    grades = {sid: 5 + (i % 5) for i, sid in enumerate(students)}
    _insert(
        db,
        "student_profiles",
        [{"user_id": sid, "grade_level": grades[sid]} for sid in students],
    )
    section_ids = []
    for t in range(1, sections + 1):
        db.execute(
            "INSERT INTO sections (school_id, session_id, course_name, name, created_at) "
            "VALUES (?, ?, 'Mathematics', ?, ?)",
            (school_id, session_id, f"Bench section {t}", now),
        )
        section_ids.append(db.execute("SELECT max(id) FROM sections").fetchone()[0])
    enrollments = []
    for i, sid in enumerate(students):
        section = section_ids[i // SECTION_SIZE]
        enrollments.append(
            {"section_id": section, "user_id": sid, "role": "student", "created_at": now}
        )
    for t, section in enumerate(section_ids, start=1):
        teacher = ids[f"bench.teacher{t}@bench.example.org"]
        enrollments.append(
            {"section_id": section, "user_id": teacher, "role": "teacher", "created_at": now}
        )
    _insert(db, "enrollments", enrollments)
    framework_id, competencies = _framework(db, district_id, now)
    teacher_of = {
        sid: ids[f"bench.teacher{i // SECTION_SIZE + 1}@bench.example.org"]
        for i, sid in enumerate(students)
    }
    evidence_rows, mastery_rows = _evidence(
        db, rng, students, grades, competencies, framework_id, teacher_of, now
    )
    return Built(section_ids[0], school_id, framework_id, evidence_rows, mastery_rows)


def _framework(db: sqlite3.Connection, district_id: int, now: str) -> tuple[int, list[int]]:
    db.execute(
        "INSERT INTO frameworks (district_id, name, description, source, source_identifier, "
        "position, method, decay_weight, n_times, last_n, minimum_evidence, created_at, "
        "updated_at) VALUES (?, 'Mathematics', '', 'demo', 'bench-math', 0, "
        "'decaying_average', 0.65, 5, 3, 1, ?, ?)",
        (district_id, now, now),
    )
    framework_id = db.execute("SELECT max(id) FROM frameworks").fetchone()[0]
    for score, label, threshold in (
        (1, "Beginning", 0),
        (2, "Developing", 0),
        (3, "Proficient", 1),
        (4, "Extending", 0),
    ):
        db.execute(
            _sql("scale_points", ("framework_id", "score", "label", "is_threshold")),
            (framework_id, score, label, threshold),
        )
    for level in range(1, LEVELS + 1):
        db.execute(
            "INSERT INTO performance_levels (framework_id, number, grade) VALUES (?, ?, ?)",
            (framework_id, level, str(level)),
        )
    competencies = []
    for s in range(1, STRANDS + 1):
        db.execute(
            "INSERT INTO strands (framework_id, code, title, position) VALUES (?, ?, ?, ?)",
            (framework_id, f"S{s}", f"Strand {s}", s),
        )
        strand_id = db.execute("SELECT max(id) FROM strands").fetchone()[0]
        for c in range(1, PER_STRAND + 1):
            db.execute(
                "INSERT INTO competencies (framework_id, strand_id, code, title, kind, position) "
                "VALUES (?, ?, ?, ?, 'academic', ?)",
                (framework_id, strand_id, f"S{s}.C{c}", f"Competency {s}.{c}", c),
            )
            competency_id = db.execute("SELECT max(id) FROM competencies").fetchone()[0]
            competencies.append(competency_id)
            db.executemany(
                "INSERT INTO descriptors (competency_id, level, statement) VALUES (?, ?, ?)",
                [
                    (competency_id, lv, f"I can do {s}.{c} at level {lv}.")
                    for lv in range(1, LEVELS + 1)
                ],
            )
    return framework_id, competencies


def _scores(rng: random.Random, count: int) -> Iterator[int]:
    """Scores drifting up as practice goes on, with noise."""
    for i in range(count):
        base = 1.6 + 2.0 * i / max(1, count - 1)
        yield max(1, min(4, round(base + rng.gauss(0, 0.6))))


def _evidence(
    db: sqlite3.Connection,
    rng: random.Random,
    students: list[int],
    grades: dict[int, int],
    competencies: list[int],
    framework_id: int,
    teacher_of: dict[int, int],
    now: str,
) -> tuple[int, int]:
    params, scale = MethodParams(), Scale()
    days = _school_days(YEAR_START, TODAY)
    placement = days[2]
    evidence_total = mastery_total = 0
    for sid in students:
        evidence: list[tuple[object, ...]] = []
        mastery: list[tuple[object, ...]] = []
        start_level = max(0, grades[sid] - 1 + rng.choice((-2, -1, -1, 0, 0, 0, 1)))
        for cid in competencies:
            baseline = max(0, min(LEVELS - 2, start_level + rng.choice((-1, 0, 0, 1))))
            cells: dict[int, list[tuple[date, int]]] = {}
            for level in range(1, baseline + 1):
                cells[level] = [(placement, 3)]
            remaining = EVIDENCE_PER_COMPETENCY - baseline
            working = baseline + 1
            per_level = max(3, remaining // 2)
            chosen = sorted(rng.sample(days[3:], min(remaining, len(days) - 3)))
            for chunk_start in range(0, len(chosen), per_level):
                chunk = chosen[chunk_start : chunk_start + per_level]
                cells[working] = [
                    (d, s) for d, s in zip(chunk, _scores(rng, len(chunk)), strict=True)
                ]
                working = min(LEVELS, working + 1)
            for level, scored in cells.items():
                for observed_on, score in scored:
                    evidence.append(
                        (
                            sid,
                            cid,
                            level,
                            score,
                            "formative" if level > baseline else "diagnostic",
                            0,
                            observed_on.isoformat(),
                            teacher_of[sid],
                            "",
                            "",
                            now,
                            now,
                        )
                    )
                decision = decide([(d, Decimal(s)) for d, s in scored], params, scale, 1)
                result = decision.result
                mastery.append(
                    (
                        sid,
                        cid,
                        level,
                        framework_id,
                        None if result.value is None else str(result.value),
                        result.count,
                        result.reached,
                        int(result.mastered),
                        0,
                        int(result.mastered),
                        None if decision.mastered_on is None else decision.mastered_on.isoformat(),
                        scored[-1][0].isoformat(),
                        now,
                    )
                )
        db.executemany(_sql("evidence", EVIDENCE_COLUMNS), evidence)
        db.executemany(_sql("masteries", MASTERY_COLUMNS), mastery)
        evidence_total += len(evidence)
        mastery_total += len(mastery)
    return evidence_total, mastery_total
