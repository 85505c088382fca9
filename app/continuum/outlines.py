"""A framework's outline (strands, competencies, described levels), kept per process.

Every class and school page measures students against the district's frameworks, and loading
their structure as ORM objects was a fifth of a class dashboard. The structure changes only
when someone imports or edits a framework, so each process keeps plain, immutable outlines
keyed by the framework's `updated_at`; a page reads that stamp with the framework list (the
one query it needs anyway) and rebuilds an outline only when the stamp has moved.

The stamp moves with any ORM change to a framework's strands, competencies, descriptors,
levels or scale (`_stamp_changed_frameworks`, after every flush), so no caller has to
remember to invalidate anything. Bulk SQL that bypasses the ORM must set `updated_at` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, event, select, update
from sqlalchemy.orm import Session

from app.continuum.models import (
    Competency,
    CompetencyKind,
    Descriptor,
    Framework,
    PerformanceLevel,
    ScalePoint,
    Strand,
)
from app.continuum.standings import Shape, framework_shapes
from app.db import utcnow
from app.extensions import db

CACHE_KEY = "waypoint.framework_outlines"


@dataclass(frozen=True)
class CompetencyOutline:
    id: int
    code: str
    title: str
    kind: CompetencyKind


@dataclass(frozen=True)
class StrandOutline:
    id: int
    code: str
    title: str
    competencies: tuple[CompetencyOutline, ...]


@dataclass(frozen=True)
class FrameworkOutline:
    """What reports need of a framework: its name, its strands in order, and its shape."""

    id: int
    name: str
    strands: tuple[StrandOutline, ...]
    shape: Shape  # [(competency id, its described levels)], see standings.framework_shape

    @property
    def competency_count(self) -> int:
        return sum(len(s.competencies) for s in self.strands)


class _Outlines:
    """{framework id: (stamp, outline)} for one app; only the latest stamp is kept."""

    def __init__(self) -> None:
        self.found: dict[int, tuple[datetime, FrameworkOutline]] = {}
        self.lock = Lock()


def _cache() -> _Outlines:
    cache = current_app.extensions.get(CACHE_KEY)
    if cache is None:
        cache = current_app.extensions.setdefault(CACHE_KEY, _Outlines())
    return cache


_STAMPS = (  # built once: every class and school page runs it
    select(Framework.id, Framework.name, Framework.updated_at)
    .where(Framework.district_id == bindparam("district_id"))
    .order_by(Framework.position, Framework.name)
)


def district_outlines(district_id: int | None) -> list[FrameworkOutline]:
    """The district's frameworks in order, as outlines: one query when nothing has changed."""
    if district_id is None:
        return []
    rows = db.session.connection().execute(_STAMPS, {"district_id": district_id}).all()
    cache = _cache()
    stale = [
        framework_id
        for framework_id, _name, stamp in rows
        if cache.found.get(framework_id, (None,))[0] != stamp
    ]
    if stale:
        built = _build(
            {framework_id: name for framework_id, name, _ in rows if framework_id in stale}
        )
        stamps = {framework_id: stamp for framework_id, _name, stamp in rows}
        with cache.lock:
            for framework_id, outline in built.items():
                cache.found[framework_id] = (stamps[framework_id], outline)
    return [cache.found[framework_id][1] for framework_id, _name, _stamp in rows]


def _build(names: dict[int, str]) -> dict[int, FrameworkOutline]:
    """Outlines of these frameworks from the database: two queries whatever their number."""
    ids = list(names)
    rows = db.session.execute(
        select(
            Strand.framework_id,
            Strand.id,
            Strand.code,
            Strand.title,
            Competency.id,
            Competency.code,
            Competency.title,
            Competency.kind,
        )
        .outerjoin(Competency, Competency.strand_id == Strand.id)
        .where(Strand.framework_id.in_(ids))
        .order_by(Strand.position, Strand.id, Competency.position, Competency.id)
    )
    strands: dict[int, dict[int, tuple[str, str, list[CompetencyOutline]]]] = {i: {} for i in ids}
    for framework_id, strand_id, s_code, s_title, c_id, c_code, c_title, kind in rows:
        _code, _title, competencies = strands[framework_id].setdefault(
            strand_id, (s_code, s_title, [])
        )
        if c_id is not None:
            competencies.append(CompetencyOutline(c_id, c_code, c_title, kind))
    shapes = framework_shapes(ids)
    return {
        framework_id: FrameworkOutline(
            id=framework_id,
            name=names[framework_id],
            strands=tuple(
                StrandOutline(strand_id, code, title, tuple(competencies))
                for strand_id, (code, title, competencies) in strands[framework_id].items()
            ),
            shape=shapes.get(framework_id, []),
        )
        for framework_id in ids
    }


# --- Moving the stamp ----------------------------------------------------------------------

_PARTS = (Strand, Competency, ScalePoint, PerformanceLevel)


@event.listens_for(Session, "after_flush")
def _stamp_changed_frameworks(session: Session, _context: Any) -> None:
    """Give a framework a new `updated_at` whenever a row of its structure changed."""
    frameworks: set[int] = set()
    competencies: set[int] = set()
    for item in (*session.new, *session.dirty, *session.deleted):
        if isinstance(item, _PARTS):
            if item.framework_id is not None:
                frameworks.add(item.framework_id)
        elif isinstance(item, Descriptor) and item.competency_id is not None:
            competencies.add(item.competency_id)
    if not frameworks and not competencies:
        return
    owners = select(Competency.framework_id).where(Competency.id.in_(competencies))
    session.connection().execute(
        update(Framework)
        .where(Framework.id.in_(frameworks) | Framework.id.in_(owners))
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
