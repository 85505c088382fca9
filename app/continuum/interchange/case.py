"""1EdTech CASE 1.0 packages: the CFDocument and its CFItems, read leniently.

The tree (case_tree) becomes the continuum. Other association types are counted and ignored.
"""

from __future__ import annotations

import json
import re

from app.continuum.interchange.case_tree import (
    LINK_FIELDS,
    Document,
    Item,
    Json,
    Package,
    check_tree,
    read_tree,
    strands_of,
    text_of,
)
from app.continuum.interchange.report import Report
from app.continuum.interchange.specs import (
    MAX_CODE,
    MAX_IDENTIFIER,
    MAX_LEVEL,
    MAX_NAME,
    FrameworkSpec,
    LevelSpec,
    decode_text,
    failed,
    grade_label,
)


def parse_case(
    data: bytes | str, *, level: int | None = None, name: str | None = None
) -> FrameworkSpec:
    """Read a CFPackage; `level` is for items with no grade level of their own or inherited."""
    report = Report()
    if level is not None and not 0 <= level <= MAX_LEVEL:
        report.error(f"The level for items without one must be from 0 to {MAX_LEVEL}.")
    raw = _load(data, report)
    if raw is None:
        return failed("case", report.errors)
    document = _read_document(raw["CFDocument"], name, report)  # type: ignore[arg-type]
    items = _read_items(raw["CFItems"], document, report)  # type: ignore[arg-type]
    if document is None or report.errors:
        return failed("case", report.errors)
    package = Package(document, items)
    read_tree(raw.get("CFAssociations"), package, report)
    if not report.errors:
        check_tree(package, report)
    if report.errors:
        return failed("case", report.errors)
    strands = strands_of(package, level, report)
    if report.errors:
        return failed("case", report.errors)
    used = sorted({d.level for s in strands for c in s.competencies for d in c.descriptors})
    return FrameworkSpec(
        name=document.title,
        description=document.description,
        source="case",
        source_identifier=document.identifier,
        strands=strands,
        levels=tuple(LevelSpec(n, grade_label(n)) for n in used),
        warnings=report.all_warnings(),
    )


# --- reading ---------------------------------------------------------------------------------


def _load(data: bytes | str, report: Report) -> Json | None:
    text, error = decode_text(data)
    if error:
        report.error(error)
        return None
    try:
        value: object = json.loads(text)
    except json.JSONDecodeError as exc:
        report.error(
            f"The file is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        )
        return None
    except RecursionError:
        report.error("The file is nested too deeply to read.")
        return None
    if (
        isinstance(value, dict)
        and "CFDocument" not in value
        and isinstance(value.get("CFPackage"), dict)
    ):
        value = value["CFPackage"]  # some servers wrap the package in one more object
    if not (
        isinstance(value, dict)
        and isinstance(value.get("CFDocument"), dict)
        and isinstance(value.get("CFItems"), list)
    ):
        report.error(
            "This is not a CASE 1.0 package: it needs a CFDocument object and a CFItems list, "
            "as a CASE server sends them from /ims/case/v1p0/CFPackages/{identifier}."
        )
        return None
    if not value["CFItems"]:
        report.error("The package has no CFItems.")
        return None
    return value


def _read_document(doc: Json, name: str | None, report: Report) -> Document | None:
    identifier = text_of(doc, "identifier")
    title = text_of(doc, "title") or (name or "").strip() or None
    if identifier is None:
        report.error("The CFDocument has no identifier.")
    elif len(identifier) > MAX_IDENTIFIER:
        report.error(f"The CFDocument identifier is longer than {MAX_IDENTIFIER} characters.")
    if title is None:
        report.error("The CFDocument has no title; give the framework a name.")
    report.check_links(doc, (*LINK_FIELDS, "subjectURI"))
    report.check_timestamp(doc)
    if identifier is None or title is None:
        return None
    if len(title) > MAX_NAME:
        report.warn(f"The framework title is cut to {MAX_NAME} characters.")
        title = title[: MAX_NAME - 1] + "…"
    return Document(identifier, title, text_of(doc, "description") or "", text_of(doc, "uri"))


def _read_items(
    raw_items: list[object], document: Document | None, report: Report
) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for index, raw in enumerate(raw_items, start=1):
        item = _read_item(index, raw, report)
        if item is None:
            continue
        if document is not None and item.identifier == document.identifier:
            report.error(
                f"CFItems entry {index} has the CFDocument's identifier, {item.identifier}."
            )
        elif item.identifier in items:
            first = items[item.identifier].index
            report.error(
                f"Duplicate item identifier {item.identifier}: CFItems entries {first} and {index}."
            )
        else:
            items[item.identifier] = item
    return items


def _read_item(index: int, raw: object, report: Report) -> Item | None:
    if not isinstance(raw, dict):
        report.error(f"CFItems entry {index} is not an object.")
        return None
    identifier = text_of(raw, "identifier")
    if identifier is None:
        report.error(f"CFItems entry {index} has no identifier.")
        return None
    full = text_of(raw, "fullStatement")
    code = text_of(raw, "humanCodingScheme")
    if full is None:
        report.error(f"Item {identifier} has no fullStatement.")
    if len(identifier) > MAX_IDENTIFIER:
        report.error(
            f"Item {identifier}: the identifier is longer than {MAX_IDENTIFIER} characters."
        )
    if code is not None and len(code) > MAX_CODE:
        report.error(f"Item {identifier}: humanCodingScheme is longer than {MAX_CODE} characters.")
    report.items += 1
    if text_of(raw, "CFItemType") is None and not raw.get("CFItemTypeURI"):
        report.untyped += 1
    report.check_links(raw, (*LINK_FIELDS, "conceptKeywordsURI"))
    report.check_timestamp(raw)
    level, unclear = _item_level(raw, report)
    return Item(
        identifier=identifier,
        index=index,
        code=code,
        full=full or "",
        abbreviated=text_of(raw, "abbreviatedStatement"),
        level=level,
        unclear=unclear,
        uri=text_of(raw, "uri"),
    )


def _grade(value: str) -> int | None:
    """ "06" → 6 and "KG" → 0; values that name no grade number ("PK", "HS") → None."""
    text = value.strip().upper()
    if text in {"K", "KG"}:
        return 0
    if re.fullmatch(r"[0-9]{1,2}", text) and int(text) <= MAX_LEVEL:
        return int(text)
    return None


def _level_values(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip()]
    if isinstance(value, str | int):
        return [v for v in re.split(r"[,;\s]+", str(value)) if v]
    return []


def _item_level(raw: Json, report: Report) -> tuple[int | None, tuple[str, ...]]:
    """The lowest grade in educationLevel (or the deviant educationalLevel string)."""
    values = _level_values(raw.get("educationLevel"))
    if values and not isinstance(raw.get("educationLevel"), list):
        report.level_strings.append(str(raw.get("educationLevel")))
    if not values:
        values = _level_values(raw.get("educationalLevel"))
        if values:
            report.educational_level.append(str(raw.get("educationalLevel")))
    numbers = [n for v in values if (n := _grade(v)) is not None]
    return (min(numbers), ()) if numbers else (None, tuple(values))
