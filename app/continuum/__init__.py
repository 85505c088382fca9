"""Learner continuum: frameworks, evidence and mastery."""

from flask import Blueprint

bp = Blueprint("continuum", __name__, template_folder="templates")

from app.continuum import models, routes  # noqa: E402,F401  (models and routes register themselves)
