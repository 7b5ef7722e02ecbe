"""``lookalike serve``: prepare the data directory (demo data, index, demo key) and run the API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer

from lookalike.cli.context import console, settings_from
from lookalike.cli.progress import count_progress, stage_progress
from lookalike.settings import Settings
from lookalike.store.database import open_store
from lookalike.store.entities import count_entities

DEMO_KEY_FILE = "demo-api-key.txt"
DEMO_CREDITS = 1_000_000


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes sharing the index.")] = 1,
) -> None:
    """Start the API; on an empty database, first build the demo universe and its index."""
    import uvicorn

    settings = settings_from(ctx)
    demo_key = prepare_data_dir(settings)
    base_url = f"http://{host}:{port}"
    _print_banner(base_url, demo_key)
    # Workers are separate processes: they rebuild the same settings from the environment.
    os.environ["LOOKALIKE_DATA_DIR"] = str(settings.data_dir.resolve())
    limit_compute_threads()
    uvicorn.run(
        "lookalike.api.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


def limit_compute_threads() -> None:
    """One BLAS/OpenMP thread per request thread: a server answers many small queries at once.

    Multi-threaded kernels on a handful of cores only spin against each other under concurrent
    requests. The environment covers worker processes started later; threadpoolctl covers this one,
    whose numpy and faiss are already loaded (the index build before it used every core).
    """
    from threadpoolctl import threadpool_limits

    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    threadpool_limits(limits=1)


def prepare_data_dir(settings: Settings) -> str | None:
    """Migrate the store, load the demo when empty, rebuild a stale index; return the demo key."""
    from lookalike.engine.build import build_index, index_is_current

    engine = open_store(settings)
    try:
        if count_entities_in(engine) == (0, 0):
            _load_demo(engine, settings)
        if not index_is_current(settings, engine):
            with stage_progress("Indexing") as progress:
                build_index(settings, engine, progress=progress)
        return _demo_key(engine, settings)
    finally:
        engine.dispose()


def count_entities_in(engine: sa.Engine) -> tuple[int, int]:
    """How many (companies, contacts) the store holds."""
    with engine.connect() as conn:
        return count_entities(conn)


def _load_demo(engine: sa.Engine, settings: Settings) -> None:
    from lookalike.ingest.demo import build_demo_universe

    console.print("[bold]Empty database:[/bold] building the demo universe (composed people).")
    with count_progress("Building the demo universe") as progress:
        report = build_demo_universe(engine, settings, progress=progress)
    console.print(report.summary(), highlight=False)


def _demo_key(engine: sa.Engine, settings: Settings) -> str | None:
    """The demo account's key: created with the first account, kept in the data directory."""
    from lookalike.store.accounts import count_accounts, create_account_with_key

    path: Path = settings.data_dir / DEMO_KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    if count_accounts(engine) > 0:
        return None
    _, key = create_account_with_key(engine, "demo", settings.default_plan, DEMO_CREDITS)
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key


def _print_banner(base_url: str, demo_key: str | None) -> None:
    console.print(f"\n[bold green]lookalike[/bold green] on {base_url}  (docs: {base_url}/docs)")
    if demo_key is None:
        console.print("Create an API key with: lookalike keys create --name NAME --credits 1000")
        return
    console.print(f"Demo API key: [bold]{demo_key}[/bold]")
    console.print("Try it:")
    console.print(
        f"  curl -s -X POST {base_url}/api/recommendations/companies "
        f"-H 'api_key: {demo_key}' -H 'Content-Type: application/json' "
        """-d '{"companies": [{"domain": "sap.com"}, {"domain": "oracle.com"}], "limit": 5}'""",
        soft_wrap=True,
        highlight=False,
        markup=False,
    )
