from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")

from app.admin import frameworks, routes  # noqa: E402,F401  (routes register themselves on bp)
