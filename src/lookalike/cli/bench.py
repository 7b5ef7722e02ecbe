"""``lookalike bench``: import, index build, engine latency against exact search, and HTTP."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from lookalike.cli.context import console


def bench(
    companies: Annotated[
        int, typer.Option(min=10, help="Synthetic companies to generate.")
    ] = 100_000,
    contacts: Annotated[
        int, typer.Option(min=10, help="Synthetic contacts to generate.")
    ] = 1_000_000,
    queries: Annotated[int, typer.Option(min=10, help="Engine queries per measured series.")] = 200,
    http_seconds: Annotated[float, typer.Option(min=1, help="Length of the HTTP load run.")] = 15.0,
    concurrency: Annotated[int, typer.Option(min=1, help="Concurrent HTTP clients.")] = 32,
    workers: Annotated[
        list[int] | None,
        typer.Option(
            min=1,
            metavar="<int>",
            help="Server worker processes of an HTTP series; repeat for several "
            "[default: 1 and 2].",
        ),
    ] = None,
    load_generator: Annotated[
        str, typer.Option(help="auto (wrk when installed), wrk or httpx.")
    ] = "auto",
    work_dir: Annotated[
        Path | None, typer.Option(help="Empty directory to build in (default: a temporary one).")
    ] = None,
    keep: Annotated[bool, typer.Option(help="Keep the work directory afterwards.")] = False,
) -> None:
    """Build a synthetic universe at scale, import it, index it, and print one table of figures."""
    from lookalike.bench.run import BenchOptions, run_benchmark
    from lookalike.bench.table import render_table

    folder = work_dir or Path(tempfile.mkdtemp(prefix="lookalike-bench-"))
    try:
        options = BenchOptions(
            companies,
            contacts,
            queries,
            http_seconds,
            concurrency,
            tuple(workers or (1, 2)),
            load_generator,
        )
        report = run_benchmark(folder, options, say=console.print)
        Console(width=160).print(render_table(report))
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
