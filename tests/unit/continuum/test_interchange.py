"""Reading framework files: the two real CASE samples, hand-made bad packages, and the CSV."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.continuum.interchange import (
    MAX_BYTES,
    FrameworkSpec,
    LevelSpec,
    detect_format,
    parse_case,
    parse_csv,
    parse_framework,
)
from app.continuum.interchange.specs import natural_key, slug
from tests.samples import CASE_ACT, CASE_STANDARDS, case_sample

DOC = "doc-1"
SIX_RP_A_1 = "b6f61076-aa12-450b-8f9d-b86bc071f85e"


def codes(spec: FrameworkSpec) -> list[list[str]]:
    return [[c.code for c in strand.competencies] for strand in spec.strands]


def only_error(spec: FrameworkSpec) -> str:
    assert not spec.strands
    assert len(spec.errors) == 1, spec.errors
    return spec.errors[0]


# --- the real samples --------------------------------------------------------------------------


def test_what_standards_could_be_reads_with_its_quirks_as_warnings() -> None:
    spec = parse_case(case_sample(CASE_STANDARDS))
    assert spec.ok, spec.errors
    assert (spec.name, spec.source, spec.source_identifier) == (
        "What Standards Could Be",
        "case",
        "20c5134f-423d-4097-a971-3dd5152bf507",
    )
    # Clusters 6.RP.A and 7.RP.A (sequenceNumber 1 and 2) are the strands; 6.RP.A.3 and 7.RP.A.2
    # have components, so the components are the competencies and the standards are flattened.
    assert [s.code for s in spec.strands] == [
        "CCSS.Math.Content.6.RP.A",
        "CCSS.Math.Content.7.RP.A",
    ]
    p6, p7 = "CCSS.Math.Content.6.RP.A.", "CCSS.Math.Content.7.RP.A."
    assert codes(spec) == [
        [p6 + c for c in ("1", "2", "3a", "3b", "3c", "3d")],
        [p7 + c for c in ("1", "2a", "2b", "2c", "2d", "3")],
    ]
    assert spec.levels == (LevelSpec(6, "6"), LevelSpec(7, "7"))
    first = spec.strands[0].competencies[0]
    assert first.source_identifier == first.descriptors[0].source_identifier == SIX_RP_A_1
    assert first.title == first.descriptors[0].statement  # no abbreviatedStatement: the full one
    assert [d.level for c in spec.competencies for d in c.descriptors] == [6] * 6 + [7] * 6
    assert spec.descriptor_count == 12
    assert spec.warnings == [
        "16 items give their grade in educationalLevel as a string (e.g. '06') instead of an "
        "educationLevel list; read as grade levels.",
        "56 links are plain URI strings where CASE expects a LinkURI object (CFDocumentURI, "
        "CFPackageURI); accepted.",
        "56 timestamps have no time zone (e.g. 2017-05-25T18:05:33); accepted, as Waypoint does "
        "not use them.",
        "Ignored 23 associations of other types than isChildOf (16 exactMatchOf, 3 precedes, "
        "2 exemplar, 2 isRelatedTo): only the isChildOf tree is imported.",
        "2 intermediate items are flattened: the leaves below count as competencies of their "
        "strand, and the flattened items' own statements are not kept (CCSS.Math.Content.6.RP.A.3 "
        "(d83a65ed-770c-4dbe-a505-11e5e17a9a79), CCSS.Math.Content.7.RP.A.2 "
        "(67fe61c2-0710-4db0-9844-df510976b733)).",
    ]


def test_act_excerpt_needs_a_level_and_names_the_items_without_one() -> None:
    error = only_error(parse_case(case_sample(CASE_ACT)))
    assert error.startswith("No level for 24 competencies")
    assert "H.A.MATH.GM.PF.2DFP.L1.1 (caa3c8f2-14ea-4b3f-853e-68b61f9befd5)" in error
    assert "and 16 more" in error
    assert "Choose a level for items without one" in error


def test_act_excerpt_with_a_chosen_level_orders_siblings_naturally() -> None:
    spec = parse_case(case_sample(CASE_ACT), level=1)
    assert spec.ok, spec.errors
    assert spec.name == "ACT Holistic Framework, Math"
    (strand,) = spec.strands
    assert (strand.code, strand.title) == ("H.A.MATH.GM", "Geometry and Measurement")
    prefix = "H.A.MATH.GM.PF.2DFP.L1."
    assert codes(spec) == [[f"{prefix}{n}" for n in range(1, 25)]]  # L1.2 before L1.10
    assert spec.levels == (LevelSpec(1, "1"),)
    assert spec.warnings == [
        "No item has a CFItemType; strands and competencies are read from the tree alone.",
        "24 competencies have no grade level in the file: level 1, chosen at import, is used.",
        "3 intermediate items are flattened: the leaves below count as competencies of their "
        "strand, and the flattened items' own statements are not kept (H.A.MATH.GM.PF "
        "(9d8d5691-3c65-4f95-af82-858844732458), H.A.MATH.GM.PF.2DFP "
        "(8a1a1f29-6764-4227-bba3-809b4dac11d8), H.A.MATH.GM.PF.2DFP.L1 "
        "(43bf51d6-3d92-4170-9531-df56731a1b6d)).",
    ]


def test_the_samples_are_detected_as_case_by_name_and_by_content() -> None:
    data = case_sample(CASE_ACT)
    assert detect_format("framework.json", data) == "case"
    assert detect_format("upload", data) == "case"
    assert parse_framework("upload", data, level=2).levels == (LevelSpec(2, "2"),)


# --- hand-made packages --------------------------------------------------------------------------


def item(identifier: str, code: str | None = None, **fields: Any) -> dict[str, Any]:
    found = {"identifier": identifier, "fullStatement": f"Statement of {identifier}", **fields}
    if code:
        found["humanCodingScheme"] = code
    return found


def child(origin: str, destination: str = DOC, **fields: Any) -> dict[str, Any]:
    return {
        "identifier": f"{origin}>{destination}",
        "associationType": "isChildOf",
        "originNodeURI": {"title": "o", "identifier": origin, "uri": f"urn:{origin}"},
        "destinationNodeURI": {
            "title": "d",
            "identifier": destination,
            "uri": f"urn:{destination}",
        },
        **fields,
    }


def package(items: list[dict[str, Any]], associations: list[dict[str, Any]], **doc: Any) -> str:
    document = {"identifier": DOC, "title": "Hand-made", "uri": f"urn:{DOC}", **doc}
    return json.dumps({"CFDocument": document, "CFItems": items, "CFAssociations": associations})


def strand_with(*leaves: dict[str, Any], level: str = "06") -> str:
    """One strand S with the given leaves under it, grade `level` on the strand."""
    return package(
        [item("S", "S", educationLevel=[level]), *leaves],
        [child("S"), *(child(leaf["identifier"], "S") for leaf in leaves)],
    )


def test_a_cycle_is_refused_naming_its_items() -> None:
    text = package(
        [item("S", "S", educationLevel=["06"]), item("A", "S.A"), item("B", "S.B")],
        [child("S"), child("A", "B"), child("B", "A")],
    )
    error = only_error(parse_case(text))
    assert error == "The isChildOf associations form a cycle: S.A (A) → S.B (B) → S.A (A)."


def test_an_item_cannot_be_its_own_parent() -> None:
    text = package([item("S", "S", educationLevel=["06"])], [child("S", "S")])
    assert "cycle: S (S) → S (S)" in only_error(parse_case(text))


def test_a_missing_parent_is_refused() -> None:
    text = package(
        [item("S", "S", educationLevel=["06"]), item("A", "S.1"), item("lost", "X.9")],
        [child("S"), child("A", "S")],
    )
    assert only_error(parse_case(text)) == (
        "Missing parent: item X.9 (lost) is not the child (isChildOf) of the document or of any "
        "item in the package."
    )


def test_a_parent_outside_the_package_is_refused() -> None:
    text = package(
        [item("S", "S", educationLevel=["06"]), item("A", "S.1")],
        [child("S"), child("A", "elsewhere")],
    )
    assert only_error(parse_case(text)) == (
        "isChildOf association A>elsewhere: item S.1 (A) has its parent elsewhere outside this "
        "package."
    )


def test_a_child_outside_the_package_is_refused() -> None:
    text = package([item("S", "S", educationLevel=["06"])], [child("S"), child("ghost", "S")])
    assert "the child ghost is not an item of this package" in only_error(parse_case(text))


def test_duplicate_competency_codes_name_both_items() -> None:
    spec = parse_case(strand_with(item("A", "S.1"), item("B", "S.1")))
    assert only_error(spec) == "Duplicate competency code S.1: items A and B."


def test_duplicate_identifiers_and_missing_fields_are_all_listed() -> None:
    text = package(
        [
            item("S", "S", educationLevel=["06"]),
            item("A", "S.1"),
            item("A", "S.2"),
            {"humanCodingScheme": "S.3", "fullStatement": "no identifier"},
            {"identifier": "C", "humanCodingScheme": "S.4"},
        ],
        [child("S"), child("A", "S"), child("C", "S")],
    )
    assert parse_case(text).errors == [
        "Duplicate item identifier A: CFItems entries 2 and 3.",
        "CFItems entry 4 has no identifier.",
        "Item C has no fullStatement.",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"{not json", "The file is not valid JSON", id="not-json"),
        pytest.param(b'{"CFItems": []}', "This is not a CASE 1.0 package", id="no-document"),
        pytest.param(b"[1, 2]", "This is not a CASE 1.0 package", id="a-list"),
        pytest.param(b"\xff\xfe{}", "Line 1: the file is not UTF-8 text", id="not-utf8"),
        pytest.param(
            json.dumps({"CFDocument": {"identifier": DOC, "title": "T"}, "CFItems": [item("S")]}),
            "The package has no CFAssociations list",
            id="no-associations",
        ),
        pytest.param(package([], []).encode(), "The package has no CFItems.", id="no-items"),
        pytest.param(
            json.dumps({"CFDocument": {"title": "T"}, "CFItems": [item("S")]}).encode(),
            "The CFDocument has no identifier.",
            id="document-without-identifier",
        ),
    ],
)
def test_unreadable_packages_are_refused(data: bytes | str, expected: str) -> None:
    assert only_error(parse_case(data)).startswith(expected)


def test_grades_come_from_the_lowest_listed_level_or_the_nearest_ancestor() -> None:
    text = package(
        [
            item("S", "S", educationLevel=["08"]),
            item("A", "S.1", educationLevel=["07", "06"]),
            item("B", "S.2", educationLevel=["KG"]),
            item("M", "S.3"),
            item("C", "S.3.a"),
            item("D", "S.4", educationalLevel="05"),
        ],
        [child("S"), *(child(c, "S") for c in "ABMD"), child("C", "M")],
    )
    spec = parse_case(text)
    assert spec.ok, spec.errors
    levels = {c.code: c.descriptors[0].level for c in spec.competencies}
    assert levels == {"S.1": 6, "S.2": 0, "S.3.a": 8, "S.4": 5}
    assert spec.levels == (
        LevelSpec(0, "K"),
        LevelSpec(5, "5"),
        LevelSpec(6, "6"),
        LevelSpec(8, "8"),
    )
    assert any("educationalLevel as a string (e.g. '05')" in w for w in spec.warnings)


def test_a_grade_with_no_number_needs_a_chosen_level_and_then_warns() -> None:
    text = strand_with(item("A", "S.1", educationLevel=["HS"]))
    error = only_error(parse_case(text))
    assert error.startswith("1 competency has a grade level that is not a number (HS): S.1 (A)")
    spec = parse_case(text, level=9)
    assert spec.ok
    assert spec.competencies[0].descriptors[0].level == 9
    assert any("not a number (HS): level 9, chosen at import, is used" in w for w in spec.warnings)


def test_a_chosen_level_outside_the_range_is_refused() -> None:
    assert "from 0 to 20" in parse_case(strand_with(item("A", "S.1")), level=21).errors[0]


def test_sequence_numbers_order_siblings_before_codes() -> None:
    text = package(
        [
            item("S", "S", educationLevel=["06"]),
            item("A", "S.1"),
            item("B", "S.2"),
            item("C", "S.10"),
        ],
        [
            child("S"),
            child("A", "S", sequenceNumber=3),
            child("B", "S", sequenceNumber="1"),
            child("C", "S"),
        ],
    )
    assert codes(parse_case(text)) == [["S.2", "S.1", "S.10"]]


def test_top_level_leaves_become_a_strand_named_after_the_document() -> None:
    text = package(
        [
            item("L", "L.1", educationLevel=["03"]),
            item("S", "S", educationLevel=["03"]),
            item("A", "S.1"),
        ],
        [child("L", sequenceNumber=1), child("S", sequenceNumber=2), child("A", "S")],
    )
    spec = parse_case(text)
    assert [(s.code, s.title) for s in spec.strands] == [
        (DOC, "Hand-made"),
        ("S", "Statement of S"),
    ]
    assert codes(spec) == [["L.1"], ["S.1"]]
    assert any(
        "1 top-level item has no children, so the strand named after the document, "
        "'Hand-made', holds it as a competency." in w
        for w in spec.warnings
    )


def test_items_without_a_code_use_their_identifier() -> None:
    spec = parse_case(strand_with(item("A"), item("B", abbreviatedStatement="Short B")))
    assert [(c.code, c.title) for c in spec.competencies] == [
        ("A", "Statement of A"),
        ("B", "Short B"),
    ]
    assert any("no humanCodingScheme" in w for w in spec.warnings)


def test_plain_string_node_uris_are_resolved_and_reported() -> None:
    text = package(
        [item("S", "S", educationLevel=["06"], uri="https://case.example/S"), item("A", "S.1")],
        [
            child("S") | {"originNodeURI": "https://case.example/S"},
            child("A", "S") | {"destinationNodeURI": "https://case.example/uri/S"},
        ],
    )
    spec = parse_case(text)
    assert codes(spec) == [["S.1"]]
    assert any(
        "2 links are plain URI strings" in w and "destinationNodeURI, originNodeURI" in w
        for w in spec.warnings
    )


def test_an_item_under_two_parents_stays_under_the_first() -> None:
    text = package(
        [
            item("S", "S", educationLevel=["06"]),
            item("T", "T", educationLevel=["07"]),
            item("A", "S.1"),
            item("B", "T.1"),
        ],
        [child("S"), child("T"), child("A", "S"), child("A", "T"), child("B", "T")],
    )
    spec = parse_case(text)
    assert codes(spec) == [["S.1"], ["T.1"]]
    assert any("1 item is the child of more than one item" in w for w in spec.warnings)


# --- CSV ---------------------------------------------------------------------------------------

GOOD_CSV = (
    "\ufeffStrand, Competency Code ,STATEMENT,level,Descriptor,Kind\r\n"
    "Number,N.1,I compare numbers,2,I compare numbers to 100,academic\r\n"
    "Number,N.1,I compare numbers,1,I compare numbers to 20,\r\n"
    'Habits,H.1,"I persevere, even when stuck",3,"I try a second strategy",transferable\r\n'
    "Number,N.2,I add,1,I add within 10,\r\n"
)


def test_a_good_csv_reads_into_strands_in_file_order() -> None:
    spec = parse_csv(GOOD_CSV.encode("utf-8"), name="  Mathematics K–5  ".strip())
    assert spec.ok, spec.errors
    assert (spec.name, spec.source, spec.source_identifier) == (
        "Mathematics K–5",
        "csv",
        "mathematics-k-5",
    )
    assert [(s.code, s.title) for s in spec.strands] == [("Number", "Number"), ("Habits", "Habits")]
    assert codes(spec) == [["N.1", "N.2"], ["H.1"]]
    n1 = spec.strands[0].competencies[0]
    assert (n1.title, n1.kind) == ("I compare numbers", "academic")
    assert [(d.level, d.statement) for d in n1.descriptors] == [
        (1, "I compare numbers to 20"),
        (2, "I compare numbers to 100"),
    ]
    assert spec.strands[1].competencies[0].kind == "transferable"
    assert spec.levels == (LevelSpec(1, "1"), LevelSpec(2, "2"), LevelSpec(3, "3"))
    assert spec.warnings == []


def test_semicolons_and_tabs_work_as_delimiters() -> None:
    for delimiter in (";", "\t"):
        text = GOOD_CSV.replace(",", delimiter).replace(
            f'"I persevere{delimiter} even', '"I persevere, even'
        )
        assert codes(parse_csv(text, name="M")) == [["N.1", "N.2"], ["H.1"]], delimiter


def test_csv_problems_are_listed_with_their_line_numbers() -> None:
    text = (
        "strand,competency code,statement,level,descriptor\n"
        "Number,N.1,I compare,1,to 20\n"  # line 2
        ',,I add,1,"a descriptor\nover two lines"\n'  # lines 3–4
        "Number,N.2,I add,six,x\n"  # line 5
        "Number,N.3,I count,21,x\n"  # line 6
        "Number,N.1,I compare,1,again\n"  # line 7
        "Shapes,N.1,I compare,2,x\n"  # line 8
        "Number,N.4,I order,1,x,extra\n"  # line 9
        "Number,N.5,,1,x\n"  # line 10
    )
    assert parse_csv(text, name="M").errors == [
        "Line 3: empty strand; empty competency code.",
        "Line 5: level 'six' is not a whole number from 0 to 20.",
        "Line 6: level '21' is not a whole number from 0 to 20.",
        "Line 7: competency N.1 already has a level 1 descriptor (line 2).",
        "Line 8: competency N.1 is under strand 'Shapes' here, but under 'Number' on line 2.",
        "Line 9: 6 values, but the header has 5 columns.",
        "Line 10: empty statement.",
    ]


def test_missing_columns_are_named_on_line_one() -> None:
    spec = parse_csv("strand,code,statement\nA,1,x\n", name="M")
    assert only_error(spec).startswith(
        "Line 1: missing columns competency code, level, descriptor."
    )


def test_csv_without_a_name_or_rows_is_refused() -> None:
    assert parse_csv("strand,competency code,statement,level,descriptor\n", name=" ").errors == [
        "Give the framework a name: a CSV file has none.",
        "The file has a header but no rows.",
    ]
    assert only_error(parse_csv(b"", name="M")) == "The file is empty."


def test_a_csv_that_is_not_utf8_names_its_line() -> None:
    data = "strand,competency code,statement,level,descriptor\nA,1,caf\xe9,1,x\n".encode("cp1252")
    assert only_error(parse_csv(data, name="M")).startswith("Line 2: the file is not UTF-8 text.")


def test_disagreeing_statements_and_empty_descriptors_are_warnings() -> None:
    text = (
        "strand,competency code,statement,level,descriptor,notes\n"
        "Number,N.1,I compare,1,\n"
        "Number,N.1,I compare numbers,2,to 100\n"
    )
    spec = parse_csv(text, name="M")
    assert spec.ok
    assert spec.competencies[0].title == "I compare"
    assert spec.competencies[0].descriptors[0].statement == "I compare"
    assert spec.warnings == [
        "Ignored column: notes.",
        "Line 2: no descriptor; the competency statement is used for level 1.",
        "Line 3: competency N.1 has a different statement than on line 2; the first one is kept.",
    ]


def test_a_bad_kind_is_an_error() -> None:
    text = "strand,competency code,statement,level,descriptor,kind\nA,1,x,1,y,social\n"
    assert parse_csv(text, name="M").errors == [
        "Line 2: kind 'social' is neither academic nor transferable."
    ]


# --- dispatch and helpers ----------------------------------------------------------------------


def test_files_over_five_megabytes_are_refused_before_reading() -> None:
    spec = parse_framework("big.csv", b"x" * (MAX_BYTES + 1), name="M")
    assert only_error(spec) == "The file is 5.0 MB; a framework file can be at most 5 MB."


@pytest.mark.parametrize(
    ("filename", "head", "expected"),
    [
        ("f.JSON", b"strand,", "case"),
        ("f.csv", b"{", "csv"),
        ("f.tsv", b"", "csv"),
        ("upload", b"\xef\xbb\xbf  {", "case"),
        ("upload", b"strand,code", "csv"),
    ],
)
def test_format_detection(filename: str, head: bytes, expected: str) -> None:
    assert detect_format(filename, head) == expected


def test_natural_order_and_slugs() -> None:
    assert sorted(["L1.10", "L1.2", "L1.1", "l1.3"], key=natural_key) == [
        "L1.1",
        "L1.2",
        "l1.3",
        "L1.10",
    ]
    assert slug("Maths 6–8: Núm") == "maths-6-8-num"
    assert slug("数学") == "数学"
    assert slug("!!!") == "framework"


def test_lesser_deviations_are_accepted_with_one_warning_each() -> None:
    inner = json.loads(
        package(
            [
                item("S", "S", educationLevel="06, 07", CFItemType="Domain"),
                item("A", "S.1", lastChangeDateTime="yesterday"),
                item("B", "S.2", lastChangeDateTime="2017-10-18T15:02:46Z"),
            ],
            [child("S"), child("A", "S"), child("B", "S")],
        )
    )
    del inner["CFDocument"]["title"]
    spec = parse_case(json.dumps({"CFPackage": inner}), name="Named at import")
    assert spec.ok, spec.errors
    assert spec.name == "Named at import"
    assert spec.warnings == [
        "1 item gives educationLevel as a string (e.g. '06, 07') instead of a list; read as "
        "grade levels.",
        "1 lastChangeDateTime is not a date-time (e.g. 'yesterday'); ignored.",
        "2 items have no CFItemType; strands and competencies are read from the tree alone.",
    ]
