"""``lookalike db``: schema migrations."""

from __future__ import annotations

import typer

from lookalike.cli.context import console, settings_from
from lookalike.store.database import open_store

app = typer.Typer(help="Database schema management.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Apply every pending schema migration (also done on every start)."""
    engine = open_store(settings_from(ctx))
    console.print(f"Database at {engine.url.render_as_string(hide_password=True)} is up to date.")
    engine.dispose()
