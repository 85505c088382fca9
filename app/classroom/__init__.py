"""Teacher views: class dashboard, data wall, check-in inbox, conferring and support plans.

Route modules are imported by create_app (register_blueprints), not here, so that importing
the models never pulls in app.authz.
"""

from flask import Blueprint

bp = Blueprint("classroom", __name__, template_folder="templates")
