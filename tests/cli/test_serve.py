"""``lookalike serve``: first start on an empty data directory, restarts, and imported data."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from lookalike.bench.http_load import free_port
from lookalike.cli.demo import DEMO_KEY_FILE
from lookalike.cli.serve import prepare_data_dir
from lookalike.engine.generation import current_generation_path
from lookalike.settings import Settings
from lookalike.store.database import open_store
from lookalike.store.entities import (
    bump_universe_version,
    count_entities,
    upsert_companies,
    upsert_contacts,
)


def _import_two_companies(settings: Settings) -> None:
    engine = open_store(settings)
    company = {"employees_estimated": False, "technologies": "", "keywords": "", "naics": "513210"}
    contact = {"seniority": 5, "departments": "Sales", "composed": False}
    with engine.begin() as conn:
        upsert_companies(
            conn,
            [{**company, "company_id": f"own-{i}", "name": f"Own {i}"} for i in range(2)],
        )
        upsert_contacts(
            conn,
            [
                {
                    **contact,
                    "person_id": f"me-{i}",
                    "company_id": "own-0",
                    "job_title": "Sales Manager",
                }
                for i in range(3)
            ],
        )
        bump_universe_version(conn)
    engine.dispose()


def test_serve_keeps_imported_data_and_loads_no_demo(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    _import_two_companies(settings)
    key = prepare_data_dir(settings)
    engine = open_store(settings)
    with engine.connect() as conn:
        assert count_entities(conn) == (2, 3)
    engine.dispose()
    assert key is not None and key == (tmp_path / DEMO_KEY_FILE).read_text().strip()
    assert current_generation_path(settings.index_dir) is not None


def test_a_restart_reuses_the_index_and_the_demo_key(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    _import_two_companies(settings)
    first_key = prepare_data_dir(settings)
    generation = current_generation_path(settings.index_dir)
    assert prepare_data_dir(settings) is None  # not shown again: `lookalike keys demo` shows it
    assert (tmp_path / DEMO_KEY_FILE).read_text().strip() == first_key
    assert current_generation_path(settings.index_dir) == generation


@pytest.mark.slow
def test_first_start_builds_the_demo_and_prints_a_key_that_answers(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "LOOKALIKE_DEMO__CONTACTS": "3000", "LOOKALIKE_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "lookalike.cli.main", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        key = _read_demo_key(server)
        _wait_for(f"http://127.0.0.1:{port}/openapi.json")
        response = httpx.post(
            f"http://127.0.0.1:{port}/api/recommendations/companies",
            headers={"api_key": key},
            json={"companies": [{"domain": "sap.com"}], "limit": 5},
        )
        assert response.status_code == 200, response.text
        assert response.json()["count"] == 5
    finally:
        server.terminate()
        server.wait(timeout=30)
        assert server.stderr is not None
        server.stderr.close()


def _read_demo_key(server: subprocess.Popen[str]) -> str:
    assert server.stderr is not None
    for line in server.stderr:
        if line.startswith("Demo API key:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"serve exited ({server.wait()}) without printing a demo key")


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout} s")
