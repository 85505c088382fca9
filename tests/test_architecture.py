"""Structural rules from STYLE.md that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# Calculations: plain values in, plain values out; no web framework, no database.
PURE_MODULES = [
    "schools/calendar.py",
    "demo/calendar.py",
    "demo/frameworks.py",
    "demo/trajectories.py",
    "continuum/mastery.py",
    "continuum/levels.py",
    "reports/pace.py",
    "reports/flags.py",
    "reports/equity.py",
    "reports/report.py",
    "reports/export.py",
    "reports/suppression.py",
    "goals/weeks.py",
    "goals/rules.py",
    "goals/journal.py",
    "pdsa/stages.py",
    "classroom/rules.py",
    "classroom/dashboard_order.py",
    "classroom/wall_bands.py",
    "family/content.py",
    "family/chart.py",
    "continuum/interchange/__init__.py",
    "continuum/interchange/specs.py",
    "continuum/interchange/report.py",
    "continuum/interchange/case.py",
    "continuum/interchange/case_tree.py",
    "continuum/interchange/csv_file.py",
]
FORBIDDEN = ("flask", "sqlalchemy", "wtforms", "flask_wtf", "app.extensions", "app.db")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_import_no_framework(module: str) -> None:
    bad = {
        name
        for name in _imports(APP / module)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    }
    assert not bad, f"{module} imports {sorted(bad)}"


def test_no_file_grows_past_500_lines() -> None:
    long = [
        f"{p.relative_to(APP)} ({n})"
        for p in APP.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 500
    ]
    assert not long, f"split these modules: {long}"


def test_routes_never_read_htmx_headers_themselves() -> None:
    offenders = [str(p.relative_to(APP)) for p in APP.rglob("routes.py") if "HX-" in p.read_text()]
    assert not offenders, f"use app.htmx.render instead: {offenders}"


def test_no_cdn_in_templates() -> None:
    for template in APP.rglob("*.html"):
        text = template.read_text()
        assert "http://" not in text and "https://" not in text, template
