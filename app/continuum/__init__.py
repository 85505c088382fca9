"""Learner continuum: frameworks, evidence and mastery."""

from flask import Blueprint

bp = Blueprint("continuum", __name__, template_folder="templates")

from app.continuum import evidence_grid_routes, evidence_routes, models, routes  # noqa: E402,F401
