"""Operator commands and start-up checks: plans, key rotation, workers without Redis, unknown
plans, an unreachable database, and hosts started together on an empty PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from backends import postgres_url
from lookalike.api.callers import look_up_caller
from lookalike.errors import ForbiddenError, OperatorError
from lookalike.settings import Settings
from lookalike.store.account_admin import change_plan, plans_in_use, rotate_key
from lookalike.store.accounts import create_account_with_key, hash_key
from lookalike.store.database import open_store


def lookalike(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lookalike.cli.main", *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
        timeout=120,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[sa.Engine, Settings]]:
    settings = Settings(data_dir=tmp_path)
    engine = open_store(settings)
    yield engine, settings
    engine.dispose()


def test_keys_plan_moves_an_account_and_its_key_follows(
    store: tuple[sa.Engine, Settings],
) -> None:
    engine, settings = store
    account_id, key = create_account_with_key(engine, "acme", "basic", 10)
    assert change_plan(engine, "acme", "pro", settings.plans) == (account_id, "basic")
    assert look_up_caller(engine, settings, hash_key(key)).plan_name == "pro"
    with pytest.raises(OperatorError, match="Unknown plan 'gold'"):
        change_plan(engine, str(account_id), "gold", settings.plans)
    create_account_with_key(engine, "acme", "basic", 10)
    with pytest.raises(OperatorError, match="names 2 accounts"):
        change_plan(engine, "acme", "basic", settings.plans)
    with pytest.raises(OperatorError, match="No account given"):
        change_plan(engine, "  ", "basic", settings.plans)
    with engine.connect() as conn:
        assert plans_in_use(conn) == {"pro": 1, "basic": 1}


def test_keys_rotate_revokes_the_old_key_at_once_or_after_the_grace(
    store: tuple[sa.Engine, Settings],
) -> None:
    engine, settings = store
    account_id, old = create_account_with_key(engine, "acme", "basic", 10)
    graceful = rotate_key(engine, str(account_id), timedelta(minutes=5))
    assert look_up_caller(engine, settings, hash_key(old)).account_id == account_id
    assert look_up_caller(engine, settings, hash_key(graceful.plain_key)).account_id == account_id
    at_once = rotate_key(engine, "acme")
    with pytest.raises(ForbiddenError):
        look_up_caller(engine, settings, hash_key(old))
    with pytest.raises(ForbiddenError):
        look_up_caller(engine, settings, hash_key(graceful.plain_key))
    assert look_up_caller(engine, settings, hash_key(at_once.plain_key)).account_id == account_id


def test_keys_rotate_prints_the_new_key_alone_on_the_last_line(tmp_path: Path) -> None:
    env = {"LOOKALIKE_DATA_DIR": str(tmp_path)}
    assert lookalike("keys", "create", "--name", "acme", env=env).returncode == 0
    rotated = lookalike("keys", "rotate", "acme", "--grace-minutes", "10", env=env)
    assert rotated.returncode == 0, rotated.stderr
    assert rotated.stdout.strip().splitlines()[-1].startswith("lk_")
    listed = lookalike("keys", "list", env=env).stdout
    assert "until" in listed and "active" in listed


def test_serve_refuses_several_workers_that_would_count_limits_alone(tmp_path: Path) -> None:
    result = lookalike("serve", "--workers", "2", env={"LOOKALIKE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: With --workers 2 and no LOOKALIKE_REDIS_URL, each worker counts rate limits "
        "alone and up to 2 times a plan's limits get through. Set LOOKALIKE_REDIS_URL, or pass "
        "--allow-per-worker-limits to accept that."
    ]


def test_serve_with_an_unreachable_database_or_redis_is_one_line(tmp_path: Path) -> None:
    env = {"LOOKALIKE_DATA_DIR": str(tmp_path)}
    no_db = lookalike(
        "serve", env={**env, "LOOKALIKE_DATABASE_URL": "postgresql+psycopg://u@127.0.0.1:9/x"}
    )
    assert no_db.returncode == 1
    lines = no_db.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: The database cannot be reached")
    no_redis = lookalike("serve", env={**env, "LOOKALIKE_REDIS_URL": "redis://127.0.0.1:9/0"})
    assert no_redis.returncode == 1
    assert (
        no_redis.stderr.strip().splitlines()[-1].startswith("error: Redis at redis://127.0.0.1:9")
    )


def test_hosts_started_together_on_an_empty_postgresql_both_come_up() -> None:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{postgres_url()}?options=-csearch_path%3D{schema}"
    try:
        starts = [
            subprocess.Popen(
                [sys.executable, "-m", "lookalike.cli.main", "db", "upgrade"],
                env={"PATH": "/usr/bin:/bin", "LOOKALIKE_DATABASE_URL": url},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        errors = [start.communicate(timeout=120)[1] for start in starts]
        results = [(start.returncode, error) for start, error in zip(starts, errors, strict=True)]
        assert all(code == 0 for code, _ in results), results
        with admin.connect() as conn:
            version = conn.execute(sa.text(f'SELECT version_num FROM "{schema}".alembic_version'))
            assert len(list(version)) == 1
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
