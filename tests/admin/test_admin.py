"""School settings and the audit log."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from app.audit import AuditEvent
from app.extensions import db
from app.schools.models import PaperSize, SchoolSettings

VALID = {
    "on_pace_growth": "1.10",
    "accelerating_growth": "1.75",
    "levels_behind": "2",
    "not_progressing_weeks": "5",
    "no_checkin_weeks": "3",
    "suppression_threshold": "12",
    "paper_size": "a4",
}


def _settings(school_id: int) -> SchoolSettings:
    db.session.expire_all()
    row = db.session.get(SchoolSettings, school_id)
    assert row is not None
    return row


def test_settings_start_at_the_design_defaults(client, world, sign_in):
    row = _settings(world.school.id)
    assert row.on_pace_growth == Decimal("1.00")
    assert row.accelerating_growth == Decimal("1.50")
    assert row.levels_behind == Decimal("2.00")
    assert (row.not_progressing_weeks, row.no_checkin_weeks) == (6, 2)
    assert row.suppression_threshold == 10
    assert row.paper_size == PaperSize.LETTER
    sign_in(client, world.leader)
    page = client.get(f"/schools/{world.school.id}/settings").get_data(as_text=True)
    assert 'value="1.50"' in page


def test_leader_saves_settings(client, world, sign_in):
    sign_in(client, world.leader)
    url = f"/schools/{world.school.id}/settings"
    response = client.post_form(url, VALID)
    assert response.status_code == 303
    row = _settings(world.school.id)
    assert row.accelerating_growth == Decimal("1.75")
    assert row.suppression_threshold == 12
    assert row.paper_size == PaperSize.A4
    assert "Settings saved." in client.get(url).get_data(as_text=True)


def test_bad_settings_are_explained_and_nothing_is_saved(client, world, sign_in):
    sign_in(client, world.district_admin)
    url = f"/schools/{world.school.id}/settings"
    response = client.post_form(
        url, {**VALID, "accelerating_growth": "0.9", "no_checkin_weeks": "x"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Accelerating must be higher than the on-pace threshold." in page
    assert 'id="no_checkin_weeks-error"' in page
    assert 'value="0.9"' in page  # what was typed is still there
    assert _settings(world.school.id).accelerating_growth == Decimal("1.50")


def test_other_schools_leader_cannot_post_settings(client, world, sign_in):
    sign_in(client, world.other_leader)
    response = client.post_form(
        f"/schools/{world.school.id}/settings", VALID, page="/account/password"
    )
    assert response.status_code == 404
    assert _settings(world.school.id).suppression_threshold == 10


def _events() -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_opening_a_students_record_is_audited(client, world, sign_in):
    sign_in(client, world.teacher)
    client.get(f"/students/{world.student.id}")
    (event,) = _events()
    assert (event.actor_id, event.student_id, event.school_id) == (
        world.teacher.id,
        world.student.id,
        world.school.id,
    )
    assert event.record == "student profile"
    assert event.path == f"/students/{world.student.id}"


def test_students_own_views_and_refused_views_are_not_audited(client, world, sign_in):
    sign_in(client, world.student)
    client.get(f"/students/{world.student.id}")
    client.get(f"/students/{world.other_student.id}")  # 404
    assert _events() == []


def test_leader_pages_through_the_audit_log(client, world, sign_in):
    for _ in range(55):
        db.session.add(
            AuditEvent(
                actor_id=world.guardian.id,
                student_id=world.student.id,
                school_id=world.school.id,
                record="student profile",
                path="/x",
            )
        )
    db.session.commit()
    sign_in(client, world.leader)
    first = client.get(f"/schools/{world.school.id}/audit").get_data(as_text=True)
    assert "55 accesses, newest first" in first
    assert "Page 1 of 2" in first
    second = client.get(f"/schools/{world.school.id}/audit?page=2").get_data(as_text=True)
    assert second.count("<tr>") == 1 + 5  # header row and the last five
    total = db.session.scalar(select(func.count()).select_from(AuditEvent))
    assert total == 55  # reading the log is not itself a student record access
