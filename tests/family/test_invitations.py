"""Inviting a guardian: the one-time link, setting a password and a language, a used or
expired link, and the mistakes a school can make in the form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.db import utcnow
from app.extensions import db
from app.family import services
from app.family.models import GuardianInvitation
from app.schools.models import GuardianLink

FORM = {
    "email": "Rosa.Diaz@Example.org",
    "given_name": "Rosa",
    "family_name": "Diaz",
    "relationship": "mother",
    "language": "es",
}


@pytest.fixture()
def mailbox(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    sent: list[tuple[str, str, str]] = []
    monkeypatch.setattr(services, "send_mail", lambda *mail: sent.append(mail))
    return sent


def _invite(client, world, data=None):
    url = f"/students/{world.student.id}/guardians/invite"
    return client.post_form(url, {**FORM, **(data or {})})


def _link(mailbox) -> str:
    match = re.search(r"http://localhost(/invitations/\S+)", mailbox[-1][2])
    assert match, mailbox[-1][2]
    return match.group(1)


def test_a_leader_invites_a_new_guardian_who_sets_a_password(client, world, sign_in, mailbox):
    sign_in(client, world.leader)
    response = _invite(client, world)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/students/{world.student.id}")
    guardian = db.session.scalar(select(User).where(User.email == "rosa.diaz@example.org"))
    assert guardian is not None and guardian.password_hash is None
    assert guardian.preferred_language == "es"
    assert db.session.scalar(
        select(GuardianLink).where(
            GuardianLink.guardian_id == guardian.id, GuardianLink.student_id == world.student.id
        )
    )
    to, subject, body = mailbox[-1]
    assert to == "rosa.diaz@example.org"
    assert "Riverbend Middle School" in subject and "Maya" in body  # in Spanish: "Invitación"
    assert subject.startswith("Invitación")

    client.post("/logout", data={"csrf_token": client.csrf_token("/account/password")})
    link = _link(mailbox)
    page = client.get(link)
    assert page.status_code == 200
    assert "Bienvenido/a, Rosa" in page.get_data(as_text=True)  # in the language the school chose
    accepted = client.post_form(
        link,
        {
            "new_password": "a long kitchen table",
            "confirm": "a long kitchen table",
            "language": "en",
        },
    )
    assert accepted.status_code == 303 and accepted.headers["Location"].endswith("/family")
    family = client.get("/family").get_data(as_text=True)
    assert "Maya Lopez" in family
    db.session.expire_all()
    guardian = db.session.get(User, guardian.id)
    assert guardian.password_hash and guardian.preferred_language == "en"


def test_a_used_link_is_gone(client, world, sign_in, mailbox):
    sign_in(client, world.teacher)  # a teacher of the student may invite too
    _invite(client, world)
    link = _link(mailbox)
    client.post("/logout", data={"csrf_token": client.csrf_token("/account/password")})
    password = {"new_password": "a long kitchen table", "confirm": "a long kitchen table"}
    assert client.post_form(link, {**password, "language": "es"}).status_code == 303
    client.post("/logout", data={"csrf_token": client.csrf_token("/account/password")})
    again = client.get(link)
    assert again.status_code == 410
    assert "Esta invitación ya no funciona" in again.get_data(as_text=True)  # her language


def test_an_expired_link_is_gone(client, world, sign_in, mailbox):
    sign_in(client, world.leader)
    _invite(client, world, {"language": "en"})
    invitation = db.session.scalars(select(GuardianInvitation)).one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client.post("/logout", data={"csrf_token": client.csrf_token("/account/password")})
    response = client.get(_link(mailbox))
    assert response.status_code == 410
    assert "This invitation no longer works" in response.get_data(as_text=True)


def test_a_new_invitation_replaces_the_old_link(client, world, sign_in, mailbox):
    sign_in(client, world.leader)
    _invite(client, world)
    first = _link(mailbox)
    _invite(client, world)
    second = _link(mailbox)
    assert first != second
    client.post("/logout", data={"csrf_token": client.csrf_token("/account/password")})
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_mismatched_passwords_are_explained_and_nothing_is_saved(client, world, sign_in, mailbox):
    sign_in(client, world.leader)
    _invite(client, world, {"language": "en"})
    client.post("/logout", data={"csrf_token": client.csrf_token("/account/password")})
    link = _link(mailbox)
    response = client.post_form(
        link, {"new_password": "a long kitchen table", "confirm": "another", "language": "en"}
    )
    assert response.status_code == 422
    assert "The two passwords differ." in response.get_data(as_text=True)
    guardian = db.session.scalar(select(User).where(User.email == "rosa.diaz@example.org"))
    assert guardian.password_hash is None
    assert client.get(link).status_code == 200  # the link still works


def test_an_existing_guardian_is_linked_without_a_new_invitation(client, world, sign_in, mailbox):
    sign_in(client, world.leader)
    response = _invite(client, world, {"email": world.other_guardian.email})
    assert response.status_code == 303
    assert not mailbox
    assert db.session.scalars(select(GuardianInvitation)).all() == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "already has a Waypoint account" in page
    sign_in(client, world.other_guardian)
    assert client.get(f"/students/{world.student.id}/summary").status_code == 200


def test_a_staff_address_or_a_blank_form_is_refused_beside_the_field(
    client, world, sign_in, mailbox
):
    sign_in(client, world.leader)
    staff = _invite(client, world, {"email": world.teacher.email})
    assert staff.status_code == 422
    assert "belongs to a staff or student account" in staff.get_data(as_text=True)
    blank = _invite(client, world, {"email": "not an address", "given_name": ""})
    assert blank.status_code == 422
    page = blank.get_data(as_text=True)
    assert "That does not look like an email address." in page
    assert "Enter the guardian&#39;s first name." in page
    assert 'value="Diaz"' in page  # what was typed stays
    assert not mailbox
    assert db.session.scalars(select(GuardianInvitation)).all() == []


def test_families_and_other_teachers_cannot_invite(client, world, sign_in, mailbox):
    for actor in (world.guardian, world.student, world.other_teacher):
        sign_in(client, actor)
        response = client.post(
            f"/students/{world.student.id}/guardians/invite",
            data={**FORM, "csrf_token": client.csrf_token("/account/password")},
        )
        assert response.status_code == 404
    assert not mailbox
