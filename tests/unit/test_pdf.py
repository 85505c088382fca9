"""The PDF wrapper fetches only the app's own static files, and stops a render that runs long."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from app.pdf import PdfTimeout, StaticOnlyFetcher, _within, render_pdf

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        (STATIC / ".." / "config.py").resolve().as_uri(),
        STATIC.as_uri() + "/../config.py",
        "http://example.org/logo.png",
        "https://127.0.0.1/x.css",
        "ftp://example.org/x",
        "file://otherhost" + str(STATIC / "img" / "waypoint.svg"),
    ],
)
def test_the_fetcher_refuses_everything_outside_the_static_folder(url):
    with pytest.raises(Exception, match="Refused"):
        StaticOnlyFetcher(STATIC).fetch(url)


def test_the_fetcher_serves_static_files_and_inline_data():
    fetcher = StaticOnlyFetcher(STATIC)
    logo = fetcher.fetch((STATIC / "img" / "waypoint.svg").as_uri())
    assert logo.read().startswith(b"<svg") and logo.content_type == "image/svg+xml"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_a_document_cannot_leak_a_file_into_its_pdf(caplog):
    html = (
        '<html lang="en"><head><title>T</title></head><body><p>Hello</p>'
        '<img src="file:///etc/hostname" alt="x"><img src="http://example.org/a.png" alt="y">'
        "</body></html>"
    )
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf = render_pdf(html, STATIC)
    assert pdf.startswith(b"%PDF")
    assert caplog.text.count("Refused") == 2


def test_a_render_that_runs_long_is_stopped():
    started = time.monotonic()
    with pytest.raises(PdfTimeout):
        _within(0.2, lambda: time.sleep(5) or b"")  # type: ignore[func-returns-value]
    assert time.monotonic() - started < 2


def test_off_the_main_thread_the_caller_stops_waiting():
    """A threaded server cannot use an alarm: the request gets PdfTimeout all the same."""
    import threading

    outcome: list[BaseException] = []

    def request() -> None:
        try:
            _within(0.2, lambda: time.sleep(3) or b"")  # type: ignore[func-returns-value]
        except PdfTimeout as error:
            outcome.append(error)

    started = time.monotonic()
    thread = threading.Thread(target=request)
    thread.start()
    thread.join(timeout=5)
    assert outcome and time.monotonic() - started < 2


def test_a_quick_render_is_returned_whole():
    assert _within(5, lambda: b"%PDF-1.7 ok") == b"%PDF-1.7 ok"
