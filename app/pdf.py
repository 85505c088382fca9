"""WeasyPrint behind one function: HTML in, PDF bytes out, with nothing fetched from outside.

The fetcher serves only the app's own static files (and inline `data:` images such as the
charts); any other address, `file://` outside the static folder or the network, is refused, so
a template can never leak a request or read a file. Rendering has a time limit: a PDF that
takes longer than `limit` seconds is stopped and reported as `PdfTimeout`.
"""

from __future__ import annotations

import mimetypes
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote, urlsplit

# pygal puts an import hook on sys.meta_path that warns (ImportWarning) whenever a module is not
# found, and WeasyPrint (through fontTools) looks for optional brotli modules as it loads.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ImportWarning)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

PDF_VARIANT = "pdf/ua-1"  # tagged, with the document language and title: readable aloud
DEFAULT_LIMIT = 20.0  # seconds; a summary takes well under one


class PdfTimeout(RuntimeError):
    """Rendering took longer than its limit and was stopped."""


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    """Serves files under `root` (the app's static folder) and `data:` URLs; refuses the rest."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise URLFetchingError(f"Refused {url!r}: PDFs fetch nothing from the network")
        path = self.resolve(url)
        if path is None:
            raise URLFetchingError(f"Refused {url!r}: only the app's static files are served")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})

    def resolve(self, url: str) -> Path | None:
        """The file a `file:` URL names, if it exists inside the static folder."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path


_local = threading.local()


def _font_config() -> FontConfiguration:
    """One font configuration per thread, reused: building it for every PDF costs about 15%
    of a summary's time, and Pango's font map is not shared safely across threads."""
    if not hasattr(_local, "fonts"):
        _local.fonts = FontConfiguration()
    return _local.fonts


@cache
def _stylesheet(path: Path, root: Path) -> CSS:
    """Parsed once per process: a stylesheet shared by every PDF of a kind."""
    return CSS(filename=str(path), url_fetcher=StaticOnlyFetcher(root))


def render_pdf(
    html: str,
    static_root: Path,
    *,
    stylesheets: tuple[str, ...] = (),
    limit: float = DEFAULT_LIMIT,
    variant: str | None = PDF_VARIANT,
) -> bytes:
    """The PDF of `html`; relative links and `stylesheets` are paths inside `static_root`.

    The document's language and title come from `<html lang>` and `<title>`.
    """
    root = static_root.resolve()
    fetcher = StaticOnlyFetcher(root)
    sheets = [_stylesheet((root / name).resolve(), root) for name in stylesheets]
    options: dict[str, Any] = {"stylesheets": sheets, "font_config": _font_config()}
    if variant:
        options["pdf_variant"] = variant

    def work() -> bytes | None:
        document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(**options)

    return _within(limit, work)


def _within(limit: float, work: Callable[[], bytes | None]) -> bytes:
    """Run `work`, stopping it after `limit` seconds.

    On the main thread with no other alarm set (gunicorn's sync workers, commands, tests) an
    alarm interrupts the rendering itself. Elsewhere (a threaded server, an RQ job that set
    its own alarm) the caller stops waiting and gets PdfTimeout; the abandoned render ends on
    its own.
    """
    if threading.current_thread() is threading.main_thread() and not _alarm_armed():
        with _alarm(limit):
            result = work()
    else:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf")
        try:
            result = pool.submit(work).result(timeout=limit)
        except FutureTimeout:
            raise PdfTimeout(f"the PDF took longer than {limit:g} s") from None
        finally:
            pool.shutdown(wait=False)
    assert result is not None  # write_pdf without a target returns the bytes
    return result


def _alarm_armed() -> bool:
    return signal.getitimer(signal.ITIMER_REAL)[0] > 0


@contextmanager
def _alarm(limit: float) -> Iterator[None]:
    started = time.monotonic()

    def _expired(signum: int, frame: FrameType | None) -> None:
        raise PdfTimeout(f"the PDF took longer than {time.monotonic() - started:.1f} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
