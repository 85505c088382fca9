from flask import Blueprint

bp = Blueprint("schools", __name__, template_folder="templates")

from app.schools import routes  # noqa: E402,F401  (routes register themselves on bp)
