"""Framework pages: the list, importing a file through the form, and calculation settings."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import BytesIO

from sqlalchemy import func, select

from app.authz import can_manage_frameworks
from app.continuum import services
from app.continuum.mastery import Method
from app.continuum.models import Competency, EvidenceKind, Framework, Mastery
from app.extensions import db
from tests.authz.matrix import ACTORS
from tests.authz.rows_continuum import FRAMEWORK_MANAGERS
from tests.factories import make_district, make_framework
from tests.samples import CASE_ACT, CASE_STANDARDS, case_sample

IMPORT = "/frameworks/import"


def upload(client, data: bytes, filename: str, **fields: str):
    return client.post_form(
        IMPORT,
        {"file": (BytesIO(data), filename), "name": "", "level": "", **fields},
        content_type="multipart/form-data",
    )


def framework_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Framework)) or 0


def test_the_list_shows_the_districts_frameworks_only(client, world, sign_in) -> None:
    make_framework(make_district("Elsewhere"), name="Someone else's maths")
    db.session.commit()
    sign_in(client, world.leader)
    page = client.get("/frameworks").get_data(as_text=True)
    assert f'href="/frameworks/{world.framework.id}"' in page
    assert "Mathematics" in page and "Someone else" not in page
    assert "1–12" in page  # the builder describes levels 1 to 12
    assert 'href="/frameworks"' in page  # the nav entry


def test_importing_the_common_core_sample_shows_a_summary_and_warnings(
    client, world, sign_in
) -> None:
    sign_in(client, world.district_admin)
    response = upload(client, case_sample(CASE_STANDARDS), "standards.json")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "Imported “What Standards Could Be”." in page
    assert "Added: 2 strands, 12 competencies, 12 descriptors, 2 levels." in page
    assert "5 warnings" in page
    assert "educationalLevel as a string" in page
    framework = db.session.scalar(select(Framework).where(Framework.name.startswith("What")))
    assert framework is not None and framework.district_id == world.district.id
    assert f'href="/frameworks/{framework.id}"' in page


def test_a_case_file_without_levels_uses_the_level_field(client, world, sign_in) -> None:
    sign_in(client, world.leader)
    refused = upload(client, case_sample(CASE_ACT), "act.json")
    assert refused.status_code == 422
    accepted = upload(client, case_sample(CASE_ACT), "act.json", level="4")
    assert accepted.status_code == 200
    assert "24 competencies have no grade level in the file: level 4, chosen at import" in (
        accepted.get_data(as_text=True)
    )


def test_a_bad_file_lists_its_problems_beside_the_field_and_saves_nothing(
    client, world, sign_in
) -> None:
    package = json.loads(case_sample(CASE_STANDARDS))
    first, second = package["CFItems"][2], package["CFItems"][4]  # two standards of 6.RP.A
    second["humanCodingScheme"] = first["humanCodingScheme"]
    package["CFAssociations"] = [
        a
        for a in package["CFAssociations"]
        if a["originNodeURI"]["identifier"] != first["identifier"]
    ]
    before = framework_count()
    sign_in(client, world.leader)
    response = upload(client, json.dumps(package).encode(), "broken.json")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="file-error"' in page
    assert "Nothing was imported: the file has 1 problem, listed below." in page
    assert 'id="file-problems"' in page
    assert f"Missing parent: item {first['humanCodingScheme']} ({first['identifier']})" in page
    assert framework_count() == before


def test_a_csv_needs_a_name_and_its_errors_name_lines(client, world, sign_in) -> None:
    sign_in(client, world.leader)
    csv = b"strand,competency code,statement,level,descriptor\nNumber,N.1,I add,one,x\n"
    unnamed = upload(client, csv, "numeracy.csv")
    assert unnamed.status_code == 422
    assert 'id="name-error"' in unnamed.get_data(as_text=True)
    named = upload(client, csv, "numeracy.csv", name="Numeracy")
    page = named.get_data(as_text=True)
    assert named.status_code == 422
    assert "Line 2: level &#39;one&#39; is not a whole number from 0 to 20." in page
    good = upload(client, csv.replace(b",one,", b",1,"), "numeracy.csv", name="Numeracy")
    assert good.status_code == 200
    assert "Imported “Numeracy”." in good.get_data(as_text=True)


def test_an_empty_form_is_refused(client, world, sign_in) -> None:
    sign_in(client, world.leader)
    empty = client.post_form(IMPORT, {"name": ""}, content_type="multipart/form-data")
    assert empty.status_code == 422
    assert "Choose a file to import." in empty.get_data(as_text=True)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    client, world, sign_in, monkeypatch
) -> None:
    # The real limit is a little over 5 MB; a small one keeps the test's body in memory.
    monkeypatch.setattr("app.admin.frameworks.UPLOAD_LIMIT", 4096)
    sign_in(client, world.leader)
    huge = upload(client, b"x" * 5000, "huge.csv", name="Huge")
    assert huge.status_code == 413
    assert "That file is too large" in huge.get_data(as_text=True)
    assert framework_count() == 1


def test_the_framework_page_shows_strands_competencies_and_descriptors(
    client, world, sign_in
) -> None:
    sign_in(client, world.other_leader)  # a leader of another school in the same district
    page = client.get(f"/frameworks/{world.framework.id}").get_data(as_text=True)
    assert "Strand 1" in page and "S1.C1" in page
    assert "I can do 1.1 at level 12." in page
    assert 'name="decay_weight"' in page and 'value="0.65"' in page


def test_a_framework_of_another_district_is_not_found(client, world, sign_in) -> None:
    theirs = make_framework(make_district("Elsewhere"))
    db.session.commit()
    sign_in(client, world.district_admin)
    assert client.get(f"/frameworks/{theirs.id}").status_code == 404


def _record(world, score: str, on: date) -> None:
    entry = services.NewEvidence(Decimal(score), EvidenceKind.FORMATIVE, on)
    services.record_evidence(world.student, world.competency, 6, entry, world.teacher, on)


SETTINGS = {
    "method": Method.HIGHEST.value,
    "decay_weight": "0.65",
    "n_times": "5",
    "last_n": "3",
    "minimum_evidence": "1",
}


def test_changing_the_method_recalculates_stored_mastery(client, world, sign_in) -> None:
    _record(world, "4", date(2026, 9, 10))
    _record(world, "2", date(2026, 10, 1))  # decaying average 0.65·2 + 0.35·4 = 2.70
    db.session.commit()
    key = (world.student.id, world.competency.id, 6)
    assert db.session.get(Mastery, key).is_mastered is False
    sign_in(client, world.leader)
    url = f"/frameworks/{world.framework.id}"
    response = client.post_form(url, SETTINGS)
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Framework, world.framework.id).method is Method.HIGHEST
    mastery = db.session.get(Mastery, key)
    assert (mastery.is_mastered, mastery.value) == (True, Decimal("4.00"))
    assert "Settings saved; 1 stored mastery result recalculated." in (
        client.get(url).get_data(as_text=True)
    )


def test_bad_settings_are_explained_and_nothing_changes(client, world, sign_in) -> None:
    sign_in(client, world.district_admin)
    url = f"/frameworks/{world.framework.id}"
    response = client.post_form(url, {**SETTINGS, "decay_weight": "0.3", "last_n": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="decay_weight-error"' in page and 'id="last_n-error"' in page
    three_decimals = client.post_form(url, {**SETTINGS, "decay_weight": "0.655"})
    assert "Use at most two decimals." in three_decimals.get_data(as_text=True)
    db.session.expire_all()
    framework = db.session.get(Framework, world.framework.id)
    assert (framework.method, framework.decay_weight) == (Method.DECAYING_AVERAGE, Decimal("0.65"))


def test_saving_unchanged_settings_recalculates_nothing(client, world, sign_in) -> None:
    sign_in(client, world.leader)
    url = f"/frameworks/{world.framework.id}"
    same = {**SETTINGS, "method": Method.DECAYING_AVERAGE.value}
    assert client.post_form(url, same).status_code == 303
    assert "Nothing changed." in client.get(url).get_data(as_text=True)


def test_the_policy_agrees_with_the_pages(world) -> None:
    for actor in ACTORS[1:]:
        assert can_manage_frameworks(world.actor(actor)) is (actor in FRAMEWORK_MANAGERS), actor


def test_competency_ids_survive_a_reimport_through_the_form(client, world, sign_in) -> None:
    sign_in(client, world.leader)
    data = case_sample(CASE_STANDARDS)
    upload(client, data, "standards.json")
    ids = sorted(db.session.scalars(select(Competency.id).where(Competency.code.like("CCSS%"))))
    again = upload(client, data, "standards.json")
    assert "Updated “What Standards Could Be”. Unchanged:" in again.get_data(as_text=True)
    db.session.expire_all()
    assert (
        sorted(db.session.scalars(select(Competency.id).where(Competency.code.like("CCSS%"))))
        == ids
    )


def test_a_long_list_of_problems_is_cut_at_a_hundred(client, world, sign_in) -> None:
    rows = "".join(f"Number,N.{n},I add,x,y\n" for n in range(150))
    csv = ("strand,competency code,statement,level,descriptor\n" + rows).encode()
    sign_in(client, world.leader)
    page = upload(client, csv, "many.csv", name="Many").get_data(as_text=True)
    assert "the file has 150 problems" in page
    assert page.count("is not a whole number from 0 to 20") == 100
    assert "… and 50 more." in page
