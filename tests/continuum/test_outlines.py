"""Framework outlines are kept per process, and every change to a framework's structure shows."""

from __future__ import annotations

from sqlalchemy import select

from app.continuum.models import Competency, Descriptor, Framework, Strand
from app.continuum.outlines import district_outlines
from app.extensions import db
from tests.factories import make_framework
from tests.querycount import count_queries


def _stamp(framework: Framework):  # type: ignore[no-untyped-def]
    return db.session.scalar(select(Framework.updated_at).where(Framework.id == framework.id))


def test_an_outline_lists_strands_and_competencies_in_order_with_their_levels(app, world):
    outline = {o.id: o for o in district_outlines(world.district.id)}[world.framework.id]
    assert outline.name == world.framework.name
    assert [s.code for s in outline.strands] == ["S1", "S2"]
    assert [c.code for c in outline.strands[0].competencies] == ["S1.C1", "S1.C2"]
    assert outline.competency_count == 4
    assert outline.shape[0] == (world.competency.id, tuple(range(1, 13)))


def test_a_second_read_is_one_query(app, world):
    district_outlines(world.district.id)
    with count_queries() as statements:
        district_outlines(world.district.id)
    assert len(statements) == 1


def test_frameworks_come_in_their_order_and_other_districts_stay_out(app, world):
    first = make_framework(world.district, name="Habits", position=-1)
    db.session.commit()
    names = [o.name for o in district_outlines(world.district.id)]
    assert names == [first.name, world.framework.name]
    assert district_outlines(None) == []


def test_a_new_descriptor_moves_the_stamp_and_shows_in_the_outline(app, world):
    district_outlines(world.district.id)
    before = _stamp(world.framework)
    competency = Competency(
        framework_id=world.framework.id,
        strand_id=world.competency.strand_id,
        code="S1.C9",
        title="Reasons with ratios",
        position=9,
    )
    db.session.add(competency)
    db.session.flush()
    competency.descriptors.append(Descriptor(level=3, statement="I can compare two ratios."))
    db.session.commit()
    assert _stamp(world.framework) > before
    outline = {o.id: o for o in district_outlines(world.district.id)}[world.framework.id]
    assert [c.code for c in outline.strands[0].competencies][-1] == "S1.C9"
    assert (competency.id, (3,)) in outline.shape


def test_a_renamed_strand_and_a_removed_descriptor_show_at_once(app, world):
    district_outlines(world.district.id)
    strand = db.session.get(Strand, world.competency.strand_id)
    strand.title = "Number sense"
    db.session.commit()
    outline = {o.id: o for o in district_outlines(world.district.id)}[world.framework.id]
    assert outline.strands[0].title == "Number sense"
    descriptor = db.session.get(Descriptor, (world.competency.id, 12))
    db.session.delete(descriptor)
    db.session.commit()
    outline = {o.id: o for o in district_outlines(world.district.id)}[world.framework.id]
    assert dict(outline.shape)[world.competency.id] == tuple(range(1, 12))


def test_a_framework_renamed_in_settings_shows_its_new_name(app, world):
    district_outlines(world.district.id)
    world.framework.name = "Maths"
    db.session.commit()
    assert [o.name for o in district_outlines(world.district.id)] == ["Maths"]
