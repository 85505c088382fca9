"""The quick-entry grid: per-cell htmx saves with Undo, the whole-grid form without JavaScript,
and a query count that does not grow with the class."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app import clock
from app.continuum.models import ChangeAction, Evidence, EvidenceChange, EvidenceKind, Mastery
from app.extensions import db
from tests.continuum.test_evidence import TODAY, record
from tests.factories import make_student
from tests.querycount import count_queries

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def grid_url(world, level: int = 6, section=None) -> str:
    section = section or world.section
    return f"/sections/{section.id}/competencies/{world.competency.id}/levels/{level}/quick-entry"


def cell_url(world, student, level: int = 6) -> str:
    return f"{grid_url(world, level)}/students/{student.id}"


def cell(world, student, value: str, **extra) -> dict[str, str]:
    return {"kind": "formative", "observed_on": "2026-11-24", f"score_{student.id}": value, **extra}


def pieces() -> list[Evidence]:
    db.session.expire_all()
    return list(db.session.scalars(select(Evidence).order_by(Evidence.id)))


def mastery(world, student) -> Mastery | None:
    db.session.expire_all()
    return db.session.get(Mastery, (student.id, world.competency.id, 6))


def test_the_section_page_links_to_quick_entry(client, world, sign_in):
    sign_in(client, world.teacher)
    page = client.get(f"/sections/{world.section.id}").get_data(as_text=True)
    assert f'href="/sections/{world.section.id}/quick-entry"' in page


def test_the_chooser_leads_to_the_grid(client, world, sign_in):
    sign_in(client, world.teacher)
    chooser = f"/sections/{world.section.id}/quick-entry"
    page = client.get(chooser).get_data(as_text=True)
    assert '<optgroup label="Mathematics · Strand 1">' in page
    response = client.get(f"{chooser}?competency={world.competency.id}&level=6")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(grid_url(world))


def test_the_chooser_explains_a_level_the_competency_does_not_describe(client, world, sign_in):
    world.competency.descriptors[-1:] = []  # no level 12 for this competency
    db.session.commit()
    sign_in(client, world.teacher)
    response = client.get(
        f"/sections/{world.section.id}/quick-entry?competency={world.competency.id}&level=12"
    )
    assert response.status_code == 422
    assert "S1.C1 has no level 12 on this continuum." in response.get_data(as_text=True)


def test_the_grid_lists_students_with_stored_mastery_and_last_score(client, world, sign_in):
    record(world, score="2")
    record(world, score="4")  # decaying average 0.65·4 + 0.35·2 = 3.30
    quiet = make_student(world.school, section=world.section, given_name="Ari", family_name="Quiet")
    db.session.commit()
    sign_in(client, world.teacher)
    page = client.get(grid_url(world)).get_data(as_text=True)
    row = re.search(rf'<tr id="grid-row-{world.student.id}">.*?</tr>', page, re.S).group(0)
    assert "Lopez, Maya" in row
    assert "3.3 · mastered" in row
    assert "4 — Extending" in row
    quiet_row = re.search(rf'<tr id="grid-row-{quiet.id}">.*?</tr>', page, re.S).group(0)
    assert "No evidence yet" in quiet_row
    assert f'hx-post="{cell_url(world, quiet)}"' in quiet_row
    assert 'value="2026-11-25"' in page  # the date defaults to today


def test_a_cell_saves_over_htmx_and_answers_with_its_row(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.post_form(
        cell_url(world, world.student), cell(world, world.student, "3"),
        page=grid_url(world), headers=HTMX,
    )  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr id="grid-row-{world.student.id}">')
    assert "<html" not in body
    assert 'role="status">Saved: 3 — Proficient</small>' in body
    (evidence,) = pieces()
    assert (evidence.score, evidence.kind, evidence.observed_on) == (
        3,
        EvidenceKind.FORMATIVE,
        TODAY.replace(day=24),
    )
    assert f"/quick-entry/evidence/{evidence.id}/undo" in body
    assert mastery(world, world.student).is_mastered
    assert "3 · mastered" in body  # the row shows the new stored mastery
    assert 'value=""' in body  # the box is empty again, ready for the next score


def test_m_marks_a_cell_as_missed(client, world, sign_in):
    sign_in(client, world.teacher)
    client.post_form(
        cell_url(world, world.student), cell(world, world.student, "M"),
        page=grid_url(world), headers=HTMX,
    )  # fmt: skip
    (evidence,) = pieces()
    assert (evidence.is_missed, evidence.score) == (True, 1)


@pytest.mark.parametrize(
    ("value", "extra", "message"),
    [
        ("7", {}, "Scores on this scale run from 1 to 4."),
        ("three", {}, "Type a number on the scale, or M for missed."),
        ("3", {"observed_on": "2026-12-01"}, "Evidence cannot be dated in the future."),
        ("3", {"kind": "self_assessment"}, "Choose a kind of evidence from the list."),
    ],
    ids=["off-scale", "words", "future", "kind"],
)
def test_a_bad_cell_says_why_in_the_cell_and_saves_nothing(
    client, world, sign_in, value, extra, message
):
    sign_in(client, world.teacher)
    response = client.post_form(
        cell_url(world, world.student), cell(world, world.student, value, **extra),
        page=grid_url(world), headers=HTMX,
    )  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<small id="score_{world.student.id}-error" class="field-error">{message}' in body
    assert 'aria-invalid="true"' in body
    assert f'value="{value}"' in body  # what was typed stays
    assert pieces() == []


def test_a_blank_cell_saves_nothing_and_says_nothing(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.post_form(
        cell_url(world, world.student), cell(world, world.student, ""),
        page=grid_url(world), headers=HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    assert "Saved" not in response.get_data(as_text=True)
    assert pieces() == []


def test_undo_removes_the_score_just_recorded_and_the_history_shows_it(client, world, sign_in):
    sign_in(client, world.teacher)
    client.post_form(
        cell_url(world, world.student), cell(world, world.student, "4"),
        page=grid_url(world), headers=HTMX,
    )  # fmt: skip
    (evidence,) = pieces()
    response = client.post_form(
        f"/sections/{world.section.id}/quick-entry/evidence/{evidence.id}/undo",
        page=grid_url(world), headers=HTMX,
    )  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Undone: removed, kept in the history" in body
    assert "No evidence yet" in body
    (evidence,) = pieces()
    assert evidence.removed_at is not None
    assert mastery(world, world.student).is_mastered is False
    change = db.session.scalars(select(EvidenceChange)).one()
    assert (change.action, change.changed_by_id) == (ChangeAction.REMOVED, world.teacher.id)


def test_without_javascript_the_whole_grid_saves_every_filled_cell(client, world, sign_in):
    second = make_student(world.school, section=world.section, family_name="Second")
    third = make_student(world.school, section=world.section, family_name="Third")
    db.session.commit()
    sign_in(client, world.teacher)
    data = {
        "kind": "summative",
        "observed_on": "2026-11-20",
        f"score_{world.student.id}": "4",
        f"score_{second.id}": "m",
        f"score_{third.id}": "",
    }
    response = client.post_form(grid_url(world), data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(grid_url(world))
    saved = {(e.student_id, e.score, e.is_missed, e.kind) for e in pieces()}
    assert saved == {
        (world.student.id, 4, False, EvidenceKind.SUMMATIVE),
        (second.id, 1, True, EvidenceKind.SUMMATIVE),
    }
    assert mastery(world, world.student).is_mastered
    assert "Saved 2 scores." in client.get(grid_url(world)).get_data(as_text=True)


def test_without_javascript_one_bad_cell_saves_nothing(client, world, sign_in):
    second = make_student(world.school, section=world.section, family_name="Second")
    db.session.commit()
    sign_in(client, world.teacher)
    data = {
        "kind": "formative",
        "observed_on": "2026-11-20",
        f"score_{world.student.id}": "3",
        f"score_{second.id}": "9",
    }
    response = client.post_form(grid_url(world), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was saved." in page
    assert f'<small id="score_{second.id}-error" class="field-error">Scores on this scale' in page
    assert f'name="score_{world.student.id}" type="text"' in page
    assert 'value="3"' in page and 'value="9"' in page  # both typed values come back
    assert pieces() == []
    assert mastery(world, world.student) is None


def test_an_empty_grid_says_there_is_nothing_to_save(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.post_form(grid_url(world), {"kind": "formative", "observed_on": "2026-11-20"})
    assert response.status_code == 200
    assert "Nothing new to save" in response.get_data(as_text=True)
    assert pieces() == []


def test_the_whole_grid_over_htmx_answers_with_the_grid_and_the_flash(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.post_form(
        grid_url(world), cell(world, world.student, "2"), page=grid_url(world), headers=HTMX
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="flash"')
    assert 'hx-swap-oob="true"' in body and "Saved 1 score." in body
    assert '<form id="grid-form"' in body and "<html" not in body
    assert len(pieces()) == 1


def test_out_of_reach_ids_answer_404(client, world, sign_in):
    stranger = make_student(world.school, section=world.other_section)
    db.session.commit()
    evidence = record(world, score="3")
    sign_in(client, world.teacher)
    assert client.get(grid_url(world, section=world.other_section)).status_code == 404
    assert client.get(grid_url(world, level=13)).status_code == 404
    bad_competency = grid_url(world).replace(f"/{world.competency.id}/", "/999999/")
    assert client.get(bad_competency).status_code == 404
    response = client.post_form(
        cell_url(world, stranger), cell(world, stranger, "3"), page=grid_url(world), headers=HTMX
    )
    assert response.status_code == 404
    other_section_undo = (
        f"/sections/{world.other_section.id}/quick-entry/evidence/{evidence.id}/undo"
    )
    assert client.post_form(other_section_undo, page=grid_url(world)).status_code == 404
    sign_in(client, world.other_teacher)
    undo = f"/sections/{world.section.id}/quick-entry/evidence/{evidence.id}/undo"
    assert client.post_form(undo, page="/account/password").status_code == 404
    assert [e.removed_at for e in pieces()] == [None]
    assert len(pieces()) == 1


def _add_students(world, n: int) -> None:
    for i in range(n):
        student = make_student(world.school, section=world.section, family_name=f"Kid{i:03d}")
        if i % 3 == 0:
            record_for(world, student)
    db.session.commit()


def record_for(world, student) -> None:
    from datetime import date
    from decimal import Decimal

    from app.continuum import services
    from app.continuum.services import NewEvidence

    services.record_evidence(
        student, world.competency, 6,
        NewEvidence(Decimal("3"), EvidenceKind.FORMATIVE, date(2026, 10, 1)), world.teacher, TODAY,
    )  # fmt: skip


def test_the_grid_costs_the_same_for_10_and_40_students(client, world, sign_in):
    sign_in(client, world.teacher)

    def cost() -> tuple[int, int]:
        with count_queries() as statements:
            assert client.get(grid_url(world)).status_code == 200
        shown = len(statements)
        data = {"kind": "formative", "observed_on": "2026-11-20"}
        with count_queries() as statements:
            response = client.post_form(grid_url(world), data, page="/account/password")
            assert response.status_code == 200
        return shown, len(statements)

    _add_students(world, 9)
    small = cost()
    _add_students(world, 30)
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 13
    assert cost() == small


def test_the_grid_says_when_more_evidence_is_needed(client, world, sign_in):
    world.framework.minimum_evidence = 2
    db.session.commit()
    record(world, score="4")
    sign_in(client, world.teacher)
    page = client.get(grid_url(world)).get_data(as_text=True)
    assert "4 · not yet: 1 of 2 pieces needed" in page


def _token_now_stale(client) -> None:
    """The session's CSRF secret changes, as when the teacher signs in again elsewhere."""
    with client.session_transaction() as session:
        session["csrf_token"] = "0" * 40


def snapshot() -> list[tuple]:
    db.session.expire_all()
    changes = db.session.scalar(select(func.count()).select_from(EvidenceChange))
    rows = [(e.id, e.student_id, e.score, e.is_missed, e.removed_at) for e in pieces()]
    return [*rows, ("changes", changes)]


@pytest.mark.parametrize("token", [None, "forged", "stale"], ids=["missing", "forged", "stale"])
def test_an_expired_page_saves_no_cell_and_says_so_in_the_cell_and_the_alert(
    client, world, sign_in, token
):
    record(world, score="2")
    sign_in(client, world.teacher)
    data = cell(world, world.student, "3")
    if token == "stale":
        data["csrf_token"] = client.csrf_token(grid_url(world))
        _token_now_stale(client)
    elif token:
        data["csrf_token"] = token
    before = snapshot()
    response = client.post(cell_url(world, world.student), data=data, headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 422  # the status htmx is configured to swap
    assert body.lstrip().startswith(f'<tr id="grid-row-{world.student.id}">')
    error = re.search(rf'<small id="score_{world.student.id}-error"[^>]*>(.*?)</small>', body)
    assert error and error.group(1).startswith("Not saved: this page has expired.")
    assert f'<a href="{grid_url(world)}">Reload the page</a>' in error.group(1)
    assert 'value="3"' in body and 'aria-invalid="true"' in body  # the typed score stays
    assert '<template><div id="grid-alert" hx-swap-oob="innerHTML">' in body
    assert "the score for Maya Lopez was not saved" in body
    assert snapshot() == before
    assert mastery(world, world.student).is_mastered is False  # still from the one score of 2


def test_an_expired_page_undoes_nothing(client, world, sign_in):
    sign_in(client, world.teacher)
    client.post_form(
        cell_url(world, world.student), cell(world, world.student, "4"),
        page=grid_url(world), headers=HTMX,
    )  # fmt: skip
    (evidence,) = pieces()
    before = snapshot()
    undo = f"/sections/{world.section.id}/quick-entry/evidence/{evidence.id}/undo"
    response = client.post(undo, data={"csrf_token": "forged"}, headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not undone: this page has expired." in body
    assert "Undo<span" in body  # the button stays, for after the reload
    assert "the score for Maya Lopez was not undone" in body
    assert snapshot() == before
    assert client.post(undo).status_code == 303  # without htmx: back to the grid
    assert snapshot() == before
    assert "Nothing undone for Maya Lopez" in client.get(grid_url(world)).get_data(as_text=True)


def test_a_stray_plain_cell_post_with_an_expired_page_is_sent_back_with_a_message(
    client, world, sign_in
):
    sign_in(client, world.teacher)
    response = client.post(cell_url(world, world.student), data=cell(world, world.student, "3"))
    assert response.status_code == 303
    page = client.get(grid_url(world)).get_data(as_text=True)
    assert "Nothing saved for Maya Lopez: the page had expired." in page
    assert pieces() == []


def test_without_javascript_an_expired_grid_keeps_every_entry_and_saves_nothing(
    client, world, sign_in
):
    second = make_student(world.school, section=world.section, family_name="Second")
    db.session.commit()
    sign_in(client, world.teacher)
    data = {
        "csrf_token": client.csrf_token(grid_url(world)),
        "kind": "summative",
        "observed_on": "2026-11-20",
        f"score_{world.student.id}": "3",
        f"score_{second.id}": "m",
    }
    _token_now_stale(client)
    response = client.post(grid_url(world), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This form had expired or did not come from this page, so nothing was saved." in page
    assert "Check the rows marked below" not in page  # no row is wrong
    assert f'name="score_{world.student.id}" type="text"' in page
    assert 'value="3"' in page and 'value="m"' in page
    assert '<option selected value="summative">' in page and 'value="2026-11-20"' in page
    assert pieces() == []
    # The page it came back on carries a fresh token: saving again works.
    data["csrf_token"] = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert client.post(grid_url(world), data=data).status_code == 303
    assert len(pieces()) == 2


def test_each_row_has_one_tab_stop_and_its_box_names_student_and_competency(client, world, sign_in):
    sign_in(client, world.teacher)
    page = client.get(grid_url(world)).get_data(as_text=True)
    row = re.search(rf'<tr id="grid-row-{world.student.id}">.*?</tr>', page, re.S).group(0)
    assert re.search(r'<a href="[^"]+" tabindex="-1">Lopez, Maya</a>', row)
    assert f">New score for Maya Lopez on {world.competency.code}, level 6</label>" in row
    assert len(re.findall(r"<(?:a|input|button|select)\b(?![^>]*tabindex=\"-1\")", row)) == 1
    assert '<div id="grid-alert" class="flash-region" role="alert"></div>' in page
