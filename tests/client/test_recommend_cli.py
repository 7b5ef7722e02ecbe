from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lookalike.cli.crm_formats import reasons_text
from lookalike.cli.main import main

KeyFactory = Callable[..., str]


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["lookalike", "recommend", *args])
    try:
        main()
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_reasons_read_as_counts_of_seeds() -> None:
    reasons = [
        {"type": "seniority", "value": "Vice President", "seeds": 4},
        {"type": "department", "value": "Sales", "seeds": 5},
    ]
    assert reasons_text(reasons, 5) == "Vice President (4 of 5 seeds); Sales (5 of 5 seeds)"


def test_contacts_from_a_crm_export_become_a_crm_ready_csv(
    monkeypatch: pytest.MonkeyPatch,
    base_url: str,
    new_key: KeyFactory,
    seeds_csv: Callable[[str], Path],
    tmp_path: Path,
) -> None:
    rows = "".join(f"p{i:02d}-0,c{i:02d},Ann\n" for i in (0, 2, 4, 6, 8))
    seeds = seeds_csv(f"Person ID,Company ID,Full Name\n{rows}ghost,c01,X\n")
    out = tmp_path / "lookalikes.csv"
    monkeypatch.setenv("LOOKALIKE_API_KEY", new_key())
    args = ("contacts", "--seeds", str(seeds), "--out", str(out), "--limit", "4", "--pages", "2")
    assert run(monkeypatch, *args, "--base-url", base_url) == 0
    rows = read_rows(out)
    assert len(rows) == 8 and len({row["personId"] for row in rows}) == 8
    first = rows[0]
    assert first["name"] and first["companyName"] and first["companyDomain"]
    assert first["seniority"] and first["departments"]
    assert "of 5 seeds)" in first["reasons"]


def test_companies_can_be_seeded_by_website_column(
    monkeypatch: pytest.MonkeyPatch,
    base_url: str,
    new_key: KeyFactory,
    seeds_csv: Callable[[str], Path],
    tmp_path: Path,
) -> None:
    seeds = seeds_csv(
        "Account Name,Website\nAcme,https://acme04.example.com\n"
    )  # one seed is enough
    out = tmp_path / "accounts.csv"
    args = ("companies", "--seeds", str(seeds), "--out", str(out), "--limit", "3")
    assert run(monkeypatch, *args, "--base-url", base_url, "--api-key", new_key()) == 0
    rows = read_rows(out)
    assert len(rows) == 3 and all(row["domain"].endswith(".example.com") for row in rows)
    assert "c04" not in {row["companyId"] for row in rows}


def test_a_csv_without_seed_columns_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    seeds_csv: Callable[[str], Path],
    tmp_path: Path,
) -> None:
    seeds = seeds_csv("Full Name,Notes\nAnn,met at a fair\n")
    args = ("contacts", "--seeds", str(seeds), "--out", str(tmp_path / "o.csv"), "--api-key", "k")
    assert run(monkeypatch, *args) == 1
    assert "it needs an Email, a contact id (personId" in capsys.readouterr().err
