"""``lookalike backup``: an online, consistent copy of the store while servers serve and write.

SQLite: the ``sqlite3`` backup API copies the pages of one read snapshot (the store runs in WAL
mode, so the snapshot blocks no writer), into a partial file beside PATH; ``PRAGMA
integrity_check`` checks the copy before it is renamed to PATH. PostgreSQL: ``pg_dump
--format=custom`` writes the partial file instead (restore with ``pg_restore``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from lookalike.cli.context import console, settings_from
from lookalike.errors import ConfigurationError, DataError, OperatorError

PageCallback = Callable[[int, int], None]
PAGES_PER_STEP = 1024  # 4 MiB of 4 KiB pages between progress updates


def backup(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="File to write the backup to.")],
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Back up the store to PATH while servers keep serving and writing.

    SQLite: a consistent copy of the database file, checked with PRAGMA integrity_check.
    PostgreSQL: pg_dump --format=custom (restore it with pg_restore). Index generations are not
    part of the backup: run `lookalike index build` after a restore.
    """
    url = sa.engine.make_url(settings_from(ctx).resolved_database_url)
    refuse_existing(path, force=force)
    started = time.perf_counter()
    if url.get_backend_name() == "sqlite":
        pages = _backup_sqlite_with_progress(_sqlite_file(url), path, force=force)
        what = f"{pages:,} pages, integrity_check ok"
    elif url.get_backend_name() == "postgresql":
        backup_postgres(url, path, force=force)
        what = "pg_dump custom format; restore with pg_restore"
    else:  # pragma: no cover - create_store_engine refuses other schemes first
        raise ConfigurationError(f"Backups of {url.get_backend_name()!r} stores are not supported.")
    size = path.stat().st_size
    elapsed = time.perf_counter() - started
    typer.echo(f"Backed up the store to {path} ({size:,} bytes, {what}) in {elapsed:.1f} s.")


def refuse_existing(path: Path, *, force: bool) -> None:
    """Fail before any work when PATH exists (without ``--force``) or its directory does not."""
    if path.exists() and not force:
        raise OperatorError(f"{path} exists: choose another path, or pass --force to replace it.")
    if not path.parent.is_dir():
        raise OperatorError(f"Directory {path.parent} does not exist: create it first.")


def _sqlite_file(url: sa.URL) -> Path:
    if not url.database or url.database == ":memory:" or not Path(url.database).is_file():
        raise ConfigurationError(f"No SQLite store at {url.database!r}: nothing to back up.")
    return Path(url.database)


def _backup_sqlite_with_progress(source: Path, target: Path, *, force: bool) -> int:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("Copying pages", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return backup_sqlite(source, target, force=force, progress=update)


def backup_sqlite(
    source: Path,
    target: Path,
    *,
    force: bool = False,
    progress: PageCallback | None = None,
    pages_per_step: int = PAGES_PER_STEP,
) -> int:
    """Copy the SQLite database ``source`` to ``target`` consistently; return the page count.

    The source connection holds one read transaction for the whole copy, so every step reads
    the same snapshot: writers committing meanwhile (WAL mode) neither wait nor restart the
    copy, and their rows are not in it. ``progress`` gets ``(pages done, pages in all)``.
    """
    partial = partial_path(target)
    try:
        with closing(sqlite3.connect(source, timeout=30, isolation_level=None)) as src:
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # pins the snapshot
            with closing(sqlite3.connect(partial)) as dst:
                src.backup(dst, pages=pages_per_step, progress=_page_callback(progress))
                pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
                check_integrity(dst, target)
            src.execute("ROLLBACK")
        publish(partial, target, force=force)
    finally:
        partial.unlink(missing_ok=True)
    return pages


def _page_callback(progress: PageCallback | None) -> Callable[[int, int, int], None] | None:
    if progress is None:
        return None

    def report(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    return report


def check_integrity(copy: sqlite3.Connection, target: Path) -> None:
    """Raise :class:`DataError` unless ``PRAGMA integrity_check`` of the copy says ``ok``."""
    problems = [row[0] for row in copy.execute("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise DataError(
            f"The copy for {target} failed PRAGMA integrity_check ({problems[0]}); "
            "nothing was written. Run `sqlite3 lookalike.db 'PRAGMA integrity_check'` on the store."
        )


def pg_dump_command(url: sa.URL, output: Path) -> list[str]:
    """The pg_dump command line writing the store at ``url`` to ``output``, without the
    password (:func:`backup_postgres` passes it in ``PGPASSWORD``).

    When the URL pins a ``search_path`` (``?options=-csearch_path%3DNAME``), only that schema,
    which holds the store, is dumped; else the whole database.
    """
    executable = shutil.which("pg_dump")
    if executable is None:
        raise ConfigurationError(
            "pg_dump is not on PATH: install the PostgreSQL client tools of the server's major "
            "version or newer (Debian/Ubuntu: apt-get install postgresql-client)."
        )
    conninfo = sa.engine.URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    ).render_as_string(hide_password=False)
    command = [executable, "--format=custom", f"--file={output}"]
    schema = _search_path_schema_or_none(url)
    if schema is not None:
        command.append(f"--schema={schema}")
    return [*command, f"--dbname={conninfo}"]


def _search_path_schema_or_none(url: sa.URL) -> str | None:
    options = url.query.get("options", "")
    text = options if isinstance(options, str) else " ".join(options)
    match = re.search(r"search_path\s*=\s*([^\s,]+)", text)
    return match.group(1).strip('"') if match else None


def backup_postgres(url: sa.URL, target: Path, *, force: bool = False) -> None:
    """Dump the store at ``url`` with pg_dump (printing its command line) to ``target``."""
    partial = partial_path(target)
    command = pg_dump_command(url, partial)
    console.print(f"Running: {shlex.join(command)}", highlight=False, markup=False, soft_wrap=True)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = url.password
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines() or ["no message"]
            raise ConfigurationError(f"pg_dump failed (exit {result.returncode}): {lines[-1]}")
        publish(partial, target, force=force)
    finally:
        partial.unlink(missing_ok=True)


def partial_path(target: Path) -> Path:
    """A unique file beside ``target`` (same file system, so the final rename is atomic)."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")


def publish(partial: Path, target: Path, *, force: bool) -> None:
    """Give the finished ``partial`` file the name ``target`` in one step, then make it durable.

    Without ``force`` a hard link makes the name, which fails rather than replace a file that
    appeared at ``target`` while the backup ran.
    """
    if force:
        os.replace(partial, target)
    else:
        try:
            os.link(partial, target)
        except FileExistsError:
            raise OperatorError(
                f"{target} appeared while the backup ran: pass --force to replace it."
            ) from None
    _fsync_directory(target.parent)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
