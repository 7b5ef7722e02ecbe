"""A large import on SQLite never holds the write lock for long, and stays all or nothing.

The import runs as ``lookalike import contacts`` in a child process against the same SQLite file a
real app charges credits in; every charged request is timed. The other tests kill imports and make
them fail late, then check the tables are as before and the next import runs.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from api_universe import PLANS, Universe, asgi_client, build_universe, company_rows, key_factory
from fastapi import FastAPI

from lookalike.api.app import create_app
from lookalike.errors import ImportValidationError
from lookalike.ingest.importer import WRITER_PROCESS_MIN_ROWS, import_file
from lookalike.settings import Settings
from lookalike.store.accounts import find_key_or_none
from lookalike.store.credits import current_balance, ledger_sum
from lookalike.store.database import open_store
from lookalike.store.entities import contacts_by_ids
from lookalike.store.staging import staging_path
from lookalike.synthetic.files import CONTACT_HEADER, write_contacts_csv

CLI = [sys.executable, "-c", "from lookalike.cli.main import main; main()"]
CONTACTS = "/api/recommendations/contacts"
SEEDS = [{"personId": f"p{i:03d}-0", "companyId": f"c{i:03d}"} for i in (0, 4, 8)]
LARGE_IMPORT = 300_000
MAX_WAIT_SECONDS = 1.0  # the bound the issue names: wide, so machine noise never trips it
CLIENTS = 4
CREDITS = 10_000_000
RENAMED_TITLE = "Chief Analytical Engine Officer"


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LARGE_IMPORT new contacts of the universe's companies, then one update of ``p000-0``."""
    path = tmp_path_factory.mktemp("large") / "contacts.csv"
    write_contacts_csv(path, LARGE_IMPORT, _company_ids(), distinct_titles=200)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"p000-0,c000,Ada,Lovelace,{RENAMED_TITLE},Germany,Berlin\n")
    return path


@pytest.fixture
def universe(tmp_path: Path) -> Universe:
    """The API tests' small universe (and its index) on a fresh SQLite file."""
    settings = Settings(data_dir=tmp_path / "data", plans=PLANS, index={"kind": "exact"})
    return build_universe(settings, "sqlite")


@pytest.fixture
def store(universe: Universe) -> Iterator[sa.Engine]:
    """The store engine of the universe (as a separate importing process would open it)."""
    engine = open_store(universe.settings)
    yield engine
    engine.dispose()


def _company_ids() -> list[str]:
    return [str(row["company_id"]) for row in company_rows()]


def _database(universe: Universe) -> Path:
    database = sa.make_url(universe.settings.resolved_database_url).database
    assert database is not None
    return Path(database)


def _snapshot(universe: Universe) -> tuple[int, int, int, str]:
    """(companies, contacts, universe version, digest of every contact row), read without locks."""
    with sqlite3.connect(f"file:{_database(universe)}?mode=ro", uri=True) as conn:
        companies = conn.execute("SELECT count(*) FROM companies").fetchone()[0]
        rows = conn.execute("SELECT * FROM contacts ORDER BY person_id").fetchall()
        version = conn.execute("SELECT coalesce(max(version), 0) FROM universe_meta").fetchone()[0]
    conn.close()
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    return int(companies), len(rows), int(version), digest


@contextmanager
def _importing(universe: Universe, path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``lookalike import contacts PATH`` in its own process group (a kill takes its children);
    its stderr goes to ``PATH.log``."""
    env = {**os.environ, "LOOKALIKE_DATA_DIR": str(universe.settings.data_dir)}
    with (
        path.with_suffix(".log").open("wb") as log,
        subprocess.Popen(
            [*CLI, "import", "contacts", str(path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        ) as process,
    ):
        try:
            yield process
        finally:
            if process.poll() is None:
                _kill(process)


def _kill(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


async def _charge(client: httpx.AsyncClient, key: str) -> tuple[float, httpx.Response]:
    """One charged request (a new session of five contacts): (seconds it took, response)."""
    started = time.perf_counter()
    response = await client.post(
        CONTACTS, json={"contacts": SEEDS, "limit": 5}, headers={"api_key": key}
    )
    return time.perf_counter() - started, response


async def _charge_until_done(
    client: httpx.AsyncClient, key: str, process: subprocess.Popen[bytes]
) -> list[tuple[float, httpx.Response]]:
    """Charged requests back to back until the import exits."""
    timed = []
    while process.poll() is None:
        timed.append(await _charge(client, key))
    return timed


def _balance_and_ledger(app: FastAPI, key: str) -> tuple[int, int]:
    with app.state.services.store.connect() as conn:
        record = find_key_or_none(conn, key)
        assert record is not None
        return current_balance(conn, record.account_id), ledger_sum(conn, record.account_id)


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    """Poll ``condition`` until it holds; fails if the import exits first."""
    while not condition():
        assert process.poll() is None, "the import ended before the moment to kill it"
        time.sleep(0.005)


def _contacts_stored(universe: Universe) -> int:
    with sqlite3.connect(f"file:{_database(universe)}?mode=ro", uri=True) as conn:
        count = int(conn.execute("SELECT count(*) FROM contacts").fetchone()[0])
    conn.close()
    return count


def _small_file(tmp_path: Path, rows: int, bad_line: int | None = None) -> Path:
    """``rows`` new contacts ``n-<i>`` (line ``bad_line`` naming an unknown company)."""
    row = "n-{0},c{1:03d},Grace,Hopper,Sales Manager,Germany,Berlin\n"
    lines = [row.format(i, i % 48) for i in range(rows)]
    if bad_line is not None:
        lines[bad_line - 2] = f"n-{bad_line},no-such-company,Grace,Hopper,Sales Manager,,\n"
    path = tmp_path / f"small-{rows}.csv"
    path.write_text(f"{','.join(CONTACT_HEADER)}\n" + "".join(lines))
    return path


pytestmark = pytest.mark.slow


@pytest.mark.anyio
async def test_charged_requests_never_wait_on_a_large_import(
    universe: Universe, large_file: Path
) -> None:
    _, contacts_before, version_before, _ = _snapshot(universe)
    app = create_app(universe.settings)
    key = key_factory(app)(credits=CREDITS, plan="bulk")
    try:
        async with asgi_client(app) as client:
            warm_up = await _charge(client, key)  # the app opens its index on first use
            with _importing(universe, large_file) as process:
                runs = await asyncio.gather(
                    *(_charge_until_done(client, key, process) for _ in range(CLIENTS))
                )
        assert process.returncode == 0, large_file.with_suffix(".log").read_text()
        balance, ledger = _balance_and_ledger(app, key)
    finally:
        app.state.services.store.dispose()

    timed = [item for run in runs for item in run]
    slowest = max(seconds for seconds, _ in timed)
    charged = sum(response.json()["creditsCharged"] for _, response in [warm_up, *timed])
    assert len(timed) >= 20, "too few requests overlapped the import to say anything"
    assert {response.status_code for _, response in timed} == {200}
    assert slowest < MAX_WAIT_SECONDS, f"a request waited {slowest:.2f} s on the import"
    assert balance == ledger == CREDITS - charged
    _, contacts_after, version_after, _ = _snapshot(universe)
    assert (contacts_after, version_after) == (contacts_before + LARGE_IMPORT, version_before + 1)


@pytest.mark.parametrize("rows", [1_000, WRITER_PROCESS_MIN_ROWS + 10_000])
def test_an_import_failing_at_its_last_row_changes_nothing(
    universe: Universe, store: sa.Engine, tmp_path: Path, rows: int
) -> None:
    before = _snapshot(universe)
    path = _small_file(tmp_path, rows, bad_line=rows + 1)

    with pytest.raises(ImportValidationError) as caught:
        import_file(store, "contacts", path)

    assert caught.value.problems[0].line == rows + 1
    assert _snapshot(universe) == before
    assert not staging_path(_database(universe)).exists()


def test_an_import_killed_while_staging_changes_nothing_and_the_next_one_runs(
    universe: Universe, store: sa.Engine, large_file: Path, tmp_path: Path
) -> None:
    before = _snapshot(universe)
    staging = staging_path(_database(universe))

    with _importing(universe, large_file) as process:
        _wait_for(lambda: staging.exists() and staging.stat().st_size > 1 << 20, process)
        _kill(process)

    assert _snapshot(universe) == before
    report = import_file(store, "contacts", _small_file(tmp_path, 10))
    assert (report.inserted, report.universe_version) == (10, before[2] + 1)
    assert _snapshot(universe)[1] == before[1] + 10
    assert not staging.exists()


def test_an_import_killed_while_merging_is_finished_by_the_next_import(
    universe: Universe, store: sa.Engine, large_file: Path, tmp_path: Path
) -> None:
    _, contacts_before, version_before, _ = _snapshot(universe)

    with _importing(universe, large_file) as process:
        _wait_for(lambda: _contacts_stored(universe) > contacts_before, process)
        _kill(process)

    _, partly, version, _ = _snapshot(universe)
    assert contacts_before < partly < contacts_before + LARGE_IMPORT
    assert version == version_before  # the index is not stale: the import is not in yet
    report = import_file(store, "contacts", _small_file(tmp_path, 10))
    assert report.universe_version == version_before + 2  # the killed import's bump, then its own
    assert _snapshot(universe)[1] == contacts_before + LARGE_IMPORT + 10
    with store.connect() as conn:
        assert contacts_by_ids(conn, ["p000-0"])["p000-0"].job_title == RENAMED_TITLE
    assert not staging_path(_database(universe)).exists()
