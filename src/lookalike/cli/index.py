"""``lookalike index``: build the vector index from the store and swap it in atomically."""

from __future__ import annotations

import time

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from lookalike.cli.context import console, settings_from
from lookalike.engine.build import build_index, index_is_current
from lookalike.store.database import open_store

app = typer.Typer(help="Build and inspect the vector index.", no_args_is_help=True)


@app.command("build")
def build(ctx: typer.Context) -> None:
    """Rebuild the index from every stored company and contact; running servers pick it up.

    Keeps the last two complete generations (the new one and the one it replaces, which a server
    may have loaded a moment ago), deletes older ones, and deletes the partial generations that
    killed builds left behind; a build running in another process keeps its own.
    """
    settings = settings_from(ctx)
    engine = open_store(settings)
    started = time.perf_counter()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console, transient=True) as bar:
            tasks: dict[str, TaskID] = {}

            def update(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(f"Indexing {stage}", total=total or None)
                bar.update(tasks[stage], completed=done, total=total or None)

            path = build_index(settings, engine, progress=update)
    finally:
        engine.dispose()
    typer.echo(f"Built index generation {path.name} in {time.perf_counter() - started:.1f} s.")


@app.command("status")
def status(ctx: typer.Context) -> None:
    """Say whether the live index matches the stored data."""
    settings = settings_from(ctx)
    engine = open_store(settings)
    try:
        current = index_is_current(settings, engine)
    finally:
        engine.dispose()
    typer.echo(
        "Index is current."
        if current
        else "Index is missing or stale: run `lookalike index build`."
    )
    if not current:
        raise typer.Exit(1)
