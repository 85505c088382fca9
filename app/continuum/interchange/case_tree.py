"""The isChildOf tree of a CASE package, and the strands and competencies it becomes.

Each top-level item is a strand; each leaf below it, at any depth, is a competency with one
descriptor at its grade level; the items in between are flattened.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from app.continuum.interchange.report import Report
from app.continuum.interchange.specs import (
    MAX_STRAND_TITLE,
    CompetencySpec,
    DescriptorSpec,
    StrandSpec,
    counted,
    name_list,
    natural_key,
)

Json = dict[str, object]
LINK_FIELDS = (
    "CFPackageURI",
    "CFDocumentURI",
    "CFItemTypeURI",
    "licenseURI",
    "CFAssociationGroupingURI",
)


def text_of(record: Json, key: str) -> str | None:
    """A non-empty string field (a number is read as its digits), or None."""
    value = record.get(key)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


@dataclass(frozen=True)
class Document:
    identifier: str
    title: str
    description: str
    uri: str | None


@dataclass(frozen=True)
class Item:
    identifier: str
    index: int
    code: str | None
    full: str
    abbreviated: str | None
    level: int | None
    unclear: tuple[str, ...]  # grade values that name no grade number, like "HS"
    uri: str | None

    @property
    def label(self) -> str:
        return f"{self.code} ({self.identifier})" if self.code else self.identifier


@dataclass(frozen=True)
class Edge:
    parent: str
    sequence: int | None
    index: int


@dataclass
class Package:
    document: Document
    items: dict[str, Item]
    parent_of: dict[str, Edge] = field(default_factory=dict)
    parents: dict[str, list[str]] = field(default_factory=dict)  # every isChildOf parent
    children: dict[str, list[str]] = field(default_factory=dict)
    by_uri: dict[str, str] = field(default_factory=dict)  # node URI → identifier

    def __post_init__(self) -> None:
        found = [(i.uri, i.identifier) for i in self.items.values() if i.uri]
        if self.document.uri:
            found.append((self.document.uri, self.document.identifier))
        self.by_uri = dict(found)


def _sequence(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value)
    return None


def _node(record: Json, key: str, package: Package, report: Report) -> str | None:
    """The identifier an association end points at, from a LinkURI or a plain string."""
    value = record.get(key)
    if isinstance(value, dict):
        identifier = text_of(value, "identifier")
        uri = text_of(value, "uri")
        return identifier or (package.by_uri.get(uri, uri) if uri else None)
    if isinstance(value, str) and value.strip():
        report.string_links[key] += 1
        text = value.strip()
        last = text.rstrip("/").rsplit("/", 1)[-1]
        if text == package.document.identifier or text in package.items:
            return text
        if text in package.by_uri:
            return package.by_uri[text]
        return last if last == package.document.identifier or last in package.items else text
    return None


def read_tree(raw: object, package: Package, report: Report) -> None:
    if not isinstance(raw, list):
        report.error("The package has no CFAssociations list, so its tree cannot be read.")
        return
    edges: dict[str, list[Edge]] = {}
    ignored: Counter[str] = Counter()
    for index, association in enumerate(raw, start=1):
        if not isinstance(association, dict):
            report.error(f"CFAssociations entry {index} is not an object.")
            continue
        report.check_links(association, LINK_FIELDS)
        report.check_timestamp(association)
        kind = text_of(association, "associationType")
        if kind != "isChildOf":
            ignored[kind or "untyped"] += 1
            continue
        edge = _child_edge(index, association, package, report)
        if edge is not None:
            edges.setdefault(edge[0], []).append(edge[1])
    if ignored:
        kinds = ", ".join(f"{n} {kind}" for kind, n in ignored.most_common())
        report.note(
            f"Ignored {counted(ignored.total(), 'association', 'associations')} of other types "
            f"than isChildOf ({kinds}): only the isChildOf tree is imported."
        )
    _choose_parents(edges, package, report)


def _child_edge(
    index: int, association: Json, package: Package, report: Report
) -> tuple[str, Edge] | None:
    label = text_of(association, "identifier") or f"CFAssociations entry {index}"
    child = _node(association, "originNodeURI", package, report)
    parent = _node(association, "destinationNodeURI", package, report)
    if child is None or parent is None:
        report.error(
            f"isChildOf association {label} does not name both its child (originNodeURI) "
            "and its parent (destinationNodeURI)."
        )
    elif child not in package.items:
        report.error(
            f"isChildOf association {label}: the child {child} is not an item of this package."
        )
    elif parent != package.document.identifier and parent not in package.items:
        report.error(
            f"isChildOf association {label}: item {package.items[child].label} has its parent "
            f"{parent} outside this package."
        )
    else:
        return child, Edge(parent, _sequence(association.get("sequenceNumber")), index)
    return None


def _choose_parents(edges: dict[str, list[Edge]], package: Package, report: Report) -> None:
    """One parent per item: CASE allows an item in two places, a continuum does not."""
    shared: list[str] = []
    for child, found in edges.items():
        distinct = list({edge.parent: edge for edge in reversed(found)}.values())[::-1]
        package.parent_of[child] = distinct[0]
        package.parents[child] = [edge.parent for edge in distinct]
        if len(distinct) > 1:
            shared.append(
                f"{package.items[child].label} under {', '.join(e.parent for e in distinct)}"
            )
    if shared:
        report.note(
            f"{counted(len(shared), 'item is the child', 'items are children')} of more than one "
            f"item, and kept under the first parent in the file: {name_list(shared, 4)}."
        )


def check_tree(package: Package, report: Report) -> None:
    """Every item must reach the document by following isChildOf: no cycles, no orphans."""
    cycles = _cycles(package)
    for cycle in cycles:
        labels = [package.items[n].label for n in cycle]
        report.error(
            f"The isChildOf associations form a cycle: {' → '.join([*labels, labels[0]])}."
        )
    if cycles:
        return
    done: set[str] = set()
    root = package.document.identifier
    for start in package.items:
        path: list[str] = []
        node = start
        while node != root and node not in done:
            path.append(node)
            edge = package.parent_of.get(node)
            if edge is None:
                report.error(
                    f"Missing parent: item {package.items[node].label} is not the child "
                    "(isChildOf) of the document or of any item in the package."
                )
                break
            node = edge.parent
        done.update(path)
    for child, edge in package.parent_of.items():
        package.children.setdefault(edge.parent, []).append(child)
    for siblings in package.children.values():
        siblings.sort(key=lambda c: _sibling_key(package, c))


def _cycles(package: Package) -> list[list[str]]:
    """Each cycle of isChildOf links once, over every parent an item names (depth-first)."""
    state: dict[str, bool] = {}  # False while on the current path, True when finished
    cycles: list[list[str]] = []
    for start in package.items:
        if start in state:
            continue
        path, stack = [start], [iter(package.parents.get(start, []))]
        state[start] = False
        while stack:
            parent = next(stack[-1], None)
            if parent is None:
                state[path.pop()] = True
                stack.pop()
            elif parent not in state:
                state[parent] = False
                path.append(parent)
                stack.append(iter(package.parents.get(parent, [])))
            elif state[parent] is False:
                cycles.append(path[path.index(parent) :])
    return cycles


def _sibling_key(package: Package, identifier: str) -> tuple[object, ...]:
    """sequenceNumber first; without one, natural order of humanCodingScheme (L1.2 < L1.10)."""
    edge, item = package.parent_of[identifier], package.items[identifier]
    return (
        edge.sequence is None,
        edge.sequence or 0,
        item.code is None,
        natural_key(item.code or ""),
        item.index,
    )


# --- strands and competencies ------------------------------------------------------------------


def _leaves(package: Package, top: str, flattened: list[str]) -> list[str]:
    leaves: list[str] = []
    stack = list(reversed(package.children.get(top, [])))
    while stack:
        node = stack.pop()
        below = package.children.get(node)
        if below:
            flattened.append(package.items[node].label)
            stack.extend(reversed(below))
        else:
            leaves.append(node)
    return leaves


def strands_of(package: Package, chosen: int | None, report: Report) -> tuple[StrandSpec, ...]:
    document = package.document
    groups: list[tuple[str | None, list[str]]] = []
    loose: list[str] = []  # top-level items with no children
    flattened: list[str] = []
    for top in package.children.get(document.identifier, []):
        if package.children.get(top):
            groups.append((top, _leaves(package, top, flattened)))
        else:
            if not loose:
                groups.append((None, loose))
            loose.append(top)
    levels = _Levels(package, chosen)
    strands = tuple(_strand(package, top, leaves, levels, report) for top, leaves in groups)
    _check_codes(strands, report)
    levels.report(report)
    if flattened:
        report.note(
            f"{counted(len(flattened), 'intermediate item is', 'intermediate items are')} "
            "flattened: the leaves below count as competencies of their strand, and the "
            f"flattened items' own statements are not kept ({name_list(flattened, 4)})."
        )
    if loose:
        report.note(
            f"{counted(len(loose), 'top-level item has', 'top-level items have')} no children, "
            f"so the strand named after the document, {document.title!r}, holds "
            f"{'it as a competency' if len(loose) == 1 else 'them as competencies'}."
        )
    fallback = [c.code for s in strands for c in s.competencies if c.code == c.source_identifier]
    if fallback:
        report.note(
            f"{counted(len(fallback), 'competency has', 'competencies have')} no "
            "humanCodingScheme; the CASE identifier is used as the code."
        )
    return strands


def _strand(
    package: Package, top: str | None, leaves: list[str], levels: _Levels, report: Report
) -> StrandSpec:
    competencies = tuple(
        CompetencySpec(
            code=item.code or item.identifier,
            title=item.abbreviated or item.full,
            descriptors=(DescriptorSpec(levels.of(item), item.full, item.identifier),),
            source_identifier=item.identifier,
        )
        for item in (package.items[leaf] for leaf in leaves)
    )
    if top is None:
        document = package.document
        return StrandSpec(document.identifier, document.title, competencies, document.identifier)
    item = package.items[top]
    title = item.abbreviated or item.full
    if len(title) > MAX_STRAND_TITLE:
        report.note(f"The title of strand {item.label} is cut to {MAX_STRAND_TITLE} characters.")
        title = title[: MAX_STRAND_TITLE - 1] + "…"
    return StrandSpec(item.code or item.identifier, title, competencies, item.identifier)


def _check_codes(strands: tuple[StrandSpec, ...], report: Report) -> None:
    for what, pairs in (
        ("strand", [(s.code, s.source_identifier) for s in strands]),
        ("competency", [(c.code, c.source_identifier) for s in strands for c in s.competencies]),
    ):
        first: dict[str, str | None] = {}
        for code, identifier in pairs:
            if code in first:
                report.error(f"Duplicate {what} code {code}: items {first[code]} and {identifier}.")
            else:
                first[code] = identifier


class _Levels:
    """The level of each competency: its own grade, or its nearest ancestor's, or the chosen."""

    def __init__(self, package: Package, chosen: int | None) -> None:
        self.package, self.chosen = package, chosen
        self.defaulted: list[str] = []
        self.unclear: list[str] = []
        self.unclear_values: set[str] = set()

    def of(self, item: Item) -> int:
        node: str | None = item.identifier
        while node is not None and node in self.package.items:
            ancestor = self.package.items[node]
            if ancestor.level is not None:
                return ancestor.level
            if ancestor.unclear:
                self.unclear.append(item.label)
                self.unclear_values.update(ancestor.unclear)
                return self.chosen or 0
            edge = self.package.parent_of.get(node)
            node = edge.parent if edge else None
        self.defaulted.append(item.label)
        return self.chosen or 0

    def report(self, report: Report) -> None:
        values = ", ".join(sorted(self.unclear_values))
        if self.chosen is None:
            if self.defaulted:
                report.error(
                    f"No level for {counted(len(self.defaulted), 'competency', 'competencies')}: "
                    "no educationLevel on them or on any item above them "
                    f"({name_list(self.defaulted)}). "
                    "Choose a level for items without one and import again."
                )
            if self.unclear:
                report.error(
                    f"{counted(len(self.unclear), 'competency has', 'competencies have')} a grade "
                    f"level that is not a number ({values}): {name_list(self.unclear)}. Choose a "
                    "level for items without one and import again."
                )
            return
        if self.defaulted:
            report.note(
                f"{counted(len(self.defaulted), 'competency has', 'competencies have')} no grade "
                f"level in the file: level {self.chosen}, chosen at import, is used."
            )
        if self.unclear:
            report.note(
                f"{counted(len(self.unclear), 'competency has', 'competencies have')} a grade "
                f"level that is not a number ({values}): level {self.chosen}, chosen at import, "
                f"is used ({name_list(self.unclear)})."
            )
