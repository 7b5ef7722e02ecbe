from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lookalike.cli.main import app
from lookalike.errors import DataError

runner = CliRunner()


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_classify_writes_csv_with_departments_and_seniority_to_stdout(tmp_path: Path) -> None:
    source = _write_csv(
        tmp_path / "people.csv",
        [
            {"personId": "p1", "jobTitle": "VP Sales & Marketing EMEA"},
            {"personId": "p2", "jobTitle": "Vertriebsleiter"},
        ],
    )
    result = runner.invoke(app, ["titles", "classify", str(source)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0] == {
        "personId": "p1",
        "jobTitle": "VP Sales & Marketing EMEA",
        "departments": "Sales|Marketing",
        "seniority": "Vice President",
        "seniorityId": "8",
    }
    assert (rows[1]["departments"], rows[1]["seniorityId"]) == ("Sales", "6")


def test_classify_reads_jsonl_and_writes_the_format_of_the_out_extension(tmp_path: Path) -> None:
    source = tmp_path / "people.jsonl"
    source.write_text(
        json.dumps({"personId": "p1", "jobTitle": "Directeur commercial"}) + "\n", "utf-8"
    )
    out = tmp_path / "classified.jsonl"
    result = runner.invoke(app, ["titles", "classify", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    row = json.loads(out.read_text("utf-8"))
    assert row == {
        "personId": "p1",
        "jobTitle": "Directeur commercial",
        "departments": "Sales",
        "seniority": "Director",
        "seniorityId": 6,
    }


def test_a_file_without_a_job_title_column_is_a_one_line_error(tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "people.csv", [{"personId": "p1", "title": "CEO"}])
    result = runner.invoke(app, ["titles", "classify", str(source)])
    assert result.exit_code != 0
    assert isinstance(result.exception, DataError)
    assert "'jobTitle' column" in str(result.exception)
    assert "\n" not in str(result.exception)


@pytest.mark.parametrize("name", ["people.xlsx", "people"])
def test_an_unknown_extension_is_a_one_line_error_naming_the_choices(
    tmp_path: Path, name: str
) -> None:
    source = tmp_path / name
    source.write_text("jobTitle\nCEO\n", "utf-8")
    result = runner.invoke(app, ["titles", "classify", str(source)])
    assert isinstance(result.exception, DataError)
    assert ".csv or .jsonl" in str(result.exception)


def test_eval_titles_prints_the_accuracy_table() -> None:
    result = runner.invoke(app, ["eval", "titles", "--onet-limit", "200"])
    assert result.exit_code == 0, result.output
    for expected in (
        "hand-checked (dev)",
        "hand-blind",
        "hand-messy (blind first score",
        "hand-messy-holdout (held out",
        "onet-holdout",
        "department any",
        "seniority",
    ):
        assert expected in result.stdout
