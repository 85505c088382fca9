"""Waypoint: self-directed learning for competency-based schools."""

from __future__ import annotations

import os

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.config import Config, config_from_env


def create_app(config: Config | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config or config_from_env())
    register_extensions(app)
    register_database_settings(app)
    register_blueprints(app)
    register_security(app)
    register_errors(app)
    register_templates(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from app.audit import register_audit
    from app.auth import sessions  # noqa: F401  (registers the user loader)
    from app.continuum import outlines  # noqa: F401  (stamps frameworks whose structure changes)
    from app.extensions import csrf, db, htmx, limiter, login_manager, migrate
    from app.i18n import init_babel

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.localize_callback = str  # in the visitor's language, when it is flashed
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    register_audit(app)
    init_babel(app)


def register_database_settings(app: Flask) -> None:
    from app.extensions import db
    from app.sqlite import configure_sqlite

    with app.app_context():
        configure_sqlite(db.engine)


def register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.classroom import bp as classroom_bp
    from app.classroom import conferences, inbox, support_plans  # noqa: F401  (register on bp)
    from app.classroom import dashboard as _dashboard_routes  # noqa: F401  (registers on bp)
    from app.classroom import wall as _wall_routes  # noqa: F401  (registers on bp)
    from app.continuum import bp as continuum_bp
    from app.continuum import (  # noqa: F401  (register on bp)
        evidence_grid_routes,
        evidence_routes,
        routes,
    )
    from app.family import bp as family_bp
    from app.family import routes as _family_routes  # noqa: F401  (registers on bp)
    from app.goals import bp as goals_bp
    from app.home import bp as home_bp
    from app.pdsa import bp as pdsa_bp
    from app.reports import bp as reports_bp
    from app.reports import routes as _reports_routes  # noqa: F401  (registers on bp)
    from app.schools import bp as schools_bp
    from app.schools import routes as _schools_routes  # noqa: F401  (registers on bp)

    for bp in (
        auth_bp,
        home_bp,
        schools_bp,
        continuum_bp,
        goals_bp,
        pdsa_bp,
        admin_bp,
        classroom_bp,
        reports_bp,
        family_bp,
    ):
        app.register_blueprint(bp)


def register_security(app: Flask) -> None:
    from app.security import register_security_headers, require_login_by_default

    register_security_headers(app)
    require_login_by_default(app)


def register_errors(app: Flask) -> None:
    from app.errors import register_error_pages

    register_error_pages(app)


def register_templates(app: Flask) -> None:
    from app.templating import register_template_helpers

    register_template_helpers(app)


def register_commands(app: Flask) -> None:
    from app.cli import register_cli

    register_cli(app)
