"""Family summaries rendered to PDF, in the family's language, through the cache."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from app.auth.models import User
from app.family.cache import PdfCache, StudentKey, data_stamps, summary_key
from app.family.content import Period
from app.family.summary import FamilySummary, SummaryContext, build_summary
from app.pdf import render_pdf

PRINT_STYLESHEET = "css/family-summary-print.css"


def pdf_folder() -> Path:
    """Where cached PDFs and batch ZIPs live: FAMILY_PDF_DIR, else inside the instance folder."""
    config = current_app.config
    return Path(config.get("FAMILY_PDF_DIR") or Path(config["INSTANCE_DIR"]) / "family-pdfs")


def pdf_cache() -> PdfCache:
    return PdfCache(pdf_folder() / "students")


def summary_document(summary: FamilySummary) -> str:
    """The summary as a standalone HTML document for WeasyPrint."""
    with force_locale(summary.language):
        return render_template("family/pdf/summary.html", s=summary)


def summary_pdf(summary: FamilySummary) -> bytes:
    static = Path(current_app.static_folder or "static")
    return render_pdf(
        summary_document(summary),
        static,
        stylesheets=(PRINT_STYLESHEET,),
        limit=float(current_app.config["FAMILY_PDF_TIME_LIMIT"]),
    )


def student_key(student: User) -> StudentKey:
    grade = student.student_profile.grade_level if student.student_profile else None
    return StudentKey(student.id, student.name, grade)


def cached_summary_pdf(
    student: User,
    context: SummaryContext,
    period: Period,
    language: str,
    stamps: list[str] | None = None,
) -> tuple[bytes, bool]:
    """(the PDF, whether it came from the cache). `stamps` saves a query inside a batch."""
    if stamps is None:
        stamps = data_stamps([student.id]).get(student.id, [])
    key = summary_key(student_key(student), stamps, context, period, language)
    cache = pdf_cache()
    found = cache.get(student.id, key)
    if found is not None:
        return found, True
    with force_locale(language):
        summary = build_summary(student, context, period, language)
    pdf = summary_pdf(summary)
    cache.put(student.id, key, pdf)
    return pdf, False
