"""Importing frameworks into the database: all or nothing, and re-imports in place."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from app.continuum import services
from app.continuum.importer import FrameworkImportError, import_framework
from app.continuum.interchange import parse_case, parse_csv
from app.continuum.models import (
    Competency,
    Descriptor,
    Evidence,
    EvidenceKind,
    Framework,
    FrameworkSource,
    Mastery,
    PerformanceLevel,
    ScalePoint,
    Strand,
)
from app.extensions import db
from tests.factories import make_district, make_framework
from tests.samples import CASE_ACT, CASE_STANDARDS, DATA, case_sample

TODAY = date(2026, 11, 25)
STANDARDS_ID = "20c5134f-423d-4097-a971-3dd5152bf507"
SIX_RP_A_1 = "b6f61076-aa12-450b-8f9d-b86bc071f85e"

CSV = (
    "strand,competency code,statement,level,descriptor,kind\n"
    "Number,N.1,I compare numbers,1,I compare numbers to 20,\n"
    "Number,N.1,I compare numbers,2,I compare numbers to 100,\n"
    "Number,N.2,I add,1,I add within 10,\n"
    "Habits,H.1,I persevere,1,I try again,transferable\n"
)


def standards() -> dict[str, Any]:
    return json.loads(case_sample(CASE_STANDARDS))


def by_code(package: dict[str, Any], suffix: str) -> dict[str, Any]:
    return next(i for i in package["CFItems"] if i["humanCodingScheme"].endswith(suffix))


def competencies(framework: Framework) -> dict[str, Competency]:
    db.session.expire_all()
    rows = db.session.scalars(select(Competency).where(Competency.framework_id == framework.id))
    return {c.code: c for c in rows}


def table_counts() -> dict[str, int]:
    models = (Framework, Strand, Competency, Descriptor, PerformanceLevel, ScalePoint, Evidence)
    return {
        m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) or 0 for m in models
    }


def record(world: Any, competency: Competency, level: int, score: str) -> None:
    entry = services.NewEvidence(Decimal(score), EvidenceKind.FORMATIVE, date(2026, 10, 1))
    services.record_evidence(world.student, competency, level, entry, world.teacher, TODAY)


def test_the_common_core_sample_imports_as_strands_competencies_and_levels(world) -> None:
    summary = import_framework(parse_case(case_sample(CASE_STANDARDS)), world.district.id)
    db.session.commit()
    framework = summary.framework
    assert summary.is_new
    assert dict(summary.created) == {"strand": 2, "competency": 12, "descriptor": 12, "level": 2}
    assert (framework.name, framework.source, framework.source_identifier) == (
        "What Standards Could Be",
        FrameworkSource.CASE,
        STANDARDS_ID,
    )
    assert framework.position == world.framework.position + 1
    db.session.expire_all()
    assert [(s.code, s.position) for s in framework.strands] == [
        ("CCSS.Math.Content.6.RP.A", 1),
        ("CCSS.Math.Content.7.RP.A", 2),
    ]
    first = framework.strands[0].competencies[0]
    assert (first.code, first.position, first.source_identifier) == (
        "CCSS.Math.Content.6.RP.A.1",
        1,
        SIX_RP_A_1,
    )
    (descriptor,) = first.descriptors
    assert (descriptor.level, descriptor.source_identifier) == (6, SIX_RP_A_1)
    assert descriptor.statement.startswith("Understand the concept of a ratio")
    assert [(lv.number, lv.grade) for lv in framework.levels] == [(6, "6"), (7, "7")]
    assert [p.label for p in framework.scale_points] == [
        "Beginning",
        "Developing",
        "Proficient",
        "Extending",
    ]
    assert len(summary.warnings) == 5
    assert summary.message == (
        "Imported “What Standards Could Be”. "
        "Added: 2 strands, 12 competencies, 12 descriptors, 2 levels."
    )


def test_the_act_sample_imports_at_the_chosen_level_in_natural_order(world) -> None:
    summary = import_framework(parse_case(case_sample(CASE_ACT), level=3), world.district.id)
    framework = summary.framework
    db.session.expire_all()
    (strand,) = framework.strands
    assert strand.title == "Geometry and Measurement"
    assert [c.code.rsplit(".", 1)[1] for c in strand.competencies] == [str(n) for n in range(1, 25)]
    assert {d.level for c in strand.competencies for d in c.descriptors} == {3}
    assert [(lv.number, lv.grade) for lv in framework.levels] == [(3, "3")]


def test_reimporting_the_same_file_changes_nothing(world) -> None:
    spec = parse_case(case_sample(CASE_STANDARDS))
    framework = import_framework(spec, world.district.id).framework
    before = {code: c.id for code, c in competencies(framework).items()}
    again = import_framework(spec, world.district.id)
    assert not again.is_new and again.framework.id == framework.id
    assert not +again.created and not +again.changed
    assert dict(again.unchanged) == {"strand": 2, "competency": 12, "descriptor": 12}
    assert {code: c.id for code, c in competencies(framework).items()} == before


def test_reimport_updates_in_place_and_keeps_evidence_and_removed_items(world) -> None:
    framework = import_framework(
        parse_case(case_sample(CASE_STANDARDS)), world.district.id
    ).framework
    stored = competencies(framework)
    kept, renamed = stored["CCSS.Math.Content.6.RP.A.2"], stored["CCSS.Math.Content.6.RP.A.1"]
    record(world, kept, 6, "4")
    record(world, renamed, 6, "3")
    db.session.commit()
    evidence_before = table_counts()["evidence"]

    package = standards()
    removed = by_code(package, "6.RP.A.2")
    package["CFItems"].remove(removed)
    package["CFAssociations"] = [
        a
        for a in package["CFAssociations"]
        if removed["identifier"]
        not in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    ]
    one = by_code(package, "6.RP.A.1")
    one["humanCodingScheme"] = "RP.6.1"
    one["fullStatement"] = "A new statement."
    package["CFItems"].append(
        {"identifier": "new-item", "humanCodingScheme": "RP.6.9", "fullStatement": "Added."}
    )
    package["CFAssociations"].append(
        {
            "identifier": "new-link",
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": "new-item"},
            "destinationNodeURI": {"identifier": by_code(package, "6.RP.A")["identifier"]},
        }
    )
    summary = import_framework(parse_case(json.dumps(package)), world.district.id)
    db.session.commit()

    after = competencies(framework)
    assert after["RP.6.1"].id == renamed.id
    assert after["RP.6.1"].descriptors[0].statement == "A new statement."
    assert after["RP.6.9"].descriptors[0].level == 6  # inherits the cluster's grade
    assert after["CCSS.Math.Content.6.RP.A.2"].id == kept.id  # kept, though gone from the file
    assert summary.created["competency"] == 1
    assert summary.changed["competency"] >= 1
    assert summary.warnings[-1] == (
        "1 competency from an earlier import is no longer in the file; it is kept, with any "
        "evidence recorded on it (CCSS.Math.Content.6.RP.A.2)."
    )
    assert table_counts()["evidence"] == evidence_before
    masteries = db.session.scalars(
        select(Mastery.competency_id).where(Mastery.student_id == world.student.id)
    ).all()
    assert {kept.id, renamed.id} <= set(masteries)
    kept_row = after["CCSS.Math.Content.6.RP.A.2"]
    assert kept_row.position > after["RP.6.9"].position  # kept rows go last


def test_two_competencies_may_swap_codes_on_reimport(world) -> None:
    framework = import_framework(
        parse_case(case_sample(CASE_STANDARDS)), world.district.id
    ).framework
    ids = {code: c.id for code, c in competencies(framework).items()}
    package = standards()
    a, b = by_code(package, "6.RP.A.1"), by_code(package, "6.RP.A.2")
    a["humanCodingScheme"], b["humanCodingScheme"] = b["humanCodingScheme"], a["humanCodingScheme"]
    import_framework(parse_case(json.dumps(package)), world.district.id)
    db.session.commit()
    after = competencies(framework)
    assert after["CCSS.Math.Content.6.RP.A.1"].id == ids["CCSS.Math.Content.6.RP.A.2"]
    assert after["CCSS.Math.Content.6.RP.A.2"].id == ids["CCSS.Math.Content.6.RP.A.1"]


def test_a_bad_file_changes_nothing(world) -> None:
    import_framework(parse_case(case_sample(CASE_STANDARDS)), world.district.id)
    db.session.commit()
    before = table_counts()
    package = standards()
    one, cluster = by_code(package, "6.RP.A.1"), by_code(package, "6.RP.A")
    one["fullStatement"] = "This must not be saved."
    package["CFAssociations"].append(
        {
            "identifier": "loop",
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": cluster["identifier"]},
            "destinationNodeURI": {"identifier": by_code(package, "6.RP.A.3")["identifier"]},
        }
    )
    spec = parse_case(json.dumps(package))
    with pytest.raises(FrameworkImportError) as caught:
        import_framework(spec, world.district.id)
    db.session.rollback()
    assert "cycle" in caught.value.errors[0]
    assert table_counts() == before
    statements = db.session.scalars(select(Descriptor.statement)).all()
    assert "This must not be saved." not in statements


def test_a_code_held_by_a_kept_competency_cannot_be_reused(world) -> None:
    framework = import_framework(
        parse_case(case_sample(CASE_STANDARDS)), world.district.id
    ).framework
    db.session.commit()
    before = table_counts()
    old_identifier = competencies(framework)["CCSS.Math.Content.6.RP.A.2"].source_identifier
    # Same code, new identifier: to CASE that is another item, and the old one is gone.
    text = case_sample(CASE_STANDARDS).decode().replace(old_identifier, "a-new-identifier")
    with pytest.raises(FrameworkImportError) as caught:
        import_framework(parse_case(text), world.district.id)
    db.session.rollback()
    assert caught.value.errors == [
        "The competency code CCSS.Math.Content.6.RP.A.2 belongs to a competency from an earlier "
        f"import that is no longer in the file ({old_identifier}); it cannot be reused."
    ]
    assert table_counts() == before


def test_csv_imports_and_reimports_by_code(world) -> None:
    summary = import_framework(parse_csv(CSV, name="Numeracy"), world.district.id)
    framework = summary.framework
    assert (framework.source, framework.source_identifier) == (FrameworkSource.CSV, "numeracy")
    first = competencies(framework)
    assert first["H.1"].kind.value == "transferable"
    assert [d.level for d in first["N.1"].descriptors] == [1, 2]
    record(world, first["N.2"], 1, "4")
    moved = CSV.replace("Number,N.2,I add,1,I add within 10", "Habits,N.2,I add up,1,I add well")
    again = import_framework(parse_csv(moved, name="Numeracy"), world.district.id)
    db.session.commit()
    after = competencies(framework)
    assert {code: c.id for code, c in after.items()} == {code: c.id for code, c in first.items()}
    assert after["N.2"].strand.code == "Habits"
    assert (after["N.2"].title, after["N.2"].descriptors[0].statement) == ("I add up", "I add well")
    # N.2 moved and was reworded; H.1 now comes second in its strand
    assert dict(again.changed) == {"competency": 2, "descriptor": 1}


def test_a_framework_of_another_source_is_not_overwritten(world) -> None:
    demo = make_framework(world.district, name="Demo maths")
    demo.source_identifier = "numeracy"
    db.session.flush()
    with pytest.raises(FrameworkImportError) as caught:
        import_framework(parse_csv(CSV, name="Numeracy"), world.district.id)
    assert "did not come from a CSV file" in caught.value.errors[0]


def test_frameworks_of_two_districts_do_not_meet(world) -> None:
    other = make_district("Other District")
    spec = parse_case(case_sample(CASE_STANDARDS))
    mine = import_framework(spec, world.district.id).framework
    theirs = import_framework(spec, other.id).framework
    assert mine.id != theirs.id
    assert theirs.district_id == other.id


# --- the command line --------------------------------------------------------------------------


def test_cli_imports_a_case_file(app, world) -> None:
    result = app.test_cli_runner().invoke(
        args=["framework", "import", str(DATA / "case" / CASE_ACT), "--level", "2"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported “ACT Holistic Framework, Math”.")
    assert "Test District" in result.stdout
    assert result.stdout.count("warning: ") == 3
    framework = db.session.scalar(select(Framework).where(Framework.name.startswith("ACT")))
    assert framework is not None and framework.district_id == world.district.id


def test_cli_refuses_a_bad_file_with_errors_on_stderr(app, world) -> None:
    before = table_counts()
    result = app.test_cli_runner().invoke(
        args=["framework", "import", str(DATA / "case" / CASE_ACT)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: No level for 24 competencies")
    assert "was not imported (1 problem); nothing was saved." in result.stderr
    assert result.stdout == ""
    assert table_counts() == before


def test_cli_imports_a_csv_with_a_name(app, world, tmp_path) -> None:
    path = tmp_path / "numeracy.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["framework", "import", str(path), "--name", "Numeracy"])
    assert result.exit_code == 0, result.output
    assert "Added: 2 strands, 3 competencies, 4 descriptors, 2 levels." in result.stdout
    unnamed = runner.invoke(args=["framework", "import", str(path)])
    assert unnamed.exit_code == 1
    assert "error: Give the framework a name" in unnamed.stderr


def test_cli_needs_a_district_when_there_are_several(app, world) -> None:
    other = make_district("Second District")
    db.session.commit()
    runner = app.test_cli_runner()
    path = str(DATA / "case" / CASE_STANDARDS)
    result = runner.invoke(args=["framework", "import", path])
    assert result.exit_code == 1
    assert "choose one with --district" in result.stderr
    chosen = runner.invoke(args=["framework", "import", path, "--district", str(other.id)])
    assert chosen.exit_code == 0, chosen.output
    missing = runner.invoke(args=["framework", "import", path, "--district", "999999"])
    assert "There is no district with id 999999." in missing.stderr
