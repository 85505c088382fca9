"""Family PDFs: one summary beside a bare two-page WeasyPrint document (the floor), and a class
of 30 made by two worker processes, with each worker's peak memory.

Every summary here is made from scratch (the cache is bypassed): the figures are what a
family's first download and a first batch cost. Aims (issue 6): one summary at most 1.25× the
floor, 30 summaries under 10 s on 2 cores, under 200 MB per worker.
"""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from weasyprint import HTML

from app.auth.models import Role, User
from app.extensions import db
from app.family.render import summary_pdf
from app.family.summary import SummaryContext, build_summary, summary_context
from app.pdf import PDF_VARIANT

TODAY = date(2026, 11, 25)
REPEAT = 10
CLASS_SIZE = 30
WORKERS = 2
PARAGRAPH = "<p>" + "A plain sentence that fills a page of text, line after line. " * 14 + "</p>"
FLOOR_HTML = (
    '<!doctype html><html lang="en"><head><title>Floor</title></head><body><h1>Floor</h1>'
    + PARAGRAPH * 8
    + "</body></html>"
)

_app: Flask | None = None  # the bench app, inherited by the forked workers


def median_ms(work: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    """Median wall and CPU milliseconds; CPU time is steadier on a busy machine."""
    work()  # warm: fonts, stylesheets and templates loaded once per process
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _students(limit: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.STUDENT)
            .options(joinedload(User.student_profile), joinedload(User.school))
            .order_by(User.school_id, User.id)
            .limit(limit)
        ).unique()
    )


def _summary(student: User, context: SummaryContext | None = None) -> bytes:
    """One student's PDF; a batch reads the school's context once, as `make_zip` does."""
    assert student.school is not None
    context = context or summary_context(student.school, TODAY)
    summary = build_summary(student, context, context.default_period(), "en")
    return summary_pdf(summary)


def _worker(student_ids: list[int]) -> tuple[int, float]:
    """Render these students' PDFs; (count, peak resident memory in MB) of this process."""
    assert _app is not None
    with _app.app_context():
        db.engine.dispose(close=False)  # a forked worker opens connections of its own
        with _app.test_request_context():
            students = [s for s in _students(CLASS_SIZE) if s.id in set(student_ids)]
            contexts: dict[int, SummaryContext] = {}
            for student in students:
                assert student.school is not None
                if student.school.id not in contexts:
                    contexts[student.school.id] = summary_context(student.school, TODAY)
                _summary(student, contexts[student.school.id])
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return len(student_ids), peak_kb / 1024


def pdf_section(app: Flask) -> None:
    global _app
    _app = app
    with app.app_context(), app.test_request_context():
        students = _students(CLASS_SIZE)
        floor = median_ms(lambda: HTML(string=FLOOR_HTML).write_pdf())
        floor_ua = median_ms(lambda: HTML(string=FLOOR_HTML).write_pdf(pdf_variant=PDF_VARIANT))
        one = median_ms(lambda: _summary(students[0]))
        pages = len(HTML(string=FLOOR_HTML).render().pages)
        db.session.remove()
        db.engine.dispose()
    ids = [s.id for s in students]
    halves = [ids[i::WORKERS] for i in range(WORKERS)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        results = pool.map(_worker, halves)
    batch_s = time.perf_counter() - started
    print("\nFamily PDFs (warm medians of 10; every summary made from scratch)")
    print(f"{'what':<44}{'wall ms':>9}{'cpu ms':>8}{'aim':>16}")
    rows = [
        (f"bare {pages}-page WeasyPrint document (floor)", floor, ""),
        ("  the same, as PDF/UA (what summaries use)", floor_ua, ""),
        ("one family summary (queries, HTML, PDF/UA)", one, "≤ 1.25× floor"),
    ]
    for label, (wall, cpu), aim in rows:
        print(f"{label:<44}{wall:>9.0f}{cpu:>8.0f}{aim:>16}")
    ratio = one[1] / floor[1]
    verdict = "ok" if ratio <= 1.25 else "over"
    print(f"{'  × the floor (wall, cpu)':<44}{one[0] / floor[0]:>8.2f}×{ratio:>7.2f}×{verdict:>16}")
    made = sum(count for count, _ in results)
    aim = "ok" if batch_s < 10 else "over"
    print(f"{f'{made} summaries, {WORKERS} worker processes':<44}{batch_s:>8.1f} s{aim:>24}")
    for number, (count, peak) in enumerate(results, start=1):
        ok = "ok" if peak < 200 else "over"
        label = f"  worker {number}: {count} PDFs, peak memory"
        print(f"{label:<44}{peak:>7.0f} MB{('< 200 MB ' + ok):>24}")


def main() -> None:
    from bench.__main__ import build_app  # the demo district in a temporary database

    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder))
        pdf_section(app)


if __name__ == "__main__":
    main()
