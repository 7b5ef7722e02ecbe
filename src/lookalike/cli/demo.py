"""``lookalike demo``: build the demo universe (real companies, composed contacts)."""

from __future__ import annotations

from typing import Annotated

import typer

from lookalike.cli.context import settings_from
from lookalike.cli.progress import count_progress
from lookalike.ingest.demo import build_demo_universe
from lookalike.store.database import open_store

app = typer.Typer(
    help="The demo universe: real companies and composed contacts.", no_args_is_help=True
)


@app.command("load")
def load(
    ctx: typer.Context,
    contacts: Annotated[
        int | None,
        typer.Option(
            "--contacts",
            min=0,
            help="Composed contacts to make [default: settings.demo.contacts, 300000].",
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Random seed; the same seed gives the same rows.")
    ] = None,
) -> None:
    """Load ~53,000 real companies and composed contacts (people are not real) into the store."""
    engine = open_store(settings_from(ctx))
    try:
        with count_progress("Building the demo universe") as progress:
            report = build_demo_universe(
                engine, settings_from(ctx), progress, contacts=contacts, seed=seed
            )
    finally:
        engine.dispose()
    typer.echo(report.summary())
