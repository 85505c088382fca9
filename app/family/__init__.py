"""Families: progress summaries (page and PDF, in English or Spanish), guardian invitations,
and a class's PDFs in one batch."""

from flask import Blueprint

bp = Blueprint("family", __name__, template_folder="templates")
