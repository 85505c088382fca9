"""Every state-changing route refuses a post that has no CSRF token, or another session's.

WTF_CSRF_CHECK_DEFAULT is off: a token is checked only where a route validates a Flask-WTF
form, so a route that forgets to is open to cross-site posts. This test walks app.url_map, so a
new route is covered the day it is added. For each route it takes the URL and an actor allowed
to use it from the access matrix, posts as that actor (as a plain form and as htmx) without a
valid token, and requires that:

1. the route ran Flask-WTF's CSRF check, and the check failed;
2. nothing in the database changed;
3. the answer says so: a 4xx saying the page had expired, or a redirect (HX-Redirect for
   htmx) to a page that shows an error message.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import flask_wtf.csrf
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse
from wtforms.validators import ValidationError

from app import register_blueprints
from app.auth.models import PasswordResetToken, token_digest
from app.db import utcnow
from app.extensions import db
from app.family.models import GuardianInvitation
from tests.authz.matrix import ACTORS, Row
from tests.authz.test_access_matrix import MATRIX
from tests.factories import World, sign_in

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}

# Routes that may change data without a CSRF token, each with the reason. None: every
# state-changing route is posted from a page of ours, which carries the token.
NO_CSRF: dict[str, str] = {}

# Routes whose refusal is a redirect with no message. auth.logout: the sign-out button of a
# page whose token no longer matches leaves the user signed in and sends them to their home
# page; no work is lost, and the wording, if it gets one, is the auth package's.
QUIET_REFUSALS = {"auth.logout"}

# Audit events log who opened a record, which a refused post may still do. A session's
# last_seen_at moves as its user browses; whether the session was revoked is still compared.
IGNORED_TABLES = {"audit_events"}
IGNORED_COLUMNS = {("user_sessions", "last_seen_at")}


def _reset_link(w: World) -> str:
    token = secrets.token_urlsafe(16)
    expires_at = utcnow() + timedelta(hours=1)
    db.session.add(
        PasswordResetToken(
            user_id=w.guardian.id, token_digest=token_digest(token), expires_at=expires_at
        )
    )
    db.session.commit()
    return f"/reset/{token}"


def _invitation_link(w: World) -> str:
    token = secrets.token_urlsafe(16)
    db.session.add(
        GuardianInvitation(
            guardian_id=w.guardian.id,
            student_id=w.student.id,
            invited_by_id=w.teacher.id,
            token_digest=token_digest(token),
            expires_at=utcnow() + timedelta(days=1),
        )
    )
    db.session.commit()
    return f"/invitations/{token}"


# The matrix reaches these with dead links (410 for everyone: the token decides, not the
# actor). Here they get a live one, posted by someone signed out, as the link's reader is.
LIVE_LINKS: dict[str, Callable[[World], str]] = {
    "auth.reset_password": _reset_link,
    "family.accept_invitation": _invitation_link,
}


def _state_changing(app: Flask) -> list[tuple[str, str]]:
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) & STATE_CHANGING
        if rule.endpoint not in NO_CSRF
    )


def _routes() -> list[tuple[str, str]]:
    """The state-changing routes of the blueprints create_app registers, read when tests are
    collected; a test below checks that the real app has exactly these."""
    bare = Flask("app")
    register_blueprints(bare)
    return _state_changing(bare)


ROUTES = _routes()


def _allowed(row: Row, actor: str) -> bool:
    """The matrix lets `actor` use the route: its form page opens, or its post is answered."""
    outcome = row.outcomes[actor]
    return outcome in (200, 422) or (row.method != "GET" and outcome == 303)


def _row_and_actor(endpoint: str, method: str) -> tuple[Row, str] | None:
    """The route's matrix row (its own, or its form page's GET row) and an actor the row lets
    in, signed-in actors first."""
    if endpoint in LIVE_LINKS:
        return Row(endpoint, LIVE_LINKS[endpoint], dict.fromkeys(ACTORS, 200)), "anonymous"
    rows = [r for r in MATRIX if r.endpoint == endpoint and r.method in (method, "GET")]
    rows.sort(key=lambda r: r.method != method)
    for row in rows:
        for actor in (*ACTORS[1:], ACTORS[0]):
            if _allowed(row, actor):
                return row, actor
    return None


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as the database holds it now."""
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name in IGNORED_TABLES:
            continue
        columns = [c for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
        query = select(*columns).order_by(*table.primary_key.columns)
        state[table.name] = [tuple(row) for row in db.session.execute(query)]
    return state


@pytest.fixture()
def csrf_checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each CSRF check a Flask-WTF form makes: True if the token passed."""
    checks: list[bool] = []
    original = flask_wtf.csrf.validate_csrf

    def recording(*args: Any, **kwargs: Any) -> None:
        try:
            original(*args, **kwargs)
        except ValidationError:
            checks.append(False)
            raise
        checks.append(True)

    monkeypatch.setattr(flask_wtf.csrf, "validate_csrf", recording)
    return checks


@dataclass
class Attempt:
    """One post to a route, as `client`, without a valid token."""

    client: FlaskClient
    endpoint: str
    method: str
    url: str
    checks: list[bool] = field(repr=False)

    def problem(self, data: dict[str, str], htmx: bool) -> str | None:
        """What is wrong with the answer, if anything."""
        self.checks.clear()
        with self.client.session_transaction() as session:
            session.pop("_flashes", None)  # only this answer's messages count
        before = _snapshot()
        headers = {"HX-Request": "true", "HX-Current-URL": "http://localhost/"} if htmx else {}
        response = self.client.open(self.url, method=self.method, data=data, headers=headers)
        body = response.get_data(as_text=True)
        response.close()
        how = f"{'htmx' if htmx else 'plain'} post, {'a stolen' if data else 'no'} token"
        if not self.checks:
            return f"{how}: no CSRF check ran (answered {response.status_code})"
        if any(self.checks):
            return f"{how}: the CSRF check passed"
        if _snapshot() != before:
            return f"{how}: the database changed"
        if not self._says_no(response, body):
            return f"{how}: answered {response.status_code} without saying it had expired"
        return None

    def _says_no(self, response: TestResponse, body: str) -> bool:
        if 400 <= response.status_code < 500:
            return "expired" in body
        moved = response.status_code in (302, 303) or "HX-Redirect" in response.headers
        return moved and (self.endpoint in QUIET_REFUSALS or "error" in self._flashed())

    def _flashed(self) -> set[str]:
        with self.client.session_transaction() as session:
            return {category for category, _message in session.get("_flashes", [])}


def test_the_guard_covers_every_state_changing_route(app: Flask) -> None:
    assert _state_changing(app) == ROUTES


@pytest.mark.parametrize(("endpoint", "method"), ROUTES, ids=[f"{e}-{m}" for e, m in ROUTES])
def test_a_post_without_a_valid_token_changes_nothing(
    app: Flask, world: World, endpoint: str, method: str, csrf_checks: list[bool]
) -> None:
    found = _row_and_actor(endpoint, method)
    assert found, f"no access-matrix row lets an actor {method} to {endpoint}"
    row, actor = found
    client = app.test_client()
    user = world.actor(actor)
    if user is not None:
        sign_in(client, user)
    attempt = Attempt(client, endpoint, method, row.url(world), csrf_checks)
    stolen = {"csrf_token": app.test_client().csrf_token("/login")}  # valid, for its session
    problems = [
        problem
        for data in ({}, stolen)
        for htmx in (False, True)
        if (problem := attempt.problem(data, htmx))
    ]
    assert not problems, f"{method} {endpoint} as {actor}: " + "; ".join(problems)
