"""``lookalike eval recommendations``: segment recovery and cluster balance vs two baselines."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer
from rich.table import Table

from lookalike.cli.context import console, render_table, settings_from
from lookalike.domain import EntityKind
from lookalike.engine.build import build_index
from lookalike.engine.evaluation import METHODS, Evaluation, evaluate
from lookalike.engine.generation import load_generation
from lookalike.ingest.demo import build_demo_universe
from lookalike.settings import Settings
from lookalike.store.database import create_store_engine, upgrade_database
from lookalike.synthetic.segments import build_synthetic_universe


def recommendations(
    ctx: typer.Context,
    trials: Annotated[int, typer.Option(help="Seed sets per measure and entity kind.")] = 40,
    contacts: Annotated[int, typer.Option(help="Size of the temporary demo universe.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Random seed for the demo and the seed sets.")] = 20221,
    existing: Annotated[
        bool, typer.Option("--existing", help="Evaluate the store and index in --data-dir.")
    ] = False,
    synthetic: Annotated[
        bool, typer.Option("--synthetic", help="Use the small synthetic universe, not the demo.")
    ] = False,
) -> None:
    """Precision@25 on one-segment seed sets and balance on two-segment sets, vs baselines."""
    settings = settings_from(ctx)
    if existing:
        generation = load_generation(settings.index_dir, settings.index.kind)
        _print(evaluate(generation, trials, seed), "the index in " + str(settings.data_dir))
        return
    with tempfile.TemporaryDirectory(prefix="lookalike-eval-") as folder:
        scratch = settings.model_copy(update={"data_dir": Path(folder), "database_url": None})
        universe = _fill_universe(scratch, contacts, seed, synthetic)
        generation = load_generation(scratch.index_dir, scratch.index.kind)
        _print(evaluate(generation, trials, seed), universe)


def _fill_universe(settings: Settings, contacts: int, seed: int, synthetic: bool) -> str:
    engine = create_store_engine(settings.resolved_database_url)
    try:
        upgrade_database(engine)
        name = _load_demo_or_synthetic(engine, settings, contacts, seed, synthetic)
        console.print(f"Building the index of the {name} ...")
        build_index(settings, engine)
    finally:
        engine.dispose()
    return name


def _load_demo_or_synthetic(
    engine: sa.Engine, settings: Settings, contacts: int, seed: int, synthetic: bool
) -> str:
    if not synthetic:
        demo = settings.demo.model_copy(update={"contacts": contacts, "seed": seed})
        console.print(f"Building a demo universe of {contacts:,} contacts ...")
        build_demo_universe(engine, settings.model_copy(update={"demo": demo}))
        return f"demo universe ({contacts:,} contacts, seed {seed})"
    companies = max(contacts // 10, 50)
    build_synthetic_universe(engine, companies=companies, contacts_per_company=10, seed=seed)
    return f"synthetic universe ({companies * 10:,} contacts)"


def _print(evaluation: Evaluation, universe: str) -> None:
    trials = ", ".join(
        f"{kind.value}: {one} one-segment + {two} two-segment seed sets"
        for kind, (one, two) in evaluation.trials.items()
    )
    table = Table(title=f"Recommendation quality on the {universe}", caption=trials)
    for header in ("kind", "method", "(a) P@25", "(b) in A", "(b) in B", "(b) balance"):
        table.add_column(header, justify="left" if header in ("kind", "method") else "right")
    for kind in EntityKind:
        for method in METHODS:
            result = evaluation.results[(kind, method)]
            table.add_row(
                kind.value,
                method,
                *(f"{result.mean(m):.3f}" for m in ("precision", "share_a", "share_b", "balance")),
            )
    typer.echo(render_table(table))
