"""Write a parsed framework file into a district: create it, or update it in place.

A framework is known by (district, source identifier); inside it, CASE rows are matched by
their CASE identifiers and CSV rows by their codes, so competency ids (and the evidence and
mastery attached to them) survive a re-import. Nothing is ever deleted: rows the file no
longer has are kept and reported. Flushes, never commits; the caller commits or rolls back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.continuum.interchange import CompetencySpec, FrameworkSpec, StrandSpec
from app.continuum.interchange.specs import name_list
from app.continuum.models import (
    DEFAULT_SCALE,
    Competency,
    CompetencyKind,
    Descriptor,
    Framework,
    FrameworkSource,
    PerformanceLevel,
    ScalePoint,
    Strand,
)
from app.continuum.standings import refresh_standings
from app.extensions import db

Row = TypeVar("Row", Strand, Competency)
KINDS = ("strand", "competency", "descriptor", "level")


class FrameworkImportError(ValueError):
    """The file, or the file against what is already stored, cannot be imported."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportSummary:
    framework: Framework
    is_new: bool
    created: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        verb = "Imported" if self.is_new else "Updated"
        parts = [f"{verb} “{self.framework.name}”."]
        for label, counts in (
            ("Added", self.created),
            ("Changed", self.changed),
            ("Unchanged", self.unchanged),
        ):
            if +counts:
                parts.append(f"{label}: {_counts(counts)}.")
        return " ".join(parts)


def _counts(counts: Counter[str]) -> str:
    plural = {"strand": "strands", "competency": "competencies", "descriptor": "descriptors"}
    plural["level"] = "levels"
    return ", ".join(
        f"{counts[k]} {k if counts[k] == 1 else plural[k]}" for k in KINDS if counts[k]
    )


def import_framework(spec: FrameworkSpec, district_id: int) -> ImportSummary:
    """Apply `spec` to the district's framework with the same source identifier."""
    if spec.errors:
        raise FrameworkImportError(spec.errors)
    framework = _existing(district_id, spec)
    summary = ImportSummary(framework or _new_framework(district_id, spec), framework is None)
    summary.warnings.extend(spec.warnings)
    _Apply(spec, summary).run()
    db.session.flush()
    if framework is not None:  # new or changed descriptors move levels: refresh standings
        refresh_standings(framework.id)
    return summary


def _existing(district_id: int, spec: FrameworkSpec) -> Framework | None:
    framework = db.session.scalar(
        select(Framework)
        .where(
            Framework.district_id == district_id,
            Framework.source_identifier == spec.source_identifier,
        )
        .options(
            selectinload(Framework.strands)
            .selectinload(Strand.competencies)
            .selectinload(Competency.descriptors),
            selectinload(Framework.levels),
        )
    )
    if framework is not None and framework.source != FrameworkSource(spec.source):
        raise FrameworkImportError(
            [
                f"The district already has a framework “{framework.name}” with the key "
                f"{spec.source_identifier}, and it did not come from a {spec.source.upper()} "
                "file; give the import another name."
            ]
        )
    return framework


def _new_framework(district_id: int, spec: FrameworkSpec) -> Framework:
    last = db.session.scalar(
        select(func.max(Framework.position)).where(Framework.district_id == district_id)
    )
    framework = Framework(
        district_id=district_id,
        name=spec.name,
        description=spec.description,
        source=FrameworkSource(spec.source),
        source_identifier=spec.source_identifier,
        position=(last or 0) + 1,
    )
    framework.scale_points = [
        ScalePoint(score=score, label=label, is_threshold=is_threshold)
        for score, label, is_threshold in DEFAULT_SCALE
    ]
    db.session.add(framework)
    db.session.flush()
    return framework


def _assign(row: object, **values: object) -> bool:
    """Set the fields that differ; True if any did."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return bool(changed)


class _Apply:
    def __init__(self, spec: FrameworkSpec, summary: ImportSummary) -> None:
        self.spec, self.summary, self.framework = spec, summary, summary.framework
        self.by_case = spec.source == "case"
        strands = list(self.framework.strands)
        competencies = [c for s in strands for c in s.competencies]
        self.strands = {self._key(s): s for s in strands}
        self.competencies = {self._key(c): c for c in competencies}
        self.descriptors = [(c, d) for c in competencies for d in c.descriptors]
        self.matched: set[int] = set()  # id() of the stored rows the file names

    def _key(self, row: Strand | Competency | StrandSpec | CompetencySpec) -> str:
        return (row.source_identifier or "") if self.by_case else row.code

    def run(self) -> None:
        self._check_codes()
        self._free_changed_codes()
        _assign(self.framework, name=self.spec.name, description=self.spec.description)
        for position, strand_spec in enumerate(self.spec.strands, start=1):
            strand = self._strand(strand_spec, position)
            for place, competency_spec in enumerate(strand_spec.competencies, start=1):
                self._competency(strand, competency_spec, place)
        self._levels()
        self._report_kept()

    def _check_codes(self) -> None:
        """A kept row (no longer in the file) must not hold a code the file gives another."""
        errors = []
        for what, specs, rows in (
            ("strand", self.spec.strands, self.strands),
            ("competency", self.spec.competencies, self.competencies),
        ):
            in_file = {self._key(s) for s in specs}
            holders = {row.code: key for key, row in rows.items()}
            for spec in specs:
                holder = holders.get(spec.code)
                if holder is not None and holder != self._key(spec) and holder not in in_file:
                    errors.append(
                        f"The {what} code {spec.code} belongs to a {what} from an earlier import "
                        f"that is no longer in the file ({holder}); it cannot be reused."
                    )
        if errors:
            raise FrameworkImportError(errors)

    def _free_changed_codes(self) -> None:
        """Codes are unique per framework: park renamed rows on a temporary code first, so
        that two rows swapping codes never collide mid-flush."""
        parked = False
        for specs, rows in (
            (self.spec.strands, self.strands),
            (self.spec.competencies, self.competencies),
        ):
            for spec in specs:
                row = rows.get(self._key(spec))
                if row is not None and row.code != spec.code:
                    row.code, parked = f"~{row.id}", True
        if parked:
            db.session.flush()

    def _count(self, kind: str, created: bool, changed: bool) -> None:
        counter = "created" if created else "changed" if changed else "unchanged"
        getattr(self.summary, counter)[kind] += 1

    def _strand(self, spec: StrandSpec, position: int) -> Strand:
        strand = self.strands.get(self._key(spec))
        values = {
            "code": spec.code,
            "title": spec.title,
            "position": position,
            "source_identifier": spec.source_identifier,
        }
        if strand is None:
            strand = Strand(framework_id=self.framework.id, **values)
            self.framework.strands.append(strand)
            self._count("strand", True, False)
        else:
            self._count("strand", False, _assign(strand, **values))
        self.matched.add(id(strand))
        return strand

    def _competency(self, strand: Strand, spec: CompetencySpec, position: int) -> None:
        competency = self.competencies.get(self._key(spec))
        values: dict[str, object] = {
            "code": spec.code,
            "title": spec.title,
            "position": position,
            "source_identifier": spec.source_identifier,
        }
        if competency is None or not self.by_case:
            values["kind"] = CompetencyKind(spec.kind)  # CASE has no kinds: keep an edited one
        if competency is None:
            competency = Competency(framework_id=self.framework.id, **values)
            strand.competencies.append(competency)
            self._count("competency", True, False)
        else:
            moved = competency.strand is not strand
            if moved:
                competency.strand = strand
            self._count("competency", False, _assign(competency, **values) or moved)
        self.matched.add(id(competency))
        existing = {d.level: d for d in competency.descriptors}
        for descriptor_spec in spec.descriptors:
            values = {
                "statement": descriptor_spec.statement,
                "source_identifier": descriptor_spec.source_identifier,
            }
            descriptor = existing.get(descriptor_spec.level)
            if descriptor is None:
                competency.descriptors.append(Descriptor(level=descriptor_spec.level, **values))
                self._count("descriptor", True, False)
            else:
                self._count("descriptor", False, _assign(descriptor, **values))
                self.matched.add(id(descriptor))

    def _levels(self) -> None:
        known = {level.number for level in self.framework.levels}
        for level in self.spec.levels:
            if level.number not in known:
                self.framework.levels.append(
                    PerformanceLevel(number=level.number, grade=level.grade)
                )
                self.summary.created["level"] += 1

    def _report_kept(self) -> None:
        strands = [s for s in self.strands.values() if id(s) not in self.matched]
        competencies = [c for c in self.competencies.values() if id(c) not in self.matched]
        descriptors = [
            f"{competency.code} level {descriptor.level}"
            for competency, descriptor in self.descriptors
            if id(competency) in self.matched and id(descriptor) not in self.matched
        ]
        self._push_back(strands, self.framework.strands)
        for strand in self.framework.strands:
            self._push_back([c for c in competencies if c.strand is strand], strand.competencies)
        groups: list[tuple[str, str, list[str]]] = [
            ("strand", "strands", [s.code for s in strands]),
            ("competency", "competencies", [c.code for c in competencies]),
            ("descriptor", "descriptors", descriptors),
        ]
        found = [(len(names), one, many, names) for one, many, names in groups if names]
        if not found:
            return
        listed = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many, _ in found)
        single = sum(n for n, *_ in found) == 1
        self.summary.warnings.append(
            f"{listed} from an earlier import {'is' if single else 'are'} no longer in the file; "
            f"{'it is' if single else 'they are'} kept, with any evidence recorded on "
            f"{'it' if single else 'them'} ({name_list([n for *_, g in found for n in g])})."
        )

    @staticmethod
    def _push_back(kept: list[Row], siblings: list[Row]) -> None:
        """Kept rows go after the ones the file orders."""
        last = max((row.position for row in siblings if row not in kept), default=0)
        for offset, row in enumerate(kept, start=1):
            row.position = last + offset
