"""Sign-in, sign-out, throttling and server-side sessions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app.auth.models import UserSession
from app.db import utcnow
from app.extensions import db
from tests.factories import PASSWORD

MISMATCH = "That email and password do not match an account"


def test_wrong_password_and_unknown_email_get_the_same_message(client, world):
    wrong = client.post_form("/login", {"email": world.student.email, "password": "nope"})
    unknown = client.post_form("/login", {"email": "nobody@example.org", "password": "nope"})
    for response in (wrong, unknown):
        assert response.status_code == 422
        assert MISMATCH in response.get_data(as_text=True)
    # What the person typed stays in the field, so they only fix what was wrong.
    assert 'value="nobody@example.org"' in unknown.get_data(as_text=True)


def test_each_role_lands_on_its_own_home(client, world):
    homes = {
        world.student: "/me",
        world.teacher: "/teach",
        world.leader: f"/schools/{world.school.id}",
        world.district_admin: "/district",
        world.guardian: "/family",
    }
    for user, path in homes.items():
        client.delete_cookie("waypoint_session")
        assert (
            client.post_form("/login", {"email": user.email, "password": PASSWORD}).status_code
            == 303
        )
        landed = client.get("/", follow_redirects=True)
        assert landed.request.path == path, user.role


def test_next_parameter_only_goes_to_our_own_pages(client, world):
    data = {"email": world.student.email, "password": PASSWORD}
    response = client.post_form("/login?next=https://evil.example/", data, page="/login")
    assert response.headers["Location"] == "/"
    client.delete_cookie("waypoint_session")
    response = client.post_form("/login?next=/students/1", data, page="/login")
    assert response.headers["Location"] == "/students/1"


def test_ten_failures_for_one_account_are_throttled(client, world):
    for _ in range(10):
        response = client.post_form("/login", {"email": world.teacher.email, "password": "x"})
        assert response.status_code == 422
    response = client.post_form("/login", {"email": world.teacher.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_ten_failures_from_one_address_are_throttled_across_accounts(client):
    for n in range(10):
        client.post_form("/login", {"email": f"guess{n}@example.org", "password": "x"})
    response = client.post_form("/login", {"email": "another@example.org", "password": "x"})
    assert response.status_code == 429


def test_successful_sign_ins_are_not_counted_as_failures(client, world):
    for _ in range(12):
        client.delete_cookie("waypoint_session")
        data = {"email": world.student.email, "password": PASSWORD}
        assert client.post_form("/login", data).status_code == 303


def test_sign_out_ends_the_session_on_the_server(client, world):
    client.post_form("/login", {"email": world.student.email, "password": PASSWORD})
    stolen = client.get_cookie("waypoint_session").value
    assert client.get("/me").status_code == 200
    assert client.post_form("/logout", page="/me").status_code == 303
    client.set_cookie("waypoint_session", stolen)  # replay the copied cookie
    response = client.get("/me")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_logout_needs_the_csrf_token(client, world, sign_in):
    sign_in(client, world.student)
    client.post("/logout")
    assert client.get("/me").status_code == 200


def test_idle_sessions_expire(client, world, sign_in, app):
    sign_in(client, world.student)
    assert client.get("/me").status_code == 200
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - idle))
    db.session.commit()
    assert client.get("/me").status_code == 302


def test_sessions_have_an_absolute_lifetime(client, world, sign_in, app):
    sign_in(client, world.student)
    old = utcnow() - timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"] + 1)
    db.session.execute(update(UserSession).values(created_at=old, last_seen_at=utcnow()))
    db.session.commit()
    assert client.get("/me").status_code == 302


def test_remember_me_sets_a_lasting_cookie_and_survives_idle(client, world, app):
    data = {"email": world.student.email, "password": PASSWORD, "remember": "y"}
    client.post_form("/login", data)
    assert client.get_cookie("waypoint_remember") is not None
    row = db.session.scalars(
        select(UserSession).where(UserSession.user_id == world.student.id)
    ).one()
    assert row.remember
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 30)
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - idle))
    db.session.commit()
    assert client.get("/me").status_code == 200


def test_disabled_account_cannot_sign_in_or_keep_its_session(client, world, sign_in):
    sign_in(client, world.student)
    world.student.is_enabled = False
    db.session.add(world.student)
    db.session.commit()
    assert client.get("/me").status_code == 302
    response = client.post_form("/login", {"email": world.student.email, "password": PASSWORD})
    assert response.status_code == 422


def test_missing_csrf_token_keeps_the_typed_email_and_explains(client, world):
    response = client.post("/login", data={"email": world.student.email, "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This form had expired or did not come from this page" in page
    assert f'value="{world.student.email}"' in page
    assert client.get("/me").status_code == 302  # and nobody got signed in


def test_forged_csrf_token_is_refused(client, world):
    client.get("/login")
    data = {"csrf_token": "forged", "email": world.student.email, "password": PASSWORD}
    response = client.post("/login", data=data)
    assert response.status_code == 422
    assert "did not come from this page" in response.get_data(as_text=True)
