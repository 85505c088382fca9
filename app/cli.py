"""Command-line tools: `flask demo load` and friends."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db

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


def register_cli(app: Flask) -> None:
    app.cli.add_command(demo_cli)
