"""``lookalike eval lookalikes``: quality on the shipped real labelled data, against baselines."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from lookalike.cli.context import console, render_table, settings_from
from lookalike.engine.labelled_eval import (
    METHODS,
    PAGE,
    SEEDS,
    SPLITS,
    SetResult,
    available_sets,
    evaluate_set,
    load_set,
)


def lookalikes(
    ctx: typer.Context,
    dataset: Annotated[
        list[str] | None,
        typer.Option("--dataset", help="A shipped data set to run (repeatable; default: all)."),
    ] = None,
    draws: Annotated[int, typer.Option(min=1, help="Seed sets drawn per split.")] = 300,
    seed: Annotated[int, typer.Option(help="Random seed of the draws.")] = 20221,
    retrieval: Annotated[
        bool,
        typer.Option(
            "--retrieval",
            help="Take the engine's candidates from its ANN index and inverted lists, as for "
            "universes above 5,000 entities, instead of scoring every entity.",
        ),
    ] = False,
) -> None:
    """Normalised P@10 by fine class and P@10 by coarse class, engine vs baselines, same draws."""
    settings = settings_from(ctx)
    names = dataset or available_sets()
    unknown = sorted(set(names) - set(available_sets()))
    if unknown:
        raise typer.BadParameter(
            f"Unknown data set {', '.join(unknown)}. Shipped: {', '.join(available_sets())}.",
            param_hint="--dataset",
        )
    for name in names:
        result = evaluate_set(settings, load_set(name), draws, seed, console.log, retrieval)
        typer.echo(render_table(_table(result), width=110))


def _table(result: SetResult) -> Table:
    seeds = SEEDS[result.kind]
    table = Table(
        title=f"{result.name}: {result.entities:,} {result.kind.value}, {seeds} seeds, page {PAGE}"
        + (", engine candidates retrieved (ANN + inverted lists)" if result.retrieval else ""),
        caption=_caption(result),
    )
    for header in ("split", "method", "draws", "fine nP@10", "fine P@10", "coarse P@10"):
        table.add_column(header, justify="left" if header in ("split", "method") else "right")
    for split in SPLITS:
        for method in METHODS:
            scores = result.scores[(split, method)]
            table.add_row(
                f"{split} ({result.classes[split]} classes)" if method == METHODS[0] else "",
                method,
                str(scores.draws),
                f"{scores.mean('fine_normalised'):.3f}",
                f"{scores.mean('fine'):.3f}",
                f"{scores.mean('coarse'):.3f}",
            )
        table.add_section()
    return table


def _caption(result: SetResult) -> str:
    parts = []
    for split in SPLITS:
        engine = result.scores[(split, "engine")].mean("fine_normalised")
        tfidf = result.scores[(split, "tf-idf centroid")].mean("fine_normalised")
        ratio = f"{engine / tfidf:.2f}x" if tfidf > 0 else "-"
        parts.append(f"{split}: engine / tf-idf centroid on fine nP@10 = {ratio}")
    return "; ".join(parts)
