"""Template globals and filters shared by every page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.models import Role
from app.i18n import format_day


def nav_items() -> list[tuple[str, str, bool]]:
    """(href, label, is_current) for the signed-in user's navigation."""
    if not current_user.is_authenticated:
        return []
    school_id = current_user.school_id
    links: dict[Role, list[tuple[str, str, dict[str, Any]]]] = {
        Role.STUDENT: [
            ("home.student", _l("My learning"), {}),
            ("goals.list_goals", _l("Goals"), {"student_id": current_user.id}),
            ("goals.check_in", _l("Check-in"), {}),
            ("pdsa.list_cycles", _l("PDSA"), {"student_id": current_user.id}),
            ("continuum.student_continuum", _l("My continuum"), {"student_id": current_user.id}),
        ],
        Role.TEACHER: [
            ("home.teacher", "My classes", {}),
            ("classroom.inbox", "Check-in inbox", {}),
            ("classroom.reviews_due", "Reviews due", {}),
        ],
        Role.SCHOOL_LEADER: [
            ("schools.school", "School", {"school_id": school_id}),
            ("reports.school_progress", "Progress", {"school_id": school_id}),
            ("reports.school_equity", "Equity", {"school_id": school_id}),
            ("classroom.reviews_due", "Reviews due", {}),
            ("admin.settings", "Settings", {"school_id": school_id}),
            ("admin.audit_log", "Audit log", {"school_id": school_id}),
            ("admin.frameworks", "Frameworks", {}),
        ],
        Role.DISTRICT_ADMIN: [
            ("home.district", "District", {}),
            ("reports.district_progress", "Progress", {}),
            ("reports.district_equity", "Equity", {}),
            ("admin.frameworks", "Frameworks", {}),
        ],
        Role.GUARDIAN: [("home.guardian", _l("My family"), {})],
    }
    return [
        (url_for(endpoint, **args), str(label), request.endpoint == endpoint)
        for endpoint, label, args in links[current_user.role]
    ]


def role_label(role: Role) -> str:
    """The role's name, translated for the students and guardians who read other languages."""
    labels = {Role.STUDENT: _l("Student"), Role.GUARDIAN: _l("Guardian")}
    return str(labels.get(role, role.label))


def format_score(value: Decimal | int | None) -> str:
    """A score without trailing zeros: 3, 2.5, 2.65."""
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():f}"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals["nav_items"] = nav_items
    app.jinja_env.globals["Role"] = Role
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "en")
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["score"] = format_score
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
