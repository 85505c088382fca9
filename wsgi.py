"""WSGI entry point: `gunicorn wsgi:app`."""

from app import create_app
from app.server import tune_garbage_collector

app = create_app()
tune_garbage_collector()
