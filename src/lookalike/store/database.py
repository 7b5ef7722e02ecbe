"""Connecting to the store (SQLite file or PostgreSQL) and applying Alembic migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from lookalike.errors import ConfigurationError
from lookalike.settings import Settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The advisory lock that serialises migrations of one PostgreSQL database ("lkmigrat").
MIGRATION_LOCK_KEY = 0x6C6B6D6967726174


def create_store_engine(url: str) -> sa.Engine:
    """An SQLAlchemy engine for ``url``; SQLite files get WAL mode and a busy timeout."""
    if url.startswith("sqlite"):
        return _create_sqlite_engine(url)
    if url.startswith("postgresql"):
        return _create_postgres_engine(url)
    raise ConfigurationError(
        f"Database URL scheme of {url.split(':', 1)[0]!r} is not supported. "
        "Use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB."
    )


def _create_sqlite_engine(url: str) -> sa.Engine:
    path = sa.engine.make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin() issue BEGIN itself so writers take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _create_postgres_engine(url: str) -> sa.Engine:
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigurationError(
            "PostgreSQL needs the psycopg driver: pip install 'lookalike[postgres]'."
        ) from exc
    # Bounded waits: an unreachable server or an exhausted pool fails in seconds (a 503 on the
    # request path), never hangs a request.
    return sa.create_engine(
        url,
        pool_size=10,
        max_overflow=20,
        pool_pre_ping=True,
        pool_timeout=10,
        connect_args={"connect_timeout": 5},
    )


def is_sqlite(engine: sa.Engine) -> bool:
    """True when the store is a SQLite file (one writer at a time, no row locks)."""
    return engine.dialect.name == "sqlite"


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at the packaged migrations and ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(engine: sa.Engine) -> None:
    """Apply every pending migration to the database behind ``engine``.

    Concurrent callers (hosts started together) take turns: on PostgreSQL the migration's
    transaction first takes a transaction-level advisory lock, so the second one finds the
    schema up to date; SQLite's ``BEGIN IMMEDIATE`` already admits one writer at a time.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_store(settings: Settings) -> sa.Engine:
    """Connect to the configured store and bring its schema up to date."""
    engine = create_store_engine(settings.resolved_database_url)
    upgrade_database(engine)
    return engine
