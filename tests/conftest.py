"""Shared fixtures: a real store on SQLite and on PostgreSQL (one fresh schema per test).

The PostgreSQL and Redis come from ``backends``: the running ones, else throwaway servers that are
stopped when the run ends.
"""

from __future__ import annotations

import uuid
from collections.abc import Generator, Iterator

import pytest
import sqlalchemy as sa

from backends import fold_skip_location, postgres_url, started_servers, stop_throwaway_servers
from lookalike.store.database import create_store_engine, upgrade_database


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Says which throwaway servers the run started, since nothing was running where expected."""
    if servers := started_servers():
        terminalreporter.write_line(f"Started throwaway {' and '.join(servers)} for this run.")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport() -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Reports the skips of a missing backend in one summary line."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple):
        report.longrepr = fold_skip_location(report.longrepr)
    return report


def pytest_unconfigure() -> None:
    """Stops the throwaway servers."""
    stop_throwaway_servers()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database URL for an empty database, once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'lookalike.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{postgres_url()}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store_engine(database_url: str) -> Iterator[sa.Engine]:
    """A migrated, empty store on each database."""
    engine = create_store_engine(database_url)
    upgrade_database(engine)
    yield engine
    engine.dispose()
