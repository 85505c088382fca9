"""The migrations build the schema, and agree with the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def test_one_head(app):
    config = app.extensions["migrate"].migrate.get_config(str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_models_and_migrations_agree(app):
    """After `upgrade head` (done by the session fixture), autogenerate finds nothing to do."""
    with db.engine.connect() as connection:
        options = app.extensions["migrate"].configure_args
        context = MigrationContext.configure(connection, opts=options)
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_migration_files_are_dated():
    names = [p.name for p in (MIGRATIONS / "versions").glob("*.py")]
    assert names
    assert all(name[:4].isdigit() and name[4] == "_" for name in names), names
