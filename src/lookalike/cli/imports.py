"""``lookalike import``: load companies or contacts from CSV, JSON Lines or Parquet files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from lookalike.cli.context import console, settings_from
from lookalike.domain import EntityKind
from lookalike.ingest.importer import ImportReport, ProgressCallback, import_file
from lookalike.store.database import open_store

app = typer.Typer(
    help="Import companies or contacts (.csv, .jsonl, .parquet); all or nothing.",
    no_args_is_help=True,
)

PathArgument = Annotated[
    Path, typer.Argument(help="File to import: .csv, .jsonl or .parquet (columns: see docs).")
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
        with progress_bar(f"Importing {kind.value}") as progress:
            report = import_file(engine, kind, path, rejects_path=rejects, progress=progress)
    finally:
        engine.dispose()
    _print_summary(report, rejects)


def _print_summary(report: ImportReport, rejects: Path | None) -> None:
    typer.echo(report.summary())
    if rejects is not None and report.rejected:
        console.print(f"{report.rejected:,} bad row(s) written to {rejects}.")


PLAIN_PROGRESS_EVERY = 100_000


@contextmanager
def progress_bar(description: str) -> Iterator[ProgressCallback]:
    """A rich progress bar on stderr, driven by a ``(done, total)`` callback.

    When stderr is not a terminal (logs, CI) it prints a plain line every 100,000 rows instead.
    """
    if not console.is_terminal:
        yield _plain_progress(description)
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _plain_progress(description: str) -> ProgressCallback:
    reported = [0]

    def update(done: int, total: int | None) -> None:
        if done // PLAIN_PROGRESS_EVERY > reported[0] // PLAIN_PROGRESS_EVERY:
            reported[0] = done
            of_total = f" of about {total:,}" if total else ""
            console.print(f"{description}: {done:,}{of_total} rows", highlight=False)

    return update
