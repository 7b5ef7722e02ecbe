"""`lookalike backup`: online SQLite copies under concurrent writes; pg_dump for PostgreSQL."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from backends import postgres_url
from lookalike.cli.backup import backup_sqlite
from lookalike.cli.main import app
from lookalike.errors import ConfigurationError, OperatorError
from lookalike.settings import Settings
from lookalike.store.database import create_store_engine, open_store, upgrade_database
from lookalike.store.entities import count_entities, upsert_companies

# Never connected to: without pg_dump the backup stops before it reaches the database.
UNUSED_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:9/test"
COMPANY = {"employees_estimated": False, "technologies": "", "keywords": "", "naics": "513210"}


def _add_companies(engine: sa.Engine, start: int, count: int) -> None:
    rows = [
        {**COMPANY, "company_id": f"c-{i}", "name": f"Company {i} " + "x" * 200}
        for i in range(start, start + count)
    ]
    with engine.begin() as conn:
        upsert_companies(conn, rows)


def _companies_in(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM companies").fetchone()[0])


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[sa.Engine]:
    """A SQLite store in ``tmp_path/data`` holding 500 companies (many pages)."""
    engine = open_store(Settings(data_dir=tmp_path / "data"))
    _add_companies(engine, 0, 500)
    yield engine
    engine.dispose()


def test_a_copy_is_one_snapshot_while_another_connection_commits(
    sqlite_store: sa.Engine, tmp_path: Path
) -> None:
    source = Path(str(sqlite_store.url.database))
    steps: list[tuple[int, int]] = []

    def write_between_steps(done: int, total: int) -> None:
        steps.append((done, total))
        _add_companies(sqlite_store, 1000 + len(steps), 1)  # a writer commits mid-copy

    pages = backup_sqlite(
        source, tmp_path / "copy.db", progress=write_between_steps, pages_per_step=5
    )
    assert len(steps) > 3 and steps[-1] == (pages, pages)
    assert _companies_in(tmp_path / "copy.db") == 500
    with sqlite_store.connect() as conn:
        assert count_entities(conn) == (500 + len(steps), 0)


def test_backup_command_copies_the_rows_while_a_writer_thread_commits(
    sqlite_store: sa.Engine, tmp_path: Path
) -> None:
    stop = threading.Event()

    def keep_writing() -> None:
        batch = 0
        while not stop.is_set():
            _add_companies(sqlite_store, 10_000 + batch * 10, 10)
            batch += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        result = CliRunner().invoke(
            app, ["--data-dir", str(tmp_path / "data"), "backup", str(tmp_path / "copy.db")]
        )
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "integrity_check ok" in result.output
    copy = create_store_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    with copy.connect() as conn:
        companies, _ = count_entities(conn)
        assert companies >= 500 and (companies - 500) % 10 == 0  # whole transactions only
        name = conn.execute(sa.text("SELECT name FROM companies WHERE company_id = 'c-7'"))
        assert name.scalar_one().startswith("Company 7 ")
    copy.dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "data"]


def test_backup_refuses_to_replace_a_file_unless_forced(
    sqlite_store: sa.Engine, tmp_path: Path
) -> None:
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    arguments = ["--data-dir", str(tmp_path / "data"), "backup", str(target)]
    refused = CliRunner().invoke(app, arguments)
    assert isinstance(refused.exception, OperatorError)
    assert "--force" in str(refused.exception)
    assert target.read_text() == "keep me"
    forced = CliRunner().invoke(app, [*arguments, "--force"])
    assert forced.exit_code == 0, forced.output
    assert _companies_in(target) == 500


def test_backup_of_a_missing_sqlite_store_says_there_is_nothing_to_copy(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--data-dir", str(tmp_path / "none"), "backup", str(tmp_path / "copy.db")]
    )
    assert isinstance(result.exception, ConfigurationError)
    assert not (tmp_path / "copy.db").exists()


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield schema
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def _postgres_bin_dir_or_skip() -> str:
    found = shutil.which("pg_dump") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), reverse=True)), None
    )
    if found is None:
        pytest.skip("pg_dump is not installed")
    return str(Path(found).parent)


def test_postgres_backup_is_a_pg_dump_that_pg_restore_brings_back(
    postgres_schema: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = _postgres_bin_dir_or_skip()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    url = f"{postgres_url()}?options=-csearch_path%3D{postgres_schema}"
    engine = create_store_engine(url)
    upgrade_database(engine)
    _add_companies(engine, 0, 50)
    target = tmp_path / "store.dump"
    env = {"LOOKALIKE_DATABASE_URL": url}
    result = CliRunner().invoke(app, ["backup", str(target)], env=env)
    assert result.exit_code == 0, result.output
    assert f"--format=custom --file={tmp_path}/." in result.output
    assert f"--schema={postgres_schema}" in result.output
    assert target.read_bytes().startswith(b"PGDMP")

    with engine.begin() as conn:  # lose the schema, then restore it as docs/operations.md says
        conn.execute(sa.text(f'DROP SCHEMA "{postgres_schema}" CASCADE'))
    engine.dispose()
    libpq_url = sa.make_url(postgres_url()).set(drivername="postgresql")
    restore = [f"{bin_dir}/pg_restore", f"--dbname={libpq_url.render_as_string()}"]
    subprocess.run([*restore, str(target)], check=True, capture_output=True)
    engine = create_store_engine(url)
    with engine.connect() as conn:
        assert count_entities(conn) == (50, 0)
    engine.dispose()


def test_postgres_backup_without_pg_dump_says_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(
        app,
        ["backup", str(tmp_path / "x.dump")],
        env={"LOOKALIKE_DATABASE_URL": UNUSED_POSTGRES_URL},
    )
    assert isinstance(result.exception, ConfigurationError)
    assert "pg_dump is not on PATH" in str(result.exception)
    assert not (tmp_path / "x.dump").exists()
