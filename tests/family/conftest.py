"""Family tests run on a fixed day, with their own PDF folder, and read PDFs back as text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader

from app import clock
from tests.reports.builders import TODAY


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture(autouse=True)
def pdf_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh PDF cache and ZIP folder per test, so no test sees another's files."""
    folder = tmp_path / "family-pdfs"
    monkeypatch.setitem(app.config, "FAMILY_PDF_DIR", str(folder))
    return folder


def pdf_text(pdf: bytes) -> str:
    """Every page's text, joined, with runs of whitespace made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))
