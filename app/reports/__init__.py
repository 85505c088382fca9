"""Reports on pace and progress: expected level, gap, growth, pace, flags and the equity view.

The calculations here are pure (plain values in, plain values out, `today` as an argument) so
the teacher dashboards, the section report and the school leader's views all share one
definition of each figure. Pages read stored mastery in a fixed number of queries and hand the
values to these functions.

The package imports no routes (its pure modules must load without the web app); create_app
imports `app.reports.routes` once everything is loaded.
"""

from flask import Blueprint

bp = Blueprint("reports", __name__, template_folder="templates")
