"""Command-line tools: `flask demo load`, `flask framework import` and friends."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db

if TYPE_CHECKING:
    from app.schools.models import District

demo_cli = AppGroup("demo", help="The demo school.")


def print_logins(logins: object) -> None:
    from app.demo import PASSWORD

    click.echo(f"\nDemo logins (password for every account: {PASSWORD})")
    for label, email, _password in logins.rows():  # type: ignore[attr-defined]
        click.echo(f"  {label:<16} {email}")
    click.echo("")


@demo_cli.command("load")
@click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend today is this date."
)
@click.option("--if-empty", is_flag=True, help="Do nothing (but print the logins) if data exists.")
def load_command(today: object, if_empty: bool) -> None:
    """Build the demo district: two schools, a school year in progress, about 240 students."""
    from app.demo import demo_logins, is_loaded, load_demo

    on = today.date() if today else date.today()  # type: ignore[attr-defined]
    if is_loaded(db.session):
        if not if_empty:
            raise click.ClickException(
                "The database already has data; demo load needs an empty one."
            )
        click.echo("The demo school is already loaded.")
        print_logins(demo_logins(db.session))
        return
    logins = load_demo(db.session, on)
    db.session.commit()
    click.echo("Demo school loaded.")
    print_logins(logins)


framework_cli = AppGroup("framework", help="Learner-continuum frameworks.")


@framework_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--district", "district_id", type=int, help="District id; needed if there are several."
)
@click.option("--name", help="Framework name (a CSV file has none; a CASE package has its title).")
@click.option(
    "--level",
    type=click.IntRange(0, 20),
    help="Level for CASE items with no grade level of their own or above them.",
)
def import_framework_command(
    path: Path, district_id: int | None, name: str | None, level: int | None
) -> None:
    """Import a CASE 1.0 package (.json) or a framework CSV: all or nothing.

    Importing the same framework again updates it in place and keeps all evidence.
    """
    from app.continuum.importer import FrameworkImportError, import_framework
    from app.continuum.interchange import MAX_BYTES, parse_framework

    district = _district(district_id)
    if path.stat().st_size > MAX_BYTES:
        raise click.ClickException(f"{path.name} is larger than 5 MB; nothing was imported.")
    spec = parse_framework(path.name, path.read_bytes(), name=name, level=level)
    try:
        summary = import_framework(spec, district.id)
    except FrameworkImportError as exc:
        db.session.rollback()
        for error in exc.errors:
            click.echo(f"error: {error}", err=True)
        count = len(exc.errors)
        raise click.ClickException(
            f"{path.name} was not imported ({count} {'problem' if count == 1 else 'problems'}); "
            "nothing was saved."
        ) from None
    db.session.commit()
    click.echo(f"{summary.message} (framework id {summary.framework.id}, {district.name})")
    for warning in summary.warnings:
        click.echo(f"warning: {warning}")


def _district(district_id: int | None) -> District:
    from app.schools.models import District

    if district_id is not None:
        district = db.session.get(District, district_id)
        if district is None:
            raise click.ClickException(f"There is no district with id {district_id}.")
        return district
    districts = list(db.session.scalars(select(District).order_by(District.id).limit(20)))
    if len(districts) == 1:
        return districts[0]
    if not districts:
        raise click.ClickException("There is no district yet; load one first.")
    listed = ", ".join(f"{d.id} ({d.name})" for d in districts)
    raise click.ClickException(
        f"There are several districts; choose one with --district: {listed}."
    )


def register_cli(app: Flask) -> None:
    app.cli.add_command(demo_cli)
    app.cli.add_command(framework_cli)
