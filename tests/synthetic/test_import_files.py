"""Synthetic import files: the same arguments give the same bytes, in the import file format."""

from __future__ import annotations

import csv
from pathlib import Path

from lookalike.synthetic.files import (
    COMPANY_HEADER,
    CONTACT_HEADER,
    write_companies_csv,
    write_contacts_csv,
    write_universe,
)
from lookalike.synthetic.vocabulary import foreign_titles


def test_bench_universe_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first = write_universe(tmp_path / "a", 50, 500, seed=3)
    second = write_universe(tmp_path / "b", 50, 500, seed=3)
    assert first.contacts.read_bytes() == second.contacts.read_bytes()
    assert first.companies.read_bytes() == second.companies.read_bytes()
    assert len(first.contacts.read_text().splitlines()) == 501


def test_bench_progress_counts_every_row_written(tmp_path: Path) -> None:
    reported: list[int] = []

    write_universe(tmp_path, 40, 300, progress=reported.append)

    assert sum(reported) == 340


def test_bench_contacts_work_at_their_companies_and_some_in_their_language(
    tmp_path: Path,
) -> None:
    files = write_universe(tmp_path, 200, 3_000, seed=5)
    with files.companies.open(newline="") as handle:
        company_rows = list(csv.DictReader(handle))
    with files.contacts.open(newline="") as handle:
        contact_rows = list(csv.DictReader(handle))
    country = {row["companyId"]: row["country"] for row in company_rows}
    german = {title.title for title in foreign_titles("de")}

    assert tuple(company_rows[0]) == COMPANY_HEADER
    assert all(row["country"] == country[row["companyId"]] for row in contact_rows)
    assert any(row["jobTitle"] in german for row in contact_rows if row["country"] == "Germany")


def test_sample_files_are_the_same_for_the_same_seed(tmp_path: Path) -> None:
    paths = {}
    for name in ("a", "b"):
        ids = write_companies_csv(tmp_path / f"{name}-companies.csv", 20, seed=4)
        write_contacts_csv(tmp_path / f"{name}-contacts.csv", 200, ids, seed=4, distinct_titles=50)
        paths[name] = (tmp_path / f"{name}-companies.csv", tmp_path / f"{name}-contacts.csv")

    assert [p.read_bytes() for p in paths["a"]] == [p.read_bytes() for p in paths["b"]]
    header, *rows = paths["a"][1].read_text().splitlines()
    assert tuple(header.split(",")) == CONTACT_HEADER and len(rows) == 200
    assert len({row.split(",")[4] for row in rows}) <= 50
