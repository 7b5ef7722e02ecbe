"""``lookalike import`` as a user runs it: exit codes, the report lines, and SIGKILL safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from lookalike.ingest.importer import import_file
from lookalike.store.entities import count_entities, universe_version
from lookalike.synthetic.files import write_companies_csv, write_contacts_csv

CLI = [sys.executable, "-c", "from lookalike.cli.main import main; main()"]


def _env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "LOOKALIKE_DATABASE_URL": database_url,
        "LOOKALIKE_DATA_DIR": str(tmp_path / "data"),
    }


def test_cli_reports_each_bad_row_and_exits_1(
    store_engine: sa.Engine, database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "companies.csv"
    path.write_text("companyId,name,naics\nc-1,Acme,51\nc-2,,52\nc-3,Gamma,5x\n", encoding="utf-8")

    done = subprocess.run(
        [*CLI, "import", "companies", str(path)],
        env=_env(database_url, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == "line 3, column name: is required"
    assert lines[1] == "line 4, column naics: must be a NAICS code of 2 to 6 digits, not '5x'"
    assert lines[2].startswith(f"error: {path}: 2 bad row(s); nothing was imported.")
    with store_engine.connect() as conn:
        assert count_entities(conn) == (0, 0)


def test_cli_prints_a_one_line_summary_on_stdout(
    store_engine: sa.Engine, database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "companies.jsonl"
    path.write_text('{"companyId": "c-1", "name": "Acme"}\n', encoding="utf-8")

    done = subprocess.run(
        [*CLI, "import", "companies", str(path)],
        env=_env(database_url, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported 1 companies from")
    assert "1 inserted, 0 updated, 0 rejected" in done.stdout


def test_sigkill_mid_import_leaves_the_earlier_data_intact(
    store_engine: sa.Engine, database_url: str, tmp_path: Path
) -> None:
    company_ids = write_companies_csv(tmp_path / "companies.csv", 500)
    import_file(store_engine, "companies", tmp_path / "companies.csv")
    write_contacts_csv(tmp_path / "first.csv", 1_000, company_ids, seed=1, distinct_titles=50)
    import_file(store_engine, "contacts", tmp_path / "first.csv")
    with store_engine.connect() as conn:
        before = (count_entities(conn), universe_version(conn))
    big = tmp_path / "big.csv"
    write_contacts_csv(big, 160_000, company_ids, seed=2, distinct_titles=50)

    with subprocess.Popen(
        [*CLI, "import", "contacts", str(big)],
        env=_env(database_url, tmp_path),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stderr is not None
        progress_line = process.stderr.readline()  # printed once 100,000 rows are written
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)

    assert "100,000" in progress_line
    assert process.returncode == -signal.SIGKILL
    store_engine.dispose()
    with store_engine.connect() as conn:
        assert (count_entities(conn), universe_version(conn)) == before
    write_contacts_csv(tmp_path / "after.csv", 10, company_ids, seed=3, distinct_titles=5)
    report = import_file(store_engine, "contacts", tmp_path / "after.csv")
    assert report.loaded == 10
