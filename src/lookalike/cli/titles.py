"""``lookalike titles classify``: add departments and seniority to a CSV or JSON Lines file."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from lookalike.cli.context import console
from lookalike.errors import DataError
from lookalike.taxonomy.titles import classify_title

app = typer.Typer(
    help="Understand job titles: departments and seniority from any raw title.",
    no_args_is_help=True,
)

TITLE_COLUMN = "jobTitle"
ADDED_COLUMNS = ("departments", "seniority", "seniorityId")
_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def _file_format(path: Path) -> str:
    """ "csv" or "jsonl" from the file extension; a DataError naming the choices otherwise."""
    found = _FORMATS.get(path.suffix.lower())
    if found is None:
        raise DataError(
            f"{path}: unknown file extension {path.suffix or '(none)'!r}. "
            "Use .csv or .jsonl (JSON Lines)."
        )
    return found


def _read_rows(path: Path, file_format: str) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as handle:
        if file_format == "csv":
            reader = csv.DictReader(handle)
            if TITLE_COLUMN not in (reader.fieldnames or []):
                raise DataError(f"{path}: no {TITLE_COLUMN!r} column. Add a {TITLE_COLUMN} column.")
            yield from reader
            return
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row, dict) or TITLE_COLUMN not in row:
                raise DataError(
                    f"{path}: line {line_number} has no {TITLE_COLUMN!r} field. "
                    f"Give every JSON object a {TITLE_COLUMN}."
                )
            yield row


def _classified(row: dict[str, Any]) -> dict[str, Any]:
    """The row with ``departments`` ("|"-joined), ``seniority`` (name) and ``seniorityId`` added."""
    title = row.get(TITLE_COLUMN)
    result = classify_title(title if isinstance(title, str) else "")
    return {
        **row,
        "departments": "|".join(d.value for d in result.departments),
        "seniority": result.seniority.label,
        "seniorityId": int(result.seniority),
    }


def _write_rows(rows: Iterator[dict[str, Any]], handle: IO[str], file_format: str) -> int:
    written = 0
    if file_format == "jsonl":
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
        return written
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            fields = [name for name in row if name not in ADDED_COLUMNS] + list(ADDED_COLUMNS)
            writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
        writer.writerow(row)
        written += 1
    return written


@app.command("classify")
def classify(
    path: Annotated[
        Path, typer.Argument(help=f"CSV or JSON Lines file with a {TITLE_COLUMN} column.")
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write here (.csv or .jsonl) instead of CSV on stdout."),
    ] = None,
) -> None:
    """Add departments, seniority and seniorityId to every row, from its jobTitle."""
    if not path.is_file():
        raise DataError(f"{path}: no such file. Give the path of a .csv or .jsonl file.")
    in_format = _file_format(path)
    out_format = _file_format(out) if out is not None else "csv"
    rows = (_classified(row) for row in _read_rows(path, in_format))
    if out is None:
        written = _write_rows(rows, sys.stdout, out_format)
    else:
        with out.open("w", encoding="utf-8", newline="") as handle:
            written = _write_rows(rows, handle, out_format)
    console.print(f"Classified {written:,} title(s).")
