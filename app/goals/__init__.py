"""Goals, the weekly check-in, and teachers' replies to it."""

from flask import Blueprint

bp = Blueprint("goals", __name__, template_folder="templates")

from app.goals import models, routes  # noqa: E402,F401  (models and routes register themselves)
