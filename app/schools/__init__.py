"""Schools, sections and the people in them.

The package imports no routes: app.authz imports these models, and the routes import app.authz,
so create_app imports the routes once everything is loaded.
"""

from flask import Blueprint

bp = Blueprint("schools", __name__, template_folder="templates")
