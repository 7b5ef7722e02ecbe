"""``lookalike import``: load companies or contacts from CSV, JSON Lines or Parquet files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lookalike.cli.context import console, settings_from
from lookalike.cli.progress import count_progress
from lookalike.domain import EntityKind
from lookalike.ingest.importer import ImportReport, import_file
from lookalike.store.database import open_store

app = typer.Typer(
    help="Import companies or contacts (.csv, .jsonl, .parquet); all or nothing.",
    no_args_is_help=True,
)

PathArgument = Annotated[
    Path,
    typer.Argument(
        exists=True,
        dir_okay=False,
        help="File to import: .csv, .jsonl or .parquet (columns: see docs).",
    ),
]
RejectsOption = Annotated[
    Path | None,
    typer.Option(
        "--rejects",
        help="Load the good rows and write the bad ones (with line, column, reason) to this CSV.",
    ),
]


@app.command("companies")
def import_companies(ctx: typer.Context, path: PathArgument, rejects: RejectsOption = None) -> None:
    """Import companies; re-importing a companyId updates it."""
    _run(ctx, EntityKind.COMPANIES, path, rejects)


@app.command("contacts")
def import_contacts(ctx: typer.Context, path: PathArgument, rejects: RejectsOption = None) -> None:
    """Import contacts of stored companies; re-importing a personId updates it."""
    _run(ctx, EntityKind.CONTACTS, path, rejects)


def _run(ctx: typer.Context, kind: EntityKind, path: Path, rejects: Path | None) -> None:
    engine = open_store(settings_from(ctx))
    try:
        with count_progress(f"Importing {kind.value}") as progress:
            report = import_file(engine, kind, path, rejects_path=rejects, progress=progress)
    finally:
        engine.dispose()
    _print_summary(report, rejects)


def _print_summary(report: ImportReport, rejects: Path | None) -> None:
    typer.echo(report.summary())
    if rejects is not None and report.rejected:
        console.print(f"{report.rejected:,} bad row(s) written to {rejects}.")
