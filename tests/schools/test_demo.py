"""The demo district: the size the README promises, and logins that work."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.auth.models import Role, User
from app.demo import PASSWORD, demo_logins, load_demo
from app.extensions import db
from app.schools.models import GuardianLink, School, Section

TODAY = date(2026, 11, 25)


def _count_users(role: Role) -> int:
    return db.session.scalar(select(func.count()).where(User.role == role)) or 0


def test_demo_district_has_the_promised_shape_and_its_logins_sign_in(app, client):
    """One load for both checks: the demo takes seconds to build."""
    logins = load_demo(db.session, TODAY)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(School)) == 2
    assert db.session.scalar(select(func.count()).select_from(Section)) == 12
    assert _count_users(Role.TEACHER) == 8
    assert _count_users(Role.SCHOOL_LEADER) == 2
    assert _count_users(Role.DISTRICT_ADMIN) == 1
    assert 230 <= _count_users(Role.STUDENT) <= 250
    linked = db.session.scalar(select(func.count(func.distinct(GuardianLink.student_id))))
    assert linked / _count_users(Role.STUDENT) > 0.75
    assert demo_logins(db.session) == logins
    for _label, email, password in logins.rows():
        assert password == PASSWORD
        client.delete_cookie("waypoint_session")
        response = client.post_form("/login", {"email": email, "password": password})
        assert response.status_code == 303, email
        assert client.get("/", follow_redirects=True).status_code == 200
