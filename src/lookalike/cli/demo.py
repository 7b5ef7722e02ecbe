"""``lookalike demo``: build the demo universe (real companies, composed contacts); the demo key.

The demo key is made with the first account, by ``lookalike serve`` on a store without accounts,
and printed then only. Like every key, the store keeps only its hash; the key itself is kept in
``<data dir>/demo-api-key.txt``, created readable and writable by its owner only (0600), so the
operator can show it again with ``lookalike keys demo``. Deleting the file forgets it (the key
keeps working until it is revoked).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer

from lookalike.cli.context import settings_from
from lookalike.cli.progress import count_progress
from lookalike.ingest.demo import build_demo_universe
from lookalike.settings import Settings
from lookalike.store.accounts import count_accounts, create_account_with_key
from lookalike.store.database import open_store

DEMO_KEY_FILE = "demo-api-key.txt"
DEMO_ACCOUNT = "demo"
DEMO_CREDITS = 1_000_000

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


def demo_key_path(settings: Settings) -> Path:
    """Where the demo key is kept: ``demo-api-key.txt`` in the data directory."""
    return settings.data_dir / DEMO_KEY_FILE


def create_demo_key_or_none(engine: sa.Engine, settings: Settings) -> str | None:
    """Make the demo account and key when the store has no account yet; None when it has one.

    The new key is written to :func:`demo_key_path` (mode 0600) before it is returned.
    """
    path = demo_key_path(settings)
    if path.exists() or count_accounts(engine) > 0:
        return None
    _, key = create_account_with_key(engine, DEMO_ACCOUNT, settings.default_plan, DEMO_CREDITS)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created with mode 0600 at once: there is no moment when others may read it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(key + "\n")
    return key


def read_demo_key_or_none(settings: Settings) -> str | None:
    """The demo key kept in the data directory, or None when there is none."""
    try:
        key = demo_key_path(settings).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return key or None
