"""Learner continuum: frameworks, evidence and mastery.

The package imports no routes (create_app does), so the pure modules and the models load
without Flask's request machinery or app.authz.
"""

from flask import Blueprint

bp = Blueprint("continuum", __name__, template_folder="templates")
