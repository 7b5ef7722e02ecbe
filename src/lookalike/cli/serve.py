"""``lookalike serve``: prepare the data directory (demo data, index, demo key) and run the API."""

from __future__ import annotations

import os
from typing import Annotated

import sqlalchemy as sa
import typer

from lookalike.cli.context import console, settings_from
from lookalike.cli.progress import count_progress, stage_progress
from lookalike.errors import ConfigurationError
from lookalike.settings import Settings
from lookalike.store.account_admin import plans_in_use
from lookalike.store.database import open_store
from lookalike.store.entities import count_entities
from lookalike.store.startup_lock import startup_lock

WORKER_HEALTHCHECK_SECONDS = 60


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes sharing the index.")] = 1,
    allow_per_worker_limits: Annotated[
        bool,
        typer.Option(
            help="With --workers > 1 and no LOOKALIKE_REDIS_URL, let each worker count rate "
            "limits alone (up to --workers times a plan's limits get through)."
        ),
    ] = False,
    build_index_if_missing: Annotated[
        bool,
        typer.Option(
            help="Build the index when it is missing or older than the data. Always on for the "
            "embedded SQLite store; with LOOKALIKE_DATABASE_URL, the server otherwise reports "
            "not ready (/readyz) until `lookalike index build` has run."
        ),
    ] = False,
    log_format: Annotated[
        str,
        typer.Option(
            help="Log lines: text, or json (one object per line) [env: LOOKALIKE_LOG_FORMAT; "
            "default: text]."
        ),
    ] = "",
) -> None:
    """Start the API; on an empty database, first build the demo universe and its index.

    Everything a worker needs is checked here first (settings, the database, Redis), so a
    problem is one line and a non-zero exit, not workers failing one after another.
    """
    settings = settings_from(ctx)
    check_rate_limit_sharing(settings, workers, allow_per_worker_limits)
    check_limit_store(settings)
    demo_key = prepare_data_dir(settings, build_index=build_index_if_missing)
    warn_about_unknown_plans(settings)
    base_url = f"http://{host}:{port}"
    _print_banner(base_url, demo_key)
    chosen_format = export_worker_environment(settings, log_format)
    limit_compute_threads()
    run_workers(settings, host, port, workers, chosen_format)


def run_workers(settings: Settings, host: str, port: int, workers: int, log_format: str) -> None:
    """Run uvicorn's ``workers`` processes on the app factory until stopped."""
    import uvicorn

    from lookalike.api.http_bounds import uvicorn_options
    from lookalike.api.request_log import log_config

    uvicorn.run(
        "lookalike.api.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        log_config=log_config(log_format),
        # A worker answers the supervisor's ping while it imports numpy/faiss and maps the
        # index; uvicorn's 5 s default killed slow starts ("Child process died").
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        access_log=False,  # lookalike.api.request_log writes one record per request
        # Header size, count and time, idle keep-alive, connections per worker: see
        # lookalike.api.http_bounds (LOOKALIKE_BOUNDS__*).
        **uvicorn_options(settings.bounds),
    )


def export_worker_environment(settings: Settings, log_format: str) -> str:
    """Put what workers need into the environment (they are separate processes and rebuild the
    same settings from it); return the log format chosen: ``--log-format``, else the setting."""
    os.environ["LOOKALIKE_DATA_DIR"] = str(settings.data_dir.resolve())
    chosen_format = log_format or settings.log_format
    if chosen_format not in ("text", "json"):
        raise ConfigurationError(f"--log-format takes text or json, not {chosen_format!r}.")
    os.environ["LOOKALIKE_LOG_FORMAT"] = chosen_format
    return chosen_format


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


def check_rate_limit_sharing(settings: Settings, workers: int, allowed: bool) -> None:
    """Refuse several workers that would each count rate limits alone, unless ``allowed``."""
    if workers > 1 and settings.redis_url is None and not allowed:
        raise ConfigurationError(
            f"With --workers {workers} and no LOOKALIKE_REDIS_URL, each worker counts rate "
            f"limits alone and up to {workers} times a plan's limits get through. Set "
            "LOOKALIKE_REDIS_URL, or pass --allow-per-worker-limits to accept that."
        )


def check_limit_store(settings: Settings) -> None:
    """Fail with one line when the configured Redis does not answer (before any worker runs)."""
    from lookalike.limits import open_limit_storage

    open_limit_storage(settings)


def prepare_data_dir(settings: Settings, *, build_index: bool = False) -> str | None:
    """Migrate the store, load the demo when empty, rebuild a stale index; return the demo key
    when this call created it (None on every later start: `lookalike keys demo` shows it).

    Hosts started together take turns (``store.startup_lock``). The index is built when it is
    missing or stale on the embedded SQLite store, or with ``build_index``; else a stale index
    is reported and left to ``lookalike index build``.
    """
    from lookalike.cli.demo import create_demo_key_or_none
    from lookalike.engine.build import index_is_current

    engine = open_reachable_store(settings)
    try:
        with startup_lock(engine, settings.data_dir):
            if count_entities_in(engine) == (0, 0):
                _load_demo(engine, settings)
            if not index_is_current(settings, engine):
                _build_or_report_index(engine, settings, build_index)
            return create_demo_key_or_none(engine, settings)
    finally:
        engine.dispose()


def open_reachable_store(settings: Settings) -> sa.Engine:
    """The migrated store; an unreachable database is one ConfigurationError line."""
    try:
        return open_store(settings)
    except sa.exc.OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise ConfigurationError(
            f"The database cannot be reached ({reason}). Check LOOKALIKE_DATABASE_URL and that "
            "the database is running."
        ) from None


def _build_or_report_index(engine: sa.Engine, settings: Settings, build_index: bool) -> None:
    from lookalike.engine.build import build_index as build

    if build_index or settings.database_url is None:
        with stage_progress("Indexing") as progress:
            build(settings, engine, progress=progress)
        return
    console.print(
        "[bold yellow]The index is missing or older than the data:[/bold yellow] /readyz "
        "answers 503 until `lookalike index build` has run (or start with "
        "--build-index-if-missing).",
        highlight=False,
    )


def warn_about_unknown_plans(settings: Settings) -> None:
    """Say which accounts have a plan the settings do not define (their keys get 403)."""
    engine = open_store(settings)
    try:
        with engine.connect() as conn:
            counts = plans_in_use(conn)
    finally:
        engine.dispose()
    for plan, accounts in sorted(counts.items()):
        if plan not in settings.plans:
            console.print(
                f"[bold yellow]warning:[/bold yellow] {accounts} account(s) have the plan "
                f"{plan!r}, which the settings do not define (LOOKALIKE_PLANS): their keys get "
                "403 until it is defined or they move (lookalike keys plan ACCOUNT PLAN).",
                highlight=False,
            )


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


def _print_banner(base_url: str, demo_key: str | None) -> None:
    console.print(f"\n[bold green]lookalike[/bold green] on {base_url}  (docs: {base_url}/docs)")
    if demo_key is None:
        console.print("Create an API key with: lookalike keys create --name NAME --credits 1000")
        console.print("(The demo API key, if this data directory has one: lookalike keys demo)")
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
