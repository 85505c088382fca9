"""PDSA cycles: a student's own Plan-Do-Study-Act improvement cycles, and teachers' comments."""

from flask import Blueprint

bp = Blueprint("pdsa", __name__, template_folder="templates")

from app.pdsa import models, routes  # noqa: E402,F401  (models and routes register themselves)
