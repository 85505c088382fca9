"""The server process keeps start-up objects out of the garbage collector's way."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app.server import YOUNG_GENERATION_THRESHOLD, tune_garbage_collector


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_collector")
def test_start_up_objects_are_frozen_and_young_collections_come_less_often() -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    _, middle, oldest = gc.get_threshold()

    tune_garbage_collector()

    assert gc.get_freeze_count() > 10_000  # the imported modules' objects, at least
    assert gc.get_threshold() == (YOUNG_GENERATION_THRESHOLD, middle, oldest)


def test_the_wsgi_entry_point_tunes_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    called = []
    monkeypatch.setattr("app.server.tune_garbage_collector", lambda: called.append(True))
    monkeypatch.setenv("WAYPOINT_ENV", "testing")
    sys.modules.pop("wsgi", None)
    try:
        wsgi = importlib.import_module("wsgi")
    finally:
        sys.modules.pop("wsgi", None)
    assert called == [True]
    assert wsgi.app.name == "app"
