"""Server time and SQL queries per page, beside a bare route measured in the same run.

Builds the demo district in a temporary SQLite database, signs in as each role, and requests
each page repeatedly through the WSGI test client. Figures are medians in milliseconds, so they
read best as ratios to the bare route on the same machine.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event

from app import create_app
from app.config import TestConfig
from app.demo import demo_logins, load_demo
from app.extensions import db
from bench.big import big_school

REPEAT = 200


def bench_app(database: Path) -> Flask:
    """The app over a bench database, with a bare route to compare every page with."""
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
    config.INSTANCE_DIR = database.parent
    config.SERVER_NAME = None
    config.RATELIMIT_ENABLED = False
    app = create_app(config)

    @app.route("/bench/bare")
    def bare() -> str:
        return "ok"

    from app.security import public

    public(bare)
    return app


def build_app(folder: Path) -> Flask:
    app = bench_app(folder / "bench.sqlite3")
    with app.app_context():
        upgrade(directory=str(Path(app.root_path).parent / "migrations"))
        load_demo(db.session, date(2026, 11, 25))
        db.session.commit()
    return app


def measure(app: Flask, client, path: str, repeat: int = REPEAT) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    queries: list[str] = []

    def count(*_args: object) -> None:
        queries.append("q")

    with app.app_context():
        engine = db.engine
    for _ in range(10):
        client.get(path)  # warm up
    event.listen(engine, "before_cursor_execute", count)
    response = client.get(path)
    event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(queries)


def sign_in(app: Flask, email: str, password: str = "waypoint-demo"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"csrf_token": token, "email": email, "password": password}
    )
    assert response.status_code == 303, email
    return client


def report(title: str, rows: list[tuple[str, float, int]]) -> None:
    bare = rows[0][1]
    print(f"\n{title}")
    print(f"{'page':<34}{'median ms':>10}{'× bare':>8}{'queries':>9}")
    for name, ms, queries in rows:
        print(f"{name:<34}{ms:>10.2f}{ms / bare:>8.1f}{queries:>9}")


def demo_school() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder))
        with app.app_context():
            logins = demo_logins(db.session)
        rows: list[tuple[str, float, int]] = []
        anonymous = app.test_client()
        rows.append(("bare Flask route", *measure(app, anonymous, "/bench/bare")))
        rows.append(("sign-in page", *measure(app, anonymous, "/login")))
        teacher = sign_in(app, logins.teacher[0])
        rows.append(("teacher home", *measure(app, teacher, "/teach")))
        home = teacher.get("/teach").get_data(as_text=True)
        section_id = home.split('href="/sections/')[1].split('"')[0]
        rows.append(("class roster (20)", *measure(app, teacher, f"/sections/{section_id}")))
        # The demo's classes have what the big school lacks: check-ins, goals, PDSA cycles,
        # help requests, conferences and support plans, so these read the whole dashboard.
        for name, page in (
            ("class dashboard (20)", "dashboard"),
            ("data wall (20)", "wall"),
            ("section report (20)", "report"),
        ):
            rows.append((name, *measure(app, teacher, f"/sections/{section_id}/{page}")))
        leader = sign_in(app, logins.school_leader[0])
        school_url = leader.get("/school").headers["Location"]
        rows.append(("school page", *measure(app, leader, school_url)))
        admin = sign_in(app, logins.district_admin[0])
        rows.append(("district page", *measure(app, admin, "/district")))
        guardian = sign_in(app, logins.guardian[0])
        rows.append(("family home", *measure(app, guardian, "/family")))
        report("Demo district (240 students)", rows)
        with app.app_context():
            db.engine.dispose()


def main() -> None:
    from bench.pdf import main as family_pdfs

    demo_school()
    big_school()
    family_pdfs()


if __name__ == "__main__":
    main()
