"""Every route × every actor. A route with no row here fails the meta-test below.

Outcomes: 200 page, 302 redirect (to sign-in for anonymous, or onward), 303 after a POST or
after choosing the sign-in page's language, 404 for a record or page the actor may not see,
410 for a dead link.
"""

from __future__ import annotations

import pytest
from flask import Flask

from app.authz import can_manage_school, can_view_section, can_view_student
from tests.authz.matrix import ACTORS, EVERYONE, STAFF_OF_STUDENT, Row, only
from tests.authz.rows_classroom_a import ROWS as CLASSROOM_A_ROWS
from tests.authz.rows_classroom_b import ROWS as CLASSROOM_B_ROWS
from tests.authz.rows_continuum import ROWS as CONTINUUM_ROWS
from tests.authz.rows_family import ROWS as FAMILY_ROWS
from tests.authz.rows_learning import ROWS as LEARNING_ROWS
from tests.authz.rows_reports import ROWS as REPORTS_ROWS

CORE_ROWS = [
    Row("static", lambda w: "/static/css/waypoint.css", {a: 200 for a in ACTORS}),
    Row("home.health", lambda w: "/healthz", {a: 200 for a in ACTORS}),
    Row("home.index", lambda w: "/", only(EVERYONE, ok=302)),
    Row("home.student", lambda w: "/me", only({"student", "other_student"})),
    Row("home.teacher", lambda w: "/teach", only({"teacher", "other_teacher"})),
    Row("home.leader", lambda w: "/school", only({"leader", "other_leader"}, ok=302)),
    Row("home.district", lambda w: "/district", only({"district_admin"})),
    Row("home.guardian", lambda w: "/family", only({"guardian", "other_guardian"})),
    Row(
        "schools.school",
        lambda w: f"/schools/{w.school.id}",
        only({"leader", "district_admin"}),
    ),
    Row(
        "schools.section",
        lambda w: f"/sections/{w.section.id}",
        only({"teacher", "leader", "district_admin"}),
    ),
    Row(
        "schools.student",
        lambda w: f"/students/{w.student.id}",
        only({"student", "guardian"} | STAFF_OF_STUDENT),
    ),
    Row(
        "admin.settings",
        lambda w: f"/schools/{w.school.id}/settings",
        only({"leader", "district_admin"}),
    ),
    Row(
        "admin.audit_log",
        lambda w: f"/schools/{w.school.id}/audit",
        only({"leader", "district_admin"}),
    ),
    Row("auth.login", lambda w: "/login", only(EVERYONE, ok=303, anonymous=200)),
    Row("auth.choose_language", lambda w: "/language/es", {a: 303 for a in ACTORS}),
    Row("auth.logout", lambda w: "/logout", {a: 303 for a in ACTORS}, method="POST"),
    Row("auth.change_password", lambda w: "/account/password", only(EVERYONE)),
    Row("auth.request_reset", lambda w: "/reset", {a: 200 for a in ACTORS}),
    Row("auth.reset_password", lambda w: "/reset/not-a-token", {a: 410 for a in ACTORS}),
]

MATRIX = (
    CORE_ROWS
    + CONTINUUM_ROWS
    + LEARNING_ROWS
    + CLASSROOM_A_ROWS
    + CLASSROOM_B_ROWS
    + REPORTS_ROWS
    + FAMILY_ROWS
)

CASES = [
    pytest.param(row, actor, id=f"{row.endpoint}-{actor}") for row in MATRIX for actor in ACTORS
]


@pytest.mark.parametrize(("row", "actor"), CASES)
def test_access(client, world, sign_in, row: Row, actor: str) -> None:
    user = world.actor(actor)
    if user is not None:
        sign_in(client, user)
    url = row.url(world)
    if row.method == "POST":
        response = client.post_form(url, page="/login" if user is None else "/account/password")
    else:
        response = client.get(url)
    body = response.get_data()[:300].decode(errors="replace")  # PDFs and ZIPs are binary
    response.close()
    assert response.status_code == row.outcomes[actor], body
    if row.outcomes[actor] == 302 and actor == "anonymous" and row.endpoint != "home.index":
        assert "/login" in response.headers["Location"]


def test_every_route_has_a_row(app: Flask) -> None:
    covered = {(row.endpoint, row.method) for row in MATRIX}
    missing = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if method == "POST" and (rule.endpoint, "GET") in covered:
                continue  # a form page: its POST is tested with the form, GET decides access
            if (rule.endpoint, method) not in covered:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "Routes with no row in the access matrix: " + ", ".join(missing)


POLICIES = {
    "schools.student": lambda user, w: can_view_student(user, w.student.id),
    "schools.section": lambda user, w: can_view_section(user, w.section.id),
    "admin.settings": lambda user, w: can_manage_school(user, w.school.id),
}


@pytest.mark.parametrize("endpoint", sorted(POLICIES))
def test_policies_agree_with_the_pages(world, endpoint: str) -> None:
    """Templates ask the yes/no policies; the routes use loaders. They must never disagree."""
    row = next(r for r in MATRIX if r.endpoint == endpoint)
    for actor in ACTORS[1:]:
        allowed = row.outcomes[actor] == 200
        assert POLICIES[endpoint](world.actor(actor), world) is allowed, actor
