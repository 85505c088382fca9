"""Remove, Restore and Withdraw the judgement are buttons that post the page's CSRF token.

With no token, a made-up one or another session's (a cross-site post, or a page kept open
past a new sign-in) they change nothing and say the page had expired; with the page's token
they work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from app import clock
from app.continuum import services
from app.continuum.models import Evidence, EvidenceChange, Mastery, MasteryOverride
from app.extensions import db
from tests.continuum.test_evidence import TODAY, list_url, record

EXPIRED = "Nothing changed: the page had expired. Please try again."


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _remove(world: Any) -> str:
    return f"/evidence/{record(world, score='4').id}/remove"


def _restore(world: Any) -> str:
    evidence = record(world, score="4")
    services.remove_evidence(evidence, world.teacher)
    db.session.commit()
    return f"/evidence/{evidence.id}/restore"


def _withdraw(world: Any) -> str:
    record(world, score="2")
    override = services.set_override(
        world.student, world.competency, 6, True, "Showed it in the project", world.teacher, TODAY
    )
    db.session.commit()
    return f"/judgements/{override.id}/withdraw"


BUTTONS: dict[str, Callable[[Any], str]] = {
    "remove": _remove,
    "restore": _restore,
    "withdraw": _withdraw,
}


def _rows() -> dict[str, list[tuple[Any, ...]]]:
    """The evidence, its changes, the judgements and the stored mastery, column by column."""
    tables = (Evidence, EvidenceChange, MasteryOverride, Mastery)
    return {
        model.__tablename__: [tuple(row) for row in db.session.execute(select(model.__table__))]
        for model in tables
    }


def _stolen_token(app: Any) -> str:
    """A real token, for someone else's session."""
    return app.test_client().csrf_token("/login")


@pytest.mark.parametrize("button", sorted(BUTTONS))
@pytest.mark.parametrize("token", ["missing", "made-up", "stolen"])
def test_a_button_without_the_pages_token_changes_nothing(
    app, client, world, sign_in, button: str, token: str
) -> None:
    url = BUTTONS[button](world)
    sign_in(client, world.teacher)
    before = _rows()
    data = {
        "missing": {},
        "made-up": {"csrf_token": "IjEyMyI.made.up"},
        "stolen": {"csrf_token": _stolen_token(app)},
    }[token]
    response = client.post(url, data=data)
    assert response.status_code == 303
    assert response.headers["Location"].split("#")[0] == list_url(world)
    assert _rows() == before
    page = client.get(list_url(world)).get_data(as_text=True)
    assert f'<p class="flash flash-error">{EXPIRED}</p>' in page


def test_the_buttons_work_with_the_pages_token(client, world, sign_in) -> None:
    urls = {button: make(world) for button, make in BUTTONS.items()}
    sign_in(client, world.teacher)
    for url in urls.values():
        assert client.post_form(url, page=list_url(world)).status_code == 303
    db.session.expire_all()
    removed, restored = (
        db.session.get(Evidence, int(urls[name].split("/")[2])) for name in ("remove", "restore")
    )
    assert removed is not None and removed.removed_at is not None
    assert restored is not None and restored.removed_at is None
    override = db.session.get(MasteryOverride, int(urls["withdraw"].split("/")[2]))
    assert override is not None and override.withdrawn_by_id == world.teacher.id
