"""Changing and resetting a password."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from app.auth.models import PasswordResetToken, User, UserSession
from app.auth.passwords import hash_password, verify_password
from app.db import utcnow
from app.extensions import db
from tests.factories import PASSWORD

NEW = "a brand new sentence"


def _reload(user: User) -> User:
    db.session.expire_all()
    fresh = db.session.get(User, user.id)
    assert fresh is not None
    return fresh


def test_hashes_are_argon2id_with_owasp_parameters():
    hashed = hash_password("something long")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password(hashed, "something long")
    assert not verify_password(hashed, "something else")
    assert not verify_password(None, "anything")


def test_change_password_signs_out_other_devices_but_not_this_one(app, client, world, sign_in):
    other_device = app.test_client()
    sign_in(other_device, world.teacher)
    client.post_form("/login", {"email": world.teacher.email, "password": PASSWORD})
    data = {"current_password": PASSWORD, "new_password": NEW, "confirm": NEW}
    response = client.post_form("/account/password", data)
    assert response.status_code == 303
    assert verify_password(_reload(world.teacher).password_hash, NEW)
    assert client.get("/teach").status_code == 200
    assert other_device.get("/teach").status_code == 302


def test_change_password_errors_sit_beside_their_fields(client, world, sign_in):
    sign_in(client, world.teacher)
    data = {"current_password": "wrong", "new_password": NEW, "confirm": NEW}
    page = client.post_form("/account/password", data).get_data(as_text=True)
    assert "That is not your current password." in page
    data = {"current_password": PASSWORD, "new_password": "short", "confirm": "short"}
    response = client.post_form("/account/password", data)
    assert response.status_code == 422
    assert 'id="new_password-error"' in response.get_data(as_text=True)
    data = {"current_password": PASSWORD, "new_password": NEW, "confirm": NEW + "x"}
    assert "The two passwords differ." in client.post_form("/account/password", data).get_data(
        as_text=True
    )
    assert verify_password(_reload(world.teacher).password_hash, PASSWORD)


def _reset_link(caplog) -> str:
    match = re.search(r"http://localhost(/reset/\S+)", caplog.text)
    assert match, caplog.text
    return match.group(1)


def test_reset_link_works_once(client, world, caplog):
    caplog.set_level("WARNING")
    response = client.post_form("/reset", {"email": world.guardian.email})
    assert "Check your email" in response.get_data(as_text=True)
    link = _reset_link(caplog)
    assert client.get(link).status_code == 200
    assert client.post_form(link, {"new_password": NEW, "confirm": NEW}).status_code == 303
    assert verify_password(_reload(world.guardian).password_hash, NEW)
    assert client.get(link).status_code == 410
    assert (
        client.post(link, data={"new_password": "x" * 12, "confirm": "x" * 12}).status_code == 410
    )


def test_reset_link_expires(client, world, caplog):
    caplog.set_level("WARNING")
    client.post_form("/reset", {"email": world.guardian.email})
    link = _reset_link(caplog)
    db.session.execute(
        update(PasswordResetToken).values(expires_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    assert "This link no longer works" in response.get_data(as_text=True)


def test_reset_ends_every_session(client, world, sign_in, caplog, app):
    device = app.test_client()
    sign_in(device, world.guardian)
    caplog.set_level("WARNING")
    client.post_form("/reset", {"email": world.guardian.email})
    client.post_form(_reset_link(caplog), {"new_password": NEW, "confirm": NEW})
    assert device.get("/family").status_code == 302
    open_sessions = db.session.scalars(
        select(UserSession).where(
            UserSession.user_id == world.guardian.id, UserSession.revoked_at.is_(None)
        )
    ).all()
    assert open_sessions == []


def test_reset_for_an_unknown_address_says_the_same_and_stores_nothing(client):
    response = client.post_form("/reset", {"email": "stranger@example.org"})
    assert "Check your email" in response.get_data(as_text=True)
    assert db.session.scalars(select(PasswordResetToken)).all() == []


def test_reset_request_with_a_malformed_email_explains(client):
    response = client.post_form("/reset", {"email": "not an email"})
    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)
