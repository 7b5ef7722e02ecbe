"""Housekeeping: index generations, exact key revocation, the demo key, 403s and rate limits.

Generations: a build deletes the partials that killed builds left (never a running build's) and
keeps the last two complete generations. Keys: ``keys revoke`` names one key exactly or refuses.
The demo key is printed when it is made and shown again by ``keys demo``. Calls refused by plan
(403) use up no rate limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from api_universe import PLANS, Universe, asgi_client, build_universe
from fastapi import FastAPI

from cli_runner import run_lookalike
from lookalike.api.app import create_app
from lookalike.bench.http_load import free_port
from lookalike.cli.demo import DEMO_KEY_FILE
from lookalike.cli.serve import prepare_data_dir
from lookalike.engine.build import build_index
from lookalike.engine.generation import CURRENT_FILE, UNLOCKED_PARTIAL_SECONDS, publish_generation
from lookalike.errors import OperatorError
from lookalike.settings import PlanSettings, Settings
from lookalike.store.accounts import (
    create_account_with_key,
    create_key,
    hash_key,
    list_keys,
    revoke_key,
)
from lookalike.store.database import create_store_engine, open_store, upgrade_database
from lookalike.store.schema import accounts
from lookalike.synthetic.segments import build_synthetic_universe

# Holds a partial generation the way build_index does, until it is killed.
_BUILDING = """
import sys, time
from pathlib import Path
from lookalike.engine.generation import partial_generation
with partial_generation(Path(sys.argv[1]), sys.argv[2]) as partial:
    (partial / "contacts").mkdir(parents=True)
    (partial / "contacts" / "vectors.npy").write_bytes(bytes(4096))
    print("building", flush=True)
    time.sleep(120)
"""


def _name() -> str:
    return f"gen-{time.time_ns():020d}-0000beef"


@contextmanager
def _build_in_another_process(index_dir: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """A process holding a partial generation as a running build does; killed on exit."""
    name = _name()
    command = [sys.executable, "-c", _BUILDING, str(index_dir), name]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        assert process.stdout.readline().strip() == "building"
        yield process, index_dir / f".{name}.partial"
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stdout.close()


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[tuple[Settings, sa.Engine]]:
    """Settings and a SQLite store holding a few synthetic companies and contacts."""
    settings = Settings(data_dir=tmp_path, index={"kind": "exact"})
    engine = create_store_engine(settings.resolved_database_url)
    upgrade_database(engine)
    build_synthetic_universe(engine, companies=20, contacts_per_company=2)
    settings.index_dir.mkdir(parents=True)
    yield settings, engine
    engine.dispose()


def test_index_build_deletes_the_partial_generation_of_a_killed_build(
    small_store: tuple[Settings, sa.Engine],
) -> None:
    settings, engine = small_store
    with _build_in_another_process(settings.index_dir) as (process, partial):
        process.kill()
        process.wait(timeout=30)
    assert partial.is_dir()  # nothing deletes it on its own
    build_index(settings, engine)
    assert not partial.exists()
    assert not list(settings.index_dir.glob(".gen-*"))  # its lock file went too


def test_index_build_leaves_the_partial_of_a_build_running_in_another_process(
    small_store: tuple[Settings, sa.Engine],
) -> None:
    settings, engine = small_store
    with _build_in_another_process(settings.index_dir) as (_, partial):
        build_index(settings, engine)
        assert (partial / "contacts" / "vectors.npy").exists()
    build_index(settings, engine)  # that build is gone now
    assert not partial.exists()


def test_a_partial_without_a_lock_goes_only_once_unchanged_for_hours(
    small_store: tuple[Settings, sa.Engine],
) -> None:
    settings, engine = small_store
    old, recent = (settings.index_dir / f".{_name()}.partial" for _ in range(2))
    for partial in (old, recent):
        (partial / "companies").mkdir(parents=True)
        (partial / "companies" / "ids.npy").write_bytes(bytes(64))
    then = time.time() - UNLOCKED_PARTIAL_SECONDS - 60
    for path in (old / "companies" / "ids.npy", old / "companies", old):
        os.utime(path, (then, then))
    build_index(settings, engine)
    assert not old.exists() and recent.is_dir()


def test_index_build_keeps_the_last_two_complete_generations(
    small_store: tuple[Settings, sa.Engine],
) -> None:
    settings, engine = small_store
    built = [build_index(settings, engine) for _ in range(3)]
    assert sorted(settings.index_dir.glob("gen-*")) == built[1:]
    assert (settings.index_dir / CURRENT_FILE).read_text() == built[2].name


def test_publishing_keeps_the_generation_it_replaces_even_when_older_ones_are_newer(
    tmp_path: Path,
) -> None:
    generations = [tmp_path / _name() for _ in range(4)]
    for generation in generations:
        generation.mkdir()
        (generation / "manifest.json").write_text("{}")
    (tmp_path / CURRENT_FILE).write_text(generations[0].name)  # a server may have just loaded it
    publish_generation(tmp_path, generations[3])
    kept = sorted(tmp_path.glob("gen-*"))
    assert kept == [generations[0], generations[2], generations[3]]


def _active(engine: sa.Engine) -> list[int]:
    return [s.key_id for s in list_keys(engine) if s.revoked_at is None]


@pytest.mark.parametrize("blank", ["", " ", "\t", " \n "])
def test_revoke_refuses_blank_input_and_revokes_nothing(
    store_engine: sa.Engine, blank: str
) -> None:
    create_account_with_key(store_engine, "Only", "basic", 1)
    with pytest.raises(OperatorError, match="No key given"):
        revoke_key(store_engine, blank)
    assert len(_active(store_engine)) == 1


def test_revoke_refuses_input_naming_several_keys_and_names_them(store_engine: sa.Engine) -> None:
    first, _ = create_account_with_key(store_engine, "Acme", "basic", 1)
    create_account_with_key(store_engine, "Acme", "basic", 1)
    create_key(store_engine, first, "second key")
    ids = _active(store_engine)
    with pytest.raises(OperatorError) as refused:
        revoke_key(store_engine, "Acme")
    message = str(refused.value)
    assert "names 3 keys" in message and "\n" not in message
    assert all(f"key {key_id} (lk_" in message for key_id in ids)
    assert f"lookalike keys revoke {ids[0]}" in message
    assert _active(store_engine) == ids


def test_revoke_matches_nothing_by_a_part_of_a_value(store_engine: sa.Engine) -> None:
    _, key = create_account_with_key(store_engine, "Acme", "basic", 1)
    for part in ("lk_", key[:8], key[:11] + "x", key[:-1], "Acm", "acme"):
        with pytest.raises(OperatorError, match="No API key"):
            revoke_key(store_engine, part)
    assert len(_active(store_engine)) == 1


def test_revoke_takes_an_exact_id_prefix_whole_key_or_account_name(
    store_engine: sa.Engine,
) -> None:
    made = [create_account_with_key(store_engine, f"Acct {i}", "basic", 1) for i in range(5)]
    by_key = {s.key_id: s for s in list_keys(store_engine)}
    ids = sorted(by_key)
    refs = [
        str(ids[0]),
        by_key[ids[1]].prefix,
        by_key[ids[2]].prefix + "…",  # as `keys list` shows it
        made[3][1],
        "Acct 4",
    ]
    for key_id, ref in zip(ids, refs, strict=True):
        assert revoke_key(store_engine, ref).key_id == key_id
        assert key_id not in _active(store_engine)
    assert _active(store_engine) == []


def test_keys_revoke_of_a_blank_or_ambiguous_name_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for _ in range(2):
        run_lookalike(monkeypatch, tmp_path, "keys", "create", "--name", "Acme")
    capsys.readouterr()
    for ref, words in ((" ", "No key given"), ("Acme", "names 2 keys: key 1")):
        assert run_lookalike(monkeypatch, tmp_path, "keys", "revoke", ref) == 1
        error = capsys.readouterr().err.strip()
        assert len(error.splitlines()) == 1 and error.startswith("error: ") and words in error
    engine = open_store(Settings(data_dir=tmp_path))
    assert len(_active(engine)) == 2
    engine.dispose()


def _import_one_company(settings: Settings) -> None:
    engine = open_store(settings)
    build_synthetic_universe(engine, companies=2, contacts_per_company=1)
    engine.dispose()


def test_the_demo_key_is_made_once_kept_private_and_shown_by_keys_demo(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, index={"kind": "exact"})
    _import_one_company(settings)
    assert run_lookalike(monkeypatch, tmp_path, "keys", "demo") == 1
    assert "no demo API key" in capsys.readouterr().err
    key = prepare_data_dir(settings)
    assert key is not None and key.startswith("lk_")
    assert (tmp_path / DEMO_KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert prepare_data_dir(settings) is None  # later starts do not print it
    capsys.readouterr()
    assert run_lookalike(monkeypatch, tmp_path, "keys", "demo") == 0
    shown = capsys.readouterr()
    assert shown.out.strip() == key and "active" in shown.err


def _serve_banner(data_dir: Path) -> str:
    """What ``lookalike serve`` writes to stderr up to the end of its banner."""
    env = {**os.environ, "LOOKALIKE_DATA_DIR": str(data_dir), "LOOKALIKE_INDEX__KIND": "exact"}
    command = [sys.executable, "-m", "lookalike.cli.main", "serve", "--port", str(free_port())]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    assert server.stderr is not None
    lines: list[str] = []
    try:
        for line in server.stderr:
            lines.append(line)
            if line.startswith(("Try it:", "(The demo API key")):
                break
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()
    return "".join(lines)


@pytest.mark.slow
def test_serve_prints_the_demo_key_on_the_start_that_makes_it_only(tmp_path: Path) -> None:
    _import_one_company(Settings(data_dir=tmp_path))
    first = _serve_banner(tmp_path)
    key = (tmp_path / DEMO_KEY_FILE).read_text().strip()
    assert f"Demo API key: {key}" in first
    second = _serve_banner(tmp_path)
    assert key not in second and "lookalike keys demo" in second


CONTACTS = "/api/recommendations/contacts"
CONTACT_SEEDS = {"contacts": [{"personId": "p000-0", "companyId": "c000"}], "limit": 1}
V3_COMPANIES = "/v3/companies/lookalike"
V3_SEEDS = {"seeds": {"domains": [f"company{i}.example.com" for i in range(5)]}, "limit": 1}
ONCE = {"per_second": 1, "per_minute": 1, "per_hour": 1, "per_day": 1}


@pytest.fixture(scope="module")
def once_universe(tmp_path_factory: pytest.TempPathFactory) -> Universe:
    """The API test universe, with plans allowing one call (and one without recommendations)."""
    plans = {
        **PLANS,
        "once": PlanSettings(**ONCE),
        "data-only-once": PlanSettings(recommendations=False, **ONCE),
    }
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("once"), plans=plans, index={"kind": "exact"}
    )
    return build_universe(settings, "sqlite")


@pytest.fixture
async def once_app(once_universe: Universe) -> AsyncIterator[FastAPI]:
    """The app over that universe, looking every key up on every call."""
    app = create_app(once_universe.settings, key_cache_seconds=0)
    yield app
    app.state.services.store.dispose()


@pytest.mark.anyio
@pytest.mark.parametrize(("path", "body"), [(CONTACTS, CONTACT_SEEDS), (V3_COMPANIES, V3_SEEDS)])
async def test_calls_refused_by_plan_use_up_no_rate_limit(
    once_app: FastAPI, path: str, body: dict[str, object]
) -> None:
    store = once_app.state.services.store
    account_id, key = create_account_with_key(store, "no recs", "data-only-once", 100)
    headers = {"api_key": key}
    async with asgi_client(once_app) as client:
        for _ in range(3):
            refused = await client.post(path, json=body, headers=headers)
            assert refused.status_code == 403, refused.text
            assert "plan of this API key does not include recommendations" in refused.text
        with store.begin() as conn:
            conn.execute(
                sa.update(accounts).where(accounts.c.account_id == account_id).values(plan="once")
            )
        assert (await client.post(path, json=body, headers=headers)).status_code == 200
        assert (await client.post(path, json=body, headers=headers)).status_code == 429


@pytest.mark.anyio
async def test_a_revoked_key_uses_up_no_rate_limit(once_app: FastAPI) -> None:
    services = once_app.state.services
    _, key = create_account_with_key(services.store, "gone", "once", 100)
    revoke_key(services.store, key)
    async with asgi_client(once_app) as client:
        for _ in range(3):
            response = await client.post(CONTACTS, json=CONTACT_SEEDS, headers={"api_key": key})
            assert response.status_code == 403 and "revoked" in response.text
    usages = services.limiter.usage(hash_key(key), services.settings.plans["once"])
    assert [usage.used for usage in usages] == [0, 0, 0]
